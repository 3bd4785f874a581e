import Foundation
import XCTest
import Cases
@testable import Hub
@testable import Journal

/// The key store in the hub: append-only for the app's role, a tombstone deletes its key (by the
/// schema owner's trigger), a key after its tombstone is dropped, and the rounds carry both.
final class HubKeyTests: HubTestCase {
    private static let keyA = "K-AAAAAAAAAAAAAAAA", keyB = "K-BBBBBBBBBBBBBBBB"
    private static let bytesA = [UInt8](repeating: 0xA1, count: 32), bytesB = [UInt8](repeating: 0xB2, count: 32)

    /// Writes a key file as `caseload` would (the desk's own, `keys/<writer>.keys`).
    private func writeKeys(_ desk: Desk, _ keys: [(String, [UInt8])]) throws {
        var text = PersonKeyFile.header + "\n"
        for (id, key) in keys { text += PersonKeyFile.keyLine(id, key) }
        try FileManager.default.createDirectory(atPath: PersonKeyStore.folder(of: desk.directory), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: PersonKeyStore.file(of: desk.directory, writer: desk.writer)))
    }

    private func hubKeyIDs(_ address: HubAddress) async throws -> [String] {
        try await TestHub.admin(address, "SELECT key_id FROM caseload_keys ORDER BY key_id").map { try $0.decode(String.self) }
    }

    func testTheAppsRoleCannotDeleteOrUpdateKeysAndOnlyATombstoneRemovesOne() async throws {
        let address = try await hub()
        _ = try? await TestHub.admin(address, "CREATE ROLE caseload_keys_t LOGIN")
        let owner = try await HubConnection.connect(address, environment: [:])
        try await HubSchema.apply(HubSchema.grants(role: "caseload_keys_t"), owner)
        await owner.close()
        var app = address
        app.user = "caseload_keys_t"
        let connection = try await HubConnection.connect(app, environment: [:])
        try await connection.run("""
            INSERT INTO caseload_keys (key_id, writer, key, pushed_by)
            VALUES (\(Self.keyA), 'desk-01', decode(repeat('a1', 32), 'hex'), 'desk-01'),
                   (\(Self.keyB), 'desk-01', decode(repeat('b2', 32), 'hex'), 'desk-01')
            """, doing: "add keys")
        for statement in ["UPDATE caseload_keys SET key = decode(repeat('00', 32), 'hex')", "DELETE FROM caseload_keys",
                          "TRUNCATE caseload_keys", "UPDATE caseload_key_tombstones SET erased_on = '2026-01-01'",
                          "DELETE FROM caseload_key_tombstones", "TRUNCATE caseload_key_tombstones"] {
            do {
                try await connection.run(.init(unsafeSQL: statement), doing: "tamper")
                XCTFail("\(statement) was allowed to the app's role")
            } catch {
                XCTAssertTrue(error.description.contains("permission denied"), error.description)
            }
        }
        // Even the owner cannot delete a key that has no tombstone, nor rewrite one.
        for statement in ["DELETE FROM caseload_keys", "UPDATE caseload_keys SET writer = 'x'"] {
            do {
                try await TestHub.admin(address, statement)
                XCTFail("the owner ran \(statement)")
            } catch {
                XCTAssertTrue("\(error)".contains("append-only"), "\(error)")
            }
        }
        var ids = try await hubKeyIDs(address)
        XCTAssertEqual(ids, [Self.keyA, Self.keyB])

        // The app's role erases by adding a tombstone: the owner's trigger deletes the key.
        try await connection.run("""
            INSERT INTO caseload_key_tombstones (key_id, writer, erased_on, pushed_by) VALUES (\(Self.keyA), 'desk-02', '2026-03-03', 'desk-02')
            """, doing: "erase")
        ids = try await hubKeyIDs(address)
        XCTAssertEqual(ids, [Self.keyB])
        // A desk that still holds the key sends it again: dropped, not stored.
        let again = try await connection.rows("""
            INSERT INTO caseload_keys (key_id, writer, key, pushed_by) VALUES (\(Self.keyA), 'desk-01', decode(repeat('a1', 32), 'hex'), 'desk-03')
            ON CONFLICT (key_id) DO NOTHING RETURNING key_id
            """, doing: "send an erased key")
        XCTAssertEqual(again.count, 0)
        ids = try await hubKeyIDs(address)
        XCTAssertEqual(ids, [Self.keyB])
        do {
            try await TestHub.admin(address, "DELETE FROM caseload_key_tombstones")
            XCTFail("the owner deleted a tombstone")
        } catch {
            XCTAssertTrue("\(error)".contains("append-only"), "\(error)")
        }
        await connection.close()
    }

    func testKeysAndTombstonesTravelAndASecondRoundSendsNothing() async throws {
        let address = try await hub()
        var office = try Desk(root: root, name: "office", writer: "desk-01")
        let laptop = try Desk(root: root, name: "laptop", writer: "outreach-01")
        try writeKeys(office, [(Self.keyA, Self.bytesA), (Self.keyB, Self.bytesB)])
        try office.write(2)

        let pushed = try await office.round(address)
        XCTAssertEqual(pushed.keys, HubKeyExchange(keysSent: 2))
        XCTAssertEqual(pushed.pushed, ["desk-01": 2])
        let pulled = try await laptop.round(address)
        XCTAssertEqual(pulled.keys, HubKeyExchange(keysReceived: 2))
        let store = try PersonKeyStore(directory: laptop.directory)
        XCTAssertTrue(store.hasKey(Self.keyA) && store.hasKey(Self.keyB))
        XCTAssertEqual(store.ring.keys[Self.keyA]?.bytes, Self.bytesA, "the key's bytes arrive intact")
        XCTAssertTrue(FileManager.default.fileExists(atPath: PersonKeyStore.file(of: laptop.directory, writer: "desk-01")),
                      "a colleague's key goes into that colleague's key file")
        for desk in [office, laptop] {
            let idle = try await desk.round(address)
            XCTAssertFalse(idle.transferred, "\(desk.writer): \(idle)")
        }

        // The laptop erases A; the office takes the tombstone, keeps B.
        try FileManager.default.createDirectory(atPath: laptop.directory.snapshots, withIntermediateDirectories: true)
        try Data("cache".utf8).write(to: URL(fileURLWithPath: laptop.directory.snapshot))
        try PersonKeyStore(directory: laptop.directory).destroy([Self.keyA], writer: laptop.writer, on: LocalDate(iso: "2026-03-03")!)
        let erased = try await laptop.round(address)
        XCTAssertEqual(erased.keys, HubKeyExchange(tombstonesSent: 1))
        let ids = try await hubKeyIDs(address)
        XCTAssertEqual(ids, [Self.keyB])
        try FileManager.default.createDirectory(atPath: office.directory.snapshots, withIntermediateDirectories: true)
        try Data("cache".utf8).write(to: URL(fileURLWithPath: office.directory.snapshot))
        let taken = try await office.round(address)
        XCTAssertEqual(taken.keys, HubKeyExchange(keysDestroyed: 1))
        let officeKeys = try PersonKeyStore(directory: office.directory)
        XCTAssertTrue(officeKeys.isErased(Self.keyA) && !officeKeys.hasKey(Self.keyA) && officeKeys.hasKey(Self.keyB))
        XCTAssertFalse(FileManager.default.fileExists(atPath: office.directory.snapshot), "a snapshot older than the erasure is deleted")
        let text = try String(contentsOfFile: PersonKeyStore.file(of: office.directory, writer: "desk-01"), encoding: .utf8)
        XCTAssertFalse(text.contains(Self.keyA + " " + Base64.encode(Self.bytesA)), "the key's bytes are gone from the office's file")
        for desk in [office, laptop] {
            let idle = try await desk.round(address)
            XCTAssertFalse(idle.transferred, "\(desk.writer): \(idle)")
        }
    }

    func testWhileTheAppHoldsItsOwnKeyFileATombstoneStillErasesAndTheBytesGoOnTheNextSync() async throws {
        let address = try await hub()
        let office = try Desk(root: root, name: "office", writer: "desk-01")
        let laptop = try Desk(root: root, name: "laptop", writer: "outreach-01")
        try writeKeys(office, [(Self.keyA, Self.bytesA)])
        _ = try await office.round(address)
        _ = try await laptop.round(address)
        try PersonKeyStore(directory: laptop.directory).destroy([Self.keyA], writer: laptop.writer, on: LocalDate(iso: "2026-03-03")!)
        _ = try await laptop.round(address)

        // The office's app is open: it holds desk-01's lock and appends to desk-01.keys.
        let app = try JournalWriter(directory: office.directory, writer: office.writer, now: HubFixtures.time(0))
        let live = try await office.round(address)
        XCTAssertEqual(live.keys.keysDestroyed, 1)
        XCTAssertTrue(try PersonKeyStore(directory: office.directory).isErased(Self.keyA), "erased at once by the laptop's tombstone")
        app.close()
        _ = try await office.round(address)
        let text = try String(contentsOfFile: PersonKeyStore.file(of: office.directory, writer: "desk-01"), encoding: .utf8)
        XCTAssertFalse(text.contains(Base64.encode(Self.bytesA)), "with the app closed, the next sync removes the bytes")
    }

    /// Opens a case for a new person on `desk`, sealed under a new key, as the app does.
    private func openCase(_ desk: Desk, _ caseID: String, residentID: String, minute: Int) throws {
        let journal = try JournalWriter(directory: desk.directory, writer: desk.writer, now: HubFixtures.time(minute))
        defer { journal.close() }
        journal.keys = try PersonKeyStore(directory: desk.directory)
        let time = HubFixtures.time(minute)
        try journal.append([Event(
            id: "\(desk.writer)-open-\(minute)", recorded: time, effective: time.localDate, actor: "wangfang", caseID: caseID,
            body: .caseOpened(CaseOpened(counsellor: "wangfang",
                                         person: Person(name: "王芳", residentID: ResidentID(unchecked: residentID),
                                                        phone: PhoneNumber(unchecked: "13800000001")),
                                         details: .unemployed(UnemployedDetails(registered: time.localDate)))))])
    }

    func testALineSentWhileARoundIsUnderWayWaitsForTheNextRoundWithItsKey() async throws {
        let address = try await hub()
        var office = try Desk(root: root, name: "office", writer: "desk-01")
        let laptop = try Desk(root: root, name: "laptop", writer: "outreach-01")
        try openCase(laptop, "U-AAAAAAA", residentID: "371602198808087890", minute: 1)
        _ = try await laptop.round(address)
        try office.write(1)
        try openCase(laptop, "U-BBBBBBB", residentID: "371602198808081234", minute: 2)
        // The laptop sends its new person (key, then line) after the office has counted the
        // hub's lines and read its keys: in the office's push, before its pull.
        let report = try await office.round(address) { pushing, _, _ in
            guard pushing else { return }
            _ = try? await laptop.round(address)
        }
        XCTAssertEqual(report.pulled, ["outreach-01": 1], "only the line counted before the keys were read")
        XCTAssertEqual(try KeyCheck.check(office.directory), [], "no line arrived before its key")
        let next = try await office.round(address)
        XCTAssertEqual(next.pulled, ["outreach-01": 1])
        XCTAssertEqual(next.keys.keysReceived, 1)
        XCTAssertEqual(try KeyCheck.check(office.directory), [])
        XCTAssertEqual(try PersonKeyStore(directory: office.directory).ring.keys.count, 2)
    }

    func testAHubAtVersionOneIsRefusedUntilHubInitMigratesIt() async throws {
        let address = try await hub()
        try await TestHub.admin(address, "DROP TABLE caseload_keys, caseload_key_tombstones")
        try await TestHub.admin(address, "DROP FUNCTION caseload_key_insert(), caseload_key_erase(), caseload_key_delete_guard()")
        try await TestHub.admin(address, "DELETE FROM caseload_schema WHERE version = 2")
        var desk = try Desk(root: root, name: "office", writer: "desk-01")
        try desk.write(1)
        do {
            _ = try await desk.round(address)
            XCTFail("a round ran against a hub without the key store's tables")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("schema version 1, older than this app's 2: run `caseload hub init URL`"),
                          error.description)
        }
        let count = try await TestHub.count(address)
        XCTAssertEqual(count, 0, "nothing was sent")
        let owner = try await HubConnection.connect(address, environment: [:])
        let applied = try? await HubSchema.migrate(owner)
        await owner.close()
        XCTAssertEqual(applied, [2])
        let report = try await desk.round(address)
        XCTAssertEqual(report.pushed, ["desk-01": 1])
    }

    func testAHubKeyRecordThatIsNotAKeyIDIsRefused() async throws {
        let address = try await hub()
        try await TestHub.admin(address, """
            INSERT INTO caseload_key_tombstones (key_id, writer, erased_on, pushed_by) VALUES ('K-CCCCCCCCCCCCCCCC', '../etc', '2026-03-03', 'x')
            """)
        let desk = try Desk(root: root, name: "office", writer: "desk-01")
        do {
            _ = try await desk.round(address)
            XCTFail("a tombstone for writer '../etc' was taken")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("not a key id and writer id"), error.description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: PersonKeyStore.folder(of: desk.directory) + "/../etc.keys"))
    }
}
