import Rules
import Toml
import XCTest

final class PolicyLimitTests: XCTestCase {
    /// Huge numbers would overflow date arithmetic later; they are refused where they are written.
    func testHugeNumbersAreRefusedWithFileLineAndKey() {
        let cases: [(String, String)] = [
            ("[rules.programme_end]\npublic_welfare_max_years = 1000000000000000000", "rules.programme_end.public_welfare_max_years"),
            ("[rules.regular_contact]\ndays = 100000", "rules.regular_contact.days"),
            ("[rules.first_contact]\nworking_days = 1000000000", "rules.first_contact.working_days"),
            ("[rules.graduate_package]\nmonths = 5000", "rules.graduate_package.months"),
        ]
        for (text, key) in cases {
            XCTAssertThrowsError(try Policy.parse(text: text, file: "policy.toml")) { error in
                let description = "\(error)"
                XCTAssertTrue(description.hasPrefix("policy.toml:2: \(key): "), description)
                XCTAssertTrue(description.contains("too large"), description)
            }
        }
        XCTAssertNoThrow(try Policy.parse(text: "[rules.regular_contact]\ndays = 3660", file: "policy.toml"))
    }
}
