import Cases
import Office
import Rules

/// One row of the caseload list, computed from a case and its flags.
struct CaseRow: Equatable {
    let id: String
    let name: String
    let kind: CaseKind
    let severity: Severity?
    let daysOverdue: Int
    let summary: String
    let counsellor: String
    let nextDue: LocalDate?
    let lastContact: LocalDate?
    let opened: LocalDate
    let status: CaseStatus

    /// `stub`: the user sees only a stub of this case (outside their team): no summary, flags or dates.
    init(_ record: CaseRecord, session: OfficeSession, chinese: Bool, stub: Bool = false) {
        let flags = stub ? [] : session.flags(for: record.id)
        id = record.id
        name = record.name
        kind = record.kind
        severity = flags.first?.severity
        daysOverdue = flags.map(\.daysOverdue).max() ?? 0
        summary = stub ? "—" : record.summary(chinese: chinese)
        counsellor = record.counsellor
        nextDue = stub ? nil : ([record.pendingFollowUp?.date].compactMap { $0 } + flags.map(\.dueDate)).min()
        lastContact = stub ? nil : record.lastContact?.date
        opened = record.opened
        status = record.status
    }
}

enum SortOrder: CaseIterable {
    case urgency, name, nextDue, lastContact, opened

    var label: TextKey {
        switch self {
        case .urgency: .sortUrgency
        case .name: .sortName
        case .nextDue: .sortNext
        case .lastContact: .sortLastContact
        case .opened: .sortOpened
        }
    }

    var next: SortOrder {
        let all = SortOrder.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    func areInIncreasingOrder(_ a: CaseRow, _ b: CaseRow) -> Bool {
        switch self {
        case .urgency:
            // Overdue cases first: worst severity, then most days late, then soonest due.
            let sa = a.severity?.rawValue ?? -1
            let sb = b.severity?.rawValue ?? -1
            if sa != sb { return sa > sb }
            if a.daysOverdue != b.daysOverdue { return a.daysOverdue > b.daysOverdue }
            return (a.nextDue ?? .distantFuture, a.id) < (b.nextDue ?? .distantFuture, b.id)
        case .name: return (a.name, a.id) < (b.name, b.id)
        case .nextDue: return (a.nextDue ?? .distantFuture, a.id) < (b.nextDue ?? .distantFuture, b.id)
        case .lastContact: return (a.lastContact ?? .distantPast, a.id) < (b.lastContact ?? .distantPast, b.id)
        case .opened: return (a.opened, a.id) > (b.opened, b.id)
        }
    }
}

/// The narrowing typed at the filter prompt: `kind:graduate severity:overdue counsellor:wangfang
/// status:any school:滨州`. Each token is `field:value`; an empty filter shows open and placed cases.
struct CaseFilter: Equatable {
    var kind: CaseKind?
    var minimumSeverity: Severity?
    var counsellor: String?
    /// nil means any status.
    var statuses: Set<CaseStatus>? = [.open, .placed]
    var school: String?

    static let empty = CaseFilter()

    var isEmpty: Bool { self == .empty }

    static func parse(_ text: String) throws(ValidationError) -> CaseFilter {
        var filter = CaseFilter()
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }) {
            let parts = token.split(separator: ":", maxSplits: 1).map(String.init)
            let partsCN = parts.count == 2 ? parts : token.split(separator: "：", maxSplits: 1).map(String.init)
            guard partsCN.count == 2, !partsCN[1].isEmpty else {
                throw ValidationError(field: "filter", "'\(token)' should be field:value (kind, severity, counsellor, status, school)")
            }
            let value = partsCN[1]
            switch partsCN[0].lowercased() {
            case "kind", "类型": filter.kind = try CaseKind.parse(value)
            case "severity", "紧急程度": filter.minimumSeverity = try Severity.parse(value)
            case "counsellor", "专员": filter.counsellor = value
            case "status", "状态":
                filter.statuses = value.lowercased() == "any" || value == "任意" ? nil : [try CaseStatus.parse(value)]
            case "school", "学校": filter.school = value
            default:
                throw ValidationError(field: "filter", "unknown field '\(partsCN[0])' (kind, severity, counsellor, status, school)")
            }
        }
        return filter
    }

    func admits(_ record: CaseRecord, severity: Severity?) -> Bool {
        if let kind, record.kind != kind { return false }
        if let statuses, !statuses.contains(record.status) { return false }
        if let counsellor, record.counsellor != counsellor { return false }
        if let minimumSeverity, (severity ?? .dueSoon) < minimumSeverity || severity == nil { return false }
        if let school {
            guard case .graduate(let g) = record.details, g.school.contains(school) else { return false }
        }
        return true
    }
}

extension LocalDate {
    static let distantFuture = LocalDate(year: 9999, month: 12, day: 31)!
    static let distantPast = LocalDate(year: 1, month: 1, day: 1)!
}
