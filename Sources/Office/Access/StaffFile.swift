import Cases
import Toml

/// The office's staff file, `staff.toml` in the data directory, written by the office admin:
/// who is a counsellor, a supervisor or an auditor, and in which team.
///
/// ```toml
/// auditors = ["sunqiang"]            # see everything, change nothing
///
/// [teams.east]
/// supervisors = ["zhaoli"]           # see and act on the team's cases; merge duplicates
/// counsellors = ["wangfang", "liuyang"]
///
/// [teams.west]
/// counsellors = ["zhangmin"]
/// ```
/// Without the file everyone has full access (a single-desk install).
public struct StaffFile: Sendable, Equatable {
    public static let fileName = "staff.toml"

    public enum Role: String, Sendable, Equatable {
        case counsellor, supervisor, auditor
    }

    public struct Member: Sendable, Equatable {
        public var role: Role
        /// The team, for counsellors and supervisors.
        public var team: String?
    }

    public private(set) var members: [String: Member] = [:]
    /// Team name → every counsellor and supervisor in it.
    public private(set) var teams: [String: [String]] = [:]

    public init(members: [String: Member] = [:]) {
        self.members = members
        for (id, member) in members { if let team = member.team { teams[team, default: []].append(id) } }
        for team in teams.keys { teams[team]?.sort() }
    }

    /// Parses the file. Unknown keys, wrong types, a bad id and a person listed twice throw,
    /// naming file, line and key.
    public static func parse(text: String, file: String) throws(TomlError) -> StaffFile {
        let root = try TomlReader(parsing: text, file: file)
        try root.requireKnownKeys(["auditors", "teams"])
        var staff = StaffFile()
        func add(_ ids: [String], role: Role, team: String?, in table: TomlReader, key: String) throws(TomlError) {
            for id in ids {
                do { _ = try ActionInput.counsellorID(id, field: key) } catch { throw table.error(at: key, "'\(id)' is not a staff id (no spaces or commas, at most 32 characters)") }
                if let earlier = staff.members[id] {
                    throw table.error(at: key, "\(id) is already listed as \(earlier.role.rawValue)" + (earlier.team.map { " in team \($0)" } ?? ""))
                }
                staff.members[id] = Member(role: role, team: team)
                if let team { staff.teams[team, default: []].append(id) }
            }
        }
        if let auditors = try root.stringArray("auditors") { try add(auditors, role: .auditor, team: nil, in: root, key: "auditors") }
        if let teams = try root.table("teams") {
            for (name, table) in try teams.subtables() {
                try table.requireKnownKeys(["supervisors", "counsellors"])
                let supervisors = try table.stringArray("supervisors") ?? []
                let counsellors = try table.stringArray("counsellors") ?? []
                guard !supervisors.isEmpty || !counsellors.isEmpty else {
                    throw table.error(at: nil, "team \(name) has no supervisors and no counsellors")
                }
                try add(supervisors, role: .supervisor, team: name, in: table, key: "supervisors")
                try add(counsellors, role: .counsellor, team: name, in: table, key: "counsellors")
            }
        }
        for team in staff.teams.keys { staff.teams[team]?.sort() }
        return staff
    }
}
