import Foundation
import XCTest
@testable import Terminal
import Toml

/// Seeded fuzzing of theme files: each bundled theme mutated a few bytes at a time. Every input
/// loads or is refused with a TomlError naming a line that exists. Bounded by count.
final class ThemeFuzzTests: XCTestCase {
    private var themesDirectory: String {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return components.joined(separator: "/") + "/themes"
    }

    func testMutatedThemesLoadOrNameTheLine() throws {
        var rng = SplitMix(state: 0x7E4E)
        let names = ["default", "light", "high-contrast", "mono"]
        let bases = try names.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(themesDirectory)/\($0).toml"))) }
        let tokens = ["=", "[", "]", "\"", "#", "#fff", "#12345", "#GGGGGG", "bold", "underline", "reverse", "256", "-1", "\n", "fg", "bg",
                      "\"red\"", "\"bright-red\"", "color(999)", "[roles]", "inherit", "\u{0}", "é"]
        var loaded = 0
        let inputs = 3_000
        for round in 0..<inputs {
            var bytes = bases[round % bases.count]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes.remove(at: i)
                case 1: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 2: bytes.insert(contentsOf: Array(tokens.randomElement(using: &rng)!.utf8), at: i)
                default:
                    let j = Int.random(in: i..<min(bytes.count, i + 30), using: &rng)
                    bytes.insert(contentsOf: bytes[i...j], at: j)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let lines = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            do {
                _ = try Theme.parse(toml: text, file: "themes/fuzz.toml", defaultName: "fuzz")
                loaded += 1
            } catch {
                XCTAssertEqual(error.file, "themes/fuzz.toml")
                XCTAssertTrue((1...lines).contains(error.line), "\(error) names line \(error.line) of \(lines)")
                XCTAssertFalse(error.message.isEmpty)
            }
        }
        print("theme fuzz: \(inputs) mutated themes, \(loaded) loaded")
    }
}

/// SplitMix64: a seeded generator so every run tries the same inputs.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
