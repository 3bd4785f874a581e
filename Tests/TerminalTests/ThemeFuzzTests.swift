import Foundation
import FuzzSupport
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
        var rng = SeededRandom(seed: 0x7E4E)
        let names = ["default", "light", "high-contrast", "mono"]
        let bases = try names.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(themesDirectory)/\($0).toml"))) }
        let tokens = ["=", "[", "]", "\"", "#", "#fff", "#12345", "#GGGGGG", "bold", "underline", "reverse", "256", "-1", "\n", "fg", "bg",
                      "\"red\"", "\"bright-red\"", "color(999)", "[roles]", "inherit", "\u{0}", "é"]
        let mutator = ByteMutator(tokens: tokens)
        var loaded = 0
        let inputs = 3_000
        for round in 0..<inputs {
            let bytes = mutator.mutate(bases[round % bases.count], using: &rng)
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
