import Foundation
import FuzzSupport
import XCTest
import Cases
import Journal

/// Seeded fuzzing of the journal line decoder and the scanner around it: mutated real lines,
/// lines re-checksummed after mutation (so the JSON and field decoding is reached, not only the
/// CRC), and random bytes. Every input must decode or be reported with a file, line and byte
/// offset; nothing traps, nothing is read past the damage. Bounded by count, not by the clock.
final class JournalFuzzTests: JournalTestCase {
    private let file = "/fuzz/desk-01.jsonl"

    private func validJournal() throws -> [[UInt8]] {
        let directory = try makeDataDirectory()
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        for (index, body) in Samples.everyKnownBody.enumerated() {
            try writer.append(makeEvent("E\(index)", case: index % 3 == 0 ? "" : "G-AAAAAAA", body, minutes: index))
        }
        writer.close()
        return splitLines(readBytes(directory.journal(writer: "desk-01")))
    }

    private let tokens = [#"""#, "\\", "\\u", "\\uD800", "{", "}", "[", "]", ":", ",", "null", "true", "1e999", "-0", "\u{0}",
                          "\n", #","sum":""#, #""seq":"#, #""data":"#, "9223372036854775808", "\u{FEFF}", "\u{7F}", "é"]

    private var mutator: ByteMutator { ByteMutator(tokens: tokens, deletedRun: 30) }

    /// Decodes one line directly, then scans a journal whose `index`th line is `line`.
    private func check(_ line: [UInt8], in lines: [[UInt8]], at index: Int) {
        _ = line.withUnsafeBufferPointer { try? JournalLine.decode($0) }
        var journal = lines
        journal[index] = line
        let bytes = journal.flatMap { line -> [UInt8] in line + [0x0A] }
        let scan = JournalScanner.scan(bytes, file: file, writer: "desk-01")
        let offsets = lineOffsets(bytes)
        if let damage = scan.damage {
            XCTAssertEqual(damage.file, file)
            XCTAssertTrue(offsets.contains(damage.offset), "damage offset \(damage.offset) is not a line start")
            XCTAssertEqual(damage.offset, offsets[damage.line - 1])
            XCTAssertEqual(scan.events.count, damage.line - 1, "nothing after the damage is read")
            XCTAssertFalse(damage.problem.isEmpty)
        } else {
            XCTAssertEqual(scan.position.offset, bytes.count)
            XCTAssertNil(scan.tail)
        }
        // Lines before the changed one are always read, unchanged.
        XCTAssertGreaterThanOrEqual(scan.events.count, index)
    }

    func testMutatedAndRechecksummedLinesAreDecodedOrLocated() throws {
        let lines = try validJournal()
        var rng = SeededGenerator(seed: 0xF022_0001)
        var decoded = 0
        let inputs = 6_000
        for round in 0..<inputs {
            let index = Int.random(in: 0..<lines.count, using: &rng)
            var line = mutator.mutate(lines[index], using: &rng)
            if round % 2 == 1 { line = rechecksummed(line) }
            line.removeAll { $0 == 0x0A }  // a newline would make two lines; the sweep tests cover that
            check(line, in: lines, at: index)
            if line.withUnsafeBufferPointer({ (try? JournalLine.decode($0)) != nil }) { decoded += 1 }
        }
        print("journal fuzz: \(inputs) mutated lines, \(decoded) still decoded")
    }

    func testRandomBytesAsJournalsNeverTrap() {
        var rng = SeededGenerator(seed: 0xF022_0002)
        let alphabet = Array(#"{}[]":,\0123456789abcdef-.eEtrunlsvwqidcp "#.utf8) + [0x0A, 0x00, 0xFF, 0xE6, 0xBB, 0xA8]
        for _ in 0..<4_000 {
            let length = Int.random(in: 0...300, using: &rng)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            let scan = JournalScanner.scan(bytes, file: file, writer: "desk-01")
            if let damage = scan.damage {
                XCTAssertEqual(damage.offset, lineOffsets(bytes)[damage.line - 1])
            } else if let tail = scan.tail {
                XCTAssertEqual(tail.offset + tail.length, bytes.count)
            }
        }
    }
}
