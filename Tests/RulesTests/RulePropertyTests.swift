import Cases
import FuzzSupport
import XCTest
@testable import Rules

/// Seeded random caseloads checked against properties every policy must keep.
final class RulePropertyTests: XCTestCase {
    private struct World {
        let journal = Journal()
        var ids: [String] = []
        var households: [String: [String]] = [:]
    }

    private func date(_ base: LocalDate, _ range: ClosedRange<Int>, _ rng: inout SeededRandom) -> LocalDate {
        base.adding(days: Int.random(in: range, using: &rng))
    }

    /// A random caseload of `count` cases with random histories.
    private func randomWorld(_ count: Int, _ rng: inout SeededRandom) -> World {
        var world = World()
        let start = d("2025-01-01")
        for n in 0..<count {
            let opened = date(start, 0...900, &rng)
            let kind = CaseKind.allCases.randomElement(using: &rng)!
            let id = "\(kind.letter)-\(n)"
            let details: CaseDetails
            switch kind {
            case .graduate:
                details = graduate(graduated: date(opened, -300...0, &rng), leftWithoutJob: Int.random(in: 0..<5, using: &rng) > 0)
            case .difficulty:
                let household = Bool.random(using: &rng) ? "H-\(Int.random(in: 1...6, using: &rng))" : nil
                let zero = Bool.random(using: &rng)
                details = difficulty(zero ? [.zero_employment_household] : [.age_4050, .disability],
                                     identified: date(opened, -10...0, &rng), household: household)
                if let household { world.households[household, default: []].append(id) }
            case .unemployed:
                details = unemployed(registered: date(opened, -400...0, &rng),
                                     benefitUntil: Bool.random(using: &rng) ? date(opened, -30...200, &rng) : nil)
            }
            let c = CaseScript(world.journal, id, opened: opened, details: details)
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                let when = date(opened, -5...300, &rng)
                switch Int.random(in: 0..<10, using: &rng) {
                case 0...3:
                    c.contact(when, reached: Int.random(in: 0..<4, using: &rng) > 0,
                              next: Bool.random(using: &rng) ? date(when, -3...40, &rng) : nil)
                case 4...6:
                    c.service(ServiceKind.allCases.randomElement(using: &rng)!, when,
                              ends: Bool.random(using: &rng) ? date(when, 0...1500, &rng) : nil)
                case 7:
                    c.outcome(OutcomeKind.allCases.randomElement(using: &rng)!, when)
                case 8:
                    c.snooze(RuleID.allCases.randomElement(using: &rng)!, until: date(when, 0...60, &rng), on: when)
                default:
                    if Bool.random(using: &rng) { c.close(when) } else { c.reopen(when) }
                }
            }
            world.ids.append(id)
        }
        return world
    }

    private func todays(_ rng: inout SeededRandom) -> [LocalDate] {
        (0..<6).map { _ in date(d("2025-01-01"), -30...1300, &rng) }
    }

    func testNoFlagIsDueBeforeItsCaseOpened() {
        var rng = SeededRandom(seed: 1)
        var seen: [RuleID: Set<Severity>] = [:]
        for _ in 0..<20 {
            let world = randomWorld(40, &rng)
            let caseload = world.journal.caseload
            for today in todays(&rng) {
                for flag in RuleEngine.flags(for: caseload, policy: .default, calendar: .china, today: today) {
                    let opened = caseload[flag.caseID]!.opened
                    XCTAssertGreaterThanOrEqual(flag.dueDate, opened, "\(flag.id): \(flag.reason)")
                    XCTAssertEqual(flag.daysOverdue, max(0, flag.dueDate.days(until: today)))
                    XCTAssertEqual(flag.severity == .dueSoon, flag.daysOverdue == 0)
                    seen[flag.rule, default: []].insert(flag.severity)
                }
            }
        }
        // The generator reaches every rule, so the property says something about each.
        for rule in RuleID.allCases {
            XCTAssertFalse(seen[rule, default: []].isEmpty, "random caseloads never raised \(rule)")
        }
    }

    func testSameInputsGiveSameFlags() {
        var rng = SeededRandom(seed: 2)
        for _ in 0..<10 {
            let world = randomWorld(40, &rng)
            let caseload = world.journal.caseload
            let shuffled = Caseload(events: world.journal.events.shuffled(using: &rng))
            for today in todays(&rng) {
                let a = RuleEngine.flags(for: caseload, policy: .default, calendar: .china, today: today)
                let b = RuleEngine.flags(for: caseload, policy: .default, calendar: .china, today: today)
                let c = RuleEngine.flags(for: shuffled, policy: .default, calendar: .china, today: today)
                XCTAssertEqual(a, b)
                XCTAssertEqual(a, c)
                // The per-case entry point agrees with the whole-caseload one.
                for record in caseload.allCases {
                    let single = RuleEngine.flags(for: record, context: CaseContext(of: record, in: caseload),
                                                  policy: .default, calendar: .china, today: today)
                    XCTAssertEqual(single, a.filter { $0.caseID == record.id }, record.id)
                }
            }
        }
    }

    /// Large enough to be split into chunks evaluated in parallel, with deferred household
    /// and same-person cases: each case's flags equal those of the per-case entry point.
    func testChunkedEvaluationAgreesWithThePerCaseEntryPoint() {
        var rng = SeededRandom(seed: 9)
        let world = randomWorld(2600, &rng)
        let caseload = world.journal.caseload
        let today = d("2026-11-27")
        let byCase = RuleEngine.flagsByCase(for: caseload, policy: .default, calendar: .china, today: today)
        XCTAssertEqual(byCase.values.flatMap { $0 }.sorted(by: Flag.urgentFirst),
                       RuleEngine.flags(for: caseload, policy: .default, calendar: .china, today: today))
        let records = caseload.allCases
        for index in stride(from: 0, to: records.count, by: 13) {
            let record = records[index]
            let single = RuleEngine.flags(for: record, context: CaseContext(of: record, in: caseload),
                                          policy: .default, calendar: .china, today: today)
            XCTAssertEqual(byCase[record.id] ?? [], single, record.id)
        }
        XCTAssertTrue(byCase.values.contains { $0.contains { $0.rule == .zero_employment_clearance } })
    }

    func testContactLoggedTodayClearsRegularContact() {
        var rng = SeededRandom(seed: 3)
        for _ in 0..<20 {
            let world = randomWorld(30, &rng)
            let caseload = world.journal.caseload
            for today in todays(&rng) {
                for record in caseload.allCases where record.status == .open && record.opened <= today {
                    var withContact = caseload
                    withContact.apply(world.journal.make(record.id, on: today, .contactLogged(ContactLogged(channel: .desk, note: "today"))))
                    let after = RuleEngine.flags(for: withContact[record.id]!, policy: .default, calendar: .china, today: today)
                        .filter { $0.rule == .regular_contact }
                    XCTAssertTrue(after.isEmpty, "\(record.id) on \(today): \(after.map(\.reason))")
                }
            }
        }
    }

    func testPlacingAnyMemberClearsTheHousehold() {
        var rng = SeededRandom(seed: 4)
        for round in 0..<60 {
            let j = Journal()
            let household = "H-\(round)"
            var members: [(id: String, identified: LocalDate)] = []
            for m in 0..<Int.random(in: 1...4, using: &rng) {
                let identified = date(d("2025-06-01"), 0...500, &rng)
                let id = "D-\(round)-\(m)"
                CaseScript(j, id, opened: identified,
                           details: difficulty([.zero_employment_household], identified: identified, household: household))
                members.append((id, identified))
            }
            let latest = members.map(\.identified).max()!
            let today = date(latest, 20...90, &rng)
            let before = RuleEngine.flags(for: j.caseload, policy: .default, calendar: .china, today: today)
                .filter { $0.rule == .zero_employment_clearance }
            XCTAssertLessThanOrEqual(before.count, 1, "at most one clearance flag per household")
            let placed = members.randomElement(using: &rng)!
            let kind = OutcomeKind.allCases.filter(\.isPlacement).randomElement(using: &rng)!
            j.append(placed.id, on: today, .outcomeRecorded(OutcomeRecorded(kind: kind, date: date(latest, 0...19, &rng))))
            let after = RuleEngine.flags(for: j.caseload, policy: .default, calendar: .china, today: today)
                .filter { $0.rule == .zero_employment_clearance }
            XCTAssertTrue(after.isEmpty, "\(household): \(after.map(\.reason))")
        }
    }
}
