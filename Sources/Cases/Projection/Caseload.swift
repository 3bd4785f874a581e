import Dispatch

/// All cases of an office, rebuilt from the merged events of every journal.
///
/// Events are grouped by case and each case is folded from its own events in merged
/// order, so adding a late-arriving laptop event only refolds the cases it touches, and
/// merging the same journals in any order yields the same state.
public struct Caseload: Sendable {
    /// Every case with a record, by id (see `CaseTable`: read `values` in place to copy nothing).
    public private(set) var cases = CaseTable()
    /// Each case's events in merged order (including events whose case is not open yet).
    private var eventsByCase: [String: CaseEvents] = [:]
    /// Events that belong to no case: unmasked exports, office-level audit entries.
    public private(set) var officeEvents: [Event] = []
    /// Case ids that have events but no readable `case_opened` yet (e.g. a colleague's
    /// journal not synced); kept, never dropped, and resolved when the opening arrives.
    public private(set) var orphanCaseIDs: Set<String> = []
    private var idIndex: [String: [String]] = [:]
    public private(set) var eventCount = 0
    /// Ids of the office-level events held. A case's events are checked against that case's
    /// own list instead (a line arriving twice, by sync, belongs to the same case both times),
    /// which spares an open a million-entry set.
    private var officeEventIDs: Set<String> = []

    public init() {}

    public init(events: [Event]) {
        apply(events)
    }

    /// Restores a caseload as a snapshot holds it: for every case id (in id order), its folded
    /// record (nil for a case whose opening has not arrived) and its events, usually still
    /// deferred. Nothing is folded: the records are the folds of those events when the snapshot
    /// was written, filed under their own ids and holding those same events. The records are moved out of `records`, not
    /// copied (a copy retains every one of a record's arrays and strings, and a hundred thousand
    /// of them is most of a warm open). `residentIDs` are the records' (nil for no record), read
    /// as they were decoded. Nil when the parts are not what a caseload holds (a case
    /// twice, out of order or empty, office events out of order or twice, counts that do not add up).
    public init?(restoring records: inout [CaseRecord?], caseIDs: [String], residentIDs: [String?], events lists: [CaseEvents],
                 officeEvents: [Event], eventCount: Int) {
        guard records.count == caseIDs.count, lists.count == caseIDs.count, residentIDs.count == caseIDs.count,
              Caseload.isOrdered(officeEvents), officeEvents.allSatisfy({ $0.caseID.isEmpty }) else { return nil }
        for event in officeEvents where !officeEventIDs.insert(event.id).inserted { return nil }
        self.officeEvents = officeEvents
        let total = lists.reduce(officeEvents.count) { $0 + $1.count }
        guard total == eventCount else { return nil }
        // The tables are built on two cores: the records here; the checks of the ids, the event
        // lists and the resident-ID index beside them (the records are dropped if a check fails).
        let tables = Caseload.buildingTables(caseIDs, lists, residentIDs, checking: {
            // A snapshot lists its cases in id order, so "strictly ascending" also means "none twice".
            !caseIDs.contains(where: \.isEmpty) && !lists.contains(where: \.isEmpty)
                && zip(caseIDs, caseIDs.dropFirst()).allSatisfy { $0 < $1 }
        }) {
            cases = Caseload.table(taking: &records, ids: caseIDs, orphans: &orphanCaseIDs)
        }
        guard tables.valid else { return nil }
        eventsByCase = tables.events
        idIndex = tables.index
        self.eventCount = total
    }

    private static func isOrdered(_ events: [Event]) -> Bool {
        zip(events, events.dropFirst()).allSatisfy { !Event.mergedOrder($1, $0) }
    }

    /// Every case id with events, in id order, with its record (nil while its opening has not
    /// arrived) and its events: what a snapshot holds.
    public var snapshotEntries: [CaseloadEntry] {
        eventsByCase.keys.sorted().map { CaseloadEntry(caseID: $0, record: cases[$0], events: eventsByCase[$0]!) }
    }

    /// Adds events (in any order) and refolds only the cases they touch.
    public mutating func apply(_ events: [Event]) { apply(contentsOf: [events]) }

    /// Adds several runs of events (each journal's, say) and refolds each touched case once.
    public mutating func apply(contentsOf batches: [[Event]]) {
        var batches = batches
        apply(draining: &batches)
    }

    /// Like `apply(contentsOf:)`, emptying each run once its events are filed, so an open does
    /// not hold every event twice (the journals' runs and the cases' lists) at its peak.
    public mutating func apply(draining batches: inout [[Event]]) {
        // Filling an empty caseload (an open) touches every case, so there is nothing to track.
        let wasEmpty = eventsByCase.isEmpty
        if wasEmpty, batches.reduce(0, { $0 + $1.count }) >= 65_536 {
            fill(draining: &batches)
            return
        }
        var touched: Set<String> = []
        // An open: size the table once (cases average about ten events) instead of rehashing as it grows.
        if wasEmpty { eventsByCase.reserveCapacity(batches.reduce(0) { $0 + $1.count } / 8) }
        for index in batches.indices {
            var events = batches[index]
            batches[index] = []
            // Each event is moved out (reversed in place, then popped from the end) rather than
            // copied and the run freed after: a copy retains every string and payload it holds.
            events.reverse()
            while let event = events.popLast() {
                if event.caseID.isEmpty {
                    guard officeEventIDs.insert(event.id).inserted else { continue }
                    Caseload.insertSorted(event, into: &officeEvents)
                } else {
                    let caseID = event.caseID
                    guard eventsByCase[caseID, default: CaseEvents()].insertIfNew(event) else { continue }
                    if !wasEmpty { touched.insert(caseID) }
                }
                eventCount += 1
            }
        }
        refold(wasEmpty ? Array(eventsByCase.keys) : Array(touched))
    }

    /// An open's events into an empty caseload: moved out of the runs and filed by case on both
    /// cores (`ParallelGroup`), office events here, then every case folded.
    private mutating func fill(draining batches: inout [[Event]]) {
        var (shares, office) = ParallelGroup.group(draining: &batches, shares: 2)
        for event in office {
            guard officeEventIDs.insert(event.id).inserted else { continue }
            Caseload.insertSorted(event, into: &officeEvents)
            eventCount += 1
        }
        office = []
        // The runs now hold only payload-free stand-ins (a million of them at 1M events, still
        // walked to be freed): that happens on another thread, beside the folds.
        let runs = Runs(batches)
        batches = []
        DispatchQueue.global().async { runs.release() }
        // The largest share becomes the table (moved, not copied); the others are added to it.
        let largest = shares.indices.max { shares[$0].cases.count < shares[$1].cases.count } ?? 0
        swap(&eventsByCase, &shares[largest].cases)
        eventsByCase.reserveCapacity(shares.reduce(eventsByCase.count) { $0 + $1.cases.count })
        for index in shares.indices {
            eventCount += shares[index].kept
            guard index != largest else { continue }
            for (caseID, events) in shares[index].cases { eventsByCase[caseID] = events }
            shares[index].cases = [:]
        }
        refold(Array(eventsByCase.keys))
    }

    /// Refolds many cases: the folds are independent, so a large batch (an open) runs them on
    /// every core and then files the records in one pass.
    private mutating func refold(_ caseIDs: [String]) {
        guard caseIDs.count >= 4096 else {
            for caseID in caseIDs { refold(caseID) }
            return
        }
        var records = ParallelFold.fold(caseIDs, eventsByCase)
        cases.reserveCapacity(cases.count + caseIDs.count)
        guard cases.isEmpty, idIndex.isEmpty else {
            // Each record is moved out of the array into the table, not copied (a copy retains
            // and later releases every one of a record's many arrays and strings).
            for index in caseIDs.indices { file(caseIDs[index], records[index].take()) }
            return
        }
        // An open: the resident-ID index is built on another core while the records are filed.
        idIndex = Caseload.buildingTables(caseIDs, nil, records.map { $0?.residentID.value }) {
            cases = Caseload.table(taking: &records, ids: caseIDs, orphans: &orphanCaseIDs)
        }.index
    }

    /// The table of an open's records (nil where a case's opening has not arrived: those ids
    /// go to `orphans`). Each record is taken out and moved into the table's array, never
    /// copied: a copy retains every one of a record's arrays and strings. (Comparing a slot
    /// with nil first would pass the optional by value: a copy, released again after.)
    private static func table(taking records: inout [CaseRecord?], ids: [String], orphans: inout Set<String>) -> CaseTable {
        var kept: [CaseRecord] = []
        kept.reserveCapacity(records.count)
        var keptIDs: [String] = []
        keptIDs.reserveCapacity(ids.count)
        for index in ids.indices {
            if let record = records[index].take() {
                kept.append(consume record)
                keptIDs.append(ids[index])
            } else {
                orphans.insert(ids[index])
            }
        }
        records = []
        return CaseTable(moving: &kept, ids: keptIDs)
    }

    public mutating func apply(_ event: Event) { apply([event]) }

    /// Builds the event lists (when given) and the resident-ID index for cases filed in this
    /// order, beside `body`: the index on another core while `body` runs here, or, with event
    /// lists, the lists there and the index here after `body` (filing an array of records is
    /// quick; each table is 100,000 inserts at 1M events).
    private static func buildingTables(_ caseIDs: [String], _ lists: [CaseEvents]?, _ residentIDs: [String?],
                                       checking check: @escaping @Sendable () -> Bool = { true },
                                       while body: () -> Void) -> (events: [String: CaseEvents], index: [String: [String]], valid: Bool) {
        let built = BuiltTables()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            guard check() else { return }
            built.valid = true
            if let lists {
                var events: [String: CaseEvents] = [:]
                events.reserveCapacity(caseIDs.count)
                for position in caseIDs.indices { events[caseIDs[position]] = lists[position] }
                built.tables.events = events
            } else {
                built.tables.index = residentIndex(caseIDs, residentIDs)
            }
        }
        body()
        let index = lists == nil ? nil : residentIndex(caseIDs, residentIDs)
        group.wait()
        return (built.tables.events, index ?? built.tables.index, built.valid)
    }

    /// Each resident ID's case ids, in filing order.
    private static func residentIndex(_ caseIDs: [String], _ residentIDs: [String?]) -> [String: [String]] {
        var index: [String: [String]] = [:]
        index.reserveCapacity(caseIDs.count)
        for (position, residentID) in residentIDs.enumerated() {
            if let residentID { index[residentID, default: []].append(caseIDs[position]) }
        }
        return index
    }

    /// Static on purpose: as an instance method, the call would read `self` while `officeEvents`
    /// is being modified in place, and Swift would copy the whole array for every event.
    private static func insertSorted(_ event: Event, into list: inout [Event]) {
        if let last = list.last, Event.mergedOrder(event, last) {
            let index = list.firstIndex(where: { Event.mergedOrder(event, $0) }) ?? list.count
            list.insert(event, at: index)
        } else {
            list.append(event)
        }
    }

    private mutating func refold(_ caseID: String) {
        file(caseID, eventsByCase[caseID].flatMap { CaseFold.fold($0.array) })
    }

    /// Puts a case's newly folded record in place of the old one (nil: not open yet).
    private mutating func file(_ caseID: String, _ record: consuming CaseRecord?) {
        guard let record else {
            if let old = cases.removeValue(forKey: caseID) { removeFromIndex(old) }
            orphanCaseIDs.insert(caseID)
            return
        }
        let residentID = record.residentID.value
        // One hash of the id for both the lookup of the old record and the store of the new.
        if let old = cases.updateValue(record, forKey: caseID) { removeFromIndex(old) }
        if !orphanCaseIDs.isEmpty { orphanCaseIDs.remove(caseID) }
        idIndex[residentID, default: []].append(caseID)
    }

    private mutating func removeFromIndex(_ record: CaseRecord) {
        idIndex[record.residentID.value]?.removeAll { $0 == record.id }
        if idIndex[record.residentID.value]?.isEmpty == true { idIndex[record.residentID.value] = nil }
    }

    public subscript(id: String) -> CaseRecord? { cases[id] }

    /// Every case's id, resident ID number and how its person is kept, read in place (a
    /// `for record in` loop copies every record it visits; here only these fields are read).
    public var people: CasePeople {
        var people = CasePeople()
        people.caseIDs.reserveCapacity(cases.count)
        people.residentIDs.reserveCapacity(cases.count)
        people.protections.reserveCapacity(cases.count)
        for index in cases.values.indices {
            people.caseIDs.append(cases.values[index].id)
            people.residentIDs.append(cases.values[index].person.residentID.value)
            people.protections.append(cases.values[index].person.protection)
        }
        return people
    }

    /// Events held for a case id, whether or not it has opened.
    public func events(forCase id: String) -> [Event] { eventsByCase[id]?.array ?? [] }

    /// Cases for one resident ID number, in id order.
    public func cases(withResidentID id: String) -> [CaseRecord] {
        (idIndex[id] ?? []).sorted().compactMap { cases[$0] }
    }

    /// All cases in a stable order (opening date, then id).
    public var allCases: [CaseRecord] {
        cases.values.sorted { ($0.opened, $0.id) < ($1.opened, $1.id) }
    }

    public var counsellors: [String] { Array(Set(cases.values.map(\.counsellor))).sorted() }

    /// Every event held, in merged order. For verification and exports; O(n log n).
    public var allEvents: [Event] {
        (eventsByCase.values.flatMap(\.array) + officeEvents).sorted(by: Event.mergedOrder)
    }

    /// Resolves what a user typed as CASE: a full id, a unique id prefix (with or without the
    /// kind letter and dash), or a resident ID number.
    public func resolve(_ reference: String) throws(ValidationError) -> CaseRecord {
        let text = reference.trimmingWhitespace().uppercased()
        guard !text.isEmpty else { throw ValidationError(field: "case", "is required") }
        if let record = cases[text] { return record }
        if text.count == 18 {
            let matches = cases(withResidentID: text)
            if let open = matches.first(where: { $0.status == .open }) ?? matches.last { return open }
        }
        let matches = cases.slots.keys.filter { $0.hasPrefix(text) || $0.dropFirst(2).hasPrefix(text) }
        if matches.count == 1 { return cases[matches[0]]! }
        if matches.isEmpty {
            // A resident ID number typed here goes to stderr and logs masked, like everywhere else.
            let shown = text.count == 18 ? ResidentID(unchecked: text).masked : reference
            throw ValidationError(field: "case", "no case matches '\(shown)'")
        }
        let sample = matches.sorted().prefix(3).joined(separator: ", ")
        throw ValidationError(field: "case", "'\(reference)' matches \(matches.count) cases (\(sample)…); type more of the id")
    }
}

/// An open's runs (of stand-ins, once filed), handed to another thread to be released.
private final class Runs: @unchecked Sendable {
    private var runs: [[Event]]
    init(_ runs: [[Event]]) { self.runs = runs }
    func release() { runs = [] }
}

/// What `buildingTables` hands from its other thread (read only after it finished).
private final class BuiltTables: @unchecked Sendable {
    var tables: (events: [String: CaseEvents], index: [String: [String]]) = ([:], [:])
    var valid = false
}

/// The people of a caseload's cases, case by case in the same order (see `Caseload.people`).
public struct CasePeople: Sendable {
    public var caseIDs: [String] = []
    /// Nil where the case has no record yet (its opening has not arrived), as for `protections`.
    public var residentIDs: [String?] = []
    public var protections: [PersonProtection?] = []

    public init() {}

    /// Lists as a snapshot's decoder filled them, one entry per case id.
    public init(caseIDs: [String], residentIDs: [String?], protections: [PersonProtection?]) {
        self.caseIDs = caseIDs
        self.residentIDs = residentIDs
        self.protections = protections
    }

    public var count: Int { caseIDs.count }
}

/// One case as a snapshot holds it: its id, its folded record (nil while its opening has not
/// arrived) and its events.
public struct CaseloadEntry: Sendable {
    public var caseID: String
    public var record: CaseRecord?
    public var events: CaseEvents

    public init(caseID: String, record: CaseRecord?, events: CaseEvents) {
        self.caseID = caseID
        self.record = record
        self.events = events
    }
}

extension Caseload: Equatable {
    /// The same state: the same cases, events, office events and orphans. (The resident-ID
    /// index is compared as sets, since its lists grow in whatever order cases were refolded.)
    public static func == (lhs: Caseload, rhs: Caseload) -> Bool {
        lhs.eventCount == rhs.eventCount && lhs.cases == rhs.cases && lhs.eventsByCase == rhs.eventsByCase
            && lhs.officeEvents == rhs.officeEvents && lhs.orphanCaseIDs == rhs.orphanCaseIDs
            && lhs.officeEventIDs == rhs.officeEventIDs
            && lhs.idIndex.mapValues { Set($0) } == rhs.idIndex.mapValues { Set($0) }
    }
}
