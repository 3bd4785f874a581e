import Foundation
import XCTest
import Journal

/// Tamper evidence through the real binary: `caseload seal` records each journal's head, and
/// `caseload verify --seal FILE` fails after any edit, deletion or reordering of a sealed line —
/// including the edits plain `verify` cannot see (a re-checksummed last line, lines cut off the
/// end, a whole journal rewritten with a fresh chain).
final class CLISealTests: XCTestCase {
    private var roots: [String] = []

    override func tearDown() {
        for root in roots { try? FileManager.default.removeItem(atPath: root) }
        roots = []
    }

    private func fixture() throws -> CLIFixture {
        let fixture = try CLIFixture.make("seal")
        roots.append(fixture.root)
        return fixture
    }

    private func journalPath(_ fixture: CLIFixture) -> String { fixture.cli.dataDirectory + "/journals/desk-01.jsonl" }

    private func lines(_ path: String) throws -> [[UInt8]] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))).split(separator: 0x0A).map(Array.init)
    }

    private func write(_ lines: [[UInt8]], to path: String) throws {
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: path))
    }

    /// A line re-checksummed after an edit, as someone editing the file by hand with care would do.
    private func resealed(_ line: [UInt8], replacing target: String, with replacement: String) -> [UInt8] {
        let text = String(decoding: line, as: UTF8.self)
        let body = String(text[..<text.range(of: #","sum":""#)!.lowerBound]).replacingOccurrences(of: target, with: replacement)
        let bytes = Array(body.utf8)
        return bytes + Array(#","sum":""#.utf8) + Array(CRC32C.hex(CRC32C.checksum(bytes)).utf8) + Array(#""}"#.utf8)
    }

    private func seal(_ fixture: CLIFixture, format: String = "text") throws -> String {
        let path = fixture.root + "/seal-\(format).\(format == "json" ? "json" : "txt")"
        let out = try fixture.cli.expectSuccess(["seal", "--format", format])
        try out.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testSealPrintsEachHeadAndVerifiesWhileTheJournalOnlyGrows() throws {
        let fixture = try fixture()
        let text = try fixture.cli.expectSuccess(["seal"])
        let journal = try lines(journalPath(fixture))
        let head = JournalLine.hash(journal.last!)
        let size = journal.reduce(0) { $0 + $1.count + 1 }
        XCTAssertTrue(text.contains("writer=desk-01 seq=\(journal.count) offset=\(size) head=\(head)\n"), text)
        let json = try fixture.cli.expectSuccess(["seal", "--format", "json"])
        let entry = try XCTUnwrap((JSON.object(json)["journals"] as? [[String: Any]])?.first)
        XCTAssertEqual(entry["writer"] as? String, "desk-01")
        XCTAssertEqual(entry["seq"] as? Int, journal.count)
        XCTAssertEqual(entry["offset"] as? Int, size)
        XCTAssertEqual(entry["head"] as? String, head)

        let textSeal = try seal(fixture), jsonSeal = try seal(fixture, format: "json")
        for sealFile in [textSeal, jsonSeal] {
            let out = try fixture.cli.expectSuccess(["verify", "--seal", sealFile])
            XCTAssertTrue(out.contains("seal     desk-01: holds; seq \(journal.count) → \(journal.count)"), out)
        }
        try fixture.cli.expectSuccess(["note", fixture.graduate, "--text", "后来的记录", "--today", CLIFixture.today])
        let grown = try fixture.cli.expectSuccess(["verify", "--seal", textSeal])
        XCTAssertTrue(grown.contains("holds; seq \(journal.count) → \(journal.count + 1), only grown since"), grown)
        let report = try fixture.cli.run(["verify", "--seal", jsonSeal, "--format", "json"])
        XCTAssertEqual(report.status, 0, report.stderr)
        let checks = try XCTUnwrap(JSON.object(report.stdout)["seal"] as? [[String: Any]])
        XCTAssertEqual(checks.first?["ok"] as? Bool, true)
        XCTAssertEqual(checks.first?["seq_now"] as? Int, journal.count + 1)
    }

    /// Every single-line edit, deletion and swap of neighbours fails `verify --seal`, with the writer named.
    func testEveryEditDeletionAndReorderingFailsVerification() throws {
        let fixture = try fixture()
        let sealFile = try seal(fixture)
        let path = journalPath(fixture)
        let original = try lines(path)
        var tampered: [(String, [[UInt8]])] = []
        for index in original.indices {
            var edited = original
            edited[index] = resealed(original[index], replacing: #""seq":\#(index + 1)"#, with: #""seq":\#(index + 1) "#)
            tampered.append(("line \(index + 1) edited and re-checksummed", edited))
            var deleted = original
            deleted.remove(at: index)
            tampered.append(("line \(index + 1) deleted", deleted))
            if index + 1 < original.count {
                var swapped = original
                swapped.swapAt(index, index + 1)
                tampered.append(("lines \(index + 1) and \(index + 2) swapped", swapped))
            }
        }
        XCTAssertGreaterThanOrEqual(original.count, 5)
        for (what, lines) in tampered {
            try write(lines, to: path)
            let result = try fixture.cli.run(["verify", "--seal", sealFile])
            XCTAssertEqual(result.status, 1, "\(what): \(result.stdout)")
            XCTAssertTrue(result.stdout.contains("SEAL     desk-01: FAILED") || result.stdout.contains("DAMAGED  desk-01"),
                          "\(what): \(result.stdout)")
        }
        try write(original, to: path)
        try fixture.cli.expectSuccess(["verify", "--seal", sealFile])
    }

    /// Tampering that keeps every chain intact passes plain `verify`; only the seal catches it.
    func testTheSealCatchesWhatPlainVerifyCannot() throws {
        let fixture = try fixture()
        let sealFile = try seal(fixture)
        let path = journalPath(fixture)
        let original = try lines(path)
        var lastEdited = original
        lastEdited[lastEdited.count - 1] = resealed(original.last!, replacing: #""by":"wangfang""#, with: #""by":"zhaolei1""#)
        XCTAssertNotEqual(lastEdited.last, original.last)
        let cases: [(String, [[UInt8]], String)] = [
            ("last line edited and re-checksummed", lastEdited, "lines were edited"),
            ("last two lines cut off", Array(original.dropLast(2)), "lines were removed"),
        ]
        for (what, lines, problem) in cases {
            try write(lines, to: path)
            try fixture.cli.expectSuccess(["verify"])
            let result = try fixture.cli.run(["verify", "--seal", sealFile])
            XCTAssertEqual(result.status, 1, what)
            XCTAssertTrue(result.stdout.contains("SEAL     desk-01: FAILED at seq \(original.count): "), "\(what): \(result.stdout)")
            XCTAssertTrue(result.stdout.contains(problem), "\(what): \(result.stdout)")
        }
        // A journal deleted outright.
        try FileManager.default.removeItem(atPath: path)
        let missing = try fixture.cli.run(["verify", "--seal", sealFile])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stdout.contains("journal desk-01 is missing"), missing.stdout)
    }

    func testABadSealFileIsBadInput() throws {
        let fixture = try fixture()
        let cases: [(String, String)] = [
            ("writer=desk-01 seq=1 offset=10\n", "seal: seal line 1: head must be 64 hex digits"),
            ("writer=desk-01 seq=x offset=10 head=\(String(repeating: "a", count: 64))\n", "seal: seal line 1: seq must be a whole number"),
            ("# only a comment\n", "seal: seal: no journal heads in it"),
            ("{\"journals\": 3}", "seal: seal: JSON without a \"journals\" array"),
            ("garbage\n", "seal: seal line 1: 'garbage' is not key=value"),
        ]
        for (text, message) in cases {
            let file = fixture.root + "/bad-seal"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let before = fixture.cli.snapshot()
            let result = try fixture.cli.run(["verify", "--seal", file])
            XCTAssertEqual(result.status, 2, text)
            XCTAssertEqual(result.stderr, "caseload: \(message)\n", text)
            XCTAssertEqual(fixture.cli.snapshot(), before)
        }
        let result = try fixture.cli.run(["verify", "--seal", fixture.root + "/nonexistent"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("caseload: seal: cannot read"), result.stderr)
    }
}
