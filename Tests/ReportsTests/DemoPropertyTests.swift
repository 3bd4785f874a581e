import Cases
import Demo
import Rules
import XCTest
@testable import Reports

/// Properties that must hold on a realistic caseload (the demo generator's), not only on the
/// hand-made office: drill-downs equal figures, and snapshots equal the rule engine.
final class DemoPropertyTests: XCTestCase {
    static let today = d("2026-11-27")
    static let caseload: Caseload = {
        let demo = DemoGenerator.generate(DemoOptions(cases: 400, seed: 7, today: today))
        return Caseload(events: demo.eventsByWriter.values.flatMap { $0 })
    }()

    func testSnapshotsMatchTheRuleEngineOnTheJournalAsItStood() {
        for day in ["2026-01-31", "2026-06-30", "2026-11-27"].map(d) {
            let cut = Caseload(events: Self.caseload.allEvents.filter { $0.effective <= day })
            let snapshot = Snapshot(caseload: Self.caseload, day: day, rules: (.default, .china))
            XCTAssertEqual(Set(snapshot.records.keys), Set(cut.cases.keys), "\(day)")
            let expected = RuleEngine.flags(for: cut, policy: .default, calendar: .china, today: day)
            XCTAssertEqual(Set(Snapshot.flags(snapshot.records, day: day, policy: .default, calendar: .china)), Set(expected), "\(day)")
        }
    }

    /// The whole-office pass (chunked, on every core, reasons written when read, flags sorted by
    /// position) gives every case exactly the flags, order and texts of the one-case entry point.
    func testWholeOfficeFlagsEqualEachCaseEvaluatedAlone() {
        let caseload = Self.caseload
        for day in ["2026-11-27", "2027-01-15"].map(d) {
            let byCase = RuleEngine.flagsByCase(for: caseload, policy: .default, calendar: .china, today: day)
            var expected: [Flag] = []
            for record in caseload.allCases {
                let single = RuleEngine.flags(for: record, context: CaseContext(of: record, in: caseload),
                                              policy: .default, calendar: .china, today: day)
                XCTAssertEqual(byCase[record.id] ?? [], single, "\(record.id) on \(day)")
                XCTAssertEqual(single.map(\.reason), single.map(\.reason), "a reason reads the same every time")
                XCTAssertTrue(single.allSatisfy { !$0.reason.isEmpty && !$0.reasonChinese.isEmpty }, record.id)
                expected += single
            }
            XCTAssertGreaterThan(expected.count, 20, "the demo has flags on \(day)")
            let all = RuleEngine.flags(for: caseload, policy: .default, calendar: .china, today: day)
            XCTAssertEqual(all, expected.sorted(by: Flag.urgentFirst), "\(day)")
            XCTAssertEqual(Flag.sortedUrgentFirst(expected.reversed()), all, "the order does not depend on the input's")
            XCTAssertEqual(Set(all).count, Set(all.map(\.id)).count, "equal flags hash alike")
        }
    }

    func testFiguresAreTheirCasesAndTeamsAddUp() {
        let engine = ReportEngine(caseload: Self.caseload, policy: .default, calendar: .china,
                                  period: .yearToDate(Self.today), today: Self.today)
        let report = engine.report(scope: .office)
        XCTAssertGreaterThan(report[.placements].value ?? 0, 0, "the demo places people")
        for figure in report.figures where figure.measure.shape == .count {
            XCTAssertEqual(figure.value, Double(engine.basis(figure.measure, scope: .office).cases.count), "\(figure.measure)")
        }
        // Case measures split exactly by counsellor; people measures at most double-count across counsellors.
        for measure in Measure.allCases where measure.shape == .count {
            let sum = report.counsellors.compactMap { $0[measure].value }.reduce(0, +)
            if measure.unit == .cases {
                XCTAssertEqual(sum, report[measure].value, "\(measure) splits by counsellor")
            } else {
                XCTAssertGreaterThanOrEqual(sum, report[measure].value ?? 0, "\(measure)")
            }
        }
        let aging = Measure.aging.compactMap { report[$0].value }.reduce(0, +)
        XCTAssertEqual(aging, (report[.overdue_cases].value ?? 0) + (report[.escalated_cases].value ?? 0))
    }
}
