import Cases

/// What one user may see and do, from the staff file (see `StaffFile`). Enforced by the app
/// and the command line, not by cryptography: anyone with the data directory and `keys/` can
/// read everything (README "Privacy and its limits").
///
/// - No staff file: everyone sees and does everything.
/// - Counsellor: full details of their own and their team's cases; elsewhere a stub.
/// - Supervisor: the same for their team, plus merging duplicates there.
/// - Auditor: full details everywhere, and no writes.
/// - Someone the staff file does not list: stubs only, and no writes.
///
/// A stub is the case id, kind, status, counsellor, the name and the last four characters of the
/// ID number: enough to see that a person already has a case elsewhere, and whom to ask.
public struct Access: Sendable, Equatable {
    public let user: String
    public let staff: StaffFile?

    public init(user: String, staff: StaffFile?) {
        self.user = user
        self.staff = staff
    }

    public var member: StaffFile.Member? { staff?.members[user] }
    public var role: StaffFile.Role? { member?.role }

    /// Whether `user` sees the full details of a case of `counsellor`.
    public func seesFull(counsellor: String) -> Bool {
        guard let staff else { return true }
        guard let member = staff.members[user] else { return false }
        switch member.role {
        case .auditor: return true
        case .counsellor, .supervisor:
            if counsellor == user { return true }
            guard let team = member.team else { return false }
            return staff.teams[team]?.contains(counsellor) ?? false
        }
    }

    public func seesFull(_ record: CaseRecord) -> Bool { seesFull(counsellor: record.counsellor) }

    /// Why `action` on `record` (nil: an office-level or new-case action) is refused, or nil.
    public func refusal(_ record: CaseRecord?, action: String) -> String? {
        guard let staff else { return nil }
        guard let member = staff.members[user] else {
            return "\(user) is not in \(StaffFile.fileName); ask the office admin for access (\(action) refused)"
        }
        if member.role == .auditor { return "\(user) is an auditor: read-only access (\(action) refused)" }
        if let record, !seesFull(record) {
            return "\(record.id) is \(record.counsellor)'s case, outside team \(member.team ?? "—"); \(action) refused"
        }
        return nil
    }

    /// Merging duplicates: supervisors (in their team) and offices without a staff file.
    public func mergeRefusal(_ records: [CaseRecord]) -> String? {
        guard staff != nil else { return nil }
        if role != .supervisor { return "merge is for supervisors; \(user) is " + (role.map { "a \($0.rawValue)" } ?? "not in \(StaffFile.fileName)") }
        return records.lazy.compactMap { refusal($0, action: "merge") }.first
    }

    /// Erasure touches every case of the person: supervisors (all of them in their team) and
    /// offices without a staff file.
    public func eraseRefusal(_ records: [CaseRecord]) -> String? {
        guard staff != nil else { return nil }
        if role != .supervisor { return "erase is for supervisors; \(user) is " + (role.map { "a \($0.rawValue)" } ?? "not in \(StaffFile.fileName)") }
        return records.lazy.compactMap { refusal($0, action: "erase") }.first
    }

    /// For the status line and `whoami`-style output.
    public var label: String {
        guard staff != nil else { return "full access · no staff file" }
        guard let member else { return "not in staff file · stubs only" }
        switch member.role {
        case .auditor: return "auditor · read-only"
        case .counsellor, .supervisor: return "\(member.role.rawValue) · team \(member.team ?? "—")"
        }
    }

    /// The ID number as a stub shows it: its last four characters.
    public static func stubID(_ id: ResidentID) -> String {
        id.isErased ? "—" : "…" + String(id.value.suffix(4))
    }
}

import Journal

extension Access {
    /// Reads `staff.toml` from the data directory (no file: full access). A broken file throws
    /// a `ValidationError` naming `staff` with the file, line and key: nobody gets guessed access.
    public static func load(directory: DataDirectory, user: String) throws -> Access {
        let path = directory.root + "/" + StaffFile.fileName
        guard let text = try directory.readText(path) else { return Access(user: user, staff: nil) }
        do { return Access(user: user, staff: try StaffFile.parse(text: text, file: path)) } catch {
            throw ValidationError(field: "staff", error.description)
        }
    }
}
