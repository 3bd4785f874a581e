import Cases

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
            household = caseload.allCases.filter { $0.details.household == id }
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
        guard record.status != .closed else { return [] }
        let e = Evaluator(record: record, context: context, policy: policy, calendar: calendar, today: today)
        var flags: [Flag] = []
        for rule in RuleID.allCases where policy.isEnabled(rule) {
            flags += e.evaluate(rule)
        }
        return flags.sorted(by: Flag.urgentFirst)
    }

    /// Flags of every case in the caseload, most urgent first. Household
    /// rules are evaluated once per household, across all its members.
    public static func flags(
        for caseload: Caseload, policy: Policy, calendar: WorkingCalendar, today: LocalDate
    ) -> [Flag] {
        let cases = caseload.allCases
        var households: [String: [CaseRecord]] = [:]
        for record in cases {
            if let id = record.details.household { households[id, default: []].append(record) }
        }
        var flags: [Flag] = []
        for record in cases where record.status != .closed {
            let household = record.details.household.flatMap { households[$0] } ?? [record]
            let context = CaseContext(household: household,
                                      samePerson: caseload.cases(withResidentID: record.residentID.value))
            flags += Self.flags(for: record, context: context, policy: policy, calendar: calendar, today: today)
        }
        return flags.sorted(by: Flag.urgentFirst)
    }
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
    let record: CaseRecord
    let context: CaseContext
    let policy: Policy
    let calendar: WorkingCalendar
    let today: LocalDate

    func evaluate(_ rule: RuleID) -> [Flag] {
        switch rule {
        case .first_contact: firstContact().map { [$0] } ?? []
        case .scheduled_follow_up: scheduledFollowUp().map { [$0] } ?? []
        case .regular_contact: regularContact().map { [$0] } ?? []
        case .graduate_package: graduatePackage().map { [$0] } ?? []
        case .zero_employment_clearance: zeroEmploymentClearance().map { [$0] } ?? []
        case .difficulty_recommendations: difficultyRecommendations().map { [$0] } ?? []
        case .unemployed_benefit_end: benefitEnd().map { [$0] } ?? []
        case .unemployed_long_term: longTermUnemployed().map { [$0] } ?? []
        case .post_placement: postPlacement().map { [$0] } ?? []
        case .programme_end: programmeEnd()
        }
    }

    /// Contacts that count for contact rules: reached ones only, when the rule says so.
    func countedContacts(_ rule: RuleID) -> [ContactEntry] {
        let reachedOnly = policy.bool("reached_only", of: rule) ?? false
        return record.contacts.filter { !reachedOnly || $0.reached }
    }

    /// Whether any contact (reached or not) is dated on or after `date`.
    func contacted(onOrAfter date: LocalDate) -> Bool {
        record.contacts.contains { $0.date >= date }
    }

    /// Builds the flag for a due date, or nil when it is not yet in its
    /// warning window or the rule is snoozed. The due date is moved up to the
    /// opening date so that no flag is due before its case opened.
    func flag(
        _ rule: RuleID, due rawDue: LocalDate, warnDays: Int? = nil, household: String? = nil,
        reason: (Timing, LocalDate) -> (english: String, chinese: String)
    ) -> Flag? {
        if isSnoozed(rule) { return nil }
        let due = max(rawDue, record.opened)
        let timing: Timing
        let severity: Severity
        if today > due {
            let late = due.days(until: today)
            timing = .overdue(late)
            // Overdue by more than N working days ⟺ the (N+1)th working day after due has come;
            // stepping N+1 days is cheaper than counting every day of a long-overdue case.
            let escalation = calendar.addingWorkingDays(policy.escalateAfterWorkingDays + 1, to: due)
            severity = today >= escalation ? .escalated : .overdue
        } else {
            let left = today.days(until: due)
            guard left <= (warnDays ?? policy.dueSoonDays) else { return nil }
            timing = .dueIn(left)
            severity = .dueSoon
        }
        let text = reason(timing, due)
        let daysOverdue = if case .overdue(let n) = timing { n } else { 0 }
        return Flag(caseID: record.id, rule: rule, dueDate: due, daysOverdue: daysOverdue, severity: severity,
                    reason: text.english, reasonChinese: text.chinese, household: household)
    }

    /// The latest snooze of `rule` hides it while today is before its date.
    func isSnoozed(_ rule: RuleID) -> Bool {
        guard let snooze = record.snoozes.last(where: { $0.rule == rule.rawValue }) else { return false }
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
