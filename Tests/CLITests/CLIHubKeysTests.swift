import Foundation
import XCTest

/// The key store replicating through the hub, end to end with the real binary and a real
/// server: every desk opens every person, and an erasure on one desk destroys the key on every
/// desk and in the hub, with `verify` passing everywhere.
final class CLIHubKeysTests: XCTestCase {
    private var root = ""
    private var database: TestHubDatabase?

    override func setUpWithError() throws {
        root = makeTemporaryDirectory("hubkeys")
    }

    override func tearDown() {
        database?.drop()
        try? FileManager.default.removeItem(atPath: root)
    }

    private struct Person {
        var desk: Int
        var id: String
        var phone: String
        var name: String
        var caseID = ""
    }

    /// Three desks, each with one person of its own, and a hub they all use.
    private func threeDesks() throws -> (desks: [CLIRunner], people: [Person], url: String) {
        database = try TestHubDatabase()
        let url = try XCTUnwrap(database).url
        var desks: [CLIRunner] = []
        for (index, writer) in ["desk-01", "desk-02", "outreach-01"].enumerated() {
            var desk = CLIRunner(dataDirectory: root + "/\(writer)")
            desk.environment["CASELOAD_HUB"] = url
            try desk.expectSuccess(["init", "--writer", writer])
            if index == 0 { try desk.expectSuccess(["hub", "init", url]) }
            desks.append(desk)
        }
        var people = [
            Person(desk: 0, id: TestIDs.make(born: "20030512", sequence: 123), phone: "13812345678", name: "张伟"),
            Person(desk: 1, id: TestIDs.make(born: "20011103", sequence: 456), phone: "15905431234", name: "欧阳娜娜"),
            Person(desk: 2, id: TestIDs.make(born: "20020220", sequence: 246), phone: "13700001111", name: "李秀英"),
        ]
        for index in people.indices {
            let person = people[index]
            people[index].caseID = try desks[person.desk].expectSuccess([
                "add", "graduate", "--name", person.name, "--id", person.id, "--phone", person.phone, "--school", "滨州学院",
                "--major", "会计学", "--degree", "本科", "--graduated", "2025-06-30", "--today", "2026-03-02",
            ]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (desks, people, url)
    }

    /// Rounds in an order that carries every desk's lines and keys to every other desk.
    private func syncAll(_ desks: [CLIRunner]) throws {
        for index in [0, 1, 2, 0, 1] {
            let sync = try desks[index].run("sync", "--hub")
            XCTAssertEqual(sync.status, 0, sync.stderr)
            // Keys are secret: no key's bytes are ever printed.
            for key in desks.flatMap({ keyRecords($0).values }) {
                XCTAssertFalse(sync.stdout.contains(key) || sync.stderr.contains(key), "a key was printed")
            }
        }
    }

    /// This desk's keys (`k ID BASE64` records), read only to prove the bytes are gone.
    private func keyRecords(_ desk: CLIRunner) -> [String: String] {
        var out: [String: String] = [:]
        let folder = desk.dataDirectory + "/keys"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let text = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.hasPrefix("k ") {
                let fields = line.split(separator: " ")
                out[String(fields[1])] = String(fields[2])
            }
        }
        return out
    }

    private func assertVerifies(_ desk: CLIRunner, file: StaticString = #filePath, line: UInt = #line) throws {
        let verify = try desk.run("verify")
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr, file: file, line: line)
        XCTAssertFalse(verify.stdout.contains("KEY MISSING"), verify.stdout, file: file, line: line)
    }

    func testThreeDesksOpenEveryPersonAndASecondSyncTransfersNothing() throws {
        let (desks, people, url) = try threeDesks()
        let first = try desks[0].run("sync", "--hub")
        XCTAssertTrue(first.stdout.contains("sent        keys: 1, erasures: 0"), first.stdout)
        try syncAll(desks)
        for desk in desks {
            XCTAssertEqual(keyRecords(desk).count, 3, "every desk holds every key: \(desk.dataDirectory)")
            for person in people {
                let shown = try desk.expectSuccess(["show", person.caseID, "--unmasked", "--today", "2026-03-02"])
                XCTAssertTrue(shown.contains(person.id) && shown.contains(person.name), "\(desk.dataDirectory) opens \(person.caseID): \(shown)")
            }
            try assertVerifies(desk)
        }
        // The reveals above are audited lines of each desk: once they have gone round, a second sync moves nothing.
        try syncAll(desks)
        for desk in desks {
            let again = try desk.run("sync", "--hub")
            XCTAssertTrue(again.stdout.contains("nothing to exchange"), again.stdout)
            let status = try desk.run("hub", "status")
            XCTAssertTrue(status.stdout.contains("person keys: 3 here, 3 in the hub; erasures: 0 here, 0 in the hub; "
                                                 + "0 key records to send, 0 to receive"), status.stdout)
        }
        let hubKeys = try TestHubDatabase.psql(url, "SELECT count(*) FROM caseload_keys")
        XCTAssertEqual(hubKeys.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "3")
    }

    func testAnErasureOnOneDeskDestroysTheKeyOnEveryDeskAndInTheHub() throws {
        let (desks, people, url) = try threeDesks()
        try syncAll(desks)
        // Every desk has looked at the person (a snapshot may hold the opened fields).
        let erased = people[1]
        for desk in desks { try desk.expectSuccess(["show", erased.caseID, "--unmasked", "--today", "2026-03-02"]) }
        let keysBefore = keyRecords(desks[1])
        let keyID = try XCTUnwrap(keyOf(erased, desks[1]))
        let keyBytes = try XCTUnwrap(keysBefore[keyID])

        // Erased on desk-01, which did not write this person's line or key.
        try desks[0].expectSuccess(["erase", erased.caseID, "--reason", "retention period over", "--today", "2026-03-03"])
        let sent = try desks[0].run("sync", "--hub")
        XCTAssertTrue(sent.stdout.contains("erasures: 1"), sent.stdout)
        let inHub = try TestHubDatabase.psql(url, "SELECT count(*) FROM caseload_keys WHERE key_id = '\(keyID)'")
        XCTAssertEqual(inHub.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0", "the hub's trigger deleted the key")
        let allHubKeys = try TestHubDatabase.psql(url, "SELECT string_agg(key_id || ' ' || encode(key, 'base64'), ',') FROM caseload_keys")
        XCTAssertFalse(allHubKeys.stdout.contains(keyID) || allHubKeys.stdout.contains(keyBytes), "no key bytes for it in the hub")
        let tombstone = try TestHubDatabase.psql(url, "SELECT writer || ' ' || erased_on FROM caseload_key_tombstones WHERE key_id = '\(keyID)'")
        XCTAssertEqual(tombstone.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "desk-01 2026-03-03")

        try syncAll(desks)
        for desk in desks {
            XCTAssertNil(keyRecords(desk)[keyID], "the key is gone on \(desk.dataDirectory)")
            XCTAssertEqual(CLIFixture.filesContaining([keyBytes], under: desk.dataDirectory), [], "no copy of the key bytes")
            XCTAssertEqual(CLIFixture.filesContaining([erased.id, erased.id.lowercased(), erased.phone], under: desk.dataDirectory), [],
                           "no ID or phone of the erased person on \(desk.dataDirectory)")
            let shown = try JSON.object(desk.expectSuccess(["show", erased.caseID, "--format", "json"]))
            XCTAssertEqual(shown["name"] as? String, "[erased]", desk.dataDirectory)
            try assertVerifies(desk)
            for person in people where person.caseID != erased.caseID {
                let other = try desk.expectSuccess(["show", person.caseID, "--unmasked", "--today", "2026-03-03"])
                XCTAssertTrue(other.contains(person.id), "others stay readable on \(desk.dataDirectory)")
            }
        }
        try syncAll(desks)
        for desk in desks {
            XCTAssertTrue(try desk.run("sync", "--hub").stdout.contains("nothing to exchange"), desk.dataDirectory)
            let status = try desk.run("hub", "status")
            XCTAssertTrue(status.stdout.contains("person keys: 2 here, 2 in the hub; erasures: 1 here, 1 in the hub"), status.stdout)
        }
    }

    /// The key id that seals `person`'s opening line in the journal of the desk that added them.
    private func keyOf(_ person: Person, _ desk: CLIRunner) -> String? {
        let journals = desk.dataDirectory + "/journals"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: journals)) ?? [] where name.hasSuffix(".jsonl") {
            let text = (try? String(contentsOfFile: journals + "/" + name, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.contains("\"\(person.caseID)\"") && line.contains("\"K-") {
                guard let range = line.range(of: "\"K-") else { continue }
                return String(line[line.index(after: range.lowerBound)...].prefix(18))
            }
        }
        return nil
    }
}
