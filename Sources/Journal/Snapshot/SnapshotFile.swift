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
/// Layout (integers little-endian, then LEB128 varints; see README "Snapshots"): a 48-byte
/// header — `CASESNAP`, format version (u32), the fingerprint of the closed value sets (u32),
/// payload length, index length, head length and head checksum (u64s) — then the payload. The
/// index's head holds the journals covered (writer, offset, seq, lines, chain hash), the event
/// count, the office-level events, a table of chunks (each one counsellor's cases, with the
/// checksums of its index and its events), a fixed-width slot table (where each case lies), and
/// the household and resident-ID tables (`SnapshotLayout`). Then each chunk's index: its shared
/// strings, then its cases: slot, id, folded record, event count, and the length and checksum of
/// its encoded events. The events follow, chunk by chunk, each case's self-contained so a later snapshot can
/// copy them as they are. A warm open checks the head and each chunk, reads the records and
/// leaves the events encoded until a case's are read (`SnapshotEventSource`). The app's first
/// screen reads only its user's chunks and the cases their flags depend on (`SnapshotPreview`).
public enum SnapshotFile {
    static let magic = Array("CASESNAP".utf8)
    static let formatVersion: UInt32 = 6
    static let headerLength = 48
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
            throw .config("the snapshot was not written: a case's history could not be read back from the previous one, or a chunk would pass 4 GiB")
        }
        try FileIO.writeAtomically(path(in: directory), bytes)
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
        let layout = try layout(of: storage)
        let source = SnapshotEventSource(storage: storage, payloadStart: headerLength, cases: layout.cases)
        let failures = ParallelSlots<SnapshotError?>(count: layout.chunks.count, empty: nil)
        // Each chunk's cases go straight into their own slots: no copy of a record.
        let total = layout.cases
        var records = [CaseRecord?](repeating: nil, count: total)
        var caseIDs = [String](repeating: "", count: total)
        var lists = [CaseEvents](repeating: CaseEvents(), count: total)
        var residentIDs = [String?](repeating: nil, count: total)
        var protections = [PersonProtection?](repeating: nil, count: total)
        records.withUnsafeMutableBufferPointer { recordBuffer in
            caseIDs.withUnsafeMutableBufferPointer { idBuffer in
                lists.withUnsafeMutableBufferPointer { listBuffer in
                  residentIDs.withUnsafeMutableBufferPointer { residentBuffer in
                    protections.withUnsafeMutableBufferPointer { protectionBuffer in
                    let slots = RestoredSlots(records: recordBuffer, caseIDs: idBuffer, events: listBuffer,
                                              residentIDs: residentBuffer, protections: protectionBuffer)
                    DispatchQueue.concurrentPerform(iterations: layout.chunks.count) { number in
                        let chunk = layout.chunks[number]
                        do throws(SnapshotError) {
                            try layout.checkChunk(number)
                            try decodeChunk(number, of: layout, source: source, into: slots)
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
                                      officeEvents: layout.officeEvents, eventCount: layout.eventCount) else {
            throw SnapshotError("its cases do not form a caseload")
        }
        var snapshot = CaseloadSnapshot(positions: layout.positions, caseload: caseload)
        snapshot.eventSource = source
        snapshot.people = people
        return snapshot
    }

    /// Checks the header and the head's checksum, and reads the index's layout (each chunk is
    /// checked when it is read: `SnapshotLayout.checkChunk`).
    static func layout(of storage: some SnapshotStorage) throws(SnapshotError) -> SnapshotLayout {
        let buffer = storage.bytes
        guard buffer.count >= headerLength else { throw SnapshotError("it is cut short") }
        guard Array(buffer[0..<8]) == magic else { throw SnapshotError("it is not a Caseload snapshot") }
        var header = SnapshotDecoder(buffer, from: 8, to: headerLength)
        let version = try header.uint32()
        guard version == formatVersion else { throw SnapshotError("it has format version \(version), not \(formatVersion)") }
        guard try header.uint32() == SnapshotChoices.fingerprint else {
            throw SnapshotError("it was written by a build with other channels, kinds or outcomes")
        }
        let length = try header.uint64(), indexLength = try header.uint64()
        let headLength = try header.uint64(), checksum = try header.uint64()
        guard length == UInt64(buffer.count - headerLength) else { throw SnapshotError("it is cut short or has bytes added") }
        guard indexLength <= length, headLength <= indexLength else { throw SnapshotError("its index runs past the end") }
        let payload = UnsafeBufferPointer(rebasing: buffer[headerLength...])
        // Only the head is checked here; each chunk is checked when it is read, so a preview
        // reads (and pages in) only the chunks it decodes.
        guard SnapshotChecksum.of(UnsafeBufferPointer(rebasing: payload[..<Int(headLength)])) == checksum else {
            throw SnapshotError("its checksum does not match")
        }
        return try SnapshotLayout(payload: payload, indexLength: Int(indexLength), headLength: Int(headLength))
    }

    private static func decodeChunk(_ number: Int, of layout: SnapshotLayout, source: SnapshotEventSource,
                                    into slots: RestoredSlots) throws(SnapshotError) {
        let chunk = layout.chunks[number]
        var input = SnapshotDecoder(layout.payload, from: chunk.index.lowerBound, to: chunk.index.upperBound)
        try input.sharedTable()
        var eventsAt = chunk.events.lowerBound
        for _ in 0..<chunk.cases {
            let entryAt = input.index - chunk.index.lowerBound
            var entry = try SnapshotEntry.read(&input, writers: layout.writers, eventsAt: eventsAt, within: chunk.events)
            // The slot table must say the same, so a case read alone reads as it does here.
            guard entry.slot < layout.cases,
                  layout.place(ofSlot: entry.slot) == (number, entryAt, eventsAt - chunk.events.lowerBound),
                  layout.idTableHolds(entry.caseID, atSlot: entry.slot) else {
                throw SnapshotError("a case's place does not match the slot table")
            }
            eventsAt = entry.events.upperBound
            let slot = entry.slot
            source.place(slot, caseID: entry.caseID, at: entry.events, checksum: entry.eventsChecksum)
            let events = CaseEvents(deferredTo: source, index: slot, count: entry.eventCount)
            entry.record?.events = events
            slots.residentIDs[slot] = entry.record?.residentID.value
            slots.protections[slot] = entry.record?.person.protection
            slots.records[slot] = entry.record.take()  // moved: assigning the variable copies it
            slots.caseIDs[slot] = entry.caseID
            slots.events[slot] = events
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

/// Disjoint slots of the restored cases' arrays, each chunk's written by exactly one thread.
private struct RestoredSlots: @unchecked Sendable {
    let records: UnsafeMutableBufferPointer<CaseRecord?>
    let caseIDs: UnsafeMutableBufferPointer<String>
    let events: UnsafeMutableBufferPointer<CaseEvents>
    let residentIDs: UnsafeMutableBufferPointer<String?>
    let protections: UnsafeMutableBufferPointer<PersonProtection?>
}

/// One result slot per parallel task, behind a lock.
final class ParallelSlots<Item>: @unchecked Sendable {
    private var items: [Item]
    private let lock = Mutex()

    init(count: Int, empty: Item) { items = Array(repeating: empty, count: count) }

    func set(_ index: Int, _ item: Item) { lock.locked { items[index] = item } }

    var all: [Item] { lock.locked { items } }
}
