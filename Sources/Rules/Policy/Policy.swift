import Cases
import Toml

/// The office's follow-up policy: which rules run and with what numbers.
///
/// Built from the bundled `default-policy.toml` (``Policy/default``) with an
/// office's `policy.toml` laid on top (``Policy/parse(text:file:over:)``).
/// Every value remembers the file and line it came from.
public struct Policy: Sendable, Equatable {
    /// A value and where it was set.
    struct Entry: Sendable, Equatable {
        var value: PolicyValue
        /// The key as written (for a period, its unit: `days`, `working_days`, `months`).
        var key: String
        var file: String
        var line: Int
    }

    /// Keyed by "section/slot", e.g. "rules.first_contact/span".
    private var entries: [String: Entry] = [:]

    private init() {}

    /// File name the bundled defaults are reported under.
    public static let defaultFileName = "default-policy.toml"

    /// The bundled defaults' text, as `caseload policy show --default` prints it.
    public static let defaultText: String = RulesResources.text(named: "default-policy")

    /// The national defaults from `Resources/default-policy.toml`.
    public static let `default`: Policy = {
        do {
            let policy = try Policy().merged(text: defaultText, file: defaultFileName)
            if let missing = policy.missingSettings.first {
                preconditionFailure("\(defaultFileName) does not set \(missing)")
            }
            return policy
        } catch {
            preconditionFailure("bundled \(defaultFileName) is invalid: \(error)")
        }
    }()

    /// An office policy file merged over `base` (the defaults unless given):
    /// whatever the file does not set keeps `base`'s value. Unknown rules or
    /// keys, wrong types and negative numbers throw, naming file, line and key.
    public static func parse(text: String, file: String, over base: Policy = .default) throws(TomlError) -> Policy {
        try base.merged(text: text, file: file)
    }

    private func merged(text: String, file: String) throws(TomlError) -> Policy {
        let root = try TomlReader(parsing: text, file: file)
        try root.requireKnownKeys(["severity", "rules"])
        var result = self
        if let severity = try root.table("severity") {
            try result.read(severity, section: PolicySchema.severitySection, settings: PolicySchema.severity)
        }
        if let rules = try root.table("rules") {
            for key in rules.keys {
                guard let rule = RuleID(rawValue: key) else {
                    let known = RuleID.allCases.map(\.rawValue).joined(separator: ", ")
                    throw rules.error(at: key, "unknown rule (expected one of: \(known))")
                }
                guard let table = try rules.table(key) else { continue }
                try result.read(table, section: PolicySchema.section(rule), settings: PolicySchema.settings(rule))
            }
        }
        return result
    }

    private mutating func read(
        _ table: TomlReader, section: String, settings: [PolicySchema.Setting]
    ) throws(TomlError) {
        try table.requireKnownKeys(PolicySchema.fileKeys(settings))
        for setting in settings {
            let slotKey = "\(section)/\(setting.slot)"
            func store(_ value: PolicyValue, _ key: String) {
                entries[slotKey] = Entry(value: value, key: key, file: table.file, line: table.line(of: key))
            }
            switch setting.kind {
            case .bool:
                if let b = try table.bool(setting.slot) { store(.bool(b), setting.slot) }
            case .count:
                if let n = try table.nonNegativeInt(setting.slot) {
                    try Policy.checkLimit(n, 1000, table: table, key: setting.slot)
                    store(.count(n), setting.slot)
                }
            case .kinds:
                guard let names = try table.stringArray(setting.slot) else { break }
                var kinds: [CaseKind] = []
                for name in names {
                    guard let kind = CaseKind(rawValue: name) else {
                        let known = CaseKind.allCases.map(\.rawValue).joined(separator: ", ")
                        throw table.error(at: setting.slot, "unknown case kind \"\(name)\" (expected one of: \(known))")
                    }
                    if !kinds.contains(kind) { kinds.append(kind) }
                }
                store(.kinds(kinds), setting.slot)
            case .span(let units, let list):
                let given = units.filter { table.has($0.rawValue) }.sorted { table.line(of: $0.rawValue) < table.line(of: $1.rawValue) }
                guard let unit = given.first else { break }
                if given.count > 1 {
                    throw table.error(at: given[1].rawValue,
                                      "give only one of \(given.map(\.rawValue).joined(separator: ", "))")
                }
                if list {
                    guard let ns = try table.intArray(unit.rawValue) else { break }
                    if let bad = ns.first(where: { $0 < 0 }) {
                        throw table.error(at: unit.rawValue, "must not be negative, found \(bad)")
                    }
                    for n in ns { try Policy.checkLimit(n, Policy.limit(for: unit.rawValue), table: table, key: unit.rawValue) }
                    store(.spans(ns.map { Span(unit, $0) }), unit.rawValue)
                } else {
                    guard let n = try table.nonNegativeInt(unit.rawValue) else { break }
                    try Policy.checkLimit(n, Policy.limit(for: unit.rawValue), table: table, key: unit.rawValue)
                    store(.span(Span(unit, n)), unit.rawValue)
                }
            }
        }
    }

    /// "section.key" of every setting the schema has but this policy lacks.
    var missingSettings: [String] {
        PolicySchema.all.flatMap { section, settings in
            settings.filter { entries["\(section)/\($0.slot)"] == nil }.map { "\(section).\($0.slot)" }
        }
    }

    // MARK: Reading

    func entry(_ section: String, _ slot: String) -> Entry? { entries["\(section)/\(slot)"] }

    func entry(_ rule: RuleID, _ slot: String) -> Entry? { entry(PolicySchema.section(rule), slot) }

    /// A flag is due soon this many calendar days before its due date.
    public var dueSoonDays: Int {
        if case .count(let n)? = entry(PolicySchema.severitySection, "due_soon_days")?.value { return n }
        return 7
    }

    /// An overdue flag escalates once overdue by more than this many working days.
    public var escalateAfterWorkingDays: Int {
        if case .count(let n)? = entry(PolicySchema.severitySection, "escalate_after_working_days")?.value { return n }
        return 10
    }

    public func isEnabled(_ rule: RuleID) -> Bool {
        if case .bool(let b)? = entry(rule, "enabled")?.value { return b }
        return true
    }

    /// The rule's period (nil for rules without one).
    public func span(of rule: RuleID) -> Span? {
        if case .span(let s)? = entry(rule, "span")?.value { return s }
        return nil
    }

    /// The rule's periods, for rules that take a list (post_placement).
    public func spans(of rule: RuleID) -> [Span] {
        switch entry(rule, "span")?.value {
        case .spans(let list)?: list
        case .span(let s)?: [s]
        default: []
        }
    }

    /// A numeric setting such as `warn_days` or `job_recommendations`.
    public func count(_ key: String, of rule: RuleID) -> Int? {
        if case .count(let n)? = entry(rule, key)?.value { return n }
        return nil
    }

    /// A yes/no setting such as `reached_only`.
    public func bool(_ key: String, of rule: RuleID) -> Bool? {
        if case .bool(let b)? = entry(rule, key)?.value { return b }
        return nil
    }

    /// The case kinds a rule applies to, when it says.
    public func kinds(of rule: RuleID) -> [CaseKind]? {
        if case .kinds(let k)? = entry(rule, "kinds")?.value { return k }
        return nil
    }

    /// Where a setting was set (`slot` is the key, or `span` for the period).
    public func source(of rule: RuleID, _ slot: String) -> (file: String, line: Int)? {
        entry(rule, slot).map { ($0.file, $0.line) }
    }
}

extension Policy {
    /// Upper bounds that keep date arithmetic in range: about ten years of any unit.
    static func limit(for unit: String) -> Int {
        switch unit {
        case "months": 120
        case "working_days": 2500
        default: 3660
        }
    }

    static func checkLimit(_ value: Int, _ limit: Int, table: TomlReader, key: String) throws(TomlError) {
        if value > limit { throw table.error(at: key, "\(value) is too large (at most \(limit))") }
    }
}
