import XCTest
import Cases
@testable import Journal

/// Whole lines through the fast path (envelope in place, bodies by their byte readers) against
/// the general decoder: on every known body, and on seeded mutations of them re-checksummed so
/// the decoders get past the CRC. The fast path must give the same event, `prev` and version, or decline.
final class FastLineDecoderTests: XCTestCase {
    private func lines() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var prev = JournalLine.genesisHash
        var bodies = Samples.everyKnownBody
        // Sealed, and without its optional fields, as lines since the privacy work carry persons.
        bodies.append(.caseOpened(CaseOpened(counsellor: "zhaolei", person: Person(
            name: "", residentID: ResidentID(unchecked: ""), protection: .sealed(key: "K-ECDP1S8EK2K059RC", box: "y3/8BKWZ+0=")),
            education: "初中", details: .unemployed(UnemployedDetails(registered: day("2025-10-21"))))))
        for (index, body) in bodies.enumerated() {
            var event = makeEvent("E\(index)", case: "G-AAAAAAA", body, minutes: index)
            event.writer = "desk-01"
            event.seq = index + 1
            let line = JournalLine.encode(event, prev: prev)
            prev = JournalLine.hash(line)
            lines.append(line)
        }
        return lines
    }

    /// Whether the fast path declined; fails when it took the line and disagrees with the general decoder.
    @discardableResult
    private func assertAgrees(_ line: [UInt8], file: StaticString = #filePath, line number: UInt = #line) -> Bool {
        let shown = String(decoding: line, as: UTF8.self)
        guard let fast = line.withUnsafeBufferPointer({ FastLineDecoder.decode($0) }) else { return true }
        let general: JournalLine.Decoded
        do {
            general = try line.withUnsafeBufferPointer { buffer throws(JournalLine.Problem) in try JournalLine.decode(buffer) }
        } catch {
            XCTFail("took a line the general decoder refuses (\(error)): \(shown)", file: file, line: number)
            return false
        }
        XCTAssertEqual(fast.event, general.event, shown, file: file, line: number)
        XCTAssertEqual(fast.prevText ?? fast.prev?.hex, general.prev, shown, file: file, line: number)
        XCTAssertEqual(fast.version, general.version, shown, file: file, line: number)
        return false
    }

    func testEveryKnownBodyIsTakenAndAgrees() {
        for line in lines() {
            XCTAssertFalse(assertAgrees(line), "declined: \(String(decoding: line, as: UTF8.self))")
        }
    }

    /// The envelope's keys are matched as whole words while they come in the order writers put
    /// them, and parsed one by one after the first that does not: the same line with its keys
    /// in any other order (`sum` last, as it must be) gives the same event, or a key twice none.
    func testEnvelopeKeysInAnyOrderGiveTheSameEvent() throws {
        var random = SeededGenerator(seed: 0x0E4_0E4)
        for line in lines() {
            let object = try XCTUnwrap(try JSONParser.parse(Array(line.dropLast(JournalLine.sumSuffixLength)) + [UInt8(ascii: "}")]).objectValue)
            let canonical = try XCTUnwrap(line.withUnsafeBufferPointer { FastLineDecoder.decode($0) })
            for round in 0..<6 {
                var entries = object.entries
                if round > 0 { entries.shuffle(using: &random) } else { entries.reverse() }
                var bytes: [UInt8] = []
                JSONWriter.write(.object(JSONObject(entries.map { ($0.key, $0.value) })), into: &bytes)
                bytes.removeLast()
                let reordered = sealedLine(bytes)
                XCTAssertFalse(assertAgrees(reordered), "declined: \(String(decoding: reordered, as: UTF8.self))")
                let fast = try XCTUnwrap(reordered.withUnsafeBufferPointer { FastLineDecoder.decode($0) })
                XCTAssertEqual(fast.event, canonical.event)
                XCTAssertEqual(fast.prev, canonical.prev)
                XCTAssertEqual(fast.version, canonical.version)
                // A key written twice, predicted or parsed, is refused.
                for twice in [#","v":1"#, #","sum":"0""#, #","w":"desk-01""#] {
                    var doubled = bytes
                    doubled.append(contentsOf: Array(twice.utf8))
                    let line = sealedLine(doubled)
                    XCTAssertNil(line.withUnsafeBufferPointer { FastLineDecoder.decode($0) }, String(decoding: line, as: UTF8.self))
                }
            }
        }
    }

    func testMutatedLinesAreReadAsTheGeneralDecoderReadsThemOrDeclined() {
        let lines = lines()
        var random = SeededGenerator(seed: 0xFA57_11E5)
        let tokens = [#"""#, "\\", "{", "}", "[", "]", ":", ",", " ", "null", "true", "1", "-0", #""x""#, "é", "\u{7F}",
                      #""kind":"graduate","#, #""kind":"unemployed","#, #""person":{"name":"王","id_number":"1"},"#,
                      #""key":"K-1","#, #""type":"note_added","#, #""type":"case_opened","#, #""data":{},"#, #""v":2,"#,
                      #""intention":"x","#, #""source":null,"#, #""difficulty":["other"],"#, #""x":1,"#]
        var taken = 0
        var strings = RepeatedStrings(["desk-01", "wangfang"])
        for _ in 0..<20_000 {
            var bytes = lines.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let at = Int.random(in: 1..<bytes.count - 20, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes.remove(at: at)
                case 1: bytes[at] = UInt8.random(in: 0...255, using: &random)
                default: bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: at)
                }
            }
            bytes = rechecksummed(bytes)
            if !assertAgrees(bytes) { taken += 1 }
            // Strings reused from earlier lines (a writer, an actor) give the same line as made afresh.
            let reusing = bytes.withUnsafeBufferPointer { FastLineDecoder.decode($0, reusing: &strings) }
            let fresh = bytes.withUnsafeBufferPointer { FastLineDecoder.decode($0) }
            XCTAssertEqual(reusing?.event, fresh?.event, String(decoding: bytes, as: UTF8.self))
            XCTAssertEqual(reusing?.version, fresh?.version)
        }
        XCTAssertGreaterThan(taken, 1_000, "mutated lines reach the fast path often enough to mean something")
    }
}
