import Cases

/// A rule's period, with its unit as the policy file names it.
public enum Span: Sendable, Hashable, CustomStringConvertible {
    case days(Int)
    case workingDays(Int)
    case months(Int)

    /// Unit keys as written in policy files.
    public enum Unit: String, Sendable, CaseIterable {
        case days, working_days, months
    }

    public init(_ unit: Unit, _ n: Int) {
        switch unit {
        case .days: self = .days(n)
        case .working_days: self = .workingDays(n)
        case .months: self = .months(n)
        }
    }

    public var unit: Unit {
        switch self {
        case .days: .days
        case .workingDays: .working_days
        case .months: .months
        }
    }

    public var count: Int {
        switch self {
        case .days(let n), .workingDays(let n), .months(let n): n
        }
    }

    /// The date this span after `date`.
    public func date(after date: LocalDate, calendar: WorkingCalendar) -> LocalDate {
        switch self {
        case .days(let n): date.adding(days: n)
        case .workingDays(let n): calendar.addingWorkingDays(n, to: date)
        case .months(let n): date.adding(months: n)
        }
    }

    /// "30 days", "5 working days", "6 months".
    public var description: String {
        switch self {
        case .days(let n): n == 1 ? "1 day" : "\(n) days"
        case .workingDays(let n): n == 1 ? "1 working day" : "\(n) working days"
        case .months(let n): n == 1 ? "1 month" : "\(n) months"
        }
    }

    /// "30天", "5个工作日", "6个月".
    public var chinese: String {
        switch self {
        case .days(let n): "\(n)天"
        case .workingDays(let n): "\(n)个工作日"
        case .months(let n): "\(n)个月"
        }
    }
}

/// One setting's value.
public enum PolicyValue: Sendable, Hashable {
    case bool(Bool)
    case count(Int)
    case kinds([CaseKind])
    case span(Span)
    case spans([Span])
}

/// What each section of a policy file may contain. The defaults themselves
/// live in `Resources/default-policy.toml`; this only says what is legal.
enum PolicySchema {
    enum Kind: Equatable {
        case bool
        case count
        case kinds
        /// A period; `list` when the rule takes several (post_placement).
        case span(units: [Span.Unit], list: Bool)
    }

    struct Setting {
        /// The key in the file, or `span` for a period (whose key is its unit).
        let slot: String
        let kind: Kind
    }

    static let severitySection = "severity"

    static func section(_ rule: RuleID) -> String { "rules.\(rule.rawValue)" }

    static let severity: [Setting] = [
        Setting(slot: "due_soon_days", kind: .count),
        Setting(slot: "escalate_after_working_days", kind: .count),
    ]

    static func settings(_ rule: RuleID) -> [Setting] {
        let enabled = Setting(slot: "enabled", kind: .bool)
        let calendarOrWorking = Kind.span(units: [.days, .working_days], list: false)
        let rest: [Setting] = switch rule {
        case .first_contact:
            [Setting(slot: "span", kind: calendarOrWorking), Setting(slot: "reached_only", kind: .bool)]
        case .scheduled_follow_up:
            [Setting(slot: "warn_days", kind: .count)]
        case .regular_contact:
            [Setting(slot: "span", kind: calendarOrWorking), Setting(slot: "kinds", kind: .kinds),
             Setting(slot: "reached_only", kind: .bool)]
        case .graduate_package:
            [Setting(slot: "span", kind: .span(units: [.months, .days], list: false)),
             Setting(slot: "warn_days", kind: .count),
             Setting(slot: "policy_briefings", kind: .count),
             Setting(slot: "job_recommendations", kind: .count),
             Setting(slot: "career_guidance", kind: .count),
             Setting(slot: "training_or_traineeship", kind: .count)]
        case .zero_employment_clearance:
            [Setting(slot: "span", kind: calendarOrWorking)]
        case .difficulty_recommendations:
            [Setting(slot: "job_recommendations", kind: .count)]
        case .unemployed_benefit_end:
            [Setting(slot: "warn_days", kind: .count)]
        case .unemployed_long_term:
            [Setting(slot: "span", kind: .span(units: [.months, .days], list: false))]
        case .post_placement:
            [Setting(slot: "span", kind: .span(units: [.days, .working_days], list: true))]
        case .programme_end:
            [Setting(slot: "warn_days", kind: .count), Setting(slot: "public_welfare_max_years", kind: .count)]
        }
        return [enabled] + rest
    }

    /// Every (section, settings) pair, in file order.
    static var all: [(section: String, settings: [Setting])] {
        [(severitySection, severity)] + RuleID.allCases.map { (section($0), settings($0)) }
    }

    /// Keys a section accepts in a file.
    static func fileKeys(_ settings: [Setting]) -> [String] {
        settings.flatMap { setting -> [String] in
            if case .span(let units, _) = setting.kind { return units.map(\.rawValue) }
            return [setting.slot]
        }
    }
}
