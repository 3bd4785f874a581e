import Cases

/// Live search over every case: name, pinyin (full or initials), resident ID (full or last
/// digits), phone, school and employers.
///
/// Every case's searchable text is prepared once (lower-cased bytes, pinyin, initials) and
/// kept in one byte array, so a keystroke is a scan of contiguous memory with no string
/// work and no allocation per case. A changed case gets fresh bytes at the end; the array is
/// compacted when more than half of it is stale.
public struct SearchIndex: Sendable {
    /// Where one case's fields lie in `bytes`: name, pinyin, initials, resident ID, phone,
    /// places, in that order and back to back; `syllables` indexes `syllableStarts`.
    struct Slot: Sendable {
        var name: Int32, pinyin: Int32, initials: Int32, residentID: Int32, phone: Int32, places: Int32, end: Int32
        var syllables: Int32, syllablesEnd: Int32
    }

    private var bytes: [UInt8] = []
    /// Syllable start offsets within each case's pinyin, so "wei" matches at a syllable but "angw" does not.
    private var syllableStarts: [Int32] = []
    private var slots: [Slot] = []
    private var ids: [String] = []
    private var slotOf: [String: Int] = [:]
    private var staleBytes = 0

    public init() {}

    public init(_ caseload: Caseload) {
        var memo = Pinyin.Memo()
        slots.reserveCapacity(caseload.cases.count)
        ids.reserveCapacity(caseload.cases.count)
        slotOf.reserveCapacity(caseload.cases.count)
        bytes.reserveCapacity(caseload.cases.count * 96)
        for record in caseload.cases.values { insert(record, memo: &memo) }
    }

    /// Re-indexes changed cases (after a refresh or an append).
    public mutating func update(_ records: some Sequence<CaseRecord>) {
        var memo = Pinyin.Memo()
        for record in records { insert(record, memo: &memo) }
        if staleBytes > 4096, staleBytes * 2 > bytes.count { compact() }
    }

    public var count: Int { ids.count }

    /// Ids of the cases among `candidates` (in their order) that match `text`.
    public func filter(_ candidates: [String], matching text: String) -> [String] {
        let query = SearchQuery(text)
        guard !query.isEmpty else { return candidates }
        return withMatcher(query) { matcher in
            candidates.filter { id in slotOf[id].map(matcher.matches) ?? false }
        }
    }

    public func matches(_ caseID: String, _ query: SearchQuery) -> Bool {
        guard let slot = slotOf[caseID] else { return false }
        return withMatcher(query) { $0.matches(slot) }
    }

    /// Ids of every indexed case matching `query`, in no particular order: one pass over
    /// the index without looking any case up.
    public func matchingIDs(_ query: SearchQuery) -> Set<String> {
        withMatcher(query) { matcher in
            var result: Set<String> = []
            for slot in slots.indices where matcher.matches(slot) { result.insert(ids[slot]) }
            return result
        }
    }

    /// Of `previous` (ids an earlier, shorter query matched), those that match `query`.
    /// Callers use it when `query` extends that earlier query (``SearchQuery`` knows when).
    public func narrowing(_ previous: Set<String>, to query: SearchQuery) -> Set<String> {
        withMatcher(query) { matcher in previous.filter { id in slotOf[id].map(matcher.matches) ?? false } }
    }

    private func withMatcher<T>(_ query: SearchQuery, _ body: (Matcher) -> T) -> T {
        bytes.withUnsafeBufferPointer { bytes in
            syllableStarts.withUnsafeBufferPointer { starts in
                slots.withUnsafeBufferPointer { slots in
                    query.bytes.withUnsafeBufferPointer { needle in
                        body(Matcher(kind: query.kind, needle: needle, bytes: bytes, starts: starts, slots: slots))
                    }
                }
            }
        }
    }

    // MARK: Building

    private mutating func insert(_ record: CaseRecord, memo: inout Pinyin.Memo) {
        var slot = Slot(name: 0, pinyin: 0, initials: 0, residentID: 0, phone: 0, places: 0, end: 0, syllables: 0, syllablesEnd: 0)
        slot.name = Int32(bytes.count)
        bytes.append(contentsOf: record.name.lowercased().utf8)
        slot.pinyin = Int32(bytes.count)
        let syllables = Pinyin.syllables(of: record.name, memo: &memo)
        slot.syllables = Int32(syllableStarts.count)
        var offset = 0
        for syllable in syllables {
            syllableStarts.append(Int32(offset))
            offset += syllable.utf8.count
            bytes.append(contentsOf: syllable.utf8)
        }
        slot.syllablesEnd = Int32(syllableStarts.count)
        slot.initials = Int32(bytes.count)
        for syllable in syllables { if let first = syllable.utf8.first { bytes.append(first) } }
        slot.residentID = Int32(bytes.count)
        bytes.append(contentsOf: record.residentID.value.utf8)
        slot.phone = Int32(bytes.count)
        bytes.append(contentsOf: (record.person.phone?.value ?? "").utf8)
        slot.places = Int32(bytes.count)
        appendPlaces(of: record)
        slot.end = Int32(bytes.count)
        if let existing = slotOf[record.id] {
            let old = slots[existing]
            staleBytes += Int(old.end - old.name)
            slots[existing] = slot
        } else {
            slotOf[record.id] = slots.count
            slots.append(slot)
            ids.append(record.id)
        }
    }

    /// School, employers and previous employer, lower-cased, joined by newlines.
    private mutating func appendPlaces(of record: CaseRecord) {
        var first = true
        func add(_ text: String) {
            if !first { bytes.append(UInt8(ascii: "\n")) }
            first = false
            bytes.append(contentsOf: text.lowercased().utf8)
        }
        switch record.details {
        case .graduate(let g): add(g.school)
        case .unemployed(let u): add(u.previousEmployer ?? "")
        case .difficulty: break
        }
        for service in record.services { if let employer = service.employer { add(employer) } }
        for outcome in record.outcomes { if let employer = outcome.employer { add(employer) } }
    }

    /// Copies the live bytes of every slot into fresh arrays.
    private mutating func compact() {
        var fresh: [UInt8] = []
        fresh.reserveCapacity(bytes.count - staleBytes)
        var freshStarts: [Int32] = []
        for index in slots.indices {
            var slot = slots[index]
            let shift = Int32(fresh.count) - slot.name
            fresh.append(contentsOf: bytes[Int(slot.name)..<Int(slot.end)])
            slot.name += shift; slot.pinyin += shift; slot.initials += shift; slot.residentID += shift
            slot.phone += shift; slot.places += shift; slot.end += shift
            let syllableShift = Int32(freshStarts.count) - slot.syllables
            freshStarts.append(contentsOf: syllableStarts[Int(slot.syllables)..<Int(slot.syllablesEnd)])
            slot.syllables += syllableShift; slot.syllablesEnd += syllableShift
            slots[index] = slot
        }
        bytes = fresh
        syllableStarts = freshStarts
        staleBytes = 0
    }
}

/// One query against the index's storage, valid inside `SearchIndex.withMatcher`.
private struct Matcher {
    let kind: SearchQuery.Kind
    let needle: UnsafeBufferPointer<UInt8>
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<Int32>
    let slots: UnsafeBufferPointer<SearchIndex.Slot>

    func matches(_ index: Int) -> Bool {
        let slot = slots[index]
        switch kind {
        case .digits:
            // Resident ID: the whole number or its last digits; phone: any run of 4+ digits.
            let id = (Int(slot.residentID), Int(slot.phone))
            if endsWith(id) { return true }
            if needle.count >= 4, contains((Int(slot.phone), Int(slot.places))) { return true }
            return needle.count >= 6 && contains(id)
        case .latin:
            if startsWith(at: Int(slot.initials), end: Int(slot.residentID)) { return true }
            let pinyin = Int(slot.pinyin)
            for index in Int(slot.syllables)..<Int(slot.syllablesEnd) {
                if startsWith(at: pinyin + Int(starts[index]), end: Int(slot.initials)) { return true }
            }
            return contains((Int(slot.name), Int(slot.pinyin))) || contains((Int(slot.places), Int(slot.end)))
        case .text:
            return contains((Int(slot.name), Int(slot.pinyin))) || contains((Int(slot.places), Int(slot.end)))
        }
    }

    private func startsWith(at start: Int, end: Int) -> Bool {
        guard end - start >= needle.count else { return false }
        for offset in 0..<needle.count where bytes[start + offset] != needle[offset] { return false }
        return true
    }

    private func endsWith(_ range: (Int, Int)) -> Bool {
        range.1 - range.0 >= needle.count && startsWith(at: range.1 - needle.count, end: range.1)
    }

    private func contains(_ range: (Int, Int)) -> Bool {
        let count = needle.count
        guard count > 0 else { return true }
        guard range.1 - range.0 >= count else { return false }
        let first = needle[0]
        var index = range.0
        let last = range.1 - count
        while index <= last {
            if bytes[index] == first && startsWith(at: index, end: range.1) { return true }
            index += 1
        }
        return false
    }
}
