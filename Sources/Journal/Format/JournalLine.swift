import Cases
import Crypto

/// The on-disk form of one event: a single line of UTF-8 JSON.
///
/// ```
/// {"v":1,"w":"desk-01","seq":7,"id":"…","ts":"2026-11-29T09:12:03.120+08:00","on":"2026-11-29",
///  "by":"wangfang","case":"G-7KQ2M9X","type":"contact_logged","data":{…},"prev":"<sha256 hex>","sum":"<crc32c hex>"}
/// ```
/// `sum` is always last: it is the CRC-32C of every byte of the line before `,"sum":"`.
/// `prev` is the SHA-256 of the previous line of the same journal (its bytes, without the
/// newline); the first line's `prev` is 64 zeros. See README "Journal format".
public enum JournalLine {
    public static let formatVersion = 1
    public static let genesisHash = String(repeating: "0", count: 64)
    /// `,"sum":"` + 8 hex + `"}`
    static let sumSuffixLength = 18
    static let sumMarker = Array(#","sum":""#.utf8)

    /// Encodes an event that already has its writer and seq.
    public static func encode(_ event: Event, prev: String) -> [UInt8] {
        var object = JSONObject()
        object["v"] = .int(Int64(formatVersion))
        object["w"] = .string(event.writer)
        object["seq"] = .int(Int64(event.seq))
        object["id"] = .string(event.id)
        object["ts"] = .string(event.recorded.iso)
        object["on"] = .string(event.effective.iso)
        object["by"] = .string(event.actor)
        object["case"] = .string(event.caseID)
        object["type"] = .string(event.type)
        object["data"] = .object(EventCodec.encode(event.body))
        object["prev"] = .string(prev)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(400)
        JSONWriter.write(.object(object), into: &bytes)
        bytes.removeLast()  // the closing brace; the sum goes before it
        let sum = CRC32C.checksum(bytes)
        bytes.append(contentsOf: sumMarker)
        bytes.append(contentsOf: CRC32C.hex(sum).utf8)
        bytes.append(contentsOf: #""}"#.utf8)
        return bytes
    }

    /// SHA-256 of a line's bytes, hex: the next line's `prev`.
    public static func hash(_ line: UnsafeBufferPointer<UInt8>) -> String {
        ChainDigest(hashing: line).hex
    }

    public static func hash(_ line: [UInt8]) -> String {
        line.withUnsafeBufferPointer { hash($0) }
    }

    /// What is wrong with a line, without location (the reader adds file, line and offset).
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case checksumMismatch(expected: String, actual: String)
        case missingChecksum
        case notJSON(String)
        case missingField(String)
        case badField(String, String)

        public var description: String {
            switch self {
            case .checksumMismatch(let expected, let actual): "checksum mismatch (line says \(expected), bytes give \(actual))"
            case .missingChecksum: "no checksum at the end of the line"
            case .notJSON(let why): "not valid JSON (\(why))"
            case .missingField(let field): "missing field \"\(field)\""
            case .badField(let field, let why): "field \"\(field)\" \(why)"
            }
        }
    }

    /// A decoded, checksum-verified line.
    public struct Decoded: Sendable {
        public var event: Event
        public var prev: String
        public var version: Int
    }

    /// Verifies the checksum and decodes the line. The chain (`prev`) is checked by the reader.
    public static func decode(_ line: UnsafeBufferPointer<UInt8>) throws(Problem) -> Decoded {
        try verifyChecksum(line)
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch { throw .notJSON(error.description) }
        guard case .object(let o) = value else { throw .notJSON("not an object") }
        func string(_ key: String) throws(Problem) -> String {
            guard let v = o[key] else { throw .missingField(key) }
            guard let s = v.stringValue else { throw .badField(key, "is not a string") }
            return s
        }
        guard let version = o["v"]?.intValue else { throw .missingField("v") }
        guard let seq = o["seq"]?.intValue, seq >= 1 else { throw .badField("seq", "is not a positive integer") }
        let tsText = try string("ts")
        guard let ts = Timestamp(iso: tsText) else { throw .badField("ts", "is not a timestamp") }
        let onText = try string("on")
        guard let on = LocalDate(iso: onText) else { throw .badField("on", "is not a date") }
        let type = try string("type")
        let data = o["data"]?.objectValue ?? JSONObject()
        let event = Event(id: try string("id"), writer: try string("w"), seq: Int(seq), recorded: ts, effective: on,
                          actor: try string("by"), caseID: try string("case"), body: EventCodec.decode(type: type, data: data))
        return Decoded(event: event, prev: try string("prev"), version: Int(version))
    }

    static func verifyChecksum(_ line: UnsafeBufferPointer<UInt8>) throws(Problem) {
        let count = line.count
        guard count > sumSuffixLength else { throw .missingChecksum }
        let markerStart = count - sumSuffixLength
        for (offset, byte) in sumMarker.enumerated() where line[markerStart + offset] != byte { throw .missingChecksum }
        guard line[count - 2] == UInt8(ascii: "\""), line[count - 1] == UInt8(ascii: "}") else { throw .missingChecksum }
        let digitsStart = markerStart + sumMarker.count
        let actual = CRC32C.checksum(UnsafeBufferPointer(rebasing: line[0..<markerStart]))
        // Compare the written digits with the lower-case hex of the actual sum in place; strings only for the message.
        let hexDigits: StaticString = "0123456789abcdef"
        var matches = true
        for nibble in 0..<8 where line[digitsStart + nibble] != hexDigits.utf8Start[Int((actual >> UInt32(28 - nibble * 4)) & 0xF)] {
            matches = false
            break
        }
        guard !matches else { return }
        let written = String(decoding: UnsafeBufferPointer(rebasing: line[digitsStart..<(count - 2)]), as: UTF8.self)
        throw .checksumMismatch(expected: written, actual: CRC32C.hex(actual))
    }

    /// Verifies the checksum and decodes the line through the fast path when the line has the
    /// usual shape, else through `decode`. Returns the same event either way.
    static func decodeForScan(_ line: UnsafeBufferPointer<UInt8>, reusing strings: inout RepeatedStrings) throws(Problem) -> FastDecodedLine {
        try verifyChecksum(line)
        if let fast = FastLineDecoder.decode(line, reusing: &strings) { return fast }
        let general = try decode(line)
        let prev = ChainDigest(hex: general.prev)
        return FastDecodedLine(event: general.event, prev: prev, prevText: prev == nil ? general.prev : nil, version: general.version)
    }
}
