import Cases
import XCTest
@testable import Reports

/// Results over the period, each worked out by hand from HandOffice (see ReportFixture.swift).
/// Current period C = 2026-01-01…2026-11-27 (331 days); previous Pv = 2025-02-04…2025-12-31
/// (also 331 days: Dec 31 is day 365 of 2025, 365 − 330 = day 35 = Feb 4).
final class ResultMeasureTests: XCTestCase {
    let engine = HandOffice.engine()

    func ids(_ measure: Measure, _ scope: ReportScope = .office, previous: Bool = false, _ part: BasisPart = .numerator) -> [String] {
        engine.basis(measure, scope: scope, previous: previous).entries(part).map(\.caseID)
    }

    func testPeriodsAreTheYearToDateAndTheSameLengthBefore() {
        XCTAssertEqual(engine.period, ReportPeriod(from: d("2026-01-01"), to: d("2026-11-27")))
        XCTAssertEqual(engine.period.days, 331)  // 304 days Jan–Oct + 27
        XCTAssertEqual(engine.previousPeriod, ReportPeriod(from: d("2025-02-04"), to: d("2025-12-31")))
        XCTAssertEqual(engine.previousPeriod.days, 331)
        XCTAssertNil(ReportPeriod(from: d("2026-02-02"), to: d("2026-02-01")), "to before from")
        XCTAssertEqual(ReportPeriod(from: d("2026-03-01"), to: d("2026-03-01"))!.previous,
                       ReportPeriod(from: d("2026-02-28"), to: d("2026-02-28")))
    }

    func testPlacementsCountEachPersonOnceByTheOutcomesOwnDate() {
        // Dated in C: U-1 Feb 1 (P9), D-1 Mar 1 (P6), G-2 Mar 1 and Jun 1 (P2: placed, closed, reopened,
        // placed again — once), D-2 Apr 1 (P7), U-2 May 1 (P2 again — still once), G-4 Nov 27 (P4, last day).
        // Not: G-1 Dec 20 2025 (recorded Jan 5), D-3 Dec 31 2025, G-5 Nov 28, U-3 moved away, U-4 undone.
        // 5 people; the earliest case carries each person, sorted by date then id.
        XCTAssertEqual(ids(.placements), ["U-1", "D-1", "G-2", "D-2", "G-4"])
        // Pv: G-1 (Dec 20, recorded in January, counts in December's period) and D-3 (Dec 31, last day).
        XCTAssertEqual(ids(.placements, previous: true), ["G-1", "D-3"])
        let figure = engine.report(scope: .office)[.placements]
        XCTAssertEqual(figure.value, 5)
        XCTAssertEqual(figure.previous, 2)
        XCTAssertEqual(figure.change, 3)  // 5 − 2
    }

    func testPeriodEdgesAreInclusive() {
        func placements(_ from: String, _ to: String) -> [String] {
            HandOffice.engine(ReportPeriod(from: d(from), to: d(to))!).basis(.placements, scope: .office).cases.map(\.caseID)
        }
        // Mar 1 (first day: D-1, G-2) and Apr 1 (last day: D-2) both count; U-1 Feb 1 and U-2 May 1 do not.
        XCTAssertEqual(placements("2026-03-01", "2026-04-01"), ["D-1", "G-2", "D-2"])
        XCTAssertEqual(placements("2025-01-01", "2025-12-31"), ["G-1", "D-3"], "Dec 31 is in its year")
        XCTAssertEqual(placements("2025-12-31", "2025-12-31"), ["D-3"])
        XCTAssertEqual(placements("2026-01-01", "2026-01-31"), [], "G-1 was recorded in January but dated December")
        XCTAssertEqual(placements("2025-12-01", "2025-12-31"), ["G-1", "D-3"])
        XCTAssertEqual(placements("2026-11-28", "2026-11-28"), ["G-5"], "an outcome dated after today counts on its own date")
    }

    func testReemploymentWelfarePostsTraineeshipsAndHouseholds() {
        // Unemployed cases placed in C: U-1 (Feb 1), U-2 (May 1); U-4's placement was undone.
        XCTAssertEqual(ids(.reemployment), ["U-1", "U-2"])
        XCTAssertEqual(ids(.reemployment, previous: true), [])
        XCTAssertEqual(ids(.public_welfare_posts), ["D-1"])
        XCTAssertEqual(ids(.traineeships), ["G-3"])  // traineeship service on Jul 15
        // HH-1 (identified Feb 1): D-1 placed Mar 1 and D-2 Apr 1 — one household, carried by D-1.
        XCTAssertEqual(ids(.zero_employment_cleared), ["D-1"])
        // Pv: D-3 has no household id, so it is its own household; placed Dec 31 ≥ identified Jun 1.
        XCTAssertEqual(ids(.zero_employment_cleared, previous: true), ["D-3"])
        // liuyang's D-2 is in HH-1 but not in the zero-employment category: in liuyang's own
        // scope no case identifies the household, so nothing is cleared.
        XCTAssertEqual(ids(.zero_employment_cleared, .counsellor("liuyang")), [])
        XCTAssertEqual(ids(.zero_employment_cleared, HandOffice.east), ["D-1"])
    }

    func testPlacementRatesWithNumeratorAndDenominator() {
        let report = engine.report(scope: .office)
        // Graduates in C — numerator: G-2 (Mar 1), G-4 (Nov 27) = 2.
        // Denominator: G-2 (opened Jan 1), G-3 (opened Feb 10), G-4 (open at the start), G-5 (opened Oct 1),
        // H-E (opened Jun 1) = 5. Not G-1: open on the journal on Dec 31, but placed on Dec 20 (recorded later).
        // 2 ÷ 5 = 40%.
        XCTAssertEqual(ids(.graduate_placement_rate), ["G-2", "G-4"])
        XCTAssertEqual(Set(ids(.graduate_placement_rate, .office, previous: false, .denominator)),
                       ["G-2", "G-3", "G-4", "G-5", "H-E"])
        let graduates = report[.graduate_placement_rate]
        XCTAssertEqual(graduates.numerator, 2)
        XCTAssertEqual(graduates.denominator, 5)
        XCTAssertEqual(graduates.value, 40)
        // Pv: G-1 placed (1) ÷ G-1 and G-4 (opened Jul 1 2025) = 50%; change 40 − 50 = −10 points.
        XCTAssertEqual(graduates.previous, 50)
        XCTAssertEqual(graduates.change, -10)
        XCTAssertEqual(FigureText.change(graduates), "-10 pts")
        // Difficulty group in C: D-1, D-2 placed (2) ÷ D-1, D-2 (opened Feb 1), H-C, H-D (open at the start) = 50%.
        // D-3 was placed and closed before the period. Pv: D-3 (1) ÷ D-3, H-C, H-D (opened in Pv) = 33.3%.
        let difficulty = report[.difficulty_placement_rate]
        XCTAssertEqual(Set(ids(.difficulty_placement_rate, .office, previous: false, .denominator)), ["D-1", "D-2", "H-C", "H-D"])
        XCTAssertEqual(difficulty.numerator, 2)
        XCTAssertEqual(difficulty.denominator, 4)
        XCTAssertEqual(difficulty.value, 50)
        XCTAssertEqual(difficulty.previous!, 100.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(FigureText.actual(difficulty), "50% (2/4)")
        XCTAssertEqual(FigureText.change(difficulty), "+16.7 pts")  // 50 − 33.33
    }

    func testTimeToFirstContactIsAMedianOverCasesOpenedInThePeriod() {
        // Opened in C and contacted by Nov 27 (days): G-2 4 (Jan 1→5), G-3 2, G-5 1, D-1 2, D-2 1, U-1 2,
        // U-2 1, U-4 1; H-E never contacted and left out. Sorted 1 1 1 1 2 2 2 4: median (1 + 2) / 2 = 1.5.
        let basis = engine.basis(.first_contact_days, scope: .office)
        XCTAssertEqual(Set(basis.cases.map(\.caseID)), ["G-2", "G-3", "G-5", "D-1", "D-2", "U-1", "U-2", "U-4"])
        XCTAssertEqual(basis.value, 1.5)
        // Pv: G-1 2, G-4 1, D-3 2, U-3 2, H-A/B/C/D/F 1 each: 1 1 1 1 1 1 2 2 2, median 1.
        let figure = engine.report(scope: .office)[.first_contact_days]
        XCTAssertEqual(figure.previous, 1)
        XCTAssertEqual(figure.numerator, 8, "a median's sample size")
        XCTAssertEqual(FigureText.actual(figure), "1.5 (n=8)")
        XCTAssertEqual(FigureText.change(figure), "+0.5")
    }

    func testCounsellorsAndTeamsCountTheirOwnCases() {
        let report = engine.report(scope: .office)
        XCTAssertEqual(report.counsellors.map(\.counsellor), ["liuyang", "wangfang", "zhaolei"])
        // wangfang: G-2, D-1, U-1 = 3. liuyang: G-4, D-2 = 2. zhaolei: U-2 (P2, May 1) = 1.
        // 3 + 2 + 1 = 6 > 5 for the office: P2 was placed from cases of two counsellors.
        XCTAssertEqual(report.counsellors.map { $0[.placements].value }, [2, 3, 1])
        // Team east (wangfang + liuyang): P2 (G-2), P4, P6, P7, P9 = 5.
        let east = engine.report(scope: HandOffice.east)
        XCTAssertEqual(east[.placements].value, 5)
        XCTAssertEqual(east[.reemployment].value, 1)  // U-1
        XCTAssertEqual(east.counsellors.map(\.counsellor), ["liuyang", "wangfang"])
    }
}
