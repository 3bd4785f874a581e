import Foundation
import XCTest
import Cases
@testable import Hub
@testable import Journal

/// Replication through a real PostgreSQL server: convergence in any order, idempotence,
/// divergence and tampering refused, and interruptions that lose and duplicate nothing.
final class HubReplicationTests: HubTestCase {
    /// Two offices and an outreach laptop, each with offline changes.
    private func desks(_ label: String) throws -> [Desk] {
        var office1 = try Desk(root: root, name: "\(label)-office-1", writer: "desk-01")
        var office2 = try Desk(root: root, name: "\(label)-office-2", writer: "desk-02")
        var laptop = try Desk(root: root, name: "\(label)-laptop", writer: "outreach-01")
        try office1.write(7)
        try office2.write(5, case: "U-BBBBBBB")
        try laptop.write(3, case: "D-CCCCCCC")
        return [office1, office2, laptop]
    }

    func testThreeDesksConvergeInSeveralOrdersAndASecondSyncTransfersNothing() async throws {
        let orders: [[Int]] = [[0, 1, 2, 0, 1], [2, 1, 0, 2, 1], [1, 0, 2, 1, 0]]
        for (number, order) in orders.enumerated() {
            let address = try await hub()
            var desks = try desks("order\(number)")
            for index in order { _ = try await desks[index].round(address) }
            let reference = desks[0].journals()
            XCTAssertEqual(reference.keys.sorted(), ["desk-01", "desk-02", "outreach-01"], "order \(order)")
            for desk in desks { XCTAssertEqual(desk.journals(), reference, "order \(order): \(desk.writer) differs") }
            for desk in desks {
                XCTAssertTrue(try Verifier.verify(desk.directory).allSatisfy(\.isHealthy))
                let again = try await desk.round(address)
                XCTAssertFalse(again.transferred, "order \(order): a second round moved \(again)")
            }
            try await assertCount(address, 15)

            // More offline work on two desks, synced in yet another order, converges again.
            try desks[2].write(4, case: "D-CCCCCCC")
            try desks[0].write(2)
            for index in [0, 2, 1, 0] { _ = try await desks[index].round(address) }
            for desk in desks { XCTAssertEqual(desk.journals(), desks[1].journals(), "order \(order), second pass") }
            try await assertCount(address, 21)
        }
    }

    func testLinesBroughtByUSBArePushedByTheOfficeAndTakenByTheLaptopWithoutDuplicates() async throws {
        let address = try await hub()
        var desks = try desks("usb")
        // The laptop's journal reaches office 1 on a USB stick first.
        _ = try JournalSync.sync(from: desks[2].directory.root, into: desks[0].directory, localWriter: "desk-01", now: HubFixtures.time(60))
        let pushed = try await desks[0].round(address)
        XCTAssertEqual(pushed.pushed, ["desk-01": 7, "outreach-01": 3])
        try desks[2].write(2, case: "D-CCCCCCC")
        let laptop = try await desks[2].round(address)
        XCTAssertEqual(laptop.pushed, ["outreach-01": 2], "only the two lines the hub lacked")
        XCTAssertEqual(laptop.pulled, ["desk-01": 7])
        _ = try await desks[1].round(address)
        _ = try await desks[0].round(address)
        _ = try await desks[2].round(address)
        for desk in desks { XCTAssertEqual(desk.journals(), desks[0].journals()) }
    }

    func testADivergedWriterIsRefusedOnBothSidesAndNothingChanges() async throws {
        let address = try await hub()
        var office = try Desk(root: root, name: "office", writer: "desk-01")
        try office.write(3)
        _ = try await office.round(address)
        // A cloned laptop: same writer id, then each copy writes its own line 4.
        try FileManager.default.copyItem(atPath: office.directory.root, toPath: root + "/clone")
        var clone = office
        clone = try Desk(root: root, name: "clone", writer: "desk-01")
        clone.minutes = 100
        try office.write(1)
        try clone.write(2)
        _ = try await office.round(address)
        let hubBefore = try await TestHub.count(address)
        let cloneBefore = clone.snapshot()

        do {
            _ = try await clone.round(address)
            XCTFail("the clone's round was accepted")
        } catch let error as HubError {
            guard case .diverged(let problems) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(problems.joined().contains("journal desk-01 has diverged"), "\(problems)")
            XCTAssertTrue(problems.joined().contains("at seq 4"), "\(problems)")
        }
        XCTAssertEqual(clone.snapshot(), cloneBefore, "nothing changed on the desk")
        try await assertCount(address, hubBefore, "nothing changed in the hub")

        // A colleague who took desk-01's history from the hub refuses the clone's copy too.
        var colleague = try Desk(root: root, name: "colleague", writer: "desk-02")
        try colleague.write(1)
        _ = try await colleague.round(address)
        _ = try JournalSync.sync(from: office.directory.root, into: colleague.directory, localWriter: "desk-02", now: HubFixtures.time(5))
        XCTAssertThrowsError(try JournalSync.sync(from: clone.directory.root, into: colleague.directory, localWriter: "desk-02",
                                                  now: HubFixtures.time(5)))
        // And the hub still refuses the clone on a second try, with the office's line kept.
        do {
            _ = try await clone.round(address)
            XCTFail("accepted on the second try")
        } catch {}
        let rows = try await TestHub.admin(address, "SELECT encode(line, 'escape') FROM caseload_lines WHERE writer = 'desk-01' AND seq = 4")
        XCTAssertTrue(try rows[0].decode(String.self).contains("desk-01-4"))
    }

    func testTheServerGoneMidPushAndMidPullLosesAndDuplicatesNothing() async throws {
        let address = try await hub()
        var office = try Desk(root: root, name: "office", writer: "desk-01")
        try office.write(120)
        // Mid-push: after the fourth batch of 10 the server ends every session of the app.
        do {
            _ = try await office.round(address, batchSize: 10) { pushing, _, seq in
                if pushing && seq == 40 { _ = try? await TestHub.admin(address, Self.terminateApp) }
            }
            XCTFail("the round survived its connection")
        } catch let error as HubError {
            XCTAssertTrue(error.isTransient, error.description)
        }
        let partial = try await TestHub.count(address)
        XCTAssertTrue((40...50).contains(partial), "whole batches only: \(partial)")
        let resumed = try await office.round(address, batchSize: 10)
        XCTAssertEqual(resumed.pushed["desk-01"], 120 - partial)
        try await assertCount(address, 120)

        // Mid-pull: a colleague's round loses its connection after 50 lines.
        var colleague = try Desk(root: root, name: "colleague", writer: "desk-02")
        try colleague.write(1)
        do {
            _ = try await colleague.round(address, batchSize: 10) { pushing, _, seq in
                if !pushing && seq == 50 { _ = try? await TestHub.admin(address, Self.terminateApp) }
            }
            XCTFail("the round survived its connection")
        } catch let error as HubError {
            XCTAssertTrue(error.isTransient, error.description)
        }
        let mirrored = try MirrorJournal.tip(directory: colleague.directory, writer: "desk-01").seq
        XCTAssertTrue((50...60).contains(mirrored), "\(mirrored)")
        XCTAssertTrue(try Verifier.verify(colleague.directory).allSatisfy(\.isHealthy))
        _ = try await colleague.round(address, batchSize: 10)
        XCTAssertEqual(colleague.journals()["desk-01"], office.journals()["desk-01"], "every line once, in order")
        try await assertCount(address, 121)
        let last = try await colleague.round(address)
        XCTAssertFalse(last.transferred)
    }

    func testADeskKilledMidAppendToAMirrorFinishesTheLineOnTheNextRound() async throws {
        let address = try await hub()
        var office = try Desk(root: root, name: "office", writer: "desk-01")
        try office.write(4)
        _ = try await office.round(address)
        let colleague = try Desk(root: root, name: "colleague", writer: "desk-02")
        _ = try await colleague.round(address)
        // The colleague's app was killed halfway through writing the office's next two lines.
        try office.write(2)
        _ = try await office.round(address)
        let lines = String(decoding: try XCTUnwrap(office.journals()["desk-01"]), as: UTF8.self).split(separator: "\n")
        let torn = Array((lines[4] + "\n" + lines[5].prefix(40)).utf8)
        let mirror = try FileHandle(forWritingTo: URL(fileURLWithPath: colleague.directory.journal(writer: "desk-01")))
        mirror.seekToEndOfFile()
        mirror.write(Data(torn))
        try mirror.close()
        let report = try await colleague.round(address)
        XCTAssertEqual(report.pulled, ["desk-01": 1], "line 5 was whole; only line 6 is taken")
        XCTAssertEqual(colleague.journals()["desk-01"], office.journals()["desk-01"], "no line lost or twice")
        XCTAssertEqual(Quarantine.list(in: colleague.directory).count, 1, "the torn fragment is kept in quarantine")
    }

    func testAServerStoppedAndRestartedMidPushAndMidPullResumes() async throws {
        guard let control = ProcessInfo.processInfo.environment["CASELOAD_TEST_HUB_DIR"] else {
            throw XCTSkip("set CASELOAD_TEST_HUB_DIR to the .ci/pg-cluster folder to stop and restart the server")
        }
        let address = try await hub()
        var office = try Desk(root: root, name: "office", writer: "desk-01")
        try office.write(60)
        do {
            _ = try await office.round(address, batchSize: 10) { pushing, _, seq in
                if pushing && seq == 20 { Self.cluster("stop-immediate", control) }
            }
            XCTFail("the round survived the server")
        } catch let error as HubError {
            XCTAssertTrue(error.isTransient, error.description)
        }
        Self.cluster("restart", control)
        _ = try await office.round(address, batchSize: 10)
        try await assertCount(address, 60)

        // Mid-pull: the server stops while a colleague takes the office's lines in batches.
        let colleague = try Desk(root: root, name: "colleague", writer: "desk-02")
        do {
            _ = try await colleague.round(address, batchSize: 10) { pushing, _, seq in
                if !pushing && seq == 30 { Self.cluster("stop-immediate", control) }
            }
            XCTFail("the round survived the server")
        } catch let error as HubError {
            XCTAssertTrue(error.isTransient, error.description)
        }
        Self.cluster("restart", control)
        let mirrored = try MirrorJournal.tip(directory: colleague.directory, writer: "desk-01").seq
        XCTAssertTrue((30...40).contains(mirrored), "whole lines up to the stop: \(mirrored)")
        XCTAssertTrue(try Verifier.verify(colleague.directory).allSatisfy(\.isHealthy))
        _ = try await colleague.round(address, batchSize: 10)
        XCTAssertEqual(colleague.journals()["desk-01"], office.journals()["desk-01"], "every line once, in order")
        try await assertCount(address, 60)
        let last = try await colleague.round(address)
        XCTAssertFalse(last.transferred)
    }

    func testATamperedLineInTheHubIsRefusedByEveryDesk() async throws {
        let address = try await hub()
        var office1 = try Desk(root: root, name: "office-1", writer: "desk-01")
        var office2 = try Desk(root: root, name: "office-2", writer: "desk-02")
        var laptop = try Desk(root: root, name: "laptop", writer: "outreach-01")
        try office1.write(5)
        try office2.write(2)
        try laptop.write(2)
        for desk in [office1, office2, laptop] { _ = try await desk.round(address) }
        // Someone with the database owner's rights adds line 6 of desk-01 by hand: a copy of line 5
        // with its text changed. Its checksum no longer matches; its hash column is made to.
        let line5 = try String(decoding: XCTUnwrap(office1.journals()["desk-01"]), as: UTF8.self).split(separator: "\n")[4]
        let forged = line5.replacingOccurrences(of: "\"seq\":5", with: "\"seq\":6").replacingOccurrences(of: "走访", with: "伪造")
        let hash = JournalLine.hash(Array(forged.utf8))
        try await TestHub.admin(address, """
            INSERT INTO caseload_lines (stream, writer, seq, hash, line, pushed_by)
            VALUES ('journal', 'desk-01', 6, '\(hash)', convert_to('\(forged)', 'UTF8'), 'intruder')
            """)
        for desk in [office2, laptop] {
            let before = desk.snapshot()
            do {
                _ = try await desk.round(address)
                XCTFail("\(desk.writer) took a tampered line")
            } catch let error as HubError {
                guard case .refused(let problems) = error else { return XCTFail("\(desk.writer): \(error)") }
                XCTAssertTrue(problems.joined().contains("line seq 6 of desk-01"), "\(problems)")
                XCTAssertTrue(problems.joined().contains("checksum mismatch"), "\(problems)")
            }
            XCTAssertEqual(desk.snapshot(), before, "\(desk.writer) changed")
        }
        // The desk that wrote desk-01 refuses lines of its own journal it never wrote…
        do {
            _ = try await office1.round(address)
            XCTFail("desk-01 accepted")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("this desk's own journal desk-01"), error.description)
        }
        // …and its real line 6 is refused as a divergence, never overwritten.
        try office1.write(1)
        do {
            _ = try await office1.round(address)
            XCTFail("desk-01 accepted")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("at seq 6"), error.description)
        }
        // A forged line resealed with a good checksum still breaks the chain.
        let resealedBody = String(forged[..<forged.range(of: ",\"sum\":\"")!.lowerBound])
            .replacingOccurrences(of: "\"seq\":6", with: "\"seq\":2").replacingOccurrences(of: "desk-01", with: "outreach-01")
        let resealed = resealedBody + ",\"sum\":\"" + CRC32C.hex(CRC32C.checksum(Array(resealedBody.utf8))) + "\"}"
        try await TestHub.admin(address, """
            INSERT INTO caseload_lines (stream, writer, seq, hash, line, pushed_by)
            VALUES ('journal', 'outreach-01', 3, '\(JournalLine.hash(Array(resealed.utf8)))', convert_to('\(resealed)', 'UTF8'), 'intruder')
            """)
        let before = office2.snapshot()
        do {
            _ = try await office2.round(address)
            XCTFail("took a resealed line")
        } catch let error as HubError {
            XCTAssertTrue(error.description.contains("of desk-01") || error.description.contains("of outreach-01"), error.description)
        }
        XCTAssertEqual(office2.snapshot(), before)
        _ = office2
        _ = laptop
    }

    func testTheAppsRoleMayOnlyReadAndAdd() async throws {
        let address = try await hub()
        _ = try? await TestHub.admin(address, "CREATE ROLE caseload_app_t LOGIN")
        let hub = try await HubConnection.connect(address, environment: [:])
        try await HubSchema.apply(HubSchema.grants(role: "caseload_app_t"), hub)
        await hub.close()
        var desk = try Desk(root: root, name: "office", writer: "desk-01")
        try desk.write(3)
        var app = address
        app.user = "caseload_app_t"
        let report = try await desk.round(app)
        XCTAssertEqual(report.pushed, ["desk-01": 3])
        let connection = try await HubConnection.connect(app, environment: [:])
        for statement in ["UPDATE caseload_lines SET pushed_by = 'x'", "DELETE FROM caseload_lines", "TRUNCATE caseload_lines"] {
            do {
                try await connection.run(.init(unsafeSQL: statement), doing: "tamper")
                XCTFail("\(statement) was allowed")
            } catch {
                XCTAssertTrue(error.description.contains("permission denied"), error.description)
            }
        }
        await connection.close()
        // Even the owner cannot rewrite a line.
        do {
            try await TestHub.admin(address, "UPDATE caseload_lines SET pushed_by = 'x'")
            XCTFail("the owner rewrote a line")
        } catch {
            XCTAssertTrue("\(error)".contains("append-only"), "\(error)")
        }
    }

    private func assertCount(_ address: HubAddress, _ expected: Int, _ message: String = "",
                             file: StaticString = #filePath, line: UInt = #line) async throws {
        let count = try await TestHub.count(address)
        XCTAssertEqual(count, expected, message, file: file, line: line)
    }

    static let terminateApp = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'caseload' AND pid <> pg_backend_pid()"

    /// Runs `.ci/pg-cluster ACTION DIR` and waits for it, with posix_spawn and waitpid: Foundation's
    /// Process waits through a run loop, which never turns inside an async test's callback.
    static func cluster(_ action: String, _ directory: String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".ci/pg-cluster").path
        let arguments = [script, action, directory]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, script, nil, nil, &argv, environ) == 0 else { return XCTFail("cannot run \(script)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}

/// TLS: used when the server offers it (the default, prefer), never with sslmode=disable.
final class HubTLSTests: XCTestCase {
    func testTLSIsUsedWhenTheServerOffersIt() async throws {
        let admin = try HubAddress(parsing: try TestHub.adminURL())
        func usesTLS(_ mode: HubAddress.TLSMode) async throws -> (offered: Bool, used: Bool) {
            var address = admin
            address.tls = mode
            let hub = try await HubConnection.connect(address, environment: [:])
            let offered = try await hub.rows("SHOW ssl", doing: "test")
            let used = try await hub.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", doing: "test")
            await hub.close()
            return (try offered[0].decode(String.self) == "on", try used[0].decode(Bool.self))
        }
        let preferred = try await usesTLS(.prefer)
        XCTAssertEqual(preferred.used, preferred.offered, "prefer follows the server")
        let disabled = try await usesTLS(.disable)
        XCTAssertFalse(disabled.used)
        if preferred.offered {
            let required = try await usesTLS(.require)
            XCTAssertTrue(required.used)
        } else {
            print("the test server offers no TLS (no openssl when .ci/pg-cluster started it): only prefer's fallback was checked")
        }
    }
}
