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
    /// Where the restored cases' events wait, when this came from a file.
    var eventSource: SnapshotEventSource?
    /// The people of its cases, as decoded (nil: read them from `caseload`).
    var people: CasePeople?

    /// The people of its cases, for checking them against the key store.
    var casePeople: CasePeople { people ?? caseload.people }

    public init(positions: [String: JournalPosition], caseload: Caseload) {
        self.positions = positions
        self.caseload = caseload
    }
}

/// The snapshot file, `snapshots/caseload.snapshot`: a cache derived from the journals, never a
/// source of truth.
///
/// Layout (integers little-endian, then LEB128 varints; see README "Snapshots"): a 40-byte
/// header — `CASESNAP`, format version (u32), the fingerprint of the closed value sets (u32),
/// payload length (u64), index length (u64), index checksum (u64) — then the payload. The index
/// holds the journals covered (writer, offset, seq, lines, chain hash), the event count, the
/// office-level events, a table of chunks, and each chunk's cases: id, folded record, event
/// count and the length of its encoded events. The events follow, chunk by chunk, each chunk
/// with its own checksum in the table, each case's self-contained so a later snapshot can copy
/// them as they are. A warm open reads the index and checks the events without decoding them;
/// a case's events are decoded the first time they are read (`SnapshotEventSource`).
public enum SnapshotFile {
    static let magic = Array("CASESNAP".utf8)
    static let formatVersion: UInt32 = 3
    static let headerLength = 40
    /// Cases per chunk: enough chunks to keep both cores busy, few enough to stay cheap.
    static let casesPerChunk = 2048

    public static func path(in directory: DataDirectory) -> String { directory.snapshot }

    // MARK: Writing

    /// Writes atomically through `FileIO.writeAtomically`: a temporary file, fsync, rename,
    /// fsync of the folder. A crash leaves the old snapshot or the new one, never a torn one.
    public static func write(_ snapshot: CaseloadSnapshot, to directory: DataDirectory) throws(JournalError) {
        try FileIO.makeDirectory(directory.snapshots)
        removeStrayTemporaries(in: directory)
        guard let bytes = encode(snapshot) else {
            throw .config("the snapshot was not written: a case's history could not be read back from the previous one")
        }
        try FileIO.writeAtomically(path(in: directory), bytes)
    }

    /// The snapshot's bytes; nil when a case's events, still deferred to the snapshot this
    /// caseload came from, cannot be read back as they were written (nothing partial is written).
    static func encode(_ snapshot: CaseloadSnapshot) -> [UInt8]? {
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

        let entries = snapshot.caseload.snapshotEntries
        let chunkCount = (entries.count + casesPerChunk - 1) / casesPerChunk
        let chunks = ParallelSlots<(index: [UInt8], events: [UInt8])?>(count: chunkCount, empty: nil)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var index = SnapshotEncoder(), events = SnapshotEncoder()
            for entry in entries[(chunk * casesPerChunk)..<min(entries.count, (chunk + 1) * casesPerChunk)] {
                index.string(entry.caseID)
                index.bool(entry.record != nil)
                if let record = entry.record { SnapshotRecordCodec.encode(record, writers: writerIndex, into: &index) }
                let start = events.bytes.count
                if let location = entry.events.deferredLocation, let source = location.source as? SnapshotEventSource {
                    // Still encoded, as this format writes them: copied, not decoded and encoded again.
                    guard let encoded = source.encodedEvents(ofCase: location.index) else { return }
                    events.bytes.append(contentsOf: encoded)
                } else {
                    // Each event names its writer in full, and the case gets an encoder (and so a
                    // shared-string table) of its own, so its bytes stand alone: read one case at a time.
                    var own = SnapshotEncoder()
                    for event in entry.events { SnapshotEventCodec.encode(event, writers: [:], into: &own) }
                    events.bytes.append(contentsOf: own.bytes)
                }
                index.count(entry.events.count)
                index.count(events.bytes.count - start)
                index.uint64(events.bytes[start...].withUnsafeBufferPointer(SnapshotChecksum.of))
            }
            chunks.set(chunk, (index.bytes, events.bytes))
        }
        var bodies: [(index: [UInt8], events: [UInt8])] = []
        for body in chunks.all {
            guard let body else { return nil }
            bodies.append(body)
        }
        head.count(chunkCount)
        for (number, body) in bodies.enumerated() {
            head.count(body.index.count)
            head.count(min(entries.count, (number + 1) * casesPerChunk) - number * casesPerChunk)
            head.count(body.events.count)
            head.uint64(body.events.withUnsafeBufferPointer(SnapshotChecksum.of))
        }
        var payload = head.bytes
        payload.reserveCapacity(payload.count + bodies.reduce(0) { $0 + $1.index.count + $1.events.count })
        for body in bodies { payload.append(contentsOf: body.index) }
        let indexLength = payload.count
        for body in bodies { payload.append(contentsOf: body.events) }

        var file = SnapshotEncoder()
        file.bytes.reserveCapacity(headerLength + payload.count)
        file.bytes.append(contentsOf: magic)
        file.bytes.append(contentsOf: withUnsafeBytes(of: formatVersion.littleEndian, Array.init))
        file.bytes.append(contentsOf: withUnsafeBytes(of: SnapshotChoices.fingerprint.littleEndian, Array.init))
        file.uint64(UInt64(payload.count))
        file.uint64(UInt64(indexLength))
        file.uint64(payload.withUnsafeBufferPointer { SnapshotChecksum.of(UnsafeBufferPointer(rebasing: $0[..<indexLength])) })
        file.bytes.append(contentsOf: payload)
        return file.bytes
    }

    // MARK: Reading

    /// The snapshot in the directory, or nil when there is none. A snapshot that cannot be
    /// used (truncated, damaged, another format version) is nil with the reason in `note`.
    /// The file stays open while the caseload's deferred events point into it.
    public static func load(from directory: DataDirectory) -> (snapshot: CaseloadSnapshot?, note: String?) {
        guard let mapped = MappedFile(path(in: directory)) else { return (nil, nil) }
        do throws(SnapshotError) {
            return (try decode(mapped), nil)
        } catch {
            return (nil, "ignored the snapshot (\(error.description)); replaying the journals in full")
        }
    }

    /// Decodes a snapshot held in memory (tests): the bytes are copied, since the caseload's
    /// deferred events go on reading them.
    static func decode(_ buffer: UnsafeBufferPointer<UInt8>) throws(SnapshotError) -> CaseloadSnapshot {
        try decode(OwnedBytes(copying: buffer))
    }

    static func decode(_ storage: some SnapshotStorage) throws(SnapshotError) -> CaseloadSnapshot {
        let buffer = storage.bytes
        guard buffer.count >= headerLength else { throw SnapshotError("it is cut short") }
        guard Array(buffer[0..<8]) == magic else { throw SnapshotError("it is not a Caseload snapshot") }
        var header = SnapshotDecoder(buffer, from: 8, to: headerLength)
        let version = try header.uint32()
        guard version == formatVersion else { throw SnapshotError("it has format version \(version), not \(formatVersion)") }
        guard try header.uint32() == SnapshotChoices.fingerprint else {
            throw SnapshotError("it was written by a build with other channels, kinds or outcomes")
        }
        let length = try header.uint64(), indexLength = try header.uint64(), checksum = try header.uint64()
        guard length == UInt64(buffer.count - headerLength) else { throw SnapshotError("it is cut short or has bytes added") }
        guard indexLength <= length else { throw SnapshotError("its index runs past the end") }
        let payload = UnsafeBufferPointer(rebasing: buffer[headerLength...])
        guard SnapshotChecksum.of(UnsafeBufferPointer(rebasing: payload[..<Int(indexLength)])) == checksum else {
            throw SnapshotError("its checksum does not match")
        }

        var input = SnapshotDecoder(payload, from: 0, to: Int(indexLength))
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
        var chunks: [SnapshotChunk] = []
        for _ in 0..<(try input.count()) {
            chunks.append(SnapshotChunk(indexSize: try input.count(), cases: try input.count(), eventsSize: try input.number(),
                                        eventsChecksum: try input.uint64()))
        }
        var indexStart = input.index, eventsStart = Int(indexLength), firstCase = 0
        for number in chunks.indices {
            guard chunks[number].indexSize <= Int(indexLength) - indexStart,
                  chunks[number].eventsSize <= payload.count - eventsStart else { throw SnapshotError("a chunk runs past the end") }
            chunks[number].index = indexStart..<(indexStart + chunks[number].indexSize)
            chunks[number].events = eventsStart..<(eventsStart + chunks[number].eventsSize)
            chunks[number].firstCase = firstCase
            indexStart += chunks[number].indexSize
            eventsStart += chunks[number].eventsSize
            firstCase += chunks[number].cases
        }
        guard indexStart == Int(indexLength), eventsStart == payload.count else { throw SnapshotError("it has bytes after the last chunk") }

        let source = SnapshotEventSource(storage: storage, payloadStart: headerLength, cases: firstCase)
        let shared = SharedPayload(bytes: payload)
        let tables = chunks, journalWriters = writers
        let failures = ParallelSlots<SnapshotError?>(count: chunks.count, empty: nil)
        // Each chunk's cases go straight into their own slots: no copy of a record.
        var records = [CaseRecord?](repeating: nil, count: firstCase)
        var caseIDs = [String](repeating: "", count: firstCase)
        var lists = [CaseEvents](repeating: CaseEvents(), count: firstCase)
        var residentIDs = [String?](repeating: nil, count: firstCase)
        var protections = [PersonProtection?](repeating: nil, count: firstCase)
        records.withUnsafeMutableBufferPointer { recordBuffer in
            caseIDs.withUnsafeMutableBufferPointer { idBuffer in
                lists.withUnsafeMutableBufferPointer { listBuffer in
                  residentIDs.withUnsafeMutableBufferPointer { residentBuffer in
                    protections.withUnsafeMutableBufferPointer { protectionBuffer in
                    let slots = RestoredSlots(records: recordBuffer, caseIDs: idBuffer, events: listBuffer,
                                              residentIDs: residentBuffer, protections: protectionBuffer)
                    DispatchQueue.concurrentPerform(iterations: tables.count) { number in
                        let chunk = tables[number]
                        do throws(SnapshotError) {
                            let events = UnsafeBufferPointer(rebasing: shared.bytes[chunk.events])
                            guard SnapshotChecksum.of(events) == chunk.eventsChecksum else {
                                throw SnapshotError("a chunk's checksum does not match")
                            }
                            try decodeChunk(shared.bytes, chunk, writers: journalWriters, source: source, into: slots)
                        } catch {
                            failures.set(number, error)
                        }
                        // The decoded records are on the heap now; the file's pages need not stay resident.
                        storage.release(chunk.index, payloadStart: headerLength)
                        storage.release(chunk.events, payloadStart: headerLength)
                    }
                    }
                  }
                }
            }
        }
        storage.finishedDecoding()
        if let failure = failures.all.lazy.compactMap({ $0 }).first { throw failure }
        // The people as decoded, for the key checks: reading them back out of the caseload's
        // table from another module would copy every record.
        let people = CasePeople(caseIDs: caseIDs, residentIDs: residentIDs, protections: protections)
        guard let caseload = Caseload(restoring: &records, caseIDs: caseIDs, residentIDs: residentIDs, events: lists,
                                      officeEvents: officeEvents, eventCount: eventCount) else {
            throw SnapshotError("its cases do not form a caseload")
        }
        var snapshot = CaseloadSnapshot(positions: positions, caseload: caseload)
        snapshot.eventSource = source
        snapshot.people = people
        return snapshot
    }

    private static func decodeChunk(_ payload: UnsafeBufferPointer<UInt8>, _ chunk: SnapshotChunk, writers: [String],
                                    source: SnapshotEventSource, into slots: RestoredSlots) throws(SnapshotError) {
        var input = SnapshotDecoder(payload, from: chunk.index.lowerBound, to: chunk.index.upperBound)
        var eventsAt = chunk.events.lowerBound
        for number in 0..<chunk.cases {
            let caseID = try input.string()
            var record = try input.bool() ? try SnapshotRecordCodec.decode(&input, caseID: caseID, writers: writers) : nil
            let count = try input.count(), length = try input.number(), checksum = try input.uint64()
            guard count > 0, length <= chunk.events.upperBound - eventsAt else { throw SnapshotError("a case's events run past its chunk") }
            source.place(chunk.firstCase + number, caseID: caseID, at: eventsAt..<(eventsAt + length), checksum: checksum)
            eventsAt += length
            let events = CaseEvents(deferredTo: source, index: chunk.firstCase + number, count: count)
            record?.events = events
            slots.residentIDs[chunk.firstCase + number] = record?.residentID.value
            slots.protections[chunk.firstCase + number] = record?.person.protection
            slots.records[chunk.firstCase + number] = record.take()  // moved: assigning the variable copies it
            slots.caseIDs[chunk.firstCase + number] = caseID
            slots.events[chunk.firstCase + number] = events
        }
        guard input.isAtEnd, eventsAt == chunk.events.upperBound else { throw SnapshotError("a chunk has bytes left over") }
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

/// Disjoint slots of the restored cases' arrays, each chunk's written by exactly one thread.
private struct RestoredSlots: @unchecked Sendable {
    let records: UnsafeMutableBufferPointer<CaseRecord?>
    let caseIDs: UnsafeMutableBufferPointer<String>
    let events: UnsafeMutableBufferPointer<CaseEvents>
    let residentIDs: UnsafeMutableBufferPointer<String?>
    let protections: UnsafeMutableBufferPointer<PersonProtection?>
}

/// One chunk's entry in the index, and where its parts lie in the payload.
private struct SnapshotChunk {
    var indexSize: Int
    var cases: Int
    var eventsSize: Int
    var eventsChecksum: UInt64
    var index = 0..<0
    var events = 0..<0
    var firstCase = 0
}

/// One result slot per parallel task, behind a lock.
final class ParallelSlots<Item>: @unchecked Sendable {
    private var items: [Item]
    private let lock = Mutex()

    init(count: Int, empty: Item) { items = Array(repeating: empty, count: count) }

    func set(_ index: Int, _ item: Item) { lock.locked { items[index] = item } }

    var all: [Item] { lock.locked { items } }
}
