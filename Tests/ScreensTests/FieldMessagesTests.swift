import Cases
import XCTest
@testable import Screens

final class FieldMessagesTests: XCTestCase {
    private let today = LocalDate(year: 2026, month: 11, day: 27)!

    func testDomainErrorsReadInChinese() {
        let cases: [(String, String)] = [
            ("check digit should be 5", "校验位应为 5"),
            ("must be 18 characters, got 17", "应为18位，当前 17 位"),
            ("must be 11 digits, got 10", "应为11位数字，当前 10 位"),
            ("is required", "必填"),
            ("2026-12-01 is in the future", "2026-12-01 晚于今天"),
            ("2026-01-01 is before the registration date 2026-02-01", "2026-01-01 早于登记日期 2026-02-01"),
            ("'2026-13-01' is not a date (use YYYY-MM-DD, t, +7 or -1)", "“2026-13-01”不是日期（YYYY-MM-DD，或 t、+7、-1）"),
            ("something new", "something new"),
        ]
        for (english, chinese) in cases {
            XCTAssertEqual(FieldMessages.chinese(english), chinese)
        }
    }

    /// Every message the ID and phone validators can give has a Chinese form.
    func testIDAndPhoneErrorsAreAllTranslated() {
        let badIDs = ["", "123", "37160219990101001", "3716021999010100X1", "991602199901010011", "371602199902300011",
                      "371602209901010011", "371602199901010012"]
        for text in badIDs {
            do {
                _ = try ResidentID.parse(text, today: today)
                XCTFail("\(text) should be rejected")
            } catch {
                XCTAssertNotEqual(FieldMessages.chinese(error.message), error.message, "untranslated: \(error.message)")
            }
        }
        for text in ["", "1381234567", "12812345678", "1381234567a"] {
            do {
                _ = try PhoneNumber.parse(text)
                XCTFail("\(text) should be rejected")
            } catch {
                XCTAssertNotEqual(FieldMessages.chinese(error.message), error.message, "untranslated: \(error.message)")
            }
        }
    }
}
