import FuzzSupport
import XCTest
@testable import Toml

/// The parser must never trap or hang: every input either parses or throws a
/// TomlError with a sensible line number.
final class TomlFuzzTests: XCTestCase {
    private let sample = """
        # Caseload sample
        title = "滨州 \\u4E00"
        [rules.first_contact]
        enabled = true
        working_days = 5
        list = [1, 2.5, 'x', 2026-02-14, [true, false], { a = 1 }]
        text = \"\"\"
        multi \\
          line\"\"\"
        [[targets]]
        name = 'a'
        n = -1_000
        [[targets]]
        name = "b"
        """

    private func check(_ text: String) {
        let lineCount = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        do {
            _ = try Toml.parse(text, file: "fuzz.toml")
        } catch {
            XCTAssertGreaterThanOrEqual(error.line, 1)
            XCTAssertLessThanOrEqual(error.line, lineCount, "\(error) for \(text.debugDescription)")
            XCTAssertFalse(error.message.isEmpty)
        }
    }

    func testSampleParses() throws {
        let t = try Toml.parse(sample, file: "s.toml")
        XCTAssertEqual(t.keys, ["title", "rules", "targets"])
    }

    func testRandomBytes() {
        var rng = SeededRandom(seed: 0xCA5E_10AD)
        // Weighted towards bytes that matter to TOML so the parser gets deep.
        let interesting = Array("[]{}=\"'.,#\n\r\t -+_0123456789abcdefxoTtrue:\\u".utf8)
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...80, using: &rng)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                bytes.append(Bool.random(using: &rng)
                    ? interesting.randomElement(using: &rng)!
                    : UInt8.random(in: 0...255, using: &rng))
            }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    func testMutatedValidDocuments() {
        var rng = SeededRandom(seed: 20_260_214)
        let base = Array(sample.utf8)
        let tokens = ["[", "]", "[[", "]]", "{", "}", "\"", "'", "\"\"\"", "'''", "=", ",", ".", "\n", "#", "\\", "\\u", "0x", "_", "2026-02-30", "1e", "-", "\r"]
        let mutator = ByteMutator(tokens: tokens, largestByte: 127, repeatedRun: 20)
        for _ in 0..<3_000 {
            check(String(decoding: mutator.mutate(base, using: &rng), as: UTF8.self))
        }
    }

    func testTruncatedPrefixes() {
        let scalars = Array(sample.unicodeScalars)
        for n in 0...scalars.count {
            var s = ""
            s.unicodeScalars.append(contentsOf: scalars[..<n])
            check(s)
        }
    }
}
