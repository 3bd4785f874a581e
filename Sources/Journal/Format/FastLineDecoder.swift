#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases

/// A checksum-verified line, decoded by the journal's own fast path, with its `prev` as a
/// digest rather than text so the chain check compares words.
struct FastDecodedLine: Sendable {
    var event: Event
    /// `prev` as a digest; nil when it is not 64 lower-case hex digits (then `prevText` holds it).
    var prev: ChainDigest?
    var prevText: String?
    var version: Int

    /// The event, moved out of the line rather than copied (a consuming method returning the
    /// field copied it, retaining its payload, and then destroyed the line, releasing it).
    mutating func takeEvent() -> Event {
        var taken = Event.vacated
        swap(&taken, &event)
        return taken
    }
}

/// Decodes the lines writers emit — a compact object with the envelope keys once each — straight
/// from the bytes: the envelope's fields are read in place (no key strings, no dictionary, dates
/// and times parsed from bytes) and only `data` goes through the general `JSONParser`, then
/// `EventCodec`, exactly as before. Anything unusual (whitespace, an escape in an envelope
/// string, an unknown or repeated key, a wrong type) returns nil and the caller takes the
/// general path, which gives the same result and the same error messages as it always did.
enum FastLineDecoder {
    private enum Key: UInt16 {
        case v = 1, w = 2, seq = 4, id = 8, ts = 16, on = 32, by = 64, caseID = 128, type = 256, data = 512, prev = 1024, sum = 2048
    }

    /// The checksum was verified by the caller.
    static func decode(_ line: UnsafeBufferPointer<UInt8>) -> FastDecodedLine? {
        var strings = RepeatedStrings()
        return decode(line, reusing: &strings)
    }

    /// `decode`, taking the writer and the actor from `strings` when a line repeats one (a
    /// journal's writer is on every line, and a desk's counsellor on most).
    static func decode(_ line: UnsafeBufferPointer<UInt8>, reusing strings: inout RepeatedStrings) -> FastDecodedLine? {
        let count = line.count
        guard count > 2, line[0] == UInt8(ascii: "{"), line[count - 1] == UInt8(ascii: "}") else { return nil }
        var index = 1
        var seen: UInt16 = 0
        var version: Int64 = 0, seq: Int64 = 0
        var writer = "", id = "", actor = "", caseID = ""
        // The type's bytes: a known one picks its body reader without making a string.
        var type: Range<Int>?
        var recorded: Timestamp?
        var effective: LocalDate?
        var data: JSONObject?
        var body: EventBody?
        var prev: ChainDigest?
        var prevText: String?
        // The key writers put next, in the order `JournalLine.encode` writes them.
        var expected = 0
        while true {
            let key: Key
            if expected < canonicalOrder.count, let predicted = FastLineDecoder.literal(canonicalOrder[expected], line, at: index) {
                // The bytes are exactly `"key":`, as parsing the key would have read them.
                key = canonicalOrder[expected]
                index = predicted
            } else {
                guard let keyRange = LineBytes.rawString(line, &index), index < count, line[index] == UInt8(ascii: ":"),
                      let parsed = FastLineDecoder.key(UnsafeBufferPointer(rebasing: line[keyRange])) else { return nil }
                index += 1
                key = parsed
            }
            expected += 1
            guard seen & key.rawValue == 0 else { return nil }
            seen |= key.rawValue
            switch key {
            case .v:
                guard let value = integer(line, &index) else { return nil }
                version = value
            case .seq:
                guard let value = integer(line, &index) else { return nil }
                seq = value
            case .ts:
                guard let range = LineBytes.rawString(line, &index),
                      let value = Timestamp(isoBytes: UnsafeBufferPointer(rebasing: line[range])) else { return nil }
                recorded = value
            case .on:
                guard let range = LineBytes.rawString(line, &index),
                      let value = LocalDate(isoBytes: UnsafeBufferPointer(rebasing: line[range])) else { return nil }
                effective = value
            case .prev:
                guard let range = LineBytes.rawString(line, &index) else { return nil }
                let bytes = UnsafeBufferPointer(rebasing: line[range])
                prev = ChainDigest(hex: bytes)
                if prev == nil {
                    // Not a digest: the chain check will fail, but with the general path's reading (bad UTF-8 is not JSON).
                    guard let text = JSONParser.validatedString(bytes) else { return nil }
                    prevText = text
                }
            case .sum:
                guard LineBytes.rawString(line, &index) != nil else { return nil }
            case .data:
                // The commonest bodies are read straight from the bytes once the type is known;
                // anything else (or anything unusual in them) through the JSON parser and the codec.
                if let type, let simple = SimpleBodyDecoder.decode(type: UnsafeBufferPointer(rebasing: line[type]), line, at: &index) {
                    body = simple
                    break
                }
                guard line[index] == UInt8(ascii: "{"),
                      case .object(let object)? = try? JSONParser.parseValue(in: line, at: &index) else { return nil }
                data = object
            case .type:
                guard let range = LineBytes.rawString(line, &index) else { return nil }
                type = range
            case .w, .by:
                guard let range = LineBytes.rawString(line, &index),
                      let text = strings.string(UnsafeBufferPointer(rebasing: line[range])) else { return nil }
                if key == .w { writer = text } else { actor = text }
            case .id, .caseID:
                guard let range = LineBytes.rawString(line, &index),
                      let text = JSONParser.validatedString(UnsafeBufferPointer(rebasing: line[range])) else { return nil }
                if key == .id { id = text } else { caseID = text }
            }
            guard index < count else { return nil }
            if line[index] == UInt8(ascii: "}") { break }
            guard line[index] == UInt8(ascii: ","), index + 1 < count else { return nil }
            index += 1
        }
        // Every envelope key but `data` is required; a line without them takes the general path for its message.
        let required: UInt16 = 0x0FFF & ~Key.data.rawValue
        guard index == count - 1, seen & required == required, seq >= 1, let recorded, let effective, let type,
              prev != nil || prevText != nil else { return nil }
        if body == nil {
            guard let typeName = JSONParser.validatedString(UnsafeBufferPointer(rebasing: line[type])) else { return nil }
            body = EventCodec.decode(type: typeName, data: data ?? JSONObject())
        }
        guard let body else { return nil }
        let event = Event(id: id, writer: writer, seq: Int(seq), recorded: recorded, effective: effective, actor: actor,
                          caseID: caseID, body: body)
        return FastDecodedLine(event: event, prev: prev, prevText: prevText, version: Int(version))
    }

    /// The envelope's keys in the order writers emit them.
    private static let canonicalOrder: [Key] = [.v, .w, .seq, .id, .ts, .on, .by, .caseID, .type, .data, .prev, .sum]

    /// Each key as it appears on a line, `"name":`, packed little-endian into a word (all are at
    /// most eight bytes), with the mask of its bytes.
    private static let literals: [(word: UInt64, mask: UInt64)] = {
        var table = [(word: UInt64, mask: UInt64)](repeating: (0, 0), count: 12)
        let names: [(Key, String)] = [(.v, "v"), (.w, "w"), (.seq, "seq"), (.id, "id"), (.ts, "ts"), (.on, "on"), (.by, "by"),
                                      (.caseID, "case"), (.type, "type"), (.data, "data"), (.prev, "prev"), (.sum, "sum")]
        for (key, name) in names {
            let bytes = Array("\"\(name)\":".utf8)
            var word: UInt64 = 0
            for (offset, byte) in bytes.enumerated() { word |= UInt64(byte) << (8 * UInt64(offset)) }
            table[key.rawValue.trailingZeroBitCount] = (word, bytes.count == 8 ? ~0 : (1 << (8 * UInt64(bytes.count))) - 1)
        }
        return table
    }()

    /// The index just past `"key":` when those are the bytes at `index`; nil otherwise (or too
    /// near the end of the line to read a word).
    @inline(__always)
    private static func literal(_ key: Key, _ line: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index + 8 <= line.count, let base = line.baseAddress else { return nil }
        let (word, mask) = literals[key.rawValue.trailingZeroBitCount]
        let bytes = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self))
        guard bytes & mask == word else { return nil }
        return index + (64 - mask.leadingZeroBitCount) / 8
    }

    /// A small non-negative integer with no sign, fraction or exponent.
    private static func integer(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Int64? {
        var value: Int64 = 0
        let start = index
        while index < line.count, line[index] >= 48, line[index] <= 57, index - start < 18 {
            value = value * 10 + Int64(line[index] - 48)
            index += 1
        }
        guard index > start, index < line.count, !(line[start] == 48 && index - start > 1) else { return nil }
        let next = line[index]
        guard next == UInt8(ascii: ",") || next == UInt8(ascii: "}") else { return nil }
        return value
    }

    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> Key? {
        switch bytes.count {
        case 1: return bytes[0] == UInt8(ascii: "v") ? .v : bytes[0] == UInt8(ascii: "w") ? .w : nil
        case 2:
            switch (bytes[0], bytes[1]) {
            case (UInt8(ascii: "i"), UInt8(ascii: "d")): return .id
            case (UInt8(ascii: "t"), UInt8(ascii: "s")): return .ts
            case (UInt8(ascii: "o"), UInt8(ascii: "n")): return .on
            case (UInt8(ascii: "b"), UInt8(ascii: "y")): return .by
            default: return nil
            }
        case 3:
            if LineBytes.equal(bytes, "seq") { return .seq }
            if LineBytes.equal(bytes, "sum") { return .sum }
            return nil
        case 4:
            if LineBytes.equal(bytes, "case") { return .caseID }
            if LineBytes.equal(bytes, "type") { return .type }
            if LineBytes.equal(bytes, "data") { return .data }
            if LineBytes.equal(bytes, "prev") { return .prev }
            return nil
        default: return nil
        }
    }
}

/// Strings that repeat from line to line, kept with their bytes: a line whose bytes equal one of
/// them gets that string without validating and making it again (equal bytes of valid UTF-8 are
/// the same string). Any other is validated and made as `JSONParser.validatedString` does, and
/// kept in place of the oldest.
struct RepeatedStrings {
    private var known: [(bytes: [UInt8], string: String)] = []
    private var oldest = 0
    private static let capacity = 8

    /// Starting with `strings` (a journal's writer) already known.
    init(_ strings: [String] = []) {
        for string in strings.prefix(RepeatedStrings.capacity) { known.append((Array(string.utf8), string)) }
    }

    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for entry in known where entry.bytes.count == bytes.count {
            let same = entry.bytes.withUnsafeBufferPointer { held in
                bytes.isEmpty || memcmp(held.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            if same { return entry.string }
        }
        guard let made = JSONParser.validatedString(bytes) else { return nil }
        if known.count < RepeatedStrings.capacity {
            known.append((Array(bytes), made))
        } else {
            known[oldest] = (Array(bytes), made)
            oldest = (oldest + 1) % RepeatedStrings.capacity
        }
        return made
    }
}
