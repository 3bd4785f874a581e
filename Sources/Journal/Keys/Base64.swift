/// Standard base64 (RFC 4648, with padding), for sealed person fields and key records.
/// Kept here so the journal layer needs no Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

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
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var index = 0
        while index < chars.count {
            var quad: [UInt8] = []
            var padding = 0
            for char in chars[index..<(index + 4)] {
                if char == UInt8(ascii: "=") { padding += 1; quad.append(0); continue }
                guard padding == 0 else { return nil }
                let value = reverse[Int(char)]
                guard value != 0xFF else { return nil }
                quad.append(value)
            }
            guard padding <= 2, padding == 0 || index + 4 == chars.count else { return nil }
            out.append(quad[0] << 2 | quad[1] >> 4)
            if padding < 2 { out.append(quad[1] << 4 | quad[2] >> 2) }
            if padding < 1 { out.append(quad[2] << 6 | quad[3]) }
            index += 4
        }
        return out
    }
}
