import Foundation
import XCTest

// Shared helpers for the CLI tests (CLIErrorPathTests, CLICommandTests): valid resident ID
// numbers, display widths, a small office fixture, JSON and external tools. The test class at
// the bottom checks the helpers themselves against known values.

/// Resident ID numbers with a correct GB 11643 check character (ISO 7064 MOD 11-2).
enum TestIDs {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")

    /// The check character for 17 digits.
    static func checkCharacter(_ first17: String) -> Character {
        precondition(first17.count == 17 && first17.allSatisfy(\.isASCII), "17 digits expected: \(first17)")
        let sum = zip(first17.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// A valid number: region 371602 (Bincheng District, Binzhou) unless given, birth date
    /// `YYYYMMDD`, and a three-digit sequence (odd for men, even for women).
    static func make(born: String, sequence: Int, region: String = "371602") -> String {
        let first17 = region + born + String(format: "%03d", sequence)
        return first17 + String(checkCharacter(first17))
    }

    /// The same number with a wrong check character, and the one it should have been.
    static func withWrongCheck(_ valid: String) -> (id: String, expected: Character) {
        let expected = valid.last!
        let wrong = checkCharacters.first { $0 != expected }!
        return (String(valid.dropLast()) + String(wrong), expected)
    }
}

/// Terminal columns of text: East Asian Wide and Fullwidth take two, combining marks none.
/// A deliberately small, independent re-implementation, so tables are checked against the
/// terminal's idea of width and not against the code that drew them.
enum Columns {
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x20000...0x3FFFD,
    ]

    static func width(_ text: some StringProtocol) -> Int {
        text.reduce(0) { total, character in
            guard let scalar = character.unicodeScalars.first else { return total }
            if scalar.properties.generalCategory == .nonspacingMark { return total }
            return total + (wide.contains { $0.contains(scalar.value) } ? 2 : 1)
        }
    }

    /// The display column at which `needle` starts in `line`, or nil.
    static func column(of needle: String, in line: String) -> Int? {
        line.range(of: needle).map { width(line[..<$0.lowerBound]) }
    }
}

/// An initialised data directory holding one case of each kind plus a closed graduate case,
/// all opened on `CLIFixture.today` by `wangfang`.
struct CLIFixture {
    static let today = "2026-03-02"
    static let graduateID = TestIDs.make(born: "20030512", sequence: 123)     // 371602200305121230, male
    static let difficultyID = TestIDs.make(born: "19750302", sequence: 456)   // female, 51
    static let unemployedID = TestIDs.make(born: "19880808", sequence: 789)
    static let closedGraduateID = TestIDs.make(born: "20020220", sequence: 246)
    static let phone = "13812345678"

    let root: String
    let cli: CLIRunner
    let graduate: String
    let difficulty: String
    let unemployed: String
    let closedGraduate: String

    /// The data directory is `root/data`; `root` is free for files that are not data.
    static func make(_ label: String, file: StaticString = #filePath, line: UInt = #line) throws -> CLIFixture {
        let root = makeTemporaryDirectory(label)
        do {
            return try make(root: root, file: file, line: line)
        } catch {
            try? FileManager.default.removeItem(atPath: root)
            throw error
        }
    }

    private static func make(root: String, file: StaticString, line: UInt) throws -> CLIFixture {
        let cli = CLIRunner(dataDirectory: root + "/data")
        try cli.expectSuccess(["init"], file: file, line: line)
        func add(_ arguments: [String]) throws -> String {
            let out = try cli.expectSuccess(arguments + ["--today", today], file: file, line: line)
            return out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let graduate = try add(["add", "graduate", "--name", "张伟", "--id", graduateID, "--phone", phone,
                                "--school", "滨州学院", "--major", "会计学", "--degree", "本科", "--graduated", "2025-06-30"])
        let difficulty = try add(["add", "difficulty", "--name", "李秀英", "--id", difficultyID, "--phone", "15905431234",
                                  "--category", "4050人员,零就业家庭", "--household", "HH-371602-0001", "--identified", "2026-01-10"])
        let unemployed = try add(["add", "unemployed", "--name", "Wang Lei", "--id", unemployedID,
                                  "--registered", "2026-02-01", "--previous-employer", "滨州纺织厂"])
        let closed = try add(["add", "graduate", "--name", "赵敏", "--id", closedGraduateID, "--school", "滨州医学院",
                              "--major", "护理", "--degree", "专科", "--graduated", "2025-07-01"])
        try cli.expectSuccess(["close", closed, "--reason", "moved to Jinan", "--today", today], file: file, line: line)
        return CLIFixture(root: root, cli: cli, graduate: graduate, difficulty: difficulty, unemployed: unemployed,
                          closedGraduate: closed)
    }

    var data: String { cli.dataDirectory }
    var journal: String { data + "/journals/desk-01.jsonl" }

    /// Runs `caseload ARGS --today <fixture day>`.
    @discardableResult
    func run(_ arguments: [String], today: String = CLIFixture.today) throws -> CLIRunner.Result {
        try cli.run(arguments + ["--today", today])
    }

    /// The journal's lines, parsed.
    func journalLines() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSON.object(String($0)) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

extension CLIRunner {
    /// Runs and fails the test unless the command exits 0 with nothing on stderr; returns stdout.
    @discardableResult
    func expectSuccess(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(arguments)
        XCTAssertEqual(result.status, 0, "caseload \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stderr, "", "caseload \(arguments.joined(separator: " ")) wrote to stderr", file: file, line: line)
        return result.stdout
    }
}

enum JSON {
    struct Shape: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try parse(text) as? [String: Any] else { throw Shape(description: "not a JSON object: \(text.prefix(200))") }
        return object
    }

    static func array(_ text: String) throws -> [[String: Any]] {
        guard let array = try parse(text) as? [[String: Any]] else { throw Shape(description: "not an array of objects: \(text.prefix(200))") }
        return array
    }
}

/// Another program (python3, jq), run like CLIRunner runs caseload.
enum Tool {
    static func run(_ arguments: [String], input: String? = nil) throws -> CLIRunner.Result {
        // The scripts read all of stdin before they write, so feeding it first cannot deadlock.
        try CLIRunner.runProcess("/usr/bin/env", arguments, input: input)
    }

    /// Whether python3 reads `text` as JSON.
    static func pythonParsesJSON(_ text: String) throws -> Bool {
        try run(["python3", "-c", "import json,sys; json.load(sys.stdin)"], input: text).status == 0
    }

    /// The rows of `text` as Python's csv module reads them (RFC 4180).
    static func pythonCSVRows(_ text: String) throws -> [[String]] {
        let result = try run(["python3", "-c", "import csv,json,sys; print(json.dumps(list(csv.reader(sys.stdin))))"], input: text)
        guard result.status == 0 else { throw JSON.Shape(description: "python csv failed: \(result.stderr)") }
        return try JSON.parse(result.stdout) as? [[String]] ?? []
    }
}

final class CLIFixtureTests: XCTestCase {
    func testCheckCharactersMatchKnownValidNumbers() {
        for known in ["11010519491231002X", "440524188001010014"] {
            XCTAssertEqual(TestIDs.checkCharacter(String(known.prefix(17))), known.last, known)
        }
        let wrong = TestIDs.withWrongCheck("440524188001010014")
        XCTAssertEqual(wrong.expected, "4")
        XCTAssertNotEqual(wrong.id, "440524188001010014")
        XCTAssertEqual(CLIFixture.graduateID, "371602200305121230")
    }

    func testColumnsCountsWideCharactersAsTwo() {
        XCTAssertEqual(Columns.width("Wang Lei"), 8)
        XCTAssertEqual(Columns.width("张伟"), 4)
        XCTAssertEqual(Columns.width("滨州学院 · 会计"), 8 + 3 + 4)
        XCTAssertEqual(Columns.column(of: "x", in: "张伟 x"), 5)
    }
}

extension CLIFixture {
    /// Relative paths of the files under `root` that contain any of `needles`, byte for byte:
    /// the erasure tests' search for a person's data left anywhere in a data directory.
    static func filesContaining(_ needles: [String], under root: String) -> [String] {
        let walker = FileManager.default.enumerator(atPath: root)
        var hits: [String] = []
        while let relative = walker?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
            if needles.contains(where: { data.range(of: Data($0.utf8)) != nil }) { hits.append(relative) }
        }
        return hits
    }
}
