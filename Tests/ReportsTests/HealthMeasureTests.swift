import Cases
import Rules
import XCTest
@testable import Reports

/// Caseload health, worked out by hand from HandOffice. Snapshot S = Friday 2026-11-27; the
/// previous snapshot S′ = Wednesday 2025-12-31. Escalated = overdue on or after the 11th working
/// day (Mon–Fri, no holidays) after the due date.
final class HealthMeasureTests: XCTestCase {
    let engine = HandOffice.engine()

    func ids(_ measure: Measure, _ scope: ReportScope = .office, previous: Bool = false, _ part: BasisPart = .numerator) -> Set<String> {
        Set(engine.basis(measure, scope: scope, previous: previous).entries(part).map(\.caseID))
    }

    func testOverdueEscalatedAndAging() {
        // Flags at S (regular_contact due 30 days after the last reached contact):
        //   H-B last contact Oct 25 → due Tue Nov 24, 3 days overdue; 11th working day after is Dec 9 → overdue.
        //   H-C Oct 1 → due Sat Oct 31, 27 days; 11th working day Nov 16 ≤ Nov 27 → escalated.
        //   H-D Aug 1 → due Aug 31, 30 + 31 + 27 = 88 days → escalated.
        //   H-E never contacted: first_contact due 5 working days after Mon Jun 1 = Mon Jun 8,
        //       22 + 31 + 31 + 30 + 31 + 27 = 172 days → escalated.
        //   H-F Oct 30 → due Nov 29: due soon, not overdue. G-3, U-4, H-A contacted in November: no flag.
        XCTAssertEqual(ids(.overdue_cases), ["H-B"])
        XCTAssertEqual(ids(.escalated_cases), ["H-C", "H-D", "H-E"])
        XCTAssertEqual(ids(.overdue_1_7), ["H-B"])      // 3
        XCTAssertEqual(ids(.overdue_8_30), ["H-C"])     // 27
        XCTAssertEqual(ids(.overdue_31_90), ["H-D"])    // 88
        XCTAssertEqual(ids(.overdue_over_90), ["H-E"])  // 172
        XCTAssertEqual(engine.basis(.overdue_over_90, scope: .office).cases.first?.days, 172)
        // The buckets hold every overdue and escalated case once: 1 + 1 + 1 + 1 = 1 + 3.
        let report = engine.report(scope: .office)
        XCTAssertEqual(Measure.aging.compactMap { report[$0].value }.reduce(0, +), report[.overdue_cases].value! + report[.escalated_cases].value!)
        // S′: H-C and H-D last contacted 2025-10-02 → due Sat Nov 1, 60 days → escalated (31–90).
        // G-1 (Dec 3 → Jan 2), H-B (Dec 1 → due Dec 31, today) and H-F (Dec 2 → Jan 1) are only due soon.
        XCTAssertEqual(ids(.escalated_cases, previous: true), ["H-C", "H-D"])
        XCTAssertEqual(ids(.overdue_cases, previous: true), [])
        XCTAssertEqual(ids(.overdue_31_90, previous: true), ["H-C", "H-D"])
        XCTAssertEqual(report[.escalated_cases].change, 1)  // 3 − 2
        XCTAssertEqual(report[.overdue_1_7].change, 1)      // 1 − 0
        XCTAssertEqual(report[.overdue_31_90].change, -1)   // 1 − 2
    }

    func testOpenCasesAndContactRate() {
        // Open at S: G-3, U-4, H-A, H-B, H-C, H-D, H-E, H-F = 8 (G-4 and G-5 are placed; the rest closed).
        XCTAssertEqual(ids(.open_cases), ["G-3", "U-4", "H-A", "H-B", "H-C", "H-D", "H-E", "H-F"])
        // Contacted in Oct 29…Nov 27: G-3 (Nov 20), U-4 (Nov 26), H-A (Nov 20), H-F (Oct 30) = 4 of 8 = 50%.
        XCTAssertEqual(ids(.contact_rate), ["G-3", "U-4", "H-A", "H-F"])
        let report = engine.report(scope: .office)
        XCTAssertEqual(report[.contact_rate].value, 50)
        // S′: open G-1 (its outcome was recorded only on Jan 5), G-4, H-A, H-B, H-C, H-D, H-F = 7.
        // Contacted in Dec 2…Dec 31: G-1 (Dec 3), G-4 (Dec 15), H-A (Dec 20), H-F (Dec 2, the first day
        // of the window) = 4; H-B's Dec 1 is one day outside. 4 ÷ 7 = 57.14%; change 50 − 57.14 = −7.1 points.
        XCTAssertEqual(ids(.open_cases, previous: true), ["G-1", "G-4", "H-A", "H-B", "H-C", "H-D", "H-F"])
        XCTAssertEqual(ids(.contact_rate, previous: true), ["G-1", "G-4", "H-A", "H-F"])
        XCTAssertEqual(report[.contact_rate].previous!, 400.0 / 7, accuracy: 1e-9)
        XCTAssertEqual(FigureText.change(report[.contact_rate]), "-7.1 pts")
        XCTAssertEqual(report[.open_cases].change, 1)  // 8 − 7
        // Per counsellor: wangfang H-A, H-B (1 contacted); liuyang G-3, U-4, H-C, H-D (2); zhaolei H-E, H-F (1).
        XCTAssertEqual(report.counsellors.map { $0[.open_cases].value }, [4, 2, 2])
        XCTAssertEqual(report.counsellors.map { $0[.contact_rate].value }, [50, 50, 50])
        XCTAssertEqual(report.counsellors.map { $0[.escalated_cases].value }, [2, 0, 1])
    }

    func testGraduatePackageCompleteness() {
        // Graduates (left school without a job) not closed at S: G-3 (complete: 1 briefing, 3 recommendations,
        // 1 guidance, 1 traineeship), G-4 (1/1 · 1/3 · 0/1 · 0/1), G-5 and H-E (nothing) → 1 ÷ 4 = 25%.
        XCTAssertEqual(ids(.graduate_package_complete), ["G-3"])
        XCTAssertEqual(ids(.graduate_package_complete, .office, previous: false, .denominator), ["G-3", "G-4", "G-5", "H-E"])
        let figure = engine.report(scope: .office)[.graduate_package_complete]
        XCTAssertEqual(figure.value, 25)
        // S′: G-1 and G-4 open, neither complete: 0 ÷ 2 = 0%.
        XCTAssertEqual(figure.previous, 0)
        XCTAssertEqual(FigureText.change(figure), "+25 pts")
    }

    func testSnapshotIsTakenAtThePeriodsEndOrTodayIfEarlier() {
        let past = HandOffice.engine(ReportPeriod(from: d("2025-01-01"), to: d("2025-12-31"))!)
        XCTAssertEqual(past.snapshotDay, d("2025-12-31"))
        // At 2025-12-31, as the journal stood: the same 2 escalated cases as S′ above.
        XCTAssertEqual(Set(past.basis(.escalated_cases, scope: .office).cases.map(\.caseID)), ["H-C", "H-D"])
        let future = HandOffice.engine(ReportPeriod(from: d("2026-01-01"), to: d("2026-12-31"))!)
        XCTAssertEqual(future.snapshotDay, HandOffice.today)
    }
}

/// The snapshot refolds only cases with later events and runs the rules case by case; it must
/// give exactly what the rule engine gives the journal cut at that day.
final class SnapshotTests: XCTestCase {
    func testSnapshotFlagsMatchTheRuleEngineOnTheJournalAsItStood() {
        let caseload = HandOffice.caseload
        for policy in [HandOffice.policy, .default] {
            for day in ["2025-06-15", "2025-12-31", "2026-03-01", "2026-06-30", "2026-11-27"].map(d) {
                let cut = Caseload(events: caseload.allEvents.filter { $0.effective <= day })
                let snapshot = Snapshot(caseload: caseload, day: day, rules: (policy, .china))
                XCTAssertEqual(Set(snapshot.records.keys), Set(cut.cases.keys), "\(day)")
                for record in cut.cases.values { XCTAssertEqual(snapshot.records[record.id]?.status, record.status, "\(record.id) on \(day)") }
                let expected = RuleEngine.flags(for: cut, policy: policy, calendar: .china, today: day)
                XCTAssertEqual(Set(Snapshot.flags(snapshot.records, day: day, policy: policy, calendar: .china)), Set(expected), "\(day)")
            }
        }
    }
}
