import Cases
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The other cases a rule may need to see beside the case itself.
public struct CaseContext: Sendable {
    /// Every case in the same household (difficulty cases sharing a household
    /// id), including the case itself. Empty means "just this case".
    public var household: [CaseRecord]
    /// Every case of the same person (same resident ID), including this one.
    public var samePerson: [CaseRecord]

    public init(household: [CaseRecord] = [], samePerson: [CaseRecord] = []) {
        self.household = household
        self.samePerson = samePerson
    }

    /// The context of `record` within `caseload`.
    public init(of record: CaseRecord, in caseload: Caseload) {
        let household: [CaseRecord]
        if let id = record.details.household {
            household = caseload.cases.values.filter { $0.details.household == id }
        } else {
            household = [record]
        }
        self.init(household: household, samePerson: caseload.cases(withResidentID: record.residentID.value))
    }
}

/// Computes flags. A pure function of the case (its folded events), its
/// context, the policy, the working calendar and `today`: the same inputs
/// always give the same flags, in the same order.
public enum RuleEngine {
    /// Flags of one case, most urgent first. Closed cases have none; a rule
    /// snoozed until a later date is hidden until that date.
    public static func flags(
        for record: CaseRecord, context: CaseContext = CaseContext(), policy: Policy,
        calendar: WorkingCalendar, today: LocalDate
    ) -> [Flag] {
        flags(for: record, context: context, settings: RuleSettings(policy), calendar: calendar, today: today)
    }

    /// A policy read once for evaluating many cases: the call that takes a `Policy` reads its
    /// settings again for every case (a tenth of a report over 100,000 cases).
    public struct PreparedPolicy: Sendable {
        let settings: RuleSettings
        public init(_ policy: Policy) { settings = RuleSettings(policy) }
    }

    /// `flags(for:context:policy:calendar:today:)` with the policy read beforehand.
    public static func flags(
        for record: CaseRecord, context: CaseContext = CaseContext(), prepared: PreparedPolicy, calendar: WorkingCalendar,
        today: LocalDate
    ) -> [Flag] {
        flags(for: record, context: context, settings: prepared.settings, calendar: calendar, today: today)
    }

    static func flags(
        for record: CaseRecord, context: CaseContext, settings: RuleSettings, calendar: WorkingCalendar, today: LocalDate
    ) -> [Flag] {
        flags(for: RuleView(record), context: context, settings: settings, calendar: calendar, today: today)
    }

    static func flags(
        for record: RuleView, context: CaseContext, settings: RuleSettings, calendar: WorkingCalendar, today: LocalDate
    ) -> [Flag] {
        guard record.status != .closed else { return [] }
        let e = Evaluator(record: record, context: context, settings: settings, calendar: calendar, today: today)
        var flags: [Flag] = []
        for rule in settings.enabledRules { e.evaluate(rule, into: &flags) }
        if flags.count > 1 { flags.sort(by: Flag.urgentFirst) }
        return flags
    }

    /// Flags of every case in the caseload, most urgent first. Household
    /// rules are evaluated once per household, across all its members.
    public static func flags(
        for caseload: Caseload, policy: Policy, calendar: WorkingCalendar, today: LocalDate
    ) -> [Flag] {
        Flag.sortedUrgentFirst(flagsByCase(for: caseload, policy: policy, calendar: calendar, today: today)
            .values.flatMap { $0 })
    }

    /// Flags of every case that has any, keyed by case id, each list most urgent first.
    /// The cases are split into chunks evaluated on all cores; the result does not depend
    /// on how they are split.
    public static func flagsByCase(
        for caseload: Caseload, policy: Policy, calendar: WorkingCalendar, today: LocalDate
    ) -> [String: [Flag]] {
        // The records are read in place (a copy would retain each of a record's twenty-odd
        // fields, cold cache lines at 100,000 cases): one pass evaluates every case whose rules
        // need no other case, and notes what the rest need. The few left — zero-employment cases
        // in a household, and unemployed cases whose long-term flag a difficulty case of the
        // same person may clear — are evaluated after it with context.
        let values = caseload.cases.values
        let indices = values.indices
        let settings = RuleSettings(policy)
        let chunkCount = indices.count < 2_000 ? 1 : ProcessInfoLite.activeProcessorCount * 4
        let chunkSize = (indices.count + chunkCount - 1) / max(1, chunkCount)
        var results = [FirstPass](repeating: FirstPass(), count: chunkCount)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = SendableBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let start = chunk * chunkSize
                let end = min(indices.count, start + chunkSize)
                guard start < end else { return }
                let settings = settings.unshared()
                let calendar = calendar.unshared()
                var pass = FirstPass()
                for position in start..<end {
                    // The view, not the record: a record held here would keep every field retained.
                    let record = RuleView(values[position])
                    let details = record.details
                    if let household = details.household { pass.households.append((household, record.id)) }
                    if details.difficulty?.categories.contains(.long_term_unemployed) == true {
                        pass.longTermIdentified.append(values[position].residentID.value)
                    }
                    guard record.status != .closed else { continue }
                    if details.household != nil, details.difficulty?.categories.contains(.zero_employment_household) == true {
                        pass.deferred.append(record.id)
                        continue
                    }
                    let flags = Self.flags(for: record, context: CaseContext(), settings: settings,
                                           calendar: calendar, today: today)
                    // With no other case in view the long-term flag is never cleared; look again with them.
                    if record.kind == .unemployed, flags.contains(where: { $0.rule == .unemployed_long_term }) {
                        pass.deferred.append(record.id)
                        continue
                    }
                    if !flags.isEmpty { pass.found.append((record.id, flags)) }
                }
                slots.buffer[chunk] = pass
            }
        }
        var households: [String: [String]] = [:]
        var longTerm: Set<String> = []
        var byCase: [String: [Flag]] = [:]
        byCase.reserveCapacity(results.reduce(0) { $0 + $1.found.count })
        for pass in results {
            for (household, id) in pass.households { households[household, default: []].append(id) }
            longTerm.formUnion(pass.longTermIdentified)
            for (id, flags) in pass.found { byCase[id] = flags }
        }
        // The cases that need others in view, also on all cores: at 100,000 cases they are a few
        // thousand, and evaluated one after another they were a third of the wall time.
        let deferred = results.flatMap(\.deferred)
        let members = households
        let longTermIDs = longTerm
        let deferredChunks = deferred.count < 64 ? 1 : ProcessInfoLite.activeProcessorCount * 4
        var found = [[(String, [Flag])]](repeating: [], count: deferredChunks)
        found.withUnsafeMutableBufferPointer { buffer in
            let slots = SendableBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: deferredChunks) { chunk in
                let settings = settings.unshared()
                let calendar = calendar.unshared()
                var mine: [(String, [Flag])] = []
                for position in (chunk * deferred.count / deferredChunks)..<((chunk + 1) * deferred.count / deferredChunks) {
                    let id = deferred[position]
                    guard let record = caseload[id] else { continue }
                    var context = CaseContext()
                    if let household = record.details.household {
                        context.household = (members[household] ?? []).compactMap { caseload[$0] }
                    }
                    if longTermIDs.contains(record.residentID.value) {
                        context.samePerson = caseload.cases(withResidentID: record.residentID.value)
                    }
                    let flags = Self.flags(for: record, context: context, settings: settings, calendar: calendar, today: today)
                    if !flags.isEmpty { mine.append((id, flags)) }
                }
                slots.buffer[chunk] = mine
            }
        }
        for chunk in found {
            for (id, flags) in chunk { byCase[id] = flags }
        }
        return byCase
    }

    /// What one chunk of the first pass found.
    private struct FirstPass {
        var found: [(String, [Flag])] = []
        var deferred: [String] = []
        var households: [(String, String)] = []
        var longTermIdentified: [String] = []
    }

    /// Flags of the given cases only (those that still exist), keyed by case id, for bringing
    /// `flagsByCase` up to date after a few cases changed. A case without flags maps to [].
    public static func flagsByCase(
        of caseIDs: some Sequence<String>, in caseload: Caseload, policy: Policy, calendar: WorkingCalendar,
        today: LocalDate
    ) -> [String: [Flag]] {
        let settings = RuleSettings(policy)
        var byCase: [String: [Flag]] = [:]
        for id in caseIDs {
            guard let record = caseload[id] else { continue }
            let context = CaseContext(of: record, in: caseload)
            byCase[id] = flags(for: record, context: context, settings: settings, calendar: calendar, today: today)
        }
        return byCase
    }

}

/// The chunk results' storage, written by one chunk each (disjoint slots).
private struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
}

/// The number of cores, without importing Foundation into the pure rules module.
enum ProcessInfoLite {
    static let activeProcessorCount: Int = {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }()
}

/// A flag's due date with how today stands to it.
struct DueWindow {
    let date: LocalDate
    let timing: Timing
    let severity: Severity
}

/// Relation of today to a due date.
enum Timing: Equatable {
    /// Due in this many days (0 = today).
    case dueIn(Int)
    /// Overdue by this many days (≥ 1).
    case overdue(Int)
}

/// One evaluation of one case; the rule bodies live in extensions.
struct Evaluator {
    let record: RuleView
    let context: CaseContext
    let settings: RuleSettings
    let calendar: WorkingCalendar
    let today: LocalDate

    func evaluate(_ rule: RuleID, into flags: inout [Flag]) {
        let flag: Flag?
        switch rule {
        case .first_contact: flag = firstContact()
        case .scheduled_follow_up: flag = scheduledFollowUp()
        case .regular_contact: flag = regularContact()
        case .graduate_package: flag = graduatePackage()
        case .zero_employment_clearance: flag = zeroEmploymentClearance()
        case .difficulty_recommendations: flag = difficultyRecommendations()
        case .unemployed_benefit_end: flag = benefitEnd()
        case .unemployed_long_term: flag = longTermUnemployed()
        case .post_placement: flag = postPlacement()
        case .programme_end:
            flags += programmeEnd()
            return
        }
        if let flag { flags.append(flag) }
    }

    /// The date of the latest contact that counts (a reached one only, when `reachedOnly`).
    func lastCountedContact(reachedOnly: Bool) -> LocalDate? {
        var latest: LocalDate?
        let contacts = record.contacts
        for index in contacts.indices where !reachedOnly || contacts[index].reached {
            let date = contacts[index].date
            if latest == nil || date > latest! { latest = date }
        }
        return latest
    }

    /// Whether any contact (reached or not) is dated on or after `date`.
    func contacted(onOrAfter date: LocalDate) -> Bool {
        record.contacts.contains { $0.date >= date }
    }

    /// When a rule's flag falls due: nil when the date is not yet in its warning window or the
    /// rule is snoozed. The due date is moved up to the opening date so that no flag is due
    /// before its case opened. Asked before the flag is built, so that a case without the flag
    /// pays for no reason text.
    func dueWindow(_ rule: RuleID, on rawDue: LocalDate, warnDays: Int? = nil) -> DueWindow? {
        if isSnoozed(rule) { return nil }
        let due = max(rawDue, record.opened)
        if today > due {
            // Overdue by more than N working days ⟺ the (N+1)th working day after due has come;
            // stepping N+1 days is cheaper than counting every day of a long-overdue case.
            let escalation = calendar.addingWorkingDays(settings.escalateAfterWorkingDays + 1, to: due)
            return DueWindow(date: due, timing: .overdue(due.days(until: today)),
                             severity: today >= escalation ? .escalated : .overdue)
        }
        let left = today.days(until: due)
        guard left <= (warnDays ?? settings.dueSoonDays) else { return nil }
        return DueWindow(date: due, timing: .dueIn(left), severity: .dueSoon)
    }

    /// The flag for a window ``dueWindow(_:on:warnDays:)`` found; `reason` writes its texts
    /// only when they are read.
    func flag(
        _ rule: RuleID, _ window: DueWindow, household: String? = nil,
        reason: @escaping @Sendable (Timing, LocalDate) -> (english: String, chinese: String)
    ) -> Flag {
        let daysOverdue = if case .overdue(let n) = window.timing { n } else { 0 }
        return Flag(caseID: record.id, rule: rule, dueDate: window.date, daysOverdue: daysOverdue,
                    severity: window.severity, household: household) { reason(window.timing, window.date) }
    }

    /// The latest snooze of `rule` hides it while today is before its date.
    func isSnoozed(_ rule: RuleID) -> Bool {
        guard !record.snoozes.isEmpty,
              let snooze = record.snoozes.last(where: { $0.rule == rule.rawValue }) else { return false }
        return today < snooze.until
    }

    /// "(in 3 days)", "(today)", "3 days overdue", for reasons.
    static func when(_ timing: Timing) -> (english: String, chinese: String) {
        switch timing {
        case .dueIn(0): ("due today", "今天到期")
        case .dueIn(1): ("due tomorrow", "明天到期")
        case .dueIn(let n): ("due in \(n) days", "\(n)天后到期")
        case .overdue(1): ("1 day overdue", "已逾期1天")
        case .overdue(let n): ("\(n) days overdue", "已逾期\(n)天")
        }
    }

    /// Time from `from` to today in the span's unit ("41 days", "7 working days").
    func elapsed(since from: LocalDate, unit: Span.Unit) -> Span {
        switch unit {
        case .days: .days(from.days(until: today))
        case .working_days: .workingDays(calendar.workingDays(from: from, to: today))
        case .months: .days(from.days(until: today))
        }
    }
}
