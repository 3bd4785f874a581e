#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Journal
import SystemPackage

/// A run of one local journal's verified lines, read from disk: the bytes and where each
/// line ends, so lines can be sent in batches without copying each into its own array.
struct LocalLines {
    /// The seq of the first line in `bytes`.
    var firstSeq: Int
    var bytes: [UInt8]
    /// Offsets in `bytes` of each line's newline.
    var ends: [Int]
    /// Where the run ends in the file.
    var end: JournalPosition

    var count: Int { ends.count }
    var lastSeq: Int { firstSeq + ends.count - 1 }

    /// The bytes of line `seq` (without its newline).
    func line(_ seq: Int) -> ArraySlice<UInt8> {
        let index = seq - firstSeq
        let start = index == 0 ? 0 : ends[index - 1] + 1
        return bytes[start..<ends[index]]
    }

    func hash(_ seq: Int) -> String {
        line(seq).withUnsafeBufferPointer { JournalLine.hash($0) }
    }

    /// Reads and verifies a journal from `from` (a position already verified) to its last whole
    /// line. Damage stops the read with an error: a damaged journal is never sent.
    static func read(directory: DataDirectory, writer: String, from: JournalPosition) throws(HubError) -> LocalLines {
        let path = directory.journal(writer: writer)
        var bytes: [UInt8]
        do {
            bytes = try Self.readFile(path, from: from.offset)
        }
        let scan = JournalScanner.scan(bytes, file: path, writer: writer, from: from)
        if let damage = scan.damage {
            throw .journal(.damaged(damage))
        }
        let verified = scan.position.offset - from.offset
        if bytes.count > verified { bytes.removeLast(bytes.count - verified) }
        var ends: [Int] = []
        ends.reserveCapacity(scan.position.lines - from.lines)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count, let found = memchr(base + start, 0x0A, buffer.count - start) {
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                ends.append(end)
                start = end + 1
            }
        }
        return LocalLines(firstSeq: from.seq + 1, bytes: bytes, ends: ends, end: scan.position)
    }

    static func readFile(_ path: String, from offset: Int) throws(HubError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return [] }
            throw .journal(.io(operation: "open", path: path, errno: .init(rawValue: errno)))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var position = offset
        while true {
            let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .journal(.io(operation: "read", path: path, errno: .init(rawValue: errno)))
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
            position += got
        }
        return bytes
    }
}
