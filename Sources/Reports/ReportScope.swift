import Cases

/// Whose cases a report counts: the whole office, a team from `targets.toml`, or one counsellor.
///
/// Every measure first keeps the cases in scope, then counts. A case belongs to the counsellor
/// it is assigned to (its latest `case_reassigned`, else its opener's choice).
public enum ReportScope: Hashable, Sendable {
    /// Every case of the office.
    case office
    /// The cases of a team's members.
    case team(name: String, members: [String])
    /// One counsellor's cases.
    case counsellor(String)

    /// Whether a case assigned to `counsellor` is counted.
    public func admits(counsellor: String) -> Bool {
        switch self {
        case .office: true
        case .team(_, let members): members.contains(counsellor)
        case .counsellor(let id): id == counsellor
        }
    }

    /// `office`, `team:east`, `counsellor:wangfang` — the scope column of the CSV.
    public var identifier: String {
        switch self {
        case .office: "office"
        case .team(let name, _): "team:\(name)"
        case .counsellor(let id): "counsellor:\(id)"
        }
    }

    /// The name shown in headings: the team or counsellor id; nil for the office.
    public var name: String? {
        switch self {
        case .office: nil
        case .team(let name, _): name
        case .counsellor(let id): id
        }
    }
}
