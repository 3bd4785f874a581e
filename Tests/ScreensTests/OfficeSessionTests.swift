import Cases
import Foundation
import Journal
import Office
import Rules
import Search
import XCTest

/// The session keeps flags by recomputing only what a change can affect; these tests check
/// that this always equals recomputing everything, and that the day moves on past midnight.
final class OfficeSessionTests: XCTestCase {
    private static let today = LocalDate(year: 2026, month: 11, day: 27)!
    private var roots: [String] = []

    override func tearDown() {
        for root in roots { try? FileManager.default.removeItem(atPath: root) }
        super.tearDown()
    }

    private func openSession(days: any DaySource = FixedDay(OfficeSessionTests.today)) throws -> OfficeSession {
        let root = NSTemporaryDirectory() + "caseload-session-\(UUID().uuidString)"
        roots.append(root)
        let directory = DataDirectory(root)
        try directory.prepare()
        try directory.writeText(directory.config, OfficeConfig(office: "滨城区就业服务中心", writer: "desk-01").render())
        let store = try CaseStore(directory: directory, forWriting: true,
                                  clock: FixedClock(Timestamp.noon(of: Self.today, offsetMinutes: 480), stepMilliseconds: 1000))
        return OfficeSession(store: store, rules: OfficeRules(), user: "wangfang", days: days)
    }

    private func fullFlags(_ session: OfficeSession) -> [String: [Flag]] {
        RuleEngine.flagsByCase(for: session.caseload, policy: session.rules.policy, calendar: session.rules.calendar, today: session.today)
    }

    /// Cases sharing households and people, then random edits of every kind that moves a
    /// flag: contacts, outcomes, services, closing, reopening, household and ID corrections.
    func testIncrementalFlagsEqualFullRecomputationOnRandomEdits() throws {
        let session = try openSession()
        var rng = SplitMix(seed: 8)
        let today = Self.today
        let ids = try RandomOffice.populate(session, cases: 40, rng: &rng)
        XCTAssertEqual(session.flagsByCase, fullFlags(session))
        for step in 0..<150 {
            let id = ids[rng.next(ids.count)]
            let body = RandomOffice.edit(today: today, rng: &rng)
            try session.record(body, caseID: id, effective: today.adding(days: -rng.next(20)))
            XCTAssertEqual(session.flagsByCase, fullFlags(session), "after step \(step): \(body) on \(id)")
            if rng.next(3) == 0 { try session.record(.caseReassigned(to: ["wangfang", "liuyang"][rng.next(2)], from: nil), caseID: id) }
            for counsellor in [nil, "wangfang", "liuyang", "chenjie"] as [String?] {
                var overdue = 0, escalated = 0
                for (caseID, flags) in fullFlags(session) where counsellor == nil || session.caseload[caseID]?.counsellor == counsellor {
                    if flags.first?.severity == .overdue { overdue += 1 }
                    if flags.first?.severity == .escalated { escalated += 1 }
                }
                let counts = session.caseCounts(for: counsellor)
                XCTAssertEqual([counts.overdue, counts.escalated], [overdue, escalated], "status counts for \(counsellor ?? "all") at step \(step)")
            }
        }
    }

    /// The index is started once the app has drawn its first screen and built in the
    /// background from the caseload as it was then; caught up with the changes made while it
    /// was built, it answers as an index built from scratch.
    func testBackgroundSearchIndexCatchesUpWithChanges() throws {
        let session = try openSession()
        var rng = SplitMix(seed: 3)
        let ids = try RandomOffice.populate(session, cases: 30, rng: &rng)
        session.startSearchIndex()
        for _ in 0..<10 {
            try session.record(.caseCorrected(CaseCorrected(person: JSONObject([("name", .string("欧阳娜娜"))]))), caseID: ids[rng.next(ids.count)])
        }
        let fresh = SearchIndex(session.caseload)
        for text in ["张", "zw", "oyn", "欧阳", "0001", "li"] {
            XCTAssertEqual(session.search.matchingIDs(SearchQuery(text)), fresh.matchingIDs(SearchQuery(text)), text)
        }
        XCTAssertFalse(session.adoptSearch(), "adopted once")
        try session.record(.caseCorrected(CaseCorrected(person: JSONObject([("name", .string("令狐冲"))]))), caseID: ids[0])
        XCTAssertEqual(session.search.matchingIDs(SearchQuery("lhc")), [ids[0]])
    }

    /// A search before the index was started (no screen drawn yet) builds it then.
    func testSearchBeforeTheIndexStartedBuildsIt() throws {
        let session = try openSession()
        var rng = SplitMix(seed: 5)
        _ = try RandomOffice.populate(session, cases: 20, rng: &rng)
        let fresh = SearchIndex(session.caseload)
        for text in ["张", "zw", "0001"] {
            XCTAssertEqual(session.search.matchingIDs(SearchQuery(text)), fresh.matchingIDs(SearchQuery(text)), text)
        }
    }

    func testTodayRollsOverWithTheDaySource() throws {
        // An advancing clock: each question about "now" moves it on by six hours.
        let clock = FixedClock(Timestamp.noon(of: Self.today, offsetMinutes: 480), stepMilliseconds: 6 * 3_600_000)
        let session = try openSession(days: ClockDays(clock))
        XCTAssertEqual(session.today, Self.today)
        try session.record(.caseOpened(CaseOpened(counsellor: "wangfang",
                                                  person: Person(name: "张伟", residentID: ResidentID(unchecked: "371621197205120032")),
                                                  details: .difficulty(DifficultyDetails(categories: [.age_4050], identified: Self.today)))),
                           caseID: "D-ROLL0001", effective: Self.today)
        let before = session.revision
        var rolled = 0
        while session.today < Self.today.adding(days: 10) {
            if session.rollOver() { rolled += 1 }
            XCTAssertLessThan(rolled, 20)
        }
        XCTAssertGreaterThan(rolled, 0)
        XCTAssertGreaterThan(session.revision, before)
        XCTAssertNil(session.changes(since: before), "a new day changes every case's flags")
        XCTAssertEqual(session.flagsByCase, fullFlags(session))
        // Ten days on, the first contact (due within 5 working days) is overdue.
        XCTAssertEqual(session.flags(for: "D-ROLL0001").first?.rule, .first_contact)
        XCTAssertEqual(session.flags(for: "D-ROLL0001").first.map { $0.severity >= .overdue }, true)
    }

    func testChangesSinceNamesTheTouchedCases() throws {
        let session = try openSession()
        try session.record(.caseOpened(CaseOpened(counsellor: "wangfang",
                                                  person: Person(name: "李娜", residentID: ResidentID(unchecked: "370102200208080029")),
                                                  details: .unemployed(UnemployedDetails(registered: Self.today)))),
                           caseID: "U-CHG00001")
        let revision = session.revision
        XCTAssertEqual(session.changes(since: revision), [])
        try session.record(.noteAdded(text: "备注"), caseID: "U-CHG00001")
        XCTAssertEqual(session.changes(since: revision), ["U-CHG00001"])
        XCTAssertNil(session.changes(since: -5), "too old to know")
    }
}

/// Random cases sharing households and people, for tests of what the session derives.
enum RandomOffice {
    static let people = (0..<12).map { String(format: "3716021980010%05d", $0) }

    /// A random edit of a kind that moves flags: contacts, outcomes, services, closing,
    /// reopening, household and ID corrections, follow-ups.
    static func edit(today: LocalDate, rng: inout SplitMix) -> EventBody {
        switch rng.next(8) {
        case 0: return .contactLogged(ContactLogged(channel: .phone, reached: rng.next(2) == 0, note: "回访"))
        case 1: return .outcomeRecorded(OutcomeRecorded(kind: rng.next(2) == 0 ? .employed : .declined, date: today.adding(days: -rng.next(30))))
        case 2: return .serviceRecorded(ServiceRecorded(kind: .job_recommendation))
        case 3: return .caseClosed(reason: "moved")
        case 4: return .caseReopened(reason: nil)
        case 5:
            let household: JSONValue = rng.next(3) == 0 ? .null : .string("HH-\(rng.next(4))")
            return .caseCorrected(CaseCorrected(details: JSONObject([("household", household)])))
        case 6:
            return .caseCorrected(CaseCorrected(person: JSONObject([("id_number", .string(people[rng.next(people.count)]))])))
        default: return .followUpScheduled(date: today.adding(days: rng.next(20) - 10), note: nil)
        }
    }

    /// Opens `cases` random cases through the session; returns their ids. With `prefix` the
    /// ids are `prefix-T000000` on, so slot order is id order.
    static func populate(_ session: OfficeSession, cases: Int, rng: inout SplitMix, prefix: String? = nil) throws -> [String] {
        let today = session.today
        let counsellors = ["wangfang", "liuyang", "chenjie"]
        var ids: [String] = []
        for n in 0..<cases {
            let id = "\(prefix ?? ["D", "U", "G"][n % 3])-T\(String(format: "%06d", n))"
            try session.record(.caseOpened(opening(n, counsellors: counsellors, today: today, rng: &rng)),
                               caseID: id, effective: today.adding(days: -rng.next(90)))
            ids.append(id)
        }
        return ids
    }

    /// The opening of random case number `n`: a person among a few shared ones, of a random
    /// kind, for one of `counsellors`.
    static func opening(_ n: Int, counsellors: [String], today: LocalDate, rng: inout SplitMix) -> CaseOpened {
        let names = ["张伟", "王芳", "李娜", "欧阳娜娜", "曾小凡", "Li Na", "赵强", "张强"]
        let person = Person(name: names[rng.next(names.count)] + (rng.next(2) == 0 ? "" : "\(n)"),
                            residentID: ResidentID(unchecked: people[rng.next(people.count)]))
        let details: CaseDetails
        switch rng.next(3) {
        case 0:
            let categories: [DifficultyCategory] = rng.next(3) == 0 ? [.long_term_unemployed] : [.zero_employment_household]
            details = .difficulty(DifficultyDetails(categories: categories, identified: today.adding(days: -rng.next(60)),
                                                    household: rng.next(4) == 0 ? nil : "HH-\(rng.next(4))"))
        case 1:
            details = .unemployed(UnemployedDetails(registered: today.adding(days: -rng.next(500)),
                                                    benefitUntil: today.adding(days: rng.next(60) - 10)))
        default:
            details = .graduate(GraduateDetails(school: ["滨州学院", "山东大学"][rng.next(2)], major: "化学", degree: .bachelor,
                                                graduated: today.adding(days: -rng.next(200))))
        }
        return CaseOpened(counsellor: counsellors[rng.next(counsellors.count)], person: person, details: details)
    }
}

/// A small seeded generator, so a failure repeats.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
