import Cases
import FuzzSupport
import XCTest
@testable import Rules

/// The prefix-count table must give exactly what walking day by day gives.
final class WorkingDayTableTests: XCTestCase {
    private func check(_ calendar: WorkingCalendar, seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let start = LocalDate(year: 1975, month: 1, day: 1)!.daysSinceEpoch
        let end = LocalDate(year: 2080, month: 12, day: 31)!.daysSinceEpoch
        for _ in 0..<4000 {
            // Mostly near the covered years, some far outside the table.
            let base = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: start...end, using: &rng)
                : LocalDate(year: 2024, month: 1, day: 1)!.daysSinceEpoch + Int.random(in: 0...1500, using: &rng)
            let date = LocalDate(daysSinceEpoch: base)
            let n = Int.random(in: -400...400, using: &rng)
            XCTAssertEqual(calendar.addingWorkingDays(n, to: date), calendar.walkingWorkingDays(n, to: date), "\(n) from \(date.iso)")
            let other = date.adding(days: Int.random(in: -800...800, using: &rng))
            XCTAssertEqual(calendar.workingDays(from: date, to: other), calendar.walkingWorkingDays(from: date, to: other),
                           "\(date.iso) to \(other.iso)")
        }
    }

    func testTableAgreesWithWalkingOnTheBundledCalendar() {
        check(.china, seed: 1)
    }

    func testTableAgreesWithWalkingOnAPlainAndAMergedCalendar() throws {
        check(WorkingCalendar(), seed: 2)
        let office = try WorkingCalendar.parse(text: "[2026]\nholidays = [2026-12-31]\n[2031]\nworkdays = [2031-01-04]\n", file: "calendar.toml")
        check(WorkingCalendar.china.merging(office), seed: 3)
    }

    func testFarOutsideTheTableStillWalks() {
        let calendar = WorkingCalendar.china
        let date = LocalDate(year: 1900, month: 1, day: 1)!
        XCTAssertEqual(calendar.addingWorkingDays(5, to: date), calendar.walkingWorkingDays(5, to: date))
        let late = LocalDate(year: 2199, month: 12, day: 1)!
        XCTAssertEqual(calendar.addingWorkingDays(30, to: late), calendar.walkingWorkingDays(30, to: late))
    }

    /// An office calendar may name any year 1–9999; the table's ten-year margin must not step
    /// outside the dates LocalDate can hold (that trapped on the office's calendar.toml).
    func testACalendarNearTheEdgesOfTheYearsDoesNotTrap() throws {
        for text in ["[9995]\nholidays = [9995-01-02]\n", "[0005]\nholidays = [0005-01-03]\n"] {
            let office = try WorkingCalendar.parse(text: text, file: "calendar.toml")
            let calendar = WorkingCalendar.china.merging(office)
            let date = LocalDate(year: 2026, month: 3, day: 2)!
            XCTAssertEqual(calendar.addingWorkingDays(10, to: date), calendar.walkingWorkingDays(10, to: date), text)
        }
    }
}
