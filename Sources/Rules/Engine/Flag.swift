import Cases

/// How urgent a flag is.
public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Due within the warning window (today included).
    case dueSoon
    /// Past its due date.
    case overdue
    /// Overdue by more than the policy's `escalate_after_working_days`.
    case escalated

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var english: String {
        switch self {
        case .dueSoon: "due soon"
        case .overdue: "overdue"
        case .escalated: "escalated"
        }
    }

    public var chinese: String {
        switch self {
        case .dueSoon: "即将到期"
        case .overdue: "已逾期"
        case .escalated: "严重逾期"
        }
    }

    public func label(chinese useChinese: Bool) -> String { useChinese ? chinese : english }
}

/// Something a counsellor should do on a case, computed from the case, the
/// policy, the calendar and today's date. Never stored.
public struct Flag: Sendable, Hashable, Identifiable {
    public let caseID: String
    public let rule: RuleID
    /// The day the action is due (never before the case opened).
    public let dueDate: LocalDate
    /// Calendar days past `dueDate`; 0 when not overdue.
    public let daysOverdue: Int
    public let severity: Severity
    /// Why, with the numbers: "No contact for 41 days (policy: every 30 days)".
    public let reason: String
    /// The same in Chinese.
    public let reasonChinese: String
    /// The household, for household-level rules (zero-employment clearance).
    public let household: String?

    public init(caseID: String, rule: RuleID, dueDate: LocalDate, daysOverdue: Int, severity: Severity,
                reason: String, reasonChinese: String, household: String? = nil) {
        self.caseID = caseID
        self.rule = rule
        self.dueDate = dueDate
        self.daysOverdue = daysOverdue
        self.severity = severity
        self.reason = reason
        self.reasonChinese = reasonChinese
        self.household = household
    }

    /// Stable identity: a case can carry the same rule twice only with different due dates.
    public var id: String { "\(caseID)/\(rule.rawValue)/\(dueDate.iso)" }

    public func reason(chinese: Bool) -> String { chinese ? reasonChinese : reason }

    /// Most urgent first: severity, then days overdue, then due date, case and rule.
    public static func urgentFirst(_ a: Flag, _ b: Flag) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.daysOverdue != b.daysOverdue { return a.daysOverdue > b.daysOverdue }
        if a.dueDate != b.dueDate { return a.dueDate < b.dueDate }
        if a.caseID != b.caseID { return a.caseID < b.caseID }
        return a.rule < b.rule
    }
}
