import CZlib

/// Just enough of the zip format to read an .xlsx: the central directory, stored and deflated
/// entries, and their CRC-32, with every offset, size and stream checked against the bytes.
///
/// This replaced ZIPFoundation for reading, after RosterFuzzTests found two ways a damaged
/// workbook broke it: a directory entry pointing past the end trapped its in-memory reader, and a
/// deflate stream cut short made its inflate loop spin forever (it kept asking for input past
/// the end of the file). A counsellor importing a damaged file must get a clear refusal instead.
struct ZipArchive {
    struct Entry {
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        /// Where the entry's data starts (after its local header).
        var dataStart: Int
        /// The byte offset of its central directory record, for messages.
        var record: Int
    }

    let bytes: [UInt8]
    private(set) var entries: [String: Entry] = [:]

    /// Reads the central directory; throws, naming the byte, when it is damaged.
    init(_ bytes: [UInt8]) throws(RosterError) {
        self.bytes = bytes
        func fail(_ problem: String) -> RosterError { RosterError("the file is not a readable .xlsx workbook (\(problem))") }
        // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
        let lowest = max(0, bytes.count - 22 - 65_535)
        guard bytes.count >= 22,
              let end = stride(from: bytes.count - 22, through: lowest, by: -1).first(where: { u32($0) == 0x0605_4B50 }) else {
            throw fail("no zip directory at its end")
        }
        guard let count = u16(end + 10), let size = u32(end + 12), let start = u32(end + 16), start + size <= end else {
            throw fail("zip directory outside the file, byte \(end)")
        }
        var at = start
        for _ in 0..<count {
            guard u32(at) == 0x0201_4B50, let method = u16(at + 10), let crc = u32(at + 16), let compressed = u32(at + 20),
                  let uncompressed = u32(at + 24), let nameLength = u16(at + 28), let extraLength = u16(at + 30),
                  let commentLength = u16(at + 32), let local = u32(at + 42), at + 46 + nameLength <= end else {
                throw fail("damaged zip directory entry at byte \(at)")
            }
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw fail("zip64 entry at byte \(at); a roster is never that large")
            }
            guard u32(local) == 0x0403_4B50, let localName = u16(local + 26), let localExtra = u16(local + 28),
                  local + 30 + localName + localExtra + compressed <= bytes.count else {
                throw fail("the entry recorded at byte \(at) points outside the file")
            }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            entries[name] = Entry(method: method, crc: UInt32(crc), compressedSize: compressed, uncompressedSize: uncompressed,
                                  dataStart: local + 30 + localName + localExtra, record: at)
            at += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The entry's bytes, inflated and CRC-checked; nil when there is no such entry.
    func contents(_ name: String, limit: Int) throws(RosterError) -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        func fail(_ problem: String) -> RosterError { RosterError("\(name) in the workbook cannot be read (\(problem))") }
        guard entry.uncompressedSize <= limit else { throw RosterError("\(name) in the workbook is larger than \(limit / 1024 / 1024) MB") }
        let data = bytes[entry.dataStart..<(entry.dataStart + entry.compressedSize)]
        let output: [UInt8]
        switch entry.method {
        case 0: output = Array(data)
        case 8:
            guard let inflated = Self.inflate(Array(data), limit: limit) else {
                throw fail("its compressed data is damaged or cut short")
            }
            output = inflated
        default: throw fail("compression method \(entry.method) is not used by Excel")
        }
        let crc = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc, output.count == entry.uncompressedSize else { throw fail("its checksum does not match") }
        return output
    }

    /// Raw deflate of exactly `input`: nil unless the stream ends within it and within `limit` bytes out.
    static func inflate(_ input: [UInt8], limit: Int) -> [UInt8]? {
        var input = input
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        return input.withUnsafeMutableBufferPointer { source -> [UInt8]? in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (result, buffer.count - Int(stream.avail_out))
                }
                output += chunk[..<produced]
                if output.count > limit { return nil }
                switch result {
                case Z_STREAM_END: return output
                case Z_OK where produced > 0 || stream.avail_in > 0: continue
                default: return nil  // damaged, or the input ran out before the stream ended
                }
            }
        }
    }

    private func u16(_ at: Int) -> Int? { at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil }

    private func u32(_ at: Int) -> Int? {
        guard at >= 0, at + 4 <= bytes.count else { return nil }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }
}
