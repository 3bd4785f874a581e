import Cases
import XCTest

final class DateInputRangeTests: XCTestCase {
    func testDatesOutsideTheWorkingCenturiesAreTypingSlips() {
        let today = LocalDate(year: 2026, month: 11, day: 27)!
        XCTAssertEqual(try DateInput.parse("+30", today: today, field: "next"), LocalDate(year: 2026, month: 12, day: 27))
        XCTAssertThrowsError(try DateInput.parse("+99999", today: LocalDate(year: 2199, month: 1, day: 1)!, field: "date")) { error in
            XCTAssertEqual("\(error)", "date: '+99999' is outside the years 1900–2199")
        }
        XCTAssertThrowsError(try DateInput.parse("1850-01-01", today: today, field: "registered")) { error in
            XCTAssertEqual((error as? ValidationError)?.field, "registered")
        }
    }
}
