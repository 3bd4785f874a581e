import Cases
import Journal
import Rules
import Search

/// An open office as the screens see it: the store, the rules, and what is derived from
/// them (flags per case, counts, the search index), kept current after every append and
/// every refresh from colleagues' journals.
public final class OfficeSession {
    public let store: CaseStore
    public let rules: OfficeRules
    /// The counsellor using the app.
    public let user: String
    public let today: LocalDate
    /// Flags per case id, most urgent first.
    public private(set) var flagsByCase: [String: [Flag]] = [:]
    public private(set) var search: SearchIndex
    /// Bumped whenever the caseload changes, so screens know to rebuild their rows.
    public private(set) var revision = 0

    public init(store: CaseStore, rules: OfficeRules, user: String, today: LocalDate) {
        self.store = store
        self.rules = rules
        self.user = user
        self.today = today
        self.search = SearchIndex(store.caseload)
        recomputeFlags()
    }

    public var caseload: Caseload { store.caseload }

    public func flags(for caseID: String) -> [Flag] { flagsByCase[caseID] ?? [] }

    public func worstSeverity(of caseID: String) -> Severity? { flagsByCase[caseID]?.first?.severity }

    /// Counts of flagged cases by their worst severity, for the status line. Cached per
    /// revision: the status line asks on every frame, and a city caseload has 100,000 cases.
    public func caseCounts(for counsellor: String?) -> (overdue: Int, escalated: Int) {
        if let cached = countCache, cached.revision == revision, cached.counsellor == counsellor { return cached.counts }
        var overdue = 0
        var escalated = 0
        for (caseID, flags) in flagsByCase {
            if let counsellor, caseload[caseID]?.counsellor != counsellor { continue }
            switch flags.first?.severity {
            case .escalated: escalated += 1
            case .overdue: overdue += 1
            default: break
            }
        }
        countCache = (revision, counsellor, (overdue, escalated))
        return (overdue, escalated)
    }

    private var countCache: (revision: Int, counsellor: String?, counts: (overdue: Int, escalated: Int))?

    /// Appends one event durably, then updates flags and search. Throws before changing anything.
    @discardableResult
    public func record(_ body: EventBody, caseID: String, effective: LocalDate? = nil) throws(JournalError) -> Event {
        let event = store.makeEvent(caseID: caseID, actor: user, effective: effective ?? today, body: body)
        let stored = try store.append(event)
        changed(caseIDs: [caseID])
        return stored
    }

    /// Picks up colleagues' new lines. Returns how many events arrived.
    @discardableResult
    public func refresh() throws(JournalError) -> Int {
        let fresh: [Event]
        do {
            fresh = try store.refresh()
        } catch {
            // Journals read before the problem were applied; bring everything derived up to date.
            search = SearchIndex(caseload)
            recomputeFlags()
            throw error
        }
        if !fresh.isEmpty { changed(caseIDs: Set(fresh.map(\.caseID))) }
        return fresh.count
    }

    private func changed(caseIDs: Set<String>) {
        search.update(caseIDs.compactMap { caseload[$0] })
        recomputeFlags()
    }

    private func recomputeFlags() {
        var grouped: [String: [Flag]] = [:]
        for flag in rules.flags(caseload, today: today) { grouped[flag.caseID, default: []].append(flag) }
        for key in grouped.keys { grouped[key]!.sort(by: Flag.urgentFirst) }
        flagsByCase = grouped
        revision += 1
    }
}
