import Cases
import FuzzSupport
import Toml
import XCTest
@testable import Rules

final class WorkingCalendarTests: XCTestCase {
    let china = WorkingCalendar.china

    func testSpringFestival2026Boundaries() {
        let cases: [(String, Bool, String)] = [
            ("2026-02-13", true, "Friday before the holiday"),
            ("2026-02-14", true, "Saturday made a working day (调休)"),
            ("2026-02-15", false, "Sunday, first holiday day"),
            ("2026-02-16", false, "New Year's Eve 除夕, Monday"),
            ("2026-02-17", false, "Spring Festival day"),
            ("2026-02-21", false, "Saturday inside the holiday"),
            ("2026-02-23", false, "last holiday day, Monday"),
            ("2026-02-24", true, "Tuesday after the holiday"),
            ("2026-02-28", true, "Saturday made a working day (调休)"),
            ("2026-03-01", false, "ordinary Sunday"),
            ("2026-03-07", false, "ordinary Saturday"),
            ("2026-01-01", false, "New Year's Day"),
            ("2026-01-04", true, "Sunday made a working day"),
            ("2026-05-09", true, "Saturday made a working day"),
            ("2026-10-08", true, "Thursday after National Day"),
            ("2026-10-10", true, "Saturday made a working day"),
            ("2025-10-08", false, "2025 National Day + Mid-Autumn"),
            ("2025-02-08", true, "2025 Saturday made a working day"),
            ("2027-02-08", false, "2027 Spring Festival (provisional)"),
            ("2030-03-04", true, "uncovered year, Monday"),
            ("2030-03-02", false, "uncovered year, Saturday"),
        ]
        for (date, working, why) in cases {
            XCTAssertEqual(china.isWorkingDay(d(date)), working, "\(date): \(why)")
        }
        XCTAssertTrue(china.isAdjustedWorkday(d("2026-02-14")))
        XCTAssertTrue(china.isHoliday(d("2026-02-16")))
        XCTAssertFalse(china.isHoliday(d("2026-02-14")))
        XCTAssertEqual(china.coveredYears, [2025, 2026, 2027])
    }

    func testAddingWorkingDaysAcrossTheHoliday() {
        let cases: [(from: String, n: Int, expected: String)] = [
            ("2026-02-13", 0, "2026-02-13"),
            ("2026-02-13", 1, "2026-02-14"),   // adjusted Saturday counts
            ("2026-02-13", 2, "2026-02-24"),   // skips Feb 15–23
            ("2026-02-13", 5, "2026-02-27"),
            ("2026-02-13", 6, "2026-02-28"),   // adjusted Saturday again
            ("2026-02-13", 7, "2026-03-02"),
            ("2026-02-15", 1, "2026-02-24"),   // from inside the holiday
            ("2026-02-28", 5, "2026-03-06"),   // opened on the adjusted Saturday
            ("2026-02-24", -1, "2026-02-14"),
            ("2026-02-24", -2, "2026-02-13"),
            ("2025-12-31", 1, "2026-01-04"),   // Jan 1–3 holiday; Sunday Jan 4 is a working day
        ]
        for c in cases {
            XCTAssertEqual(china.addingWorkingDays(c.n, to: d(c.from)), d(c.expected), "\(c.from) + \(c.n)")
        }
    }

    func testWorkingDaysBetween() {
        let cases: [(String, String, Int)] = [
            ("2026-02-13", "2026-02-13", 0),
            ("2026-02-13", "2026-02-14", 1),
            ("2026-02-14", "2026-02-23", 0),
            ("2026-02-13", "2026-02-27", 5),
            ("2026-02-27", "2026-02-13", -5),
            // Feb 2–6 (5), 9–13 (5), Sat 14 (1), 24–27 (4), Sat 28 (1).
            ("2026-02-01", "2026-03-01", 16),
        ]
        for (from, to, n) in cases {
            XCTAssertEqual(china.workingDays(from: d(from), to: d(to)), n, "\(from) → \(to)")
        }
    }

    func testRoundTripProperty() {
        var rng = SeededRandom(seed: 2026)
        let start = d("2024-12-01").daysSinceEpoch
        for _ in 0..<500 {
            let from = LocalDate(daysSinceEpoch: start + Int.random(in: 0..<(365 * 3 + 60), using: &rng))
            let n = Int.random(in: -40...40, using: &rng)
            let to = china.addingWorkingDays(n, to: from)
            XCTAssertEqual(china.workingDays(from: from, to: to), n, "\(from) + \(n) = \(to)")
            if n > 0 { XCTAssertTrue(china.isWorkingDay(to)) }
        }
    }

    func testBundledDataIsConsistent() {
        let counts: [(Int, Int, Int)] = [(2025, 28, 5), (2026, 33, 6), (2027, 29, 5)]
        for (year, holidays, workdays) in counts {
            var h = 0, w = 0
            var day = LocalDate(year: year, month: 1, day: 1)!
            while day.year == year {
                if china.isHoliday(day) { h += 1 }
                if china.isAdjustedWorkday(day) {
                    w += 1
                    XCTAssertTrue(day.isWeekend, "\(day) adjusted working day must be a weekend day")
                }
                day = day.adding(days: 1)
            }
            XCTAssertEqual(h, holidays, "holidays in \(year)")
            XCTAssertEqual(w, workdays, "adjusted working days in \(year)")
        }
    }

    func testOfficeOverrideMerges() throws {
        let office = try WorkingCalendar.parse(text: """
            [2027]  # official notice arrived
            holidays = [2027-01-01, 2027-02-06, 2027-02-07, 2027-02-08]
            [2028]
            workdays = [2028-01-08]
            """, file: "office-calendar.toml")
        let merged = china.merging(office)
        XCTAssertTrue(merged.isWorkingDay(d("2027-02-05")), "office replaced 2027 holidays")
        XCTAssertFalse(merged.isWorkingDay(d("2027-02-08")))
        XCTAssertTrue(merged.isWorkingDay(d("2027-01-31")), "2027 default workdays kept")
        XCTAssertFalse(merged.isWorkingDay(d("2026-02-16")), "2026 untouched")
        XCTAssertTrue(merged.isWorkingDay(d("2028-01-08")), "new year added")
        XCTAssertEqual(merged.coveredYears, [2025, 2026, 2027, 2028])
        XCTAssertEqual(china.merging(WorkingCalendar()), china)
    }

    func testParseErrors() {
        let cases: [(String, Int, String, String)] = [
            ("[2026]\nholidays = [2025-12-31]", 2, "2026.holidays", "not in 2026"),
            ("[2026]\nworkdays = [2026-02-16]", 2, "2026.workdays", "is a weekday"),
            ("[2026]\nholidays = [2026-02-14]\nworkdays = [2026-02-14]", 3, "2026.workdays", "also listed as a holiday"),
            ("[2026]\nholiday = [2026-02-14]", 2, "2026.holiday", "unknown key"),
            ("[spring]\nholidays = []", 1, "spring", "expected a year"),
            ("[2026]\nholidays = ['2026-02-14']", 2, "2026.holidays", "expected dates, found a string"),
            ("[2026]\nholidays = 2026-02-14", 2, "2026.holidays", "expected an array of dates, found a date"),
        ]
        for (text, line, key, fragment) in cases {
            do {
                _ = try WorkingCalendar.parse(text: text, file: "cal.toml")
                XCTFail("expected an error: \(text)")
            } catch {
                XCTAssertEqual(error.line, line, "\(error)")
                XCTAssertEqual(error.key, key, "\(error)")
                XCTAssertTrue(error.message.contains(fragment), "\(error)")
            }
        }
    }
}
