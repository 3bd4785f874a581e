import Foundation
import XCTest
import Cases
@testable import Journal

final class LineFormatTests: JournalTestCase {
    /// Bit-at-a-time CRC-32C, the definition the table-driven one must match.
    private func referenceCRC32C(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    func testCRC32CKnownVectors() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(CRC32C.hex(CRC32C.checksum(Array("123456789".utf8))), "e3069283")
        XCTAssertEqual(CRC32C.checksum([]), 0)
        // RFC 3720 (iSCSI) B.4 vectors: 32 zeros, 32 0xFF, ascending and descending bytes.
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8($0) }), 0x46DD_794E)
        XCTAssertEqual(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }), 0x113F_DB5C)
        XCTAssertEqual(CRC32C.hex(0x1), "00000001")
        XCTAssertEqual(CRC32C.hex(0), "00000000")
    }

    func testHardwareAndSlicingByEightMatchTheBitwiseDefinitionAtEveryLength() {
        var rng = SeededGenerator(seed: 0x3720)
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            XCTAssertEqual(CRC32C.checksum(bytes), referenceCRC32C(bytes), "length \(length)")
            // The processor's instruction (when `usesHardware`) and the tables agree, from any start.
            for start in 0..<min(length, 9) {
                let slice = Array(bytes[start...])
                let software = slice.withUnsafeBufferPointer(CRC32C.checksumInSoftware)
                XCTAssertEqual(CRC32C.checksum(slice), software, "length \(length) from \(start), hardware: \(CRC32C.usesHardware)")
            }
        }
    }

    private func writeJournal(_ count: Int = 6) throws -> (DataDirectory, [Event], [UInt8]) {
        let directory = try makeDataDirectory()
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        var stored: [Event] = []
        for index in 0..<count {
            stored.append(try writer.append(makeEvent("E\(index)", case: "G-AAAAAAA",
                                                      index == 0 ? Samples.opened(.graduate) : .noteAdded(text: "第\(index)条"),
                                                      minutes: index)))
        }
        writer.close()
        return (directory, stored, readBytes(directory.journal(writer: "desk-01")))
    }

    func testSumIsCRC32COfTheBytesBeforeTheSumField() throws {
        let (_, stored, bytes) = try writeJournal()
        let lines = splitLines(bytes)
        XCTAssertEqual(lines.count, stored.count)
        XCTAssertEqual(bytes.last, 0x0A)
        let marker = Array(#","sum":""#.utf8)
        for (index, line) in lines.enumerated() {
            XCTAssertEqual(Array(line.suffix(2)), Array(#""}"#.utf8))
            let markerStart = line.count - 18
            XCTAssertEqual(Array(line[markerStart..<markerStart + marker.count]), marker, "line \(index + 1)")
            let written = String(decoding: line[(markerStart + marker.count)..<(line.count - 2)], as: UTF8.self)
            XCTAssertEqual(written, CRC32C.hex(referenceCRC32C(Array(line[..<markerStart]))), "line \(index + 1)")
            let object = try XCTUnwrap(JSONParser.parse(line).objectValue)
            XCTAssertEqual(object.keys, ["v", "w", "seq", "id", "ts", "on", "by", "case", "type", "data", "prev", "sum"])
            XCTAssertEqual(object["v"], 1)
            XCTAssertEqual(object["w"], "desk-01")
            XCTAssertEqual(object["seq"]?.intValue, Int64(index + 1), "seq is gapless from 1")
            XCTAssertEqual(object["ts"]?.stringValue, stored[index].recorded.iso)
            XCTAssertEqual(object["type"]?.stringValue, stored[index].type)
            XCTAssertEqual(object["sum"]?.stringValue, written)
        }
    }

    func testPrevChainsBySHA256FromSixtyFourZeros() throws {
        let (directory, stored, bytes) = try writeJournal()
        let lines = splitLines(bytes)
        XCTAssertEqual(JournalLine.genesisHash, String(repeating: "0", count: 64))
        var expected = JournalLine.genesisHash
        for (index, line) in lines.enumerated() {
            XCTAssertEqual(try JSONParser.parse(line)["prev"]?.stringValue, expected, "line \(index + 1)")
            expected = JournalLine.hash(line)
            XCTAssertEqual(expected.count, 64)
        }
        XCTAssertEqual(JournalLine.hash(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let scan = JournalScanner.scan(bytes, file: "j", writer: "desk-01")
        XCTAssertEqual(scan.position, JournalPosition(offset: bytes.count, seq: stored.count, hash: expected, lines: stored.count))
        XCTAssertEqual(try Verifier.verify(directory).first?.head, expected)
    }

    /// The format checked by an independent implementation: Python's json, hashlib and a
    /// from-the-definition CRC-32C.
    func testPythonAgreesWithSumPrevAndSeq() throws {
        let (directory, stored, _) = try writeJournal()
        let script = """
        import hashlib, json, sys
        def crc32c(data):
            crc = 0xFFFFFFFF
            for b in data:
                crc ^= b
                for _ in range(8):
                    crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
            return crc ^ 0xFFFFFFFF
        prev = "0" * 64
        count = 0
        for number, raw in enumerate(open(sys.argv[1], "rb").read().split(b"\\n")[:-1], 1):
            obj = json.loads(raw)
            assert list(obj)[-1] == "sum", number
            cut = raw.rindex(b',"sum":"')
            assert obj["sum"] == "%08x" % crc32c(raw[:cut]), number
            assert obj["prev"] == prev, number
            assert obj["seq"] == number, number
            prev = hashlib.sha256(raw).hexdigest()
            count = number
        print(count, prev)
        """
        guard let result = try runTool("python3", ["-c", script, directory.journal(writer: "desk-01")]) else {
            throw XCTSkip("python3 is not installed")
        }
        XCTAssertEqual(result.status, 0, result.output)
        let head = try XCTUnwrap(Verifier.verify(directory).first?.head)
        XCTAssertEqual(result.output.trimmingCharacters(in: .whitespacesAndNewlines), "\(stored.count) \(head)")
    }

    func testDecodeReportsEachProblem() throws {
        let good = String(decoding: JournalLine.encode(
            Event(id: "E1", writer: "desk-01", seq: 1, recorded: binzhouTime(), effective: day("2026-11-29"), actor: "w",
                  caseID: "G-AAAAAAA", body: .noteAdded(text: "x")), prev: JournalLine.genesisHash), as: UTF8.self)
        let body = String(good.dropLast(18))  // without `,"sum":"…"}`
        func replacing(_ target: String, _ replacement: String) -> [UInt8] {
            sealedLine(body.replacingOccurrences(of: target, with: replacement))
        }
        var flipped = Array(good.utf8)
        flipped[20] ^= 0x01
        let cases: [([UInt8], JournalLine.Problem)] = [
            (flipped, .checksumMismatch(expected: String(good.suffix(10).prefix(8)), actual: CRC32C.hex(CRC32C.checksum(Array(flipped.dropLast(18)))))),
            (Array(body.utf8) + Array("}".utf8), .missingChecksum),
            (Array(good.utf8.dropLast()), .missingChecksum),
            (Array(#"{"sum":"00000000"}"#.utf8), .missingChecksum),
            (Array(sealedLine(#"{"v":1"#).dropLast(2)) + Array(#""]"#.utf8), .missingChecksum),
            (sealedLine("[1"), .notJSON(#"byte 8: expected ',' or ']'"#)),
            (replacing(#""v":1,"#, ""), .missingField("v")),
            (replacing(#""seq":1"#, #""seq":0"#), .badField("seq", "is not a positive integer")),
            (replacing(#""seq":1"#, #""seq":"1""#), .badField("seq", "is not a positive integer")),
            (replacing(#""ts":"2026-11-29T09:00:00.000+08:00""#, #""ts":"yesterday""#), .badField("ts", "is not a timestamp")),
            (replacing(#""ts":"2026-11-29T09:00:00.000+08:00""#, #""ts":7"#), .badField("ts", "is not a string")),
            (replacing(#""on":"2026-11-29""#, #""on":"2026-11-31""#), .badField("on", "is not a date")),
            (replacing(#","type":"note_added""#, ""), .missingField("type")),
            (replacing(#""id":"E1""#, #""id":null"#), .badField("id", "is not a string")),
            (replacing(#""w":"desk-01""#, #""x":"desk-01""#), .missingField("w")),
            (replacing(#""by":"w""#, #""by":1"#), .badField("by", "is not a string")),
            (replacing(#""case":"G-AAAAAAA""#, #""kase":"G-AAAAAAA""#), .missingField("case")),
            (replacing(#""prev":""#, #""prev_":""#), .missingField("prev")),
        ]
        for (line, problem) in cases {
            let text = String(decoding: line, as: UTF8.self)
            do {
                _ = try line.withUnsafeBufferPointer { buffer throws(JournalLine.Problem) in try JournalLine.decode(buffer) }
                XCTFail("decoded \(text)")
            } catch {
                XCTAssertEqual(error, problem, text)
            }
        }
        XCTAssertEqual(JournalLine.Problem.missingField("v").description, #"missing field "v""#)
        XCTAssertEqual(JournalLine.Problem.checksumMismatch(expected: "a", actual: "b").description,
                       "checksum mismatch (line says a, bytes give b)")
    }

    func testScanningContinuesFromAPosition() throws {
        let (_, stored, bytes) = try writeJournal()
        let offsets = lineOffsets(bytes)
        let first = JournalScanner.scan(Array(bytes[..<offsets[3]]), file: "j", writer: "desk-01", keepRawLines: true)
        XCTAssertEqual(first.events, Array(stored.prefix(3)))
        XCTAssertEqual(first.rawLines, Array(splitLines(bytes).prefix(3)))
        let rest = JournalScanner.scan(Array(bytes[offsets[3]...]), file: "j", writer: "desk-01", from: first.position)
        XCTAssertEqual(rest.events, Array(stored.dropFirst(3)))
        XCTAssertNil(rest.damage)
        XCTAssertEqual(rest.position.offset, bytes.count)
        XCTAssertEqual(rest.position.lines, stored.count)
        XCTAssertEqual(JournalScanner.scan([UInt8](), file: "j", writer: "desk-01").position, .start)
    }

    func testEventsAreAssignedWriterAndSeqAcrossReopens() throws {
        let directory = try makeDataDirectory()
        var writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        let batch = try writer.append([makeEvent("A", case: "G-1", .noteAdded(text: "a"), minutes: 0),
                                       makeEvent("B", case: "G-1", .noteAdded(text: "b"), minutes: 0)])
        XCTAssertEqual(batch.map(\.seq), [1, 2])
        XCTAssertEqual(batch.map(\.writer), ["desk-01", "desk-01"])
        XCTAssertEqual(try writer.append([]), [])
        writer.close()
        writer.close()  // twice is harmless
        writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        XCTAssertEqual(writer.existingEvents, batch)
        XCTAssertEqual(try writer.append(makeEvent("C", case: "G-1", .noteAdded(text: "c"), minutes: 1)).seq, 3)
        writer.close()
        XCTAssertEqual(try Verifier.verify(directory).first?.lastSeq, 3)
    }
}
