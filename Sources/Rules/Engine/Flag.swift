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
    public var reason: String { text.render().english }
    /// The same in Chinese.
    public var reasonChinese: String { text.render().chinese }
    /// The household, for household-level rules (zero-employment clearance).
    public let household: String?
    /// The reasons, written when read: an office has thousands of flags and a screen shows a
    /// few, and writing both texts of every flag took a third of the time the rules took.
    private let text: ReasonText

    public init(caseID: String, rule: RuleID, dueDate: LocalDate, daysOverdue: Int, severity: Severity,
                reason: String, reasonChinese: String, household: String? = nil) {
        self.init(caseID: caseID, rule: rule, dueDate: dueDate, daysOverdue: daysOverdue, severity: severity,
                  household: household, reason: { (reason, reasonChinese) })
    }

    /// A flag whose reasons are written by `reason` when first asked for (each time: it is a
    /// pure function of values the rule captured, so every reading gives the same texts).
    init(caseID: String, rule: RuleID, dueDate: LocalDate, daysOverdue: Int, severity: Severity, household: String?,
         reason: @escaping @Sendable () -> (english: String, chinese: String)) {
        self.caseID = caseID
        self.rule = rule
        self.dueDate = dueDate
        self.daysOverdue = daysOverdue
        self.severity = severity
        self.household = household
        text = ReasonText(render: reason)
    }

    /// Equal when every field and both reasons are equal.
    public static func == (a: Flag, b: Flag) -> Bool {
        a.caseID == b.caseID && a.rule == b.rule && a.dueDate == b.dueDate && a.daysOverdue == b.daysOverdue
            && a.severity == b.severity && a.household == b.household
            && a.text.render() == b.text.render()
    }

    /// Hashes the fields but not the reasons (equal flags still hash alike), so hashing writes no text.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(caseID)
        hasher.combine(rule)
        hasher.combine(dueDate)
        hasher.combine(daysOverdue)
        hasher.combine(severity)
        hasher.combine(household)
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

/// Writes a flag's two reasons.
private struct ReasonText: Sendable {
    let render: @Sendable () -> (english: String, chinese: String)
}

extension Flag {
    /// `flags` in ``urgentFirst`` order, the same order `sorted(by: Flag.urgentFirst)` gives.
    /// Sorting the flags themselves copies each flag compared (four strings retained and
    /// released per copy), which for the whole office's flags took longer than finding them;
    /// this sorts their positions and copies each flag once.
    public static func sortedUrgentFirst(_ flags: [Flag]) -> [Flag] {
        guard flags.count > 1 else { return flags }
        return flags.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            var order = Array(buffer.indices)
            order.sort { urgentFirst(base + $0, base + $1) }
            return order.map { buffer[$0] }
        }
    }

    /// ``urgentFirst`` read through pointers, which compares fields in place instead of copying the flags.
    private static func urgentFirst(_ a: UnsafePointer<Flag>, _ b: UnsafePointer<Flag>) -> Bool {
        if a.pointee.severity != b.pointee.severity { return a.pointee.severity > b.pointee.severity }
        if a.pointee.daysOverdue != b.pointee.daysOverdue { return a.pointee.daysOverdue > b.pointee.daysOverdue }
        if a.pointee.dueDate != b.pointee.dueDate { return a.pointee.dueDate < b.pointee.dueDate }
        if a.pointee.caseID != b.pointee.caseID { return a.pointee.caseID < b.pointee.caseID }
        return a.pointee.rule < b.pointee.rule
    }
}
