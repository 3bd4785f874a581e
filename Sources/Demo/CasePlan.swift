import Cases

/// Everything decided about one case before its events are written out: who, when it
/// opened, how it ends, and (for open cases) whether it is left overdue.
///
/// Days are `LocalDate.daysSinceEpoch` values; counsellors and writers are indexes into
/// `OfficeStaff.counsellors` and the options' writer list.
struct CasePlan {
    var caseID: String
    var kind: CaseKind
    var opened: Int
    var openingWriter: Int
    /// Who registered the case (a campus counsellor for outreach openings).
    var opener: Int
    /// Who owns it from the start.
    var counsellor: Int
    var person: Person
    var education: String?
    var details: CaseDetails
    var field: JobField
    /// The job wanted, in words, for contact notes.
    var wish: String
    /// The school of the campus session where the case was opened.
    var campus: String?
    var resolution: Resolution?
    /// Reopened on this day after its closure.
    var reopened: Int?
    /// How an open case is left behind; nil for a case that is up to date.
    var overdue: Overdue?
    /// A long silence covered by a regular-contact snooze that is still running.
    var silenceSnoozed = false
    var reassignment: (day: Int, to: Int)?
    /// Graduate deadline for the 1+3+1+1 services: six months after graduating.
    var packageDeadline: Int?

    /// The last day the case is being worked on before it ends or history stops.
    func activeEnd(lastDay: Int) -> Int { resolution?.day ?? lastDay }
}

/// How a case stopped needing regular contact.
struct Resolution {
    var day: Int
    var outcome: OutcomeKind
    var employer: String?
    /// The day the person started (the outcome's own date), on or before `day`.
    var startDay: Int
    var closeDay: Int?
    /// A post-placement check that was never made.
    var missesCheck = false
}

/// Ways an open case is left overdue, so that the follow-up rules have something to find.
enum Overdue: Equatable {
    /// Opened more than a week ago; nobody has called yet.
    case neverContacted
    /// No contact for this many days.
    case silent(days: Int)
    /// The last contact set a follow-up date that has passed.
    case missedFollowUp(lastContact: Int, due: Int)
    /// A graduate near or past the six-month deadline without the full 1+3+1+1 services.
    case incompletePackage
    /// A difficulty-group case short of job recommendations last quarter.
    case fewRecommendations
    /// A zero-employment household with nobody placed within the clearance period.
    case householdNotCleared
}

/// The office's counsellors and where they sit.
struct OfficeStaff {
    struct Counsellor {
        let id: String
        /// Share of the office's cases: caseloads are uneven.
        let weight: Double
        /// Runs the campus outreach sessions with the laptop.
        let outreach: Bool
    }

    static let counsellors = [
        Counsellor(id: "wangfang", weight: 24, outreach: false),
        Counsellor(id: "liuyang", weight: 20, outreach: true),
        Counsellor(id: "zhangmin", weight: 18, outreach: false),
        Counsellor(id: "chenjing", weight: 16, outreach: true),
        Counsellor(id: "zhaolei", weight: 13, outreach: false),
        Counsellor(id: "sunli", weight: 9, outreach: false),
    ]

    static let office = "滨州市滨城区公共就业服务中心"

    let writers: [String]
    /// Writers that open cases at campus sessions; empty when the office has no laptop.
    let outreachWriters: [Int]
    /// Each counsellor's own desk journal.
    let homeDesk: [Int]
    let byWeight = WeightedTable(OfficeStaff.counsellors.indices.map { ($0, OfficeStaff.counsellors[$0].weight) })
    let outreachCounsellors = OfficeStaff.counsellors.indices.filter { OfficeStaff.counsellors[$0].outreach }

    init(writers requested: [String]) {
        let names = requested.isEmpty ? ["desk-01"] : requested
        writers = names
        let outreach = names.indices.filter { names[$0].contains("outreach") }
        var desks = names.indices.filter { !outreach.contains($0) }
        if desks.isEmpty { desks = Array(names.indices) }
        // A laptop-only office still needs desks for day-to-day work: the laptops serve as both.
        outreachWriters = outreach.count == names.count ? [] : outreach
        homeDesk = OfficeStaff.counsellors.indices.map { desks[$0 % desks.count] }
    }

    /// Another counsellor than `current`, by caseload weight.
    func other(than current: Int, rng: inout SeededGenerator) -> Int {
        while true {
            let pick = byWeight.pick(using: &rng)
            if pick != current { return pick }
        }
    }
}
