import Toml

/// An office's targets for the year, from `targets.toml` in its data directory.
///
/// ```toml
/// year = 2026                      # optional: the targets apply to periods ending in 2026
/// [team]                           # the whole office
/// placements = 1200
/// graduate_placement_rate = 90     # rates are percentages
/// [teams.east]                     # a team: its members and its own targets
/// members = ["wangfang", "liuyang"]
/// placements = 600
/// [counsellors.wangfang]
/// placements = 150
/// ```
///
/// Targets are annual: completion compares the period's result with them, as year-to-date
/// progress is reported. A scope has a target only where its own table sets one.
public struct Targets: Sendable, Equatable {
    /// The file's name in the data directory.
    public static let fileName = "targets.toml"

    /// A named team and its targets.
    public struct Team: Sendable, Equatable {
        /// `east` in `[teams.east]`.
        public let name: String
        /// Counsellor ids.
        public let members: [String]
        /// The team's own targets.
        public let values: [Measure: Double]
    }

    /// No targets: every target shows as "—".
    public static let none = Targets()

    /// The year the targets are for, when the file says.
    public private(set) var year: Int?
    /// `[team]`: the whole office.
    public private(set) var office: [Measure: Double] = [:]
    /// `[teams.<name>]`, in file order.
    public private(set) var teams: [Team] = []
    /// `[counsellors.<id>]`.
    public private(set) var counsellors: [String: [Measure: Double]] = [:]
    /// The file they came from; nil for ``none``.
    public private(set) var file: String?

    private init() {}

    /// Parses a targets file. Unknown tables or measures, wrong types, a count that is not a
    /// positive integer, a rate outside 0–100 and a team without members throw, naming file,
    /// line and key.
    public static func parse(text: String, file: String) throws(TomlError) -> Targets {
        let root = try TomlReader(parsing: text, file: file)
        try root.requireKnownKeys(["year", "team", "teams", "counsellors"])
        var targets = Targets()
        targets.file = file
        if let year = try root.int("year") {
            guard (2000...2100).contains(year) else { throw root.error(at: "year", "expected a year like 2026, found \(year)") }
            targets.year = year
        }
        if let office = try root.table("team") { targets.office = try values(office, extraKeys: []) }
        if let teams = try root.table("teams") {
            for (name, table) in try teams.subtables() {
                guard let members = try table.stringArray("members") else { throw table.missing("members") }
                guard !members.isEmpty else { throw table.error(at: "members", "a team needs at least one member") }
                targets.teams.append(Team(name: name, members: members, values: try values(table, extraKeys: ["members"])))
            }
        }
        if let counsellors = try root.table("counsellors") {
            for (id, table) in try counsellors.subtables() { targets.counsellors[id] = try values(table, extraKeys: []) }
        }
        return targets
    }

    private static func values(_ table: TomlReader, extraKeys: [String]) throws(TomlError) -> [Measure: Double] {
        var result: [Measure: Double] = [:]
        for key in table.keys where !extraKeys.contains(key) {
            guard let measure = Measure(rawValue: key), measure.isTargetable else {
                let known = (Measure.targetable.map(\.rawValue) + extraKeys).joined(separator: ", ")
                throw table.error(at: key, "not a measure with a target (expected one of: \(known))")
            }
            switch measure.shape {
            case .rate:
                let value = try table.double(key) ?? 0
                guard value > 0, value <= 100 else { throw table.error(at: key, "a rate target is a percentage above 0 and at most 100, found \(value)") }
                result[measure] = value
            case .count, .median:
                let value = try table.int(key) ?? 0
                guard value > 0 else { throw table.error(at: key, "must be a whole number above 0, found \(value)") }
                result[measure] = Double(value)
            }
        }
        return result
    }

    /// The team called `name`, if the file defines it.
    public func team(named name: String) -> Team? { teams.first { $0.name == name } }

    /// Whether the targets are for the year `period` ends in (always, when the file gives no year).
    public func apply(to period: ReportPeriod) -> Bool { year == nil || year == period.to.year }

    /// The target `scope` has for `measure`, if its table sets one.
    public func target(_ measure: Measure, for scope: ReportScope) -> Double? {
        switch scope {
        case .office: office[measure]
        case .team(let name, _): team(named: name)?.values[measure]
        case .counsellor(let id): counsellors[id]?[measure]
        }
    }
}
