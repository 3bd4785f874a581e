import XCTest
import Cases
@testable import Journal

/// The word-at-a-time readings of the line decoder (a string's end, `prev`'s hex digits) against
/// plain byte loops, and the parallel scan's hand-over of events against the lines themselves.
final class ScanBytesTests: XCTestCase {
    // MARK: A string's end, eight bytes at a time

    private func isSpecial(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 }

    private func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    func testAWordMayEndAStringExactlyWhenOneOfItsBytesIsAQuoteBackslashOrControl() {
        var random = SeededGenerator(seed: 0x5_7A1E)
        // Every byte value at every position among otherwise plain bytes (including high ones).
        for position in 0..<8 {
            for value in 0...255 {
                var bytes = (0..<8).map { _ in UInt8.random(in: 0x20...0xFF, using: &random) }.map { isSpecial($0) ? 0x41 : $0 }
                bytes[position] = UInt8(value)
                XCTAssertEqual(LineBytes.mayEndString(word(bytes)), bytes.contains(where: isSpecial), "\(bytes)")
            }
        }
        for _ in 0..<50_000 {
            let bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }
            XCTAssertEqual(LineBytes.mayEndString(word(bytes)), bytes.contains(where: isSpecial), "\(bytes)")
        }
    }

    /// The byte loop `rawString` replaced, for comparison.
    private func referenceString(_ line: [UInt8], _ index: Int) -> (Range<Int>, Int)? {
        guard index < line.count, line[index] == UInt8(ascii: "\"") else { return nil }
        var end = index + 1
        while end < line.count {
            if line[end] == UInt8(ascii: "\"") { return (index + 1..<end, end + 1) }
            if isSpecial(line[end]) { return nil }
            end += 1
        }
        return nil
    }

    func testRawStringFindsTheSameEndAsAByteLoopAtEveryLength() {
        var random = SeededGenerator(seed: 0x5_7A1F)
        let plain = Array("abc滨州😀 -+/".utf8)
        for length in 0..<40 {
            for special in [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x00, 0x1F, 0x20, 0x7F, 0xFF] {
                for position in 0...length {
                    var line = [UInt8(ascii: "\"")] + (0..<length).map { _ in plain.randomElement(using: &random)! }
                    if position < length { line[position + 1] = special }
                    if Bool.random(using: &random) { line.append(UInt8(ascii: "\"")) }
                    line += Array(#","x":1}"#.utf8).prefix(Int.random(in: 0...7, using: &random))
                    var index = 0
                    let found = line.withUnsafeBufferPointer { LineBytes.rawString($0, &index) }
                    let expected = referenceString(line, 0)
                    XCTAssertEqual(found, expected?.0, "\(line)")
                    XCTAssertEqual(index, expected?.1 ?? 0, "\(line)")
                }
            }
        }
    }

    // MARK: `prev`, sixteen hex digits at a time

    private func referenceDigest(_ hex: [UInt8]) -> ChainDigest? {
        guard hex.count == 64 else { return nil }
        var words: [UInt64] = []
        for start in stride(from: 0, to: 64, by: 16) {
            var value: UInt64 = 0
            for byte in hex[start..<start + 16] {
                guard let digit = "0123456789abcdef".utf8.firstIndex(of: byte) else { return nil }
                value = value << 4 | UInt64("0123456789abcdef".utf8.distance(from: "0123456789abcdef".utf8.startIndex, to: digit))
            }
            words.append(value)
        }
        return ChainDigest(a: words[0], b: words[1], c: words[2], d: words[3])
    }

    private func digest(_ hex: [UInt8]) -> ChainDigest? { hex.withUnsafeBufferPointer { ChainDigest(hex: $0) } }

    func testHexDigitsAreReadAsAByteLoopReadsThem() {
        var random = SeededGenerator(seed: 0x4E_C5)
        let digits = Array("0123456789abcdef".utf8)
        for _ in 0..<2_000 {
            let hex = (0..<64).map { _ in digits.randomElement(using: &random)! }
            XCTAssertEqual(digest(hex), referenceDigest(hex))
            XCTAssertEqual(digest(hex)?.hex, String(decoding: hex, as: UTF8.self))
        }
        // Every byte value at every position of a word: only the sixteen lower-case digits read.
        var hex = (0..<64).map { _ in digits.randomElement(using: &random)! }
        for position in [0, 1, 7, 8, 15, 16, 31, 32, 47, 48, 63] {
            let kept = hex[position]
            for value in 0...255 {
                hex[position] = UInt8(value)
                XCTAssertEqual(digest(hex), referenceDigest(hex), "byte \(value) at \(position)")
            }
            hex[position] = kept
        }
        XCTAssertNil(digest(Array(String(repeating: "A", count: 64).utf8)), "upper case is not how writers write it")
        XCTAssertNil(digest(Array(String(repeating: "0", count: 63).utf8)))
        XCTAssertEqual(digest(Array(JournalLine.genesisHash.utf8)), .genesis)
    }

    // MARK: The scan decodes every chunk into its place in one array

    /// A journal of `count` lines cycling through every known body, chained as a writer chains them.
    private func journal(_ count: Int) -> (bytes: [UInt8], events: [Event]) {
        var bytes: [UInt8] = []
        var events: [Event] = []
        var prev = JournalLine.genesisHash
        let bodies = Samples.everyKnownBody
        for index in 0..<count {
            var event = makeEvent("E\(index)", case: "G-AAAAAAA", bodies[index % bodies.count], minutes: index)
            event.writer = "desk-01"
            event.seq = index + 1
            let line = JournalLine.encode(event, prev: prev)
            prev = JournalLine.hash(line)
            bytes += line + [0x0A]
            events.append(event)
        }
        return (bytes, events)
    }

    func testAScanOnSeveralChunksGivesEveryLineInOrder() {
        let (bytes, events) = journal(4_000)
        XCTAssertGreaterThan(bytes.withUnsafeBufferPointer { JournalScanner.chunkBounds($0).count }, 1, "the journal is cut into chunks")
        let scan = JournalScanner.scan(bytes, file: "j", writer: "desk-01")
        XCTAssertNil(scan.damage)
        XCTAssertEqual(scan.events, events)
        XCTAssertEqual(scan.position.lines, events.count)
        XCTAssertEqual(scan.position.offset, bytes.count)
    }

    func testAScanStoppingInALaterChunkKeepsExactlyTheLinesBeforeTheDamage() {
        let (bytes, events) = journal(4_000)
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }.dropLast()
        for line in [2_999, 3_500] {
            var damaged = bytes
            damaged[starts[line] + 5] ^= 0x01
            let scan = JournalScanner.scan(damaged, file: "j", writer: "desk-01")
            XCTAssertEqual(scan.damage?.line, line + 1)
            XCTAssertEqual(scan.events, Array(events.prefix(line)))
        }
    }

    func testDamageWhereTwoChunksMeetIsFoundAndOnlyTheLinesBeforeItAreKept() {
        let (bytes, events) = journal(4_000)
        let chunks = bytes.withUnsafeBufferPointer { JournalScanner.chunkBounds($0) }
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }.dropLast()
        let boundary = chunks[2].lowerBound
        let line = starts.firstIndex(of: boundary)!
        // The first line of a later chunk: a flipped byte, then the line dropped (a sequence gap).
        var flipped = bytes
        flipped[boundary + 3] ^= 0x01
        var scan = JournalScanner.scan(flipped, file: "j", writer: "desk-01")
        XCTAssertEqual(scan.damage?.line, line + 1)
        XCTAssertEqual(scan.damage?.offset, boundary)
        XCTAssertEqual(scan.events, Array(events.prefix(line)))
        let dropped = Array(bytes[..<boundary]) + Array(bytes[starts[line + 1]...])
        scan = JournalScanner.scan(dropped, file: "j", writer: "desk-01")
        XCTAssertEqual(scan.damage?.line, line + 1)
        XCTAssertEqual(scan.events, Array(events.prefix(line)))
        XCTAssertTrue(scan.damage?.problem.hasPrefix("sequence") ?? false, scan.damage?.problem ?? "")
    }

    func testATornLastLineOnSeveralChunksIsATailAfterEveryWholeLine() {
        let (bytes, events) = journal(4_000)
        let torn = Array(bytes.dropLast(40))
        let scan = JournalScanner.scan(torn, file: "j", writer: "desk-01")
        XCTAssertNil(scan.damage)
        XCTAssertEqual(scan.events, Array(events.dropLast()))
        let lastStart = torn.lastIndex(of: 0x0A)! + 1
        XCTAssertEqual(scan.tail?.offset, lastStart)
        XCTAssertEqual(scan.tail?.length, torn.count - lastStart)
        XCTAssertEqual(scan.position.offset, lastStart)
    }

    func testLinesAreCountedUpToTheirNewlinesOnly() {
        let bytes = Array("a\nbb\n\nccc".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            XCTAssertEqual(JournalScanner.lineCount(buffer, 0..<bytes.count), 3)
            XCTAssertEqual(JournalScanner.lineCount(buffer, 2..<5), 1)
            XCTAssertEqual(JournalScanner.lineCount(buffer, 0..<0), 0)
        }
    }
}
