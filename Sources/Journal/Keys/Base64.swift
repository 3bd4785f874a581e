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
        var text = String(text)
        return text.withUTF8 { chars -> [UInt8]? in
            guard chars.count % 4 == 0 else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(chars.count / 4 * 3)
            var index = 0
            while index < chars.count {
                let last = index + 4 == chars.count
                var values: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
                var padding = 0
                for offset in 0..<4 {
                    let char = chars[index + offset]
                    var value: UInt8 = 0
                    if char == UInt8(ascii: "=") {
                        guard last, offset >= 2 else { return nil }
                        padding += 1
                    } else {
                        guard padding == 0 else { return nil }
                        value = reverse[Int(char)]
                        guard value != 0xFF else { return nil }
                    }
                    switch offset {
                    case 0: values.0 = value
                    case 1: values.1 = value
                    case 2: values.2 = value
                    default: values.3 = value
                    }
                }
                out.append(values.0 << 2 | values.1 >> 4)
                if padding < 2 { out.append(values.1 << 4 | values.2 >> 2) }
                if padding < 1 { out.append(values.2 << 6 | values.3) }
                index += 4
            }
            return out
        }
    }
}
