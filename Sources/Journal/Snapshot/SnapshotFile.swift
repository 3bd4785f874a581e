#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases
import Dispatch

/// A caseload as it stood at known positions in every journal: what a snapshot holds.
public struct CaseloadSnapshot: Sendable {
    /// For every journal the snapshot covers: the byte offset it was read to and the chain
    /// hash (SHA-256 of the last line) there.
    public var positions: [String: JournalPosition]
    public var caseload: Caseload

    public init(positions: [String: JournalPosition], caseload: Caseload) {
        self.positions = positions
        self.caseload = caseload
    }
}

/// The snapshot file, `snapshots/caseload.snapshot`: a cache derived from the journals, never a
/// source of truth.
///
/// Layout (integers little-endian, then LEB128 varints; see README "Snapshots"):
/// `CASESNAP`, format version (u32), reserved (u32), payload length (u64), payload checksum
/// (u64), then the payload: the journals covered (writer, offset, seq, lines, chain hash), the
/// event count, the office-level events, and the cases' events grouped by case in merged order,
/// cut into chunks listed up front so they decode on every core.
public enum SnapshotFile {
    static let magic = Array("CASESNAP".utf8)
    static let formatVersion: UInt32 = 1
    static let headerLength = 32
    /// Cases per chunk: enough chunks to keep both cores busy, few enough to stay cheap.
    static let casesPerChunk = 2048

    public static func path(in directory: DataDirectory) -> String { directory.snapshot }

    // MARK: Writing

    /// Writes atomically through `FileIO.writeAtomically`: a temporary file, fsync, rename,
    /// fsync of the folder. A crash leaves the old snapshot or the new one, never a torn one.
    public static func write(_ snapshot: CaseloadSnapshot, to directory: DataDirectory) throws(JournalError) {
        try FileIO.makeDirectory(directory.snapshots)
        removeStrayTemporaries(in: directory)
        try FileIO.writeAtomically(path(in: directory), encode(snapshot))
    }

    static func encode(_ snapshot: CaseloadSnapshot) -> [UInt8] {
        let writers = snapshot.positions.keys.sorted()
        let writerIndex = Dictionary(uniqueKeysWithValues: writers.enumerated().map { ($1, $0) })
        var head = SnapshotEncoder()
        head.count(writers.count)
        for writer in writers {
            let position = snapshot.positions[writer]!
            head.string(writer)
            head.count(position.offset)
            head.count(position.seq)
            head.count(position.lines)
            head.string(position.hash)
        }
        head.count(snapshot.caseload.eventCount)
        head.count(snapshot.caseload.officeEvents.count)
        for event in snapshot.caseload.officeEvents { SnapshotEventCodec.encode(event, writers: writerIndex, into: &head) }

        let groups = snapshot.caseload.caseEventGroups
        let chunkCount = (groups.count + casesPerChunk - 1) / casesPerChunk
        let chunks = ParallelSlots<[UInt8]>(count: chunkCount, empty: [])
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var out = SnapshotEncoder()
            for group in groups[(chunk * casesPerChunk)..<min(groups.count, (chunk + 1) * casesPerChunk)] {
                out.string(group.caseID)
                out.count(group.events.count)
                for event in group.events { SnapshotEventCodec.encode(event, writers: writerIndex, into: &out) }
            }
            chunks.set(chunk, out.bytes)
        }
        let bodies = chunks.all
        head.count(chunkCount)
        for (index, body) in bodies.enumerated() {
            head.count(body.count)
            head.count(min(groups.count, (index + 1) * casesPerChunk) - index * casesPerChunk)
        }
        var payload = head.bytes
        payload.reserveCapacity(payload.count + bodies.reduce(0) { $0 + $1.count })
        for body in bodies { payload.append(contentsOf: body) }

        var file = SnapshotEncoder()
        file.bytes.reserveCapacity(headerLength + payload.count)
        file.bytes.append(contentsOf: magic)
        file.bytes.append(contentsOf: withUnsafeBytes(of: formatVersion.littleEndian, Array.init))
        file.bytes.append(contentsOf: [0, 0, 0, 0])
        file.uint64(UInt64(payload.count))
        file.uint64(payload.withUnsafeBufferPointer(SnapshotChecksum.of))
        file.bytes.append(contentsOf: payload)
        return file.bytes
    }

    // MARK: Reading

    /// The snapshot in the directory, or nil when there is none. A snapshot that cannot be
    /// used (truncated, damaged, another format version) is nil with the reason in `note`.
    public static func load(from directory: DataDirectory) -> (snapshot: CaseloadSnapshot?, note: String?) {
        let path = path(in: directory)
        guard let mapped = MappedFile(path) else { return (nil, nil) }
        do throws(SnapshotError) {
            let parsed = try parse(mapped.bytes)
            mapped.unmap()  // the file's pages go before the cases are folded: they are not needed and would raise the peak
            return (try parsed.caseload(), nil)
        } catch {
            mapped.unmap()
            return (nil, "ignored the snapshot (\(error.description)); replaying the journals in full")
        }
    }

    /// A snapshot's contents, decoded but not yet folded into cases.
    struct Parsed {
        var positions: [String: JournalPosition]
        var eventCount: Int
        var officeEvents: [Event]
        var groups: [(caseID: String, events: [Event])]

        func caseload() throws(SnapshotError) -> CaseloadSnapshot {
            guard let caseload = Caseload(groups: groups, officeEvents: officeEvents), caseload.eventCount == eventCount else {
                throw SnapshotError("its events do not form a caseload")
            }
            return CaseloadSnapshot(positions: positions, caseload: caseload)
        }
    }

    static func decode(_ buffer: UnsafeBufferPointer<UInt8>) throws(SnapshotError) -> CaseloadSnapshot {
        try parse(buffer).caseload()
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(SnapshotError) -> Parsed {
        guard buffer.count >= headerLength else { throw SnapshotError("it is cut short") }
        guard Array(buffer[0..<8]) == magic else { throw SnapshotError("it is not a Caseload snapshot") }
        let version = UInt32(buffer[8]) | UInt32(buffer[9]) << 8 | UInt32(buffer[10]) << 16 | UInt32(buffer[11]) << 24
        guard version == formatVersion else { throw SnapshotError("it has format version \(version), not \(formatVersion)") }
        guard buffer[12...15].allSatisfy({ $0 == 0 }) else { throw SnapshotError("its reserved header bytes are not zero") }
        var header = SnapshotDecoder(buffer, from: 16, to: headerLength)
        let length = try header.uint64()
        let checksum = try header.uint64()
        guard length == UInt64(buffer.count - headerLength) else { throw SnapshotError("it is cut short or has bytes added") }
        let payload = UnsafeBufferPointer(rebasing: buffer[headerLength...])
        guard SnapshotChecksum.of(payload) == checksum else { throw SnapshotError("its checksum does not match") }

        var input = SnapshotDecoder(payload)
        var positions: [String: JournalPosition] = [:]
        var writers: [String] = []
        for _ in 0..<(try input.count()) {
            let writer = try input.string()
            let offset = try input.number(), seq = try input.number(), lines = try input.number()
            let position = JournalPosition(offset: offset, seq: seq, hash: try input.string(), lines: lines)
            guard positions.updateValue(position, forKey: writer) == nil else { throw SnapshotError("a journal is listed twice") }
            writers.append(writer)
        }
        let eventCount = try input.number()
        var officeEvents: [Event] = []
        for _ in 0..<(try input.count()) { officeEvents.append(try SnapshotEventCodec.decode(&input, caseID: "", writers: writers)) }
        var chunkRanges: [(range: Range<Int>, cases: Int)] = []
        let chunkCount = try input.count()
        var sizes: [(Int, Int)] = []
        for _ in 0..<chunkCount { sizes.append((try input.count(), try input.count())) }
        var start = input.index
        for (size, cases) in sizes {
            guard size <= payload.count - start else { throw SnapshotError("a chunk runs past the end") }
            chunkRanges.append((start..<(start + size), cases))
            start += size
        }
        guard start == payload.count else { throw SnapshotError("it has bytes after the last chunk") }

        let shared = SharedPayload(bytes: payload)
        let ranges = chunkRanges, journalWriters = writers
        let decoded = ParallelSlots<Result<[(caseID: String, events: [Event])], SnapshotError>>(count: chunkCount, empty: .success([]))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            decoded.set(chunk, Result { () throws(SnapshotError) in
                try decodeChunk(shared.bytes, ranges[chunk].range, cases: ranges[chunk].cases, writers: journalWriters)
            })
        }
        var groups: [(caseID: String, events: [Event])] = []
        groups.reserveCapacity(chunkRanges.reduce(0) { $0 + $1.cases })
        for result in decoded.all { groups.append(contentsOf: try result.get()) }
        return Parsed(positions: positions, eventCount: eventCount, officeEvents: officeEvents, groups: groups)
    }

    private static func decodeChunk(_ payload: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, cases: Int,
                                    writers: [String]) throws(SnapshotError) -> [(caseID: String, events: [Event])] {
        var input = SnapshotDecoder(payload, from: range.lowerBound, to: range.upperBound)
        var groups: [(caseID: String, events: [Event])] = []
        groups.reserveCapacity(cases)
        for _ in 0..<cases {
            let caseID = try input.string()
            let count = try input.count()
            var events: [Event] = []
            events.reserveCapacity(count)
            for _ in 0..<count { events.append(try SnapshotEventCodec.decode(&input, caseID: caseID, writers: writers)) }
            groups.append((caseID, events))
        }
        guard input.isAtEnd else { throw SnapshotError("a chunk has bytes left over") }
        return groups
    }

    // MARK: Temporary files

    /// Removes temporary files that a process killed mid-write left behind (`FileIO.writeAtomically`
    /// names them `<file>.tmp-<pid>`); a live process's temporary file is left alone.
    static func removeStrayTemporaries(in directory: DataDirectory) {
        for name in FileIO.listDirectory(directory.snapshots) {
            guard let marker = name.range(of: ".tmp-"), let pid = Int32(name[marker.upperBound...]) else { continue }
            if pid != getpid(), kill(pid, 0) == 0 { continue }
            if pid == getpid() { continue }
            unlink(directory.snapshots + "/" + name)
        }
    }
}

/// The snapshot's bytes, shared read-only with the decoding threads.
private struct SharedPayload: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}

/// One result slot per parallel task, behind a lock.
final class ParallelSlots<Item>: @unchecked Sendable {
    private var items: [Item]
    private let lock = Mutex()

    init(count: Int, empty: Item) { items = Array(repeating: empty, count: count) }

    func set(_ index: Int, _ item: Item) { lock.locked { items[index] = item } }

    var all: [Item] { lock.locked { items } }
}

/// A whole file mapped read-only: the snapshot is read straight from the page cache, with no
/// zero-filled buffer and no copy. Snapshots are only ever replaced by rename, never cut in
/// place, so the mapped file cannot shrink under the reader.
private final class MappedFile {
    private var base: UnsafeMutableRawPointer?
    private let size: Int

    init?(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        size = Int(info.st_size)
        guard size > 0 else {
            base = nil
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), mapped != MAP_FAILED else { return nil }
        base = mapped
    }

    deinit { unmap() }

    var bytes: UnsafeBufferPointer<UInt8> {
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
    }

    func unmap() {
        if let base { munmap(base, size) }
        base = nil
    }
}
