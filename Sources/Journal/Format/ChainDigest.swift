import Crypto

/// A SHA-256 digest held as four words, so the hash chain is checked by comparing numbers
/// instead of building a 64-character hex string for every line.
struct ChainDigest: Equatable, Sendable {
    var a: UInt64
    var b: UInt64
    var c: UInt64
    var d: UInt64

    static let genesis = ChainDigest(a: 0, b: 0, c: 0, d: 0)

    init(a: UInt64, b: UInt64, c: UInt64, d: UInt64) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    /// The SHA-256 of a line's bytes.
    init(hashing line: UnsafeBufferPointer<UInt8>) {
        let digest = SHA256.hash(data: UnsafeRawBufferPointer(line))
        var words = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        digest.withUnsafeBytes { raw in
            words = (ChainDigest.bigEndianWord(raw, 0), ChainDigest.bigEndianWord(raw, 8),
                     ChainDigest.bigEndianWord(raw, 16), ChainDigest.bigEndianWord(raw, 24))
        }
        self.init(a: words.0, b: words.1, c: words.2, d: words.3)
    }

    /// Reads 64 lower-case hex digits, as written in `prev`; nil for anything else.
    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 64, let a = ChainDigest.hexWord(hex, 0), let b = ChainDigest.hexWord(hex, 16),
              let c = ChainDigest.hexWord(hex, 32), let d = ChainDigest.hexWord(hex, 48) else { return nil }
        self.init(a: a, b: b, c: c, d: d)
    }

    /// Sixteen lower-case hex digits as a word, without branches: hash digits are random, so a
    /// digit-or-letter branch would mispredict on every other byte.
    private static func hexWord(_ hex: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64? {
        var value: UInt64 = 0
        var bad: UInt8 = 0
        for index in offset..<(offset + 16) {
            let byte = hex[index]
            let digit = byte &- 48
            let letter = byte &- 97
            let isDigit = digit < 10
            bad |= (isDigit || letter < 6) ? 0 : 1
            value = value << 4 | UInt64(isDigit ? digit : letter &+ 10)
        }
        return bad == 0 ? value : nil
    }

    init?(hex: String) {
        var text = hex
        guard let digest = text.withUTF8({ ChainDigest(hex: $0) }) else { return nil }
        self = digest
    }

    /// 64 lower-case hex digits.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 64)
        for (word, value) in [a, b, c, d].enumerated() {
            for nibble in 0..<16 {
                out[word * 16 + nibble] = digits[Int((value >> UInt64(60 - nibble * 4)) & 0xF)]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func bigEndianWord(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + 8) { value = value << 8 | UInt64(raw[index]) }
        return value
    }
}
