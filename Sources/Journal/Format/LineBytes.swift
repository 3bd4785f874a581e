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

    /// Whether `bytes` are exactly the ASCII `literal`.
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] != literal.utf8Start[index] { return false }
        return true
    }
}
