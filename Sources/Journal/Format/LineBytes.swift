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
        // Eight bytes at a time up to the word holding the quote (or an escape or control
        // byte): most of a journal's bytes are in strings, and a sealed person's is 300 long.
        if let base = line.baseAddress {
            let raw = UnsafeRawPointer(base)
            while end + 8 <= line.count, !mayEndString(raw.loadUnaligned(fromByteOffset: end, as: UInt64.self)) { end += 8 }
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

    /// Whether any of the eight bytes is a quote, a backslash or below 0x20 (exact: the usual
    /// SWAR tests can mark bytes after a true hit, never a word without one).
    @inline(__always)
    static func mayEndString(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highBits }
        let quote = hasZero(word ^ (ones &* 0x22)), backslash = hasZero(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & highBits
        return quote | backslash | control != 0
    }

    /// Reads the ASCII `word` (`true`, `false`, `null`) at `index`, moving past it; false, and
    /// `index` unmoved, when something else is there.
    static func literal(_ word: StaticString, _ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        let length = word.utf8CodeUnitCount
        guard index + length <= line.count else { return false }
        for offset in 0..<length where line[index + offset] != word.utf8Start[offset] { return false }
        index += length
        return true
    }

    /// Whether `bytes` are exactly the ASCII `literal`.
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] != literal.utf8Start[index] { return false }
        return true
    }
}
