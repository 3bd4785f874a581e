/// Standard base64 (RFC 4648, with padding), for sealed person fields and key records.
/// Kept here so the journal layer needs no Foundation. Decoding works on bytes in place: an open
/// decodes 100,000 sealed persons and a key store 100,000 keys, and each copy showed.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// Each character's 6-bit value; 0xFF for anything outside the alphabet (`=` included).
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()
    private static let pad = UInt8(ascii: "=")

    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let a = iterator.next() {
            let b = iterator.next(), c = iterator.next()
            out.append(alphabet[Int(a >> 2)])
            out.append(alphabet[Int((a & 0x03) << 4 | (b ?? 0) >> 4)])
            out.append(b.map { alphabet[Int(($0 & 0x0F) << 2 | (c ?? 0) >> 6)] } ?? UInt8(ascii: "="))
            out.append(c.map { alphabet[Int($0 & 0x3F)] } ?? UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ decode($0) }) { return result }
        var copy = String(text)
        return copy.withUTF8 { decode($0) }
    }

    static func decode(_ chars: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let count = decodedCount(chars) else { return nil }
        var valid = false
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, written in
            valid = decode(chars, into: buffer.baseAddress!)
            written = valid ? count : 0
        }
        return valid ? out : nil
    }

    /// A 32-byte key from its 44 characters.
    static func decodeKey(_ chars: UnsafeBufferPointer<UInt8>) -> PersonKey? {
        guard decodedCount(chars) == PersonKey.byteCount else { return nil }
        return PersonKey { raw in decode(chars, into: raw.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }

    /// How many bytes `chars` decode to, going by its length and padding alone (nil for a length
    /// that is not a multiple of 4). `decode(_:into:)` then checks every character.
    static func decodedCount(_ chars: UnsafeBufferPointer<UInt8>) -> Int? {
        guard chars.count % 4 == 0 else { return nil }
        guard chars.count > 0 else { return 0 }
        let padding = chars[chars.count - 1] != pad ? 0 : chars[chars.count - 2] == pad ? 2 : 1
        return chars.count / 4 * 3 - padding
    }

    /// Writes the `decodedCount(chars)` bytes `chars` stand for to `out`. False when a character
    /// is outside the alphabet, or `=` is anywhere but the end of the last group of four.
    static func decode(_ chars: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Bool {
        guard chars.count >= 4 else { return chars.isEmpty }
        return reverse.withUnsafeBufferPointer { table -> Bool in
            var index = 0, written = 0
            let lastGroup = chars.count - 4
            while index < lastGroup {
                let a = table[Int(chars[index])], b = table[Int(chars[index + 1])]
                let c = table[Int(chars[index + 2])], d = table[Int(chars[index + 3])]
                guard (a | b | c | d) & 0x80 == 0 else { return false }
                out[written] = a << 2 | b >> 4
                out[written + 1] = b << 4 | c >> 2
                out[written + 2] = c << 6 | d
                index += 4
                written += 3
            }
            // The last group: `xy==` is one byte, `xyz=` two, `xyzw` three.
            let a = table[Int(chars[index])], b = table[Int(chars[index + 1])]
            guard (a | b) & 0x80 == 0 else { return false }
            out[written] = a << 2 | b >> 4
            if chars[index + 2] == pad { return chars[index + 3] == pad }
            let c = table[Int(chars[index + 2])]
            guard c & 0x80 == 0 else { return false }
            out[written + 1] = b << 4 | c >> 2
            if chars[index + 3] == pad { return true }
            let d = table[Int(chars[index + 3])]
            guard d & 0x80 == 0 else { return false }
            out[written + 2] = c << 6 | d
            return true
        }
    }
}
