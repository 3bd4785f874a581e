import Cases
import Dispatch

/// Chosen cases read out of the snapshot without decoding the others: what the app's first
/// screen needs (one counsellor's cases, the cases their flags depend on, and those the
/// journals' tails touch) while the whole caseload is still being opened.
///
/// It checks what a warm open checks before it trusts a byte (the header, the head's checksum,
/// the checksums of every chunk it reads, each case's place against the slot table), and the
/// cases it reads decode exactly as they do in a full decode: a chunk's shared strings come
/// first, so a case read alone reads the same.
final class SnapshotPreview {
    private let storage: any SnapshotStorage
    let layout: SnapshotLayout
    let source: SnapshotEventSource
    /// Chunks whose index the search by case id has checked, when it has to read ids in chunks.
    private var checkedChunks: Set<Int> = []

    /// The snapshot in the directory, or nil when there is none or it cannot be used.
    static func open(_ directory: DataDirectory) -> SnapshotPreview? {
        guard let mapped = MappedFile(SnapshotFile.path(in: directory)) else { return nil }
        return try? SnapshotPreview(mapped)
    }

    init(_ storage: some SnapshotStorage) throws(SnapshotError) {
        self.storage = storage
        layout = try SnapshotFile.layout(of: storage)
        source = SnapshotEventSource(storage: storage, payloadStart: SnapshotFile.headerLength, cases: layout.cases)
    }

    deinit { storage.finishedDecoding() }

    /// Every slot in `owner`'s chunks.
    func slots(ownedBy owner: String) -> [Int] {
        var owned = [Bool](repeating: false, count: layout.chunks.count)
        for chunk in layout.chunks(ownedBy: owner) { owned[chunk] = true }
        guard owned.contains(true) else { return [] }
        return (0..<layout.cases).filter {
            let chunk = layout.place(ofSlot: $0).chunk
            return chunk < owned.count && owned[chunk]
        }
    }

    /// The slot of case `caseID`, or nil if the snapshot has none (slots are in id order): by the
    /// head's id table, else by reading ids in the chunks, each chunk's index checked first (one
    /// that is damaged is an error).
    func slot(ofCase caseID: String) throws(SnapshotError) -> Int? {
        switch layout.lookUpInIDTable(caseID) {
        case .found(let slot): return slot
        case .absent: return nil
        case .unknown: return try slotByReadingChunks(caseID)
        }
    }

    private func slotByReadingChunks(_ caseID: String) throws(SnapshotError) -> Int? {
        var low = 0, high = layout.cases
        while low < high {
            let middle = (low + high) / 2
            let id = try self.caseID(atSlot: middle)
            if id == caseID { return middle }
            if id < caseID { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private func caseID(atSlot slot: Int) throws(SnapshotError) -> String {
        let place = layout.place(ofSlot: slot)
        guard place.chunk < layout.chunks.count else { throw SnapshotError("a case's place does not match the slot table") }
        if !checkedChunks.contains(place.chunk) {
            try layout.checkIndex(ofChunk: place.chunk)
            checkedChunks.insert(place.chunk)
        }
        let chunk = layout.chunks[place.chunk]
        guard place.entry < chunk.index.count else { throw SnapshotError("a case's place does not match the slot table") }
        var input = SnapshotDecoder(layout.payload, from: chunk.index.lowerBound + place.entry, to: chunk.index.upperBound)
        guard try input.number() == slot else { throw SnapshotError("a case's place does not match the slot table") }
        return try input.string()
    }

    /// Adds the slots of the cases whose household is `household`, and of those whose resident
    /// ID is `residentID` (a superset: the tables hold hashes). False when either has no stable
    /// hash, and so cannot be looked up.
    func insertSlots(household: String?, residentID: String?, into found: inout Set<Int>) -> Bool {
        if let household, !layout.insertSlots(in: layout.households, matching: household, into: &found) { return false }
        if let residentID, !layout.insertSlots(in: layout.residentIDs, matching: residentID, into: &found) { return false }
        return true
    }

    /// The cases whose household or resident ID has no stable hash: any lookup may match them.
    func unstableSlots() -> Set<Int> {
        var found = Set<Int>()
        layout.insertUnstableSlots(in: layout.households, into: &found)
        layout.insertUnstableSlots(in: layout.residentIDs, into: &found)
        return found
    }

    /// The cases in `slots` (ascending, each once), decoded on every core a chunk at a time,
    /// each straight into its place: a record copied from one array to another costs a retain
    /// and a release of each of its twenty-odd references.
    func cases(at slots: [Int]) throws(SnapshotError) -> SnapshotCases {
        var byChunk: [Int: [Int]] = [:]
        for position in slots.indices {
            guard slots[position] < layout.cases, position == 0 || slots[position - 1] < slots[position] else {
                throw SnapshotError("a case was asked for twice or is not in it")
            }
            let chunk = layout.place(ofSlot: slots[position]).chunk
            guard chunk < layout.chunks.count else { throw SnapshotError("a case's place does not match the slot table") }
            byChunk[chunk, default: []].append(position)
        }
        let chunks = Array(byChunk.keys)
        var decoded = SnapshotCases(slots: slots)
        let failures = ParallelSlots<SnapshotError?>(count: chunks.count, empty: nil)
        let layout = layout, source = source, wanted = byChunk
        decoded.records.withUnsafeMutableBufferPointer { records in
            decoded.caseIDs.withUnsafeMutableBufferPointer { caseIDs in
                decoded.eventCounts.withUnsafeMutableBufferPointer { eventCounts in
                  decoded.people.withUnsafeMutableBufferPointer { people in
                    let places = CasePlaces(records: records, caseIDs: caseIDs, eventCounts: eventCounts, people: people)
                    DispatchQueue.concurrentPerform(iterations: chunks.count) { task in
                        do throws(SnapshotError) {
                            try Self.decode(wanted[chunks[task]]!, of: slots, inChunk: chunks[task], of: layout, source: source, into: places)
                        } catch {
                            failures.set(task, error)
                        }
                    }
                  }
                }
            }
        }
        if let failure = failures.all.lazy.compactMap({ $0 }).first { throw failure }
        return decoded
    }

    /// Decoded cases as a caseload, their events still in the snapshot, and the people to
    /// check against the key store. The cases are used up.
    func caseload(from cases: inout SnapshotCases) throws(SnapshotError) -> (caseload: Caseload, people: CasePeople) {
        var lists: [CaseEvents] = [], residentIDs: [String?] = [], protections: [PersonProtection?] = []
        lists.reserveCapacity(cases.slots.count)
        residentIDs.reserveCapacity(cases.slots.count)
        protections.reserveCapacity(cases.slots.count)
        var eventCount = layout.officeEvents.count
        for index in cases.slots.indices {
            let events = CaseEvents(deferredTo: source, index: cases.slots[index], count: cases.eventCounts[index])
            cases.records[index]?.events = events
            residentIDs.append(cases.people[index]?.residentID)
            protections.append(cases.people[index]?.protection)
            lists.append(events)
            eventCount += cases.eventCounts[index]
        }
        let caseIDs = cases.caseIDs
        defer { cases = SnapshotCases(slots: []) }
        guard let caseload = Caseload(restoring: &cases.records, caseIDs: caseIDs, residentIDs: residentIDs, events: lists,
                                      officeEvents: layout.officeEvents, eventCount: eventCount) else {
            throw SnapshotError("its cases do not form a caseload")
        }
        return (caseload, CasePeople(caseIDs: caseIDs, residentIDs: residentIDs, protections: protections))
    }

    /// Decodes the cases at `positions` of `slots`, all in chunk `number`: after checking the
    /// chunk's events and reading its shared strings, each case is read at the place the slot
    /// table gives, into its position.
    private static func decode(_ positions: [Int], of slots: [Int], inChunk number: Int, of layout: SnapshotLayout,
                               source: SnapshotEventSource, into places: CasePlaces) throws(SnapshotError) {
        let chunk = layout.chunks[number]
        try layout.checkChunk(number)
        var table = SnapshotDecoder(layout.payload, from: chunk.index.lowerBound, to: chunk.index.upperBound)
        try table.sharedTable()
        let shared = table.sharedStrings
        for position in positions {
            let slot = slots[position]
            let place = layout.place(ofSlot: slot)
            guard place.entry < chunk.index.count, place.events <= chunk.events.count else {
                throw SnapshotError("a case's place does not match the slot table")
            }
            var input = SnapshotDecoder(layout.payload, from: chunk.index.lowerBound + place.entry, to: chunk.index.upperBound,
                                        sharedTable: shared)
            var entry = try SnapshotEntry.read(&input, writers: layout.writers, eventsAt: chunk.events.lowerBound + place.events,
                                               within: chunk.events)
            guard entry.slot == slot else { throw SnapshotError("a case's place does not match the slot table") }
            source.place(slot, caseID: entry.caseID, at: entry.events, checksum: entry.eventsChecksum)
            // What the preview reads of a record is taken here, from the variable: read from the
            // array in another module, each read would copy the whole record.
            places.people[position] = entry.record.map {
                SnapshotCases.Facts(counsellor: $0.counsellor, household: $0.details.household,
                                     residentID: $0.residentID.value, protection: $0.person.protection)
            }
            places.records[position] = entry.record.take()  // moved: assigning the variable copies it
            places.caseIDs[position] = entry.caseID
            places.eventCounts[position] = entry.eventCount
        }
    }
}

/// Cases read out of a snapshot: their slots (ascending) and, position by position, their
/// records (nil while a case's opening has not arrived), ids, event counts, and what the
/// preview reads of each record.
struct SnapshotCases {
    let slots: [Int]
    var records: [CaseRecord?]
    var caseIDs: [String]
    var eventCounts: [Int]
    var people: [Facts?]

    /// What the preview asks of a record: whose case it is, what its flags depend on, and the
    /// person's key.
    struct Facts {
        var counsellor: String
        var household: String?
        var residentID: String
        var protection: PersonProtection
    }

    init(slots: [Int]) {
        self.slots = slots
        records = Array(repeating: nil, count: slots.count)
        caseIDs = Array(repeating: "", count: slots.count)
        eventCounts = Array(repeating: 0, count: slots.count)
        people = Array(repeating: nil, count: slots.count)
    }

    /// Both sets of cases, in slot order (they share none); both are used up.
    static func merging(_ first: inout SnapshotCases, _ second: inout SnapshotCases) -> SnapshotCases {
        var merged = SnapshotCases(slots: (first.slots + second.slots).sorted())
        var a = 0, b = 0
        for position in merged.slots.indices {
            if a < first.slots.count, first.slots[a] == merged.slots[position] {
                merged.records[position] = first.records[a].take()
                merged.caseIDs[position] = first.caseIDs[a]
                merged.eventCounts[position] = first.eventCounts[a]
                merged.people[position] = first.people[a].take()
                a += 1
            } else {
                merged.records[position] = second.records[b].take()
                merged.caseIDs[position] = second.caseIDs[b]
                merged.eventCounts[position] = second.eventCounts[b]
                merged.people[position] = second.people[b].take()
                b += 1
            }
        }
        return merged
    }
}

/// Disjoint places of `SnapshotCases`' arrays, each chunk's written by exactly one thread.
private struct CasePlaces: @unchecked Sendable {
    let records: UnsafeMutableBufferPointer<CaseRecord?>
    let caseIDs: UnsafeMutableBufferPointer<String>
    let eventCounts: UnsafeMutableBufferPointer<Int>
    let people: UnsafeMutableBufferPointer<SnapshotCases.Facts?>
}
