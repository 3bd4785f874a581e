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
        guard hex.count == 64, let base = hex.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        guard let a = ChainDigest.hexWord(raw, 0), let b = ChainDigest.hexWord(raw, 16),
              let c = ChainDigest.hexWord(raw, 32), let d = ChainDigest.hexWord(raw, 48) else { return nil }
        self.init(a: a, b: b, c: c, d: d)
    }

    /// Sixteen lower-case hex digits as a word, eight bytes at a time (SWAR): hash digits are
    /// random, so a per-byte digit-or-letter branch would mispredict on every other byte, and a
    /// byte loop was 2% of a cold open.
    private static func hexWord(_ raw: UnsafeRawPointer, _ offset: Int) -> UInt64? {
        guard let high = hexHalf(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))),
              let low = hexHalf(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))) else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }

    /// Eight hex digits (the first in the lowest byte) as their 32-bit value; nil unless every
    /// byte is `0`–`9` or `a`–`f`.
    static func hexHalf(_ bytes: UInt64) -> UInt32? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        guard bytes & highBits == 0 else { return nil }
        // With every byte below 0x80, adding 0x80 - n to each byte sets its high bit exactly
        // when the byte is at least n, and no byte carries into the next.
        let atLeast0 = bytes &+ ones &* 0x50, above9 = bytes &+ ones &* 0x46
        let atLeastA = bytes &+ ones &* 0x1F, aboveF = bytes &+ ones &* 0x19
        let valid = (atLeast0 & ~above9) | (atLeastA & ~aboveF)
        guard valid & highBits == highBits else { return nil }
        // '0'–'9' are 0x30–0x39 and 'a'–'f' 0x61–0x66: the low nibble, plus 9 for a letter (bit 6).
        let nibbles = (bytes & (ones &* 0x0F)) &+ ((bytes >> 6) & ones) &* 9
        // Pair the nibbles into bytes (the first digit is the high nibble), then gather the bytes.
        var packed = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF_00FF_00FF_00FF
        packed = (packed | (packed >> 8)) & 0x0000_FFFF_0000_FFFF
        packed = (packed | (packed >> 16)) & 0x0000_0000_FFFF_FFFF
        return UInt32(truncatingIfNeeded: packed).byteSwapped
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
