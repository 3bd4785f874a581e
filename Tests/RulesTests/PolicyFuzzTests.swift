import Cases
import FuzzSupport
import XCTest
@testable import Rules
import Toml

/// Seeded fuzzing of the policy file: the shipped default policy mutated a few bytes at a time
/// (so the parse gets past TOML into the policy's own checks). Every input is accepted or refused
/// with a TomlError naming a line that exists; nothing traps (a huge number once did, see
/// PolicyLimitTests). Bounded by count.
final class PolicyFuzzTests: XCTestCase {
    func testMutatedPoliciesParseOrNameTheLine() {
        var rng = SeededRandom(seed: 0x901_1C7)
        let base = Array(Policy.defaultText.utf8)
        let tokens = ["=", "[", "]", "[[", "\"", "'", "\n", "#", "0", "-1", "99999999999999999999", "1e308", "true", "[rules.", "enabled",
                      "working_days", "calendar_days", "weeks", "months", "severity", "\"escalated\"", "2026-02-30", ".", ",", "{", "}"]
        let mutator = ByteMutator(tokens: tokens, largestByte: 127)
        var accepted = 0
        let inputs = 4_000
        for _ in 0..<inputs {
            let bytes = mutator.mutate(base, using: &rng)
            let text = String(decoding: bytes, as: UTF8.self)
            let lines = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            do {
                _ = try Policy.parse(text: text, file: "policy.toml")
                accepted += 1
            } catch {
                XCTAssertEqual(error.file, "policy.toml")
                XCTAssertTrue((1...lines).contains(error.line), "\(error) names line \(error.line) of \(lines)")
                XCTAssertFalse(error.message.isEmpty)
            }
        }
        print("policy fuzz: \(inputs) mutated policies, \(accepted) accepted")
    }
}
