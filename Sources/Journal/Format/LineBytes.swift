/// The few byte-level readings shared by the fast paths that read journal lines and sealed
/// persons without a JSON tree (`FastLineDecoder`, `SimpleBodyDecoder`, `PersonPlaintext`).
/// Each declines anything unusual, for the JSON parser to judge.
enum LineBytes {
    /// The bytes of the string starting at `index` (a quote), moving `index` past its closing
    /// quote; nil for an escape or a control byte (the parser's business).
    static func rawString(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Range<Int>? {
        guard index < line.count, line[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var end = start
        // Eight bytes at a time to the first quote, escape or control byte: most of a journal's
        // bytes are in strings, and a sealed person's is 300 long.
        if let base = line.baseAddress {
            let raw = UnsafeRawPointer(base)
            while end + 8 <= line.count {
                let first = firstStringEnd(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end, as: UInt64.self)))
                guard first == 8 else {
                    end += first
                    guard line[end] == UInt8(ascii: "\"") else { return nil }
                    index = end + 1
                    return start..<end
                }
                end += 8
            }
        }
        while end < line.count {
            let byte = line[end]
            if byte == UInt8(ascii: "\"") {
                index = end + 1
                return start..<end
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            end += 1
        }
        return nil
    }

    /// Where the first quote, backslash or byte below 0x20 is among eight bytes (the first in
    /// the lowest), or 8 for none. The usual SWAR tests can mark bytes after a true hit, never
    /// before one, so the lowest mark is exact.
    @inline(__always)
    static func firstStringEnd(_ word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highBits: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highBits }
        let quote = zeroBytes(word ^ (ones &* 0x22)), backslash = zeroBytes(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & highBits
        return (quote | backslash | control).trailingZeroBitCount / 8
    }

    /// Whether the string at `index` (a quote) is plainly `text`, moving `index` past its
    /// closing quote when it is; nothing moves otherwise.
    static func equal(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ text: String) -> Bool {
        var at = index
        guard let range = rawString(line, &at), range.count == text.utf8.count,
              line[range].elementsEqual(text.utf8) else { return false }
        index = at
        return true
    }

    /// Whether `bytes` are exactly the ASCII `literal`.
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] != literal.utf8Start[index] { return false }
        return true
    }
}
