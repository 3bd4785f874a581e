import Cases
import Dispatch
import Journal
import Rules
import Search

/// An open office as the screens see it: the store, the rules, and what is derived from
/// them (flags per case, counts, the search index), kept current after every append and
/// every refresh from colleagues' journals.
///
/// After a change only the touched cases are re-evaluated, with the cases whose flags can
/// depend on them: the members of their household (zero-employment clearance) and the
/// other cases of the same person (long-term unemployment), before and after the change.
/// When the day source moves to a new day, every flag is recomputed.
public final class OfficeSession {
    public let store: CaseStore
    public let rules: OfficeRules
    /// The counsellor using the app.
    public let user: String
    public let days: any DaySource
    /// The day the flags are computed for; moves on with `days` through ``rollOver()``.
    public private(set) var today: LocalDate
    /// Flags per case id, most urgent first; cases without flags are absent.
    public private(set) var flagsByCase: [String: [Flag]] = [:]
    /// Live search over every case. Built in the background once the app has drawn its first
    /// screen (``startSearchIndex()``), so that it never competes with it for a core; the
    /// first search starts it, or waits for it, if it is not ready yet.
    public var search: SearchIndex {
        adoptSearch(waiting: true)
        return searchIndex
    }
    private var searchIndex = SearchIndex()
    /// Whether the search index has been asked for: until then `searchIndex` is empty.
    private var searchStarted = false
    /// The background build, and the revision of the caseload it indexes.
    private var pendingSearch: (build: BackgroundBuild<SearchIndex>, revision: Int)?
    /// Bumped whenever the caseload or its flags change, so screens know to rebuild their rows.
    public private(set) var revision = 0
    /// What each recent revision changed: case ids, or nil for "everything".
    private var changeLog: [(revision: Int, caseIDs: Set<String>?)] = []
    /// The members of each household as last evaluated, to find the cases that shared it
    /// before a correction moved a case out.
    private var households: [String: Set<String>] = [:]
    /// What a list row shows and sorts on, per case, with the household and resident ID the
    /// case had when last evaluated (for its dependents before a change), by slot: a case
    /// keeps its slot while the session lasts and a new case takes the next one, so screens
    /// can keep arrays in step with this one. Only a failed refresh, which re-reads
    /// everything, numbers them afresh (and says so as a change of everything).
    public private(set) var summaries: [CaseSummary] = []
    /// Each case id's slot in ``summaries``.
    public private(set) var slots: [String: Int] = [:]

    /// The summary of one case, as last evaluated.
    public func summary(of caseID: String) -> CaseSummary? { slots[caseID].map { summaries[$0] } }

    /// The case's counsellor as last evaluated, read without copying its summary (the status
    /// counts ask this of every flagged case when all flags are recomputed).
    private func counsellor(of caseID: String) -> String? { slots[caseID].map { summaries[$0].counsellor } }

    /// A session whose day never changes (`--today`, tests).
    public convenience init(store: CaseStore, rules: OfficeRules, user: String, today: LocalDate) {
        self.init(store: store, rules: rules, user: user, days: FixedDay(today))
    }

    public init(store: CaseStore, rules: OfficeRules, user: String, days: any DaySource) {
        self.store = store
        self.rules = rules
        self.user = user
        self.days = days
        self.today = days.today()
        indexAllKeys()
        recomputeAllFlags()
    }

    /// Starts building the search index on another thread, from the caseload as it is now;
    /// the changes made meanwhile are caught up when it is adopted. Once only.
    public func startSearchIndex() {
        guard !searchStarted else { return }
        searchStarted = true
        let caseload = caseload
        pendingSearch = (BackgroundBuild { SearchIndex(caseload) }, revision)
    }

    /// Takes the background search index once it is built (or, `waiting`, as soon as it is),
    /// bringing it up to date with the cases changed since; starts the build if it has not
    /// started. Returns whether it was adopted.
    @discardableResult
    public func adoptSearch(waiting: Bool = false) -> Bool {
        startSearchIndex()
        guard let pending = pendingSearch else { return false }
        guard let built = pending.build.wait(milliseconds: waiting ? nil : 0) else { return false }
        pendingSearch = nil
        searchIndex = built
        if let changed = changes(since: pending.revision) {
            searchIndex.update(changed.compactMap { caseload[$0] })
        } else {
            searchIndex = SearchIndex(caseload)
        }
        return true
    }

    public var caseload: Caseload { store.caseload }

    public func flags(for caseID: String) -> [Flag] { flagsByCase[caseID] ?? [] }

    public func worstSeverity(of caseID: String) -> Severity? { flagsByCase[caseID]?.first?.severity }

    /// The case ids changed after `revision` up to now, or nil when that is unknown or
    /// everything changed (a new day, a failed refresh, a revision too old to remember).
    public func changes(since revision: Int) -> Set<String>? {
        if revision == self.revision { return [] }
        guard let oldest = changeLog.first, oldest.revision <= revision + 1 else { return nil }
        var ids: Set<String> = []
        for entry in changeLog where entry.revision > revision {
            guard let changed = entry.caseIDs else { return nil }
            ids.formUnion(changed)
        }
        return ids
    }

    /// Counts of flagged cases by their worst severity, for the status line, for one
    /// counsellor or (nil) everyone. Kept up to date with the flags, case by case: the status
    /// line asks on every frame, and a city caseload has 100,000 cases.
    public func caseCounts(for counsellor: String?) -> (overdue: Int, escalated: Int) {
        guard let counsellor else { return totalCounts }
        return countsByCounsellor[counsellor] ?? (0, 0)
    }

    private var countsByCounsellor: [String: (overdue: Int, escalated: Int)] = [:]
    private var totalCounts = (overdue: 0, escalated: 0)

    /// Adds (+1) or takes away (-1) one case's part in the status counts.
    private func count(_ caseID: String, counsellor: String?, _ sign: Int) {
        guard let counsellor else { return }
        let severity = flagsByCase[caseID]?.first?.severity
        guard severity == .overdue || severity == .escalated else { return }
        var counts = countsByCounsellor[counsellor] ?? (0, 0)
        if severity == .escalated {
            counts.escalated += sign
            totalCounts.escalated += sign
        } else {
            counts.overdue += sign
            totalCounts.overdue += sign
        }
        countsByCounsellor[counsellor] = counts
    }

    /// Moves to the day source's current day if it has changed since (the app left open past
    /// midnight), recomputing every flag. Returns whether it did.
    @discardableResult
    public func rollOver() -> Bool {
        let day = days.today()
        guard day != today else { return false }
        today = day
        recomputeAllFlags()
        return true
    }

    /// Appends one event durably, then updates flags and search. Throws before changing anything.
    @discardableResult
    public func record(_ body: EventBody, caseID: String, effective: LocalDate? = nil) throws(JournalError) -> Event {
        rollOver()
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
            // Journals read before the problem were applied; bring everything derived up to date
            // (a search index not started yet will take the caseload as it is when it starts).
            if searchStarted {
                pendingSearch = nil
                searchIndex = SearchIndex(caseload)
            }
            indexAllKeys()
            recomputeAllFlags()
            throw error
        }
        if !fresh.isEmpty { changed(caseIDs: Set(fresh.map(\.caseID).filter { !$0.isEmpty })) }
        return fresh.count
    }

    private func changed(caseIDs: Set<String>) {
        let records = caseIDs.compactMap { caseload[$0] }
        // A background build still running (or not started) catches up when it is adopted.
        if searchStarted && pendingSearch == nil { searchIndex.update(records) }
        var affected = caseIDs
        for id in caseIDs { affected.formUnion(dependents(of: id)) }
        var counsellorBefore: [String: String] = [:]
        for id in caseIDs { counsellorBefore[id] = counsellor(of: id) }
        indexKeys(records)
        for id in caseIDs { affected.formUnion(dependents(of: id)) }
        for id in affected { count(id, counsellor: counsellorBefore[id] ?? counsellor(of: id), -1) }
        defer { for id in affected { count(id, counsellor: counsellor(of: id), +1) } }
        for id in affected {
            guard let record = caseload[id] else {
                flagsByCase[id] = nil
                continue
            }
            let flags = rules.flags(for: record, context: context(of: record), today: today)
            flagsByCase[id] = flags.isEmpty ? nil : flags
        }
        bump(affected)
    }

    /// Cases whose flags can depend on case `id`: its household's members and the person's
    /// other cases, by the keys currently indexed.
    private func dependents(of id: String) -> Set<String> {
        guard let key = summary(of: id) else { return [] }
        var ids = Set(caseload.cases(withResidentID: key.residentID).map(\.id))
        if let household = key.household { ids.formUnion(households[household] ?? []) }
        return ids
    }

    private func context(of record: CaseRecord) -> CaseContext {
        let household = record.details.household.map { id in (households[id] ?? []).compactMap { caseload[$0] } } ?? [record]
        return CaseContext(household: household, samePerson: caseload.cases(withResidentID: record.residentID.value))
    }

    private func indexKeys(_ records: [CaseRecord]) {
        for record in records {
            let summary = CaseSummary(record)
            if let slot = slots[record.id] {
                if let old = summaries[slot].household { households[old]?.remove(record.id) }
                summaries[slot] = summary
            } else {
                slots[record.id] = summaries.count
                summaries.append(summary)
            }
            if let household = summary.household { households[household, default: []].insert(record.id) }
        }
    }

    /// Every case's summary, slot and household, from scratch: the summaries are taken on
    /// every core straight from the caseload's storage, then filed by id in one pass.
    private func indexAllKeys() {
        let summaries = CaseSummary.all(in: caseload)
        var households: [String: Set<String>] = [:]
        summaries.withUnsafeBufferPointer { all in
            for slot in all.indices {
                if let household = all[slot].household { households[household, default: []].insert(all[slot].id) }
            }
        }
        self.summaries = summaries
        // The summaries are in the caseload's own order, so its table of slots is this one's to
        // start from (shared, not rebuilt: 100,000 inserts), and goes its own way after.
        self.slots = caseload.cases.slots
        self.households = households
    }

    private func recomputeAllFlags() {
        flagsByCase = RuleEngine.flagsByCase(for: caseload, policy: rules.policy, calendar: rules.calendar, today: today)
        countsByCounsellor = [:]
        totalCounts = (0, 0)
        for caseID in flagsByCase.keys { count(caseID, counsellor: counsellor(of: caseID), +1) }
        bump(nil)
    }

    private func bump(_ caseIDs: Set<String>?) {
        revision += 1
        changeLog.append((revision, caseIDs))
        if changeLog.count > 32 { changeLog.removeFirst(changeLog.count - 32) }
    }
}
