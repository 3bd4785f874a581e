import Cases

/// A snapshot's index as laid out in the file, read without decoding any case: the journals it
/// covers, the chunks (each one counsellor's cases), where every case lies, and two tables
/// that find the cases sharing a household or a resident ID.
///
/// Cases are numbered by slot, in id order. Chunks hold one counsellor's cases each, so the
/// app's first screen (the user's own cases) decodes only that counsellor's chunks; every
/// chunk starts with its shared strings, so any one case can also be read alone. Read-only
/// once made, and shared with the decoding threads while the file is mapped.
struct SnapshotLayout: @unchecked Sendable {
    let payload: UnsafeBufferPointer<UInt8>
    let positions: [String: JournalPosition]
    let writers: [String]
    let eventCount: Int
    let officeEvents: [Event]
    let chunks: [SnapshotChunk]
    /// The number of cases (slots).
    let cases: Int
    /// Per slot, fixed width (`slotEntryWidth` bytes): its chunk, where its entry starts in the
    /// chunk's index and where its events start in the chunk's events (all u32, little-endian).
    let slotTable: Range<Int>
    /// Every slot's case id, `idWidth` bytes zero-padded (empty when some id is not ASCII or is
    /// longer): a case is found by binary search here, without reading any chunk.
    let ids: Range<Int>
    /// Sorted (hash, slot) pairs, `keyEntryWidth` bytes each: the households and resident IDs.
    let households: Range<Int>
    let residentIDs: Range<Int>

    static let slotEntryWidth = 12
    static let keyEntryWidth = 12
    static let idWidth = 16

    /// Reads the index's head (everything before the chunks), whose checksum has been checked.
    init(payload: UnsafeBufferPointer<UInt8>, indexLength: Int, headLength: Int) throws(SnapshotError) {
        self.payload = payload
        var input = SnapshotDecoder(payload, from: 0, to: headLength)
        var positions: [String: JournalPosition] = [:]
        var writers: [String] = []
        for _ in 0..<(try input.count()) {
            let writer = try input.string()
            let offset = try input.number(), seq = try input.number(), lines = try input.number()
            let position = JournalPosition(offset: offset, seq: seq, hash: try input.string(), lines: lines)
            guard positions.updateValue(position, forKey: writer) == nil else { throw SnapshotError("a journal is listed twice") }
            writers.append(writer)
        }
        self.positions = positions
        self.writers = writers
        eventCount = try input.number()
        var officeEvents: [Event] = []
        for _ in 0..<(try input.count()) { officeEvents.append(try SnapshotEventCodec.decode(&input, caseID: "", writers: writers)) }
        self.officeEvents = officeEvents
        var chunks: [SnapshotChunk] = []
        for _ in 0..<(try input.count()) {
            chunks.append(SnapshotChunk(owner: try input.string(), indexSize: try input.number(), cases: try input.count(),
                                        eventsSize: try input.number(), eventsChecksum: try input.uint64(),
                                        indexChecksum: try input.uint64()))
        }
        cases = try input.count()
        slotTable = try Self.fixedTable(&input, count: cases, width: Self.slotEntryWidth)
        let idCount = try input.count()
        guard idCount == 0 || idCount == cases else { throw SnapshotError("its id table does not list every case") }
        ids = try Self.fixedTable(&input, count: idCount, width: Self.idWidth)
        households = try Self.fixedTable(&input, count: try input.count(), width: Self.keyEntryWidth)
        residentIDs = try Self.fixedTable(&input, count: try input.count(), width: Self.keyEntryWidth)
        guard input.isAtEnd else { throw SnapshotError("its head has bytes left over") }
        var indexStart = headLength, eventsStart = indexLength, total = 0
        for number in chunks.indices {
            guard chunks[number].indexSize <= indexLength - indexStart,
                  chunks[number].eventsSize <= payload.count - eventsStart else { throw SnapshotError("a chunk runs past the end") }
            chunks[number].index = indexStart..<(indexStart + chunks[number].indexSize)
            chunks[number].events = eventsStart..<(eventsStart + chunks[number].eventsSize)
            indexStart += chunks[number].indexSize
            eventsStart += chunks[number].eventsSize
            total += chunks[number].cases
            guard total <= cases else { throw SnapshotError("its chunks do not hold every case") }
        }
        guard indexStart == indexLength, eventsStart == payload.count else { throw SnapshotError("it has bytes after the last chunk") }
        guard total == cases else { throw SnapshotError("its chunks do not hold every case") }
        self.chunks = chunks
    }

    private static func fixedTable(_ input: inout SnapshotDecoder, count: Int, width: Int) throws(SnapshotError) -> Range<Int> {
        let (length, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow else { throw SnapshotError("a table is out of range") }
        let start = input.index
        _ = try input.bytes(length)
        return start..<(start + length)
    }

    /// Where slot `slot`'s entry and events lie: its chunk, and offsets into that chunk's index
    /// and events.
    func place(ofSlot slot: Int) -> (chunk: Int, entry: Int, events: Int) {
        let at = slotTable.lowerBound + slot * Self.slotEntryWidth
        return (Int(word(at)), Int(word(at + 4)), Int(word(at + 8)))
    }

    private func word(_ at: Int) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(payload.baseAddress!).loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    /// Adds the slots whose household (`households`) or resident ID (`residentIDs`) hashes as
    /// `key` does: a superset of the cases sharing it, since hashes can collide. False when the
    /// key has no stable hash (`SnapshotKeyHash`): the table cannot say which cases share it.
    func insertSlots(in table: Range<Int>, matching key: String, into found: inout Set<Int>) -> Bool {
        guard let hash = SnapshotKeyHash.of(key) else { return false }
        insertSlots(in: table, hashed: hash, into: &found)
        return true
    }

    /// Adds the slots whose key has no stable hash: a key that does may equal one of them (the
    /// same text in another Unicode form), so whoever looks one up must read these too.
    func insertUnstableSlots(in table: Range<Int>, into found: inout Set<Int>) {
        insertSlots(in: table, hashed: SnapshotKeyHash.unstable, into: &found)
    }

    private func insertSlots(in table: Range<Int>, hashed hash: UInt64, into found: inout Set<Int>) {
        let base = UnsafeRawPointer(payload.baseAddress!) + table.lowerBound
        func hashAt(_ entry: Int) -> UInt64 {
            UInt64(littleEndian: base.loadUnaligned(fromByteOffset: entry * Self.keyEntryWidth, as: UInt64.self))
        }
        let entries = table.count / Self.keyEntryWidth
        var low = 0, high = entries
        while low < high {
            let middle = (low + high) / 2
            if hashAt(middle) < hash { low = middle + 1 } else { high = middle }
        }
        while low < entries, hashAt(low) == hash {
            let slot = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: low * Self.keyEntryWidth + 8, as: UInt32.self))
            if Int(slot) < cases { found.insert(Int(slot)) }
            low += 1
        }
    }

    /// Checks chunk `number`'s index and events against their checksums, before any of it is read.
    func checkChunk(_ number: Int) throws(SnapshotError) {
        try checkIndex(ofChunk: number)
        guard SnapshotChecksum.of(UnsafeBufferPointer(rebasing: payload[chunks[number].events])) == chunks[number].eventsChecksum else {
            throw SnapshotError("a chunk's checksum does not match")
        }
    }

    /// Checks chunk `number`'s index (its cases' records) alone, for a reader of ids.
    func checkIndex(ofChunk number: Int) throws(SnapshotError) {
        guard SnapshotChecksum.of(UnsafeBufferPointer(rebasing: payload[chunks[number].index])) == chunks[number].indexChecksum else {
            throw SnapshotError("a chunk's checksum does not match")
        }
    }

    /// Whether the id table, if there is one, has `caseID` at `slot` (a full decode checks every
    /// case, so the table a preview searches says what the chunks say).
    func idTableHolds(_ caseID: String, atSlot slot: Int) -> Bool {
        guard !ids.isEmpty else { return true }
        let stored = UnsafeBufferPointer(rebasing: payload[(ids.lowerBound + slot * Self.idWidth)..<(ids.lowerBound + (slot + 1) * Self.idWidth)])
        var matched = 0
        for byte in caseID.utf8 {
            guard matched < Self.idWidth, stored[matched] == byte else { return false }
            matched += 1
        }
        return stored[matched...].allSatisfy { $0 == 0 }
    }

    /// What the id table says of a case id.
    enum IDLookup: Equatable {
        case found(Int)
        case absent
        /// No table, or an id it cannot hold: the chunks must be read.
        case unknown
    }

    /// The slot of `caseID` by the id table, by binary search over the head alone.
    func lookUpInIDTable(_ caseID: String) -> IDLookup {
        let query = Array(caseID.utf8)
        guard !ids.isEmpty, query.count <= Self.idWidth, query.allSatisfy({ $0 > 0 && $0 < 0x80 }) else { return .unknown }
        // Two big-endian words of the zero-padded id: compared as numbers, they order as its bytes do.
        let wanted = (query + [UInt8](repeating: 0, count: Self.idWidth - query.count)).withUnsafeBytes {
            (UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)), UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
        let base = UnsafeRawPointer(payload.baseAddress!) + ids.lowerBound
        var low = 0, high = cases
        while low < high {
            let middle = (low + high) / 2
            let stored = (UInt64(bigEndian: base.loadUnaligned(fromByteOffset: middle * Self.idWidth, as: UInt64.self)),
                          UInt64(bigEndian: base.loadUnaligned(fromByteOffset: middle * Self.idWidth + 8, as: UInt64.self)))
            if stored == wanted { return .found(middle) }
            if stored < wanted { low = middle + 1 } else { high = middle }
        }
        return .absent
    }

    /// The chunks that hold `owner`'s cases.
    func chunks(ownedBy owner: String) -> [Int] { chunks.indices.filter { chunks[$0].owner == owner } }
}

/// One chunk's entry in the index, and where its parts lie in the payload.
struct SnapshotChunk {
    /// The counsellor whose cases these are ("" for cases whose opening has not arrived, or
    /// whose record names no counsellor).
    var owner: String
    var indexSize: Int
    var cases: Int
    var eventsSize: Int
    var eventsChecksum: UInt64
    var indexChecksum: UInt64
    var index = 0..<0
    var events = 0..<0
}

/// One case's entry in a chunk, as decoded: its slot, id, folded record and where its events lie.
struct SnapshotEntry {
    var slot: Int
    var caseID: String
    var record: CaseRecord?
    var eventCount: Int
    var events: Range<Int>
    var eventsChecksum: UInt64

    /// Reads the entry at `input`'s position; `eventsAt` is where its events start in the payload.
    static func read(_ input: inout SnapshotDecoder, writers: [String], eventsAt: Int,
                     within chunkEvents: Range<Int>) throws(SnapshotError) -> SnapshotEntry {
        let slot = try input.number()
        let caseID = try input.string()
        let record = try input.bool() ? try SnapshotRecordCodec.decode(&input, caseID: caseID, writers: writers) : nil
        let count = try input.count(), length = try input.number(), checksum = try input.uint64()
        guard count > 0, eventsAt >= chunkEvents.lowerBound, length <= chunkEvents.upperBound - eventsAt else {
            throw SnapshotError("a case's events run past its chunk")
        }
        return SnapshotEntry(slot: slot, caseID: caseID, record: record, eventCount: count,
                             events: eventsAt..<(eventsAt + length), eventsChecksum: checksum)
    }
}

/// A stable 64-bit hash of a household or resident ID (FNV-1a of its UTF-8 bytes): the
/// snapshot's tables must hash the same in every process, which Swift's seeded `Hasher` does not.
///
/// The rules compare these keys as Swift strings, which equates canonically equivalent text
/// with different bytes. A key made only of ASCII and CJK unified ideographs has no other
/// canonical form of its own, so its bytes hash it; any other key is *unstable* (nil): it is
/// filed under one shared value, and read whenever a key is looked up.
enum SnapshotKeyHash {
    /// The value every unstable key is filed under (no stable key hashes to it).
    static let unstable = UInt64.max

    static func of(_ key: String) -> UInt64? {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0x01...0x7F, 0x3400...0x4DBF, 0x4E00...0x9FFF: break
            default: return nil
            }
        }
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash == unstable ? unstable - 1 : hash
    }
}
