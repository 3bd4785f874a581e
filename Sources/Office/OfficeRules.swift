import Cases
import Journal
import Rules

/// The office's policy and calendar: the shipped defaults with the data directory's
/// `policy.toml` and `calendar.toml` laid over them. A broken file stops the caller
/// rather than letting rules run on a guessed policy.
public struct OfficeRules: Sendable {
    public let policy: Policy
    public let calendar: WorkingCalendar

    public init(policy: Policy = .default, calendar: WorkingCalendar = .default) {
        self.policy = policy
        self.calendar = calendar
    }

    /// Throws a `ValidationError` naming `policy` or `calendar` with the file, line and key.
    public init(directory: DataDirectory) throws {
        var policy = Policy.default
        if let text = try directory.readText(directory.policy) {
            do { policy = try Policy.parse(text: text, file: directory.policy) } catch {
                throw ValidationError(field: "policy", error.description)
            }
        }
        var calendar = WorkingCalendar.default
        if let text = try directory.readText(directory.calendar) {
            do { calendar = calendar.merging(try WorkingCalendar.parse(text: text, file: directory.calendar)) } catch {
                throw ValidationError(field: "calendar", error.description)
            }
        }
        self.policy = policy
        self.calendar = calendar
    }

    public func flags(_ caseload: Caseload, today: LocalDate) -> [Flag] {
        RuleEngine.flags(for: caseload, policy: policy, calendar: calendar, today: today)
    }

    public func flags(for record: CaseRecord, in caseload: Caseload, today: LocalDate) -> [Flag] {
        RuleEngine.flags(for: record, context: CaseContext(of: record, in: caseload), policy: policy, calendar: calendar, today: today)
    }

    /// Flags of one case with its context already gathered (the session keeps the indexes).
    public func flags(for record: CaseRecord, context: CaseContext, today: LocalDate) -> [Flag] {
        RuleEngine.flags(for: record, context: context, policy: policy, calendar: calendar, today: today)
    }

    public func packageProgress(_ record: CaseRecord) -> PackageProgress? {
        record.kind == .graduate ? PackageProgress(record: record, policy: policy, calendar: calendar) : nil
    }
}

extension Severity {
    /// The name used in JSON and on the command line.
    public var identifier: String {
        switch self {
        case .dueSoon: "due"
        case .overdue: "overdue"
        case .escalated: "escalated"
        }
    }

    public static func parse(_ text: String) throws(ValidationError) -> Severity {
        switch text.lowercased() {
        case "due", "due_soon", "soon": return .dueSoon
        case "overdue": return .overdue
        case "escalated": return .escalated
        default: throw ValidationError(field: "severity", "'\(text)' is not one of due, overdue, escalated")
        }
    }

    /// ▲ escalated, ● overdue, ○ due soon: severity never rests on colour alone.
    public var glyph: String {
        switch self {
        case .escalated: "▲"
        case .overdue: "●"
        case .dueSoon: "○"
        }
    }
}
