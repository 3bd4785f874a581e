/// All cases of an office, rebuilt from the merged events of every journal.
///
/// Events are grouped by case and each case is folded from its own events in merged
/// order, so adding a late-arriving laptop event only refolds the cases it touches, and
/// merging the same journals in any order yields the same state.
public struct Caseload: Sendable {
    public private(set) var cases: [String: CaseRecord] = [:]
    /// Each case's events in merged order (including events whose case is not open yet).
    private var eventsByCase: [String: [Event]] = [:]
    /// Events that belong to no case: unmasked exports, office-level audit entries.
    public private(set) var officeEvents: [Event] = []
    /// Case ids that have events but no readable `case_opened` yet (e.g. a colleague's
    /// journal not synced); kept, never dropped, and resolved when the opening arrives.
    public private(set) var orphanCaseIDs: Set<String> = []
    private var idIndex: [String: [String]] = [:]
    public private(set) var eventCount = 0
    /// Ids of every event held, so the same line arriving twice (sync) is counted once.
    private var seenEventIDs: Set<String> = []

    public init() {}

    public init(events: [Event]) {
        apply(events)
    }

    /// Adds events (in any order) and refolds only the cases they touch.
    public mutating func apply(_ events: [Event]) {
        var touched: Set<String> = []
        for event in events where seenEventIDs.insert(event.id).inserted {
            eventCount += 1
            if event.caseID.isEmpty {
                Caseload.insertSorted(event, into: &officeEvents)
                continue
            }
            Caseload.insertSorted(event, into: &eventsByCase[event.caseID, default: []])
            touched.insert(event.caseID)
        }
        for caseID in touched { refold(caseID) }
    }

    public mutating func apply(_ event: Event) { apply([event]) }

    /// Static on purpose: as an instance method, the call would read `self` while `eventsByCase`
    /// is being modified in place, and Swift copies the whole dictionary for every event.
    private static func insertSorted(_ event: Event, into list: inout [Event]) {
        if let last = list.last, Event.mergedOrder(event, last) {
            let index = list.firstIndex(where: { Event.mergedOrder(event, $0) }) ?? list.count
            list.insert(event, at: index)
        } else {
            list.append(event)
        }
    }

    private mutating func refold(_ caseID: String) {
        if let old = cases[caseID] { removeFromIndex(old) }
        guard let events = eventsByCase[caseID], let record = CaseFold.fold(events) else {
            cases[caseID] = nil
            orphanCaseIDs.insert(caseID)
            return
        }
        orphanCaseIDs.remove(caseID)
        cases[caseID] = record
        idIndex[record.residentID.value, default: []].append(caseID)
    }

    private mutating func removeFromIndex(_ record: CaseRecord) {
        idIndex[record.residentID.value]?.removeAll { $0 == record.id }
        if idIndex[record.residentID.value]?.isEmpty == true { idIndex[record.residentID.value] = nil }
    }

    public subscript(id: String) -> CaseRecord? { cases[id] }

    /// Events held for a case id, whether or not it has opened.
    public func events(forCase id: String) -> [Event] { eventsByCase[id] ?? [] }

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
        (eventsByCase.values.flatMap { $0 } + officeEvents).sorted(by: Event.mergedOrder)
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
        let matches = cases.keys.filter { $0.hasPrefix(text) || $0.dropFirst(2).hasPrefix(text) }
        if matches.count == 1 { return cases[matches[0]]! }
        if matches.isEmpty { throw ValidationError(field: "case", "no case matches '\(reference)'") }
        let sample = matches.sorted().prefix(3).joined(separator: ", ")
        throw ValidationError(field: "case", "'\(reference)' matches \(matches.count) cases (\(sample)…); type more of the id")
    }
}
