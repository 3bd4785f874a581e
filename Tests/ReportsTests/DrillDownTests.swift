import Cases
import XCTest
@testable import Reports

/// Every figure is traceable: the cases a drill-down lists are exactly the number shown.
final class DrillDownTests: XCTestCase {
    func testDrillDownGivesExactlyTheFigureForEveryMeasureScopeAndPeriod() throws {
        let targets = try Targets.parse(text: TargetsTests.sample, file: "targets.toml")
        let periods = [ReportPeriod.yearToDate(HandOffice.today), ReportPeriod(from: d("2025-12-01"), to: d("2025-12-31"))!,
                       ReportPeriod(from: d("2026-03-01"), to: d("2026-04-01"))!]
        let caseload = HandOffice.caseload
        for period in periods {
            let engine = HandOffice.engine(period)
            let scopes: [ReportScope] = [.office, HandOffice.east, .counsellor("wangfang"), .counsellor("liuyang"), .counsellor("zhaolei")]
            for scope in scopes {
                let report = engine.report(scope: scope, targets: targets)
                for measure in Measure.allCases {
                    for previous in [false, true] {
                        let basis = engine.basis(measure, scope: scope, previous: previous)
                        let figure = report[measure]
                        let shown = previous ? figure.previous : figure.value
                        let context = "\(measure) \(scope.identifier) \(period) previous=\(previous)"
                        let listed = basis.cases.map(\.caseID)
                        XCTAssertEqual(Set(listed).count, listed.count, "no case twice: \(context)")
                        switch measure.shape {
                        case .count:
                            XCTAssertEqual(shown, Double(listed.count), context)
                        case .rate:
                            let denominator = try XCTUnwrap(basis.denominator, context).map(\.caseID)
                            XCTAssertTrue(Set(listed).isSubset(of: denominator), "numerator within denominator: \(context)")
                            XCTAssertEqual(shown, denominator.isEmpty ? nil : 100 * Double(listed.count) / Double(denominator.count), context)
                            if !previous { XCTAssertEqual(figure.numerator, listed.count, context); XCTAssertEqual(figure.denominator, denominator.count, context) }
                        case .median:
                            XCTAssertEqual(basis.cases.compactMap(\.days).count, listed.count, context)
                            if !previous { XCTAssertEqual(figure.numerator, listed.count, context) }
                        }
                        for id in listed {
                            let record = try XCTUnwrap(caseload[id], context)
                            XCTAssertTrue(scope.admits(counsellor: record.counsellor), "\(id) in scope: \(context)")
                        }
                        if measure.unit == .people {
                            let people = listed.compactMap { caseload[$0]?.residentID.value }
                            XCTAssertEqual(Set(people).count, people.count, "each person once: \(context)")
                        }
                    }
                }
            }
        }
    }

    func testEntriesSayWhatCounted() {
        let engine = HandOffice.engine()
        let placed = engine.basis(.placements, scope: .office).cases
        XCTAssertEqual(placed.map(\.date), [d("2026-02-01"), d("2026-03-01"), d("2026-03-01"), d("2026-04-01"), d("2026-11-27")])
        XCTAssertEqual(placed.first?.detail, "employed")
        XCTAssertEqual(placed[1].detail(chinese: true), "公益性岗位安置")
        let aging = engine.basis(.overdue_1_7, scope: .office).cases
        XCTAssertEqual(aging.first?.days, 3)
        XCTAssertEqual(aging.first?.date, d("2026-11-24"))
    }
}
