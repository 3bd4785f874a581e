import Cases
import Rules
import XCTest
@testable import Reports

/// `d("2026-02-14")`.
func d(_ iso: String) -> LocalDate {
    guard let date = LocalDate(iso: iso) else { fatalError("bad test date \(iso)") }
    return date
}

/// Writes a small office's events; events are merged in the order written, whatever their dates.
final class OfficeScript {
    private(set) var events: [Event] = []

    @discardableResult
    func append(_ caseID: String, on date: LocalDate, by actor: String = "wangfang", _ body: EventBody) -> String {
        let id = "E\(events.count + 1)"
        events.append(Event(id: id, writer: "test", seq: events.count + 1,
                            recorded: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000 + Int64(events.count) * 1000, offsetMinutes: 480),
                            effective: date, actor: actor, caseID: caseID, body: body))
        return id
    }

    var caseload: Caseload { Caseload(events: events) }
}

/// One case's events, written fluently.
struct CaseScript {
    let script: OfficeScript
    let id: String

    /// `person` is the resident ID's last digits: two cases with the same `person` are one person.
    @discardableResult
    init(_ script: OfficeScript, _ id: String, _ details: CaseDetails, person: Int, counsellor: String, opened: LocalDate) {
        self.script = script
        self.id = id
        let resident = ResidentID(unchecked: "3716021990010" + String(10000 + person).suffix(5))
        script.append(id, on: opened, .caseOpened(CaseOpened(counsellor: counsellor, person: Person(name: "测试\(id)", residentID: resident),
                                                             details: details)))
    }

    @discardableResult func contact(_ date: String, reached: Bool = true) -> Self {
        script.append(id, on: d(date), .contactLogged(ContactLogged(channel: .phone, reached: reached, note: "n")))
        return self
    }

    @discardableResult func service(_ kind: ServiceKind, _ date: String) -> Self {
        script.append(id, on: d(date), .serviceRecorded(ServiceRecorded(kind: kind, employer: kind == .traineeship ? "滨化集团" : nil)))
        return self
    }

    /// An outcome dated `date`, recorded on `recorded` (the same day unless given).
    @discardableResult func outcome(_ kind: OutcomeKind, _ date: String, recorded: String? = nil) -> Self {
        script.append(id, on: d(recorded ?? date), .outcomeRecorded(OutcomeRecorded(kind: kind, date: d(date))))
        return self
    }

    /// Undoes this case's latest event.
    @discardableResult func undoLast(_ date: String) -> Self {
        let last = script.events.last(where: { $0.caseID == id })!.id
        script.append(id, on: d(date), .eventUndone(eventID: last, reason: "entered by mistake"))
        return self
    }

    @discardableResult func close(_ date: String) -> Self {
        script.append(id, on: d(date), .caseClosed(reason: "test"))
        return self
    }

    @discardableResult func reopen(_ date: String) -> Self {
        script.append(id, on: d(date), .caseReopened(reason: nil))
        return self
    }

    @discardableResult func undo(_ eventID: String, _ date: String) -> Self {
        script.append(id, on: d(date), .eventUndone(eventID: eventID, reason: "entered by mistake"))
        return self
    }
}

func graduate(_ graduated: String = "2026-06-30") -> CaseDetails {
    .graduate(GraduateDetails(school: "滨州学院", major: "应用化学", degree: .bachelor, graduated: d(graduated)))
}

func difficulty(_ categories: [DifficultyCategory], identified: String, household: String? = nil) -> CaseDetails {
    .difficulty(DifficultyDetails(categories: categories, identified: d(identified), household: household))
}

func unemployed(_ registered: String) -> CaseDetails { .unemployed(UnemployedDetails(registered: d(registered))) }

/// The hand-made office every figure in ReportTests was worked out from. Counsellors wangfang
/// (W), liuyang (L) and zhaolei (Z); team east = W + L. Today is Friday 2026-11-27.
///
/// The policy keeps only first_contact (5 working days, reached only) and regular_contact
/// (every 30 days, reached only) and the calendar has no holidays, so every flag can be
/// worked out with a pencil: overdue escalates after more than 10 working days (Mon–Fri).
enum HandOffice {
    static let today = d("2026-11-27")

    static let policy: Policy = {
        let off = ["graduate_package", "difficulty_recommendations", "unemployed_benefit_end", "unemployed_long_term",
                   "post_placement", "programme_end", "zero_employment_clearance", "scheduled_follow_up"]
        let text = off.map { "[rules.\($0)]\nenabled = false\n" }.joined()
        return try! Policy.parse(text: text, file: "test-policy.toml")
    }()

    static let east = ReportScope.team(name: "east", members: ["wangfang", "liuyang"])

    static func engine(_ period: ReportPeriod = .yearToDate(today), today: LocalDate = today) -> ReportEngine {
        ReportEngine(caseload: caseload, policy: policy, calendar: WorkingCalendar(), period: period, today: today)
    }

    static let caseload: Caseload = {
        let s = OfficeScript()
        let (w, l, z) = ("wangfang", "liuyang", "zhaolei")
        // G-1 (P1): placed on 2025-12-20 but recorded on 2026-01-05 — it counts in December.
        CaseScript(s, "G-1", graduate("2025-06-30"), person: 1, counsellor: w, opened: d("2025-12-01")).contact("2025-12-03")
            .outcome(.employed, "2025-12-20", recorded: "2026-01-05").close("2026-01-10")
        // G-2 (P2): opened on Jan 1; placed Mar 1, closed, reopened, placed again Jun 1 — counts once.
        CaseScript(s, "G-2", graduate(), person: 2, counsellor: w, opened: d("2026-01-01")).contact("2026-01-05")
            .outcome(.employed, "2026-03-01").close("2026-04-01").reopen("2026-05-01").contact("2026-05-02")
            .outcome(.flexible, "2026-06-01").close("2026-07-01")
        // G-3 (P3): the full 1+3+1+1 package, with a traineeship; open, contacted recently.
        CaseScript(s, "G-3", graduate(), person: 3, counsellor: l, opened: d("2026-02-10")).contact("2026-02-12")
            .service(.policy_briefing, "2026-03-01").service(.job_recommendation, "2026-03-05").service(.job_recommendation, "2026-03-10")
            .service(.job_recommendation, "2026-03-15").service(.career_guidance, "2026-04-01").service(.traineeship, "2026-07-15")
            .contact("2026-11-20")
        // G-4 (P4): part of the package; placed on the period's last day.
        CaseScript(s, "G-4", graduate("2025-06-30"), person: 4, counsellor: l, opened: d("2025-07-01")).contact("2025-07-02")
            .service(.policy_briefing, "2025-07-10").service(.job_recommendation, "2025-08-01").contact("2025-12-15")
            .contact("2026-11-25").outcome(.employed, "2026-11-27")
        // G-5 (P5): placed from tomorrow (recorded today): outside the period.
        CaseScript(s, "G-5", graduate(), person: 5, counsellor: z, opened: d("2026-10-01")).contact("2026-10-02")
            .outcome(.employed, "2026-11-28", recorded: "2026-11-27")
        // D-1 (P6) and D-2 (P7): household HH-1, identified Feb 1; D-1 is in the zero-employment category.
        CaseScript(s, "D-1", difficulty([.zero_employment_household], identified: "2026-02-01", household: "HH-1"), person: 6,
                   counsellor: w, opened: d("2026-02-01")).contact("2026-02-03").outcome(.public_welfare_post, "2026-03-01").close("2026-09-01")
        CaseScript(s, "D-2", difficulty([.age_4050], identified: "2026-02-01", household: "HH-1"), person: 7,
                   counsellor: l, opened: d("2026-02-01")).contact("2026-02-02").outcome(.employed, "2026-04-01").close("2026-09-01")
        // D-3 (P8): a zero-employment household without a household id, placed on Dec 31.
        CaseScript(s, "D-3", difficulty([.zero_employment_household], identified: "2025-06-01"), person: 8, counsellor: z,
                   opened: d("2025-06-01")).contact("2025-06-03").outcome(.flexible, "2025-12-31").close("2026-01-02")
        // U-1 (P9) reemployed Feb 1. U-2 is P2 again (G-2's person), reemployed May 1.
        CaseScript(s, "U-1", unemployed("2026-01-10"), person: 9, counsellor: w, opened: d("2026-01-10")).contact("2026-01-12")
            .outcome(.employed, "2026-02-01").close("2026-03-01")
        CaseScript(s, "U-2", unemployed("2026-03-01"), person: 2, counsellor: z, opened: d("2026-03-01")).contact("2026-03-02")
            .outcome(.employed, "2026-05-01").close("2026-06-01")
        // U-3 (P10): moved away (not a placement). U-4 (P17): a placement undone.
        CaseScript(s, "U-3", unemployed("2025-03-01"), person: 10, counsellor: w, opened: d("2025-03-01")).contact("2025-03-03")
            .outcome(.moved_away, "2025-05-01").close("2025-05-02")
        CaseScript(s, "U-4", unemployed("2026-01-20"), person: 17, counsellor: l, opened: d("2026-01-20")).contact("2026-01-21")
            .outcome(.employed, "2026-02-15").undoLast("2026-02-20").contact("2026-11-26")
        // Caseload health, all opened 2025-10-01 and contacted 2025-10-02 except H-E.
        CaseScript(s, "H-A", unemployed("2025-10-01"), person: 11, counsellor: w, opened: d("2025-10-01")).contact("2025-10-02")
            .contact("2025-12-20").contact("2026-11-20")
        CaseScript(s, "H-B", unemployed("2025-10-01"), person: 12, counsellor: w, opened: d("2025-10-01")).contact("2025-10-02")
            .contact("2025-12-01").contact("2026-10-25")
        CaseScript(s, "H-C", difficulty([.age_4050], identified: "2025-10-01"), person: 13, counsellor: l, opened: d("2025-10-01"))
            .contact("2025-10-02").contact("2026-10-01")
        CaseScript(s, "H-D", difficulty([.disability], identified: "2025-10-01"), person: 14, counsellor: l, opened: d("2025-10-01"))
            .contact("2025-10-02").contact("2026-08-01")
        CaseScript(s, "H-E", graduate(), person: 15, counsellor: z, opened: d("2026-06-01"))
        CaseScript(s, "H-F", unemployed("2025-10-01"), person: 16, counsellor: z, opened: d("2025-10-01")).contact("2025-10-02")
            .contact("2025-12-02").contact("2026-10-30")
        return s.caseload
    }()
}
