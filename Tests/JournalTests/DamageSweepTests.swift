import Foundation
import XCTest
import Cases
import Journal

/// Exhaustive and seeded damage to the middle of a journal: every bit flip, every byte deleted
/// or duplicated, every reordering of its lines, and random splices. Each must be reported at the
/// line it hit (file, line number, byte offset), with exactly the lines before it read.
final class DamageSweepTests: JournalTestCase {
    nonisolated(unsafe) static var positionsTried = 0

    override class func tearDown() {
        print("damage sweep: \(positionsTried) damaged journals scanned")
        super.tearDown()
    }

    private let file = "/data/journals/desk-01.jsonl"

    /// Six lines of varied events (Chinese text, escapes, a case opening).
    private func journal() throws -> (bytes: [UInt8], offsets: [Int], events: [Event]) {
        let directory = try makeDataDirectory()
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        var events = [try writer.append(makeEvent("E1", case: "G-AAAAAAA", Samples.opened(.graduate), minutes: 0))]
        for (index, body) in Samples.everyKnownBody.prefix(6).dropFirst().enumerated() {
            events.append(try writer.append(makeEvent("E\(index + 2)", case: "G-AAAAAAA", body, minutes: index + 1)))
        }
        writer.close()
        let bytes = readBytes(directory.journal(writer: "desk-01"))
        return (bytes, lineOffsets(bytes), events)
    }

    /// The 1-based line holding byte `position`.
    private func line(of position: Int, _ offsets: [Int]) -> Int { offsets.lastIndex { $0 <= position }! + 1 }

    private func assertDetected(_ damaged: [UInt8], atLine line: Int, _ offsets: [Int], _ events: [Event], _ context: @autoclosure () -> String) {
        Self.positionsTried += 1
        let scan = JournalScanner.scan(damaged, file: file, writer: "desk-01")
        guard let damage = scan.damage else {
            return XCTFail("\(context()): not detected (tail \(String(describing: scan.tail)), \(scan.events.count) events)")
        }
        XCTAssertEqual(damage.file, file, context())
        XCTAssertEqual(damage.line, line, context())
        XCTAssertEqual(damage.offset, offsets[line - 1], context())
        XCTAssertEqual(scan.events, Array(events.prefix(line - 1)), "\(context()): only the lines before the damage are read")
    }

    func testEveryBitFlipInTheMiddleIsDetectedAtItsLine() throws {
        let (bytes, offsets, events) = try journal()
        let middleEnd = offsets.last!  // the last line is the tail's business (see the cut test)
        for position in 0..<middleEnd {
            for bit in 0..<8 {
                var damaged = bytes
                damaged[position] ^= 1 << bit
                assertDetected(damaged, atLine: line(of: position, offsets), offsets, events, "bit \(bit) of byte \(position)")
            }
        }
    }

    func testEveryByteDeletedOrDuplicatedInTheMiddleIsDetected() throws {
        let (bytes, offsets, events) = try journal()
        for position in 0..<offsets.last! {
            var deleted = bytes
            deleted.remove(at: position)
            assertDetected(deleted, atLine: line(of: position, offsets), offsets, events, "byte \(position) deleted")
            var duplicated = bytes
            duplicated.insert(bytes[position], at: position)
            // A doubled newline leaves its line whole and adds an empty line after it: that empty line is the damage.
            let hit = line(of: position, offsets) + (bytes[position] == 0x0A ? 1 : 0)
            assertDetected(duplicated, atLine: hit, offsets, events, "byte \(position) duplicated")
        }
    }

    func testEveryReorderingOfTheLinesIsDetectedAtTheFirstMovedLine() throws {
        let (bytes, _, events) = try journal()
        let lines = splitLines(bytes)
        func permutations(_ items: [Int]) -> [[Int]] {
            guard items.count > 1 else { return [items] }
            return items.indices.flatMap { index in
                var rest = items
                let first = rest.remove(at: index)
                return permutations(rest).map { [first] + $0 }
            }
        }
        var tried = 0
        for order in permutations(Array(lines.indices)) where order != Array(lines.indices) {
            let reordered = order.flatMap { index -> [UInt8] in lines[index] + [0x0A] }
            let firstMoved = order.indices.first { order[$0] != $0 }!
            assertDetected(reordered, atLine: firstMoved + 1, lineOffsets(reordered), events, "order \(order)")
            tried += 1
        }
        XCTAssertEqual(tried, 719)
    }

    /// Seeded random splices: a run of bytes replaced, removed or repeated somewhere before the last line.
    func testRandomSplicesInTheMiddleAreDetected() throws {
        let (bytes, offsets, events) = try journal()
        var rng = SeededGenerator(seed: 0xDA_3A6E)
        for round in 0..<3_000 {
            let start = Int.random(in: 0..<offsets.last! - 1, using: &rng)
            let length = Int.random(in: 1...min(40, offsets.last! - start), using: &rng)
            var damaged = bytes
            switch round % 3 {
            case 0: for index in start..<start + length { damaged[index] = UInt8.random(in: 0...255, using: &rng) }
            case 1: damaged.removeSubrange(start..<start + length)
            default: damaged.insert(contentsOf: bytes[start..<start + length], at: start + length)
            }
            if damaged == bytes { continue }
            // The first changed byte decides the line that must be reported.
            let firstChange = zip(damaged, bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? start
            let scan = JournalScanner.scan(damaged, file: file, writer: "desk-01")
            Self.positionsTried += 1
            guard let damage = scan.damage else {
                XCTFail("round \(round): splice at \(start)+\(length) not detected")
                continue
            }
            XCTAssertEqual(damage.line, line(of: firstChange, offsets), "round \(round): splice at \(start)+\(length)")
            XCTAssertEqual(damage.offset, lineOffsets(damaged)[damage.line - 1], "round \(round)")
            XCTAssertEqual(scan.events, Array(events.prefix(damage.line - 1)), "round \(round)")
        }
    }
}
