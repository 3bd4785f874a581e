import Cases
import Foundation
import Journal
import XCTest

/// Erasure by key destruction, end to end through the real binary: after `erase`, no file in
/// the data directory holds the person's ID number or phone, and `verify` still passes.
final class CLIErasureTests: XCTestCase {
    private var fixture: CLIFixture!

    override func setUpWithError() throws { fixture = try CLIFixture.make("erasure") }
    override func tearDown() { fixture?.remove() }

    func testEraseLeavesNoIDOrPhoneAnywhereAndVerifyPasses() throws {
        let id = CLIFixture.graduateID, phone = CLIFixture.phone
        // Plaintext copies the journal cannot hold: a draft, a quarantined fragment, a snapshot.
        try FileManager.default.createDirectory(atPath: fixture.data + "/snapshots/v1", withIntermediateDirectories: true)
        try Data("{\"id\":\"\(id)\"}".utf8).write(to: URL(fileURLWithPath: fixture.data + "/snapshots/v1/cases.bin"))
        try Data("{\"form\":\"intake\",\"id\":\"\(id)\",\"phone\":\"\(phone)\"}".utf8)
            .write(to: URL(fileURLWithPath: fixture.data + "/drafts/wangfang-intake.json"))
        try Data("{\"draft\":\"someone else\",\"phone\":\"15900000000\"}".utf8)
            .write(to: URL(fileURLWithPath: fixture.data + "/drafts/wangfang-other.json"))
        try Data("{\"v\":1,\"w\":\"desk-01\",\"note\":\"call \(phone) about \(id.lowercased())\"".utf8)
            .write(to: URL(fileURLWithPath: fixture.data + "/quarantine/desk-01.jsonl.999.frag"))
        XCTAssertTrue(CLIFixture.filesContaining([id], under: fixture.data + "/journals").isEmpty, "the journal holds the ID only sealed")
        XCTAssertTrue(CLIFixture.filesContaining([phone], under: fixture.data + "/journals").isEmpty, "and the phone")
        try fixture.cli.expectSuccess(["show", fixture.graduate, "--unmasked", "--today", CLIFixture.today])

        let erase = try fixture.run(["erase", id, "--reason", "retention period over"])
        XCTAssertEqual(erase.status, 0, erase.stderr)
        XCTAssertTrue(erase.stdout.contains("destroyed 1 key(s)"), erase.stdout)
        XCTAssertTrue(erase.stdout.contains("deleted drafts/wangfang-intake.json"), erase.stdout)
        XCTAssertTrue(erase.stdout.contains("blanked quarantine/desk-01.jsonl.999.frag"), erase.stdout)

        XCTAssertEqual(CLIFixture.filesContaining([id, id.lowercased(), phone], under: fixture.data), [], "no plaintext left anywhere")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.data + "/drafts/wangfang-other.json"), "other drafts stay")
        let verify = try fixture.run(["verify"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)

        let shown = try fixture.cli.expectSuccess(["show", fixture.graduate, "--format", "json"])
        let object = try JSON.object(shown)
        XCTAssertEqual(object["name"] as? String, "[erased]")
        XCTAssertEqual(object["kind"] as? String, "graduate", "the case itself stays, without personal data")
        XCTAssertFalse(shown.contains(phone))
        let list = try JSON.array(fixture.cli.expectSuccess(["list", "--format", "json", "--today", CLIFixture.today]))
        XCTAssertTrue(list.contains { $0["id"] as? String == fixture.graduate }, "still counted in the caseload")
        let audit = try fixture.cli.expectSuccess(["audit", "--case", fixture.graduate, "--format", "json"])
        let types = try JSON.array(audit).compactMap { $0["type"] as? String }
        XCTAssertEqual(types, ["personal_data_revealed", "person_erased"])
        XCTAssertFalse(audit.contains(id) || audit.contains(phone), "the erasure event is free of personal data")
        let again = try fixture.run(["erase", fixture.graduate, "--reason", "again"])
        XCTAssertEqual(again.status, 2, "already erased")
    }

    func testOtherPeopleAreUntouchedAndSearchByIDStillWorks() throws {
        try fixture.cli.expectSuccess(["erase", fixture.graduate, "--reason", "asked", "--today", CLIFixture.today])
        let byID = try fixture.cli.expectSuccess(["show", CLIFixture.difficultyID, "--unmasked", "--today", CLIFixture.today])
        XCTAssertTrue(byID.contains("李秀英") && byID.contains(CLIFixture.difficultyID), byID)
        XCTAssertTrue(byID.contains("15905431234"))
    }

    func testMissingKeyIsALoudVerifyErrorNotSilentLoss() throws {
        try FileManager.default.removeItem(atPath: fixture.data + "/keys/desk-01.keys")
        let verify = try fixture.run(["verify"])
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stdout.contains("KEY MISSING"), verify.stdout)
        XCTAssertTrue(verify.stdout.contains("desk-01 seq 1"), verify.stdout)
        let json = try JSON.array(fixture.run(["verify", "--format", "json"]).stdout)
        XCTAssertEqual(json.first?["ok"] as? Bool, false)
        XCTAssertEqual((json.first?["missing_keys"] as? [Any])?.count, 4, "one per case opened")
        let show = try fixture.run(["show", fixture.graduate])
        XCTAssertTrue(show.stdout.contains("key missing"), show.stdout)
    }

    func testPlaintextLinesFromBeforeEncryptionStillReadAndEraseSaysItCannotErase() throws {
        // A journal written before encryption: the writer has no key store.
        let directory = DataDirectory(fixture.data)
        let old = try JournalWriter(directory: directory, writer: "old-01", now: Timestamp.noon(of: LocalDate(iso: "2025-01-02")!, offsetMinutes: 480))
        let oldID = TestIDs.make(born: "19900101", sequence: 222)
        try old.append(Event(id: "OLDLINE00001", recorded: Timestamp.noon(of: LocalDate(iso: "2025-01-02")!, offsetMinutes: 480),
                             effective: LocalDate(iso: "2025-01-02")!, actor: "wangfang", caseID: "U-OLD0001",
                             body: .caseOpened(CaseOpened(counsellor: "wangfang",
                                                          person: Person(name: "老数据", residentID: ResidentID(unchecked: oldID),
                                                                         phone: PhoneNumber(unchecked: "13700000001")),
                                                          details: .unemployed(UnemployedDetails(registered: LocalDate(iso: "2025-01-02")!))))))
        old.close()
        let shown = try fixture.cli.expectSuccess(["show", "U-OLD0001"])
        XCTAssertTrue(shown.contains("老数据"), "old plaintext lines still read: \(shown)")
        let before = fixture.cli.snapshot()
        let erase = try fixture.run(["erase", "U-OLD0001", "--reason", "asked"])
        XCTAssertEqual(erase.status, 1)
        XCTAssertTrue(erase.stderr.contains("before encryption"), erase.stderr)
        XCTAssertEqual(fixture.cli.snapshot(), before, "nothing changed")
    }

    func testEraseNeedsAReasonAndAPerson() throws {
        let before = fixture.cli.snapshot()
        for arguments in [["erase", fixture.graduate, "--reason", "  "], ["erase", "G-NOPE", "--reason", "x"]] {
            let result = try fixture.run(arguments)
            XCTAssertEqual(result.status, 2, arguments.joined(separator: " "))
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
        XCTAssertEqual(fixture.cli.snapshot(), before)
    }

    func testKeysTravelWithSyncAndAnErasureWinsOverAKeyEverywhere() throws {
        let other = CLIRunner(dataDirectory: fixture.root + "/other")
        try other.expectSuccess(["init", "--writer", "desk-02"])
        let pulled = try other.expectSuccess(["sync", fixture.data])
        XCTAssertTrue(pulled.contains("person keys taken in"), pulled)
        let seen = try other.expectSuccess(["show", fixture.graduate, "--unmasked"])
        XCTAssertTrue(seen.contains(CLIFixture.graduateID), "the other desk opens the synced lines: \(seen)")

        // Erased on the other desk; this desk still has the key and syncs both ways.
        try other.expectSuccess(["erase", fixture.graduate, "--reason", "asked"])
        try fixture.cli.expectSuccess(["sync", fixture.root + "/other"])
        try other.expectSuccess(["sync", fixture.data])
        for runner in [fixture.cli, other] {
            let shown = try JSON.object(runner.expectSuccess(["show", fixture.graduate, "--format", "json"]))
            XCTAssertEqual(shown["name"] as? String, "[erased]", runner.dataDirectory)
            XCTAssertEqual(try runner.run(["verify"]).status, 0, runner.dataDirectory)
            XCTAssertEqual(CLIFixture.filesContaining([CLIFixture.graduateID, CLIFixture.phone], under: runner.dataDirectory), [],
                           "erasure reached \(runner.dataDirectory)")
        }
        let again = try other.expectSuccess(["sync", fixture.data])
        XCTAssertTrue(again.contains("nothing new"), "a second sync changes nothing: \(again)")
    }
}
