import Cases
import Toml
import XCTest
@testable import Rules

final class PolicyTests: XCTestCase {
    func testDefaults() {
        let p = Policy.default
        XCTAssertTrue(p.missingSettings.isEmpty, "\(p.missingSettings)")
        XCTAssertEqual(p.dueSoonDays, 7)
        XCTAssertEqual(p.escalateAfterWorkingDays, 10)
        XCTAssertTrue(RuleID.allCases.allSatisfy(p.isEnabled))
        XCTAssertEqual(p.span(of: .first_contact), .workingDays(5))
        XCTAssertEqual(p.bool("reached_only", of: .first_contact), true)
        XCTAssertEqual(p.count("warn_days", of: .scheduled_follow_up), 0)
        XCTAssertEqual(p.span(of: .regular_contact), .days(30))
        XCTAssertEqual(p.kinds(of: .regular_contact), [.graduate, .difficulty, .unemployed])
        XCTAssertEqual(p.span(of: .graduate_package), .months(6))
        let package: [(String, Int)] = [("warn_days", 30), ("policy_briefings", 1), ("job_recommendations", 3),
                                        ("career_guidance", 1), ("training_or_traineeship", 1)]
        for (key, n) in package { XCTAssertEqual(p.count(key, of: .graduate_package), n, key) }
        XCTAssertEqual(p.span(of: .zero_employment_clearance), .days(30))
        XCTAssertEqual(p.count("job_recommendations", of: .difficulty_recommendations), 3)
        XCTAssertEqual(p.count("warn_days", of: .unemployed_benefit_end), 30)
        XCTAssertEqual(p.span(of: .unemployed_long_term), .months(12))
        XCTAssertEqual(p.spans(of: .post_placement), [.days(30), .days(90)])
        XCTAssertEqual(p.count("warn_days", of: .programme_end), 30)
        XCTAssertEqual(p.count("public_welfare_max_years", of: .programme_end), 3)
        XCTAssertEqual(p.source(of: .first_contact, "span")?.file, "default-policy.toml")
    }

    func testOfficeOverrideKeepsEverythingElse() throws {
        let p = try Policy.parse(text: """
            [severity]
            due_soon_days = 5

            [rules.regular_contact]
            days = 21
            kinds = ["difficulty"]

            [rules.first_contact]
            days = 7            # calendar days instead of working days

            [rules.post_placement]
            working_days = [20]

            [rules.graduate_package]
            enabled = false
            """, file: "policy.toml")
        XCTAssertEqual(p.dueSoonDays, 5)
        XCTAssertEqual(p.escalateAfterWorkingDays, 10)
        XCTAssertEqual(p.span(of: .regular_contact), .days(21))
        XCTAssertEqual(p.kinds(of: .regular_contact), [.difficulty])
        XCTAssertEqual(p.bool("reached_only", of: .regular_contact), true)
        XCTAssertEqual(p.span(of: .first_contact), .days(7))
        XCTAssertEqual(p.spans(of: .post_placement), [.workingDays(20)])
        XCTAssertFalse(p.isEnabled(.graduate_package))
        XCTAssertEqual(p.count("job_recommendations", of: .graduate_package), 3)
        XCTAssertEqual(p.span(of: .unemployed_long_term), .months(12))
        XCTAssertTrue(p.source(of: .regular_contact, "span")! == ("policy.toml", 5))
        // Layering: a second file over the first keeps the first's changes.
        let q = try Policy.parse(text: "[rules.regular_contact]\ndays = 14", file: "desk.toml", over: p)
        XCTAssertEqual(q.span(of: .regular_contact), .days(14))
        XCTAssertEqual(q.span(of: .first_contact), .days(7))
        XCTAssertEqual(try Policy.parse(text: "", file: "empty.toml"), .default)
    }

    /// (text, line, key, message fragment)
    func testErrorsNameFileLineAndKey() {
        let cases: [(String, Int, String?, String)] = [
            ("[rules.regular_contact]\n\ndays = \"30\"", 3, "rules.regular_contact.days", "expected an integer, found a string"),
            ("[rules.first_contact]\nworking_days = -1", 2, "rules.first_contact.working_days", "must not be negative"),
            ("[rules.first_contact]\nenabled = \"no\"", 2, "rules.first_contact.enabled", "expected a boolean"),
            ("[rules.first_contact]\nworking_days = 5\ndays = 7", 3, "rules.first_contact.days", "only one of"),
            ("[rules.first_contact]\nmonths = 1", 2, "rules.first_contact.months", "unknown key"),
            ("[rules.first_contakt]\nenabled = false", 1, "rules.first_contakt", "unknown rule"),
            ("[rules.regular_contact]\nkinds = [\"graduates\"]", 2, "rules.regular_contact.kinds", "unknown case kind"),
            ("[rules.regular_contact]\nevery_days = 30", 2, "rules.regular_contact.every_days", "unknown key"),
            ("[rules.post_placement]\ndays = [30, -90]", 2, "rules.post_placement.days", "must not be negative"),
            ("[rules.post_placement]\ndays = 30", 2, "rules.post_placement.days", "expected an array of integers"),
            ("[severity]\ndue_soon = 3", 2, "severity.due_soon", "unknown key"),
            ("[rule.first_contact]\nenabled = false", 1, "rule", "unknown key"),
            ("rules = 3", 1, "rules", "expected a table, found an integer"),
            ("[rules]\nfirst_contact = 5", 2, "rules.first_contact", "expected a table"),
            ("[rules.first_contact\n", 1, "rules.first_contact", "close the table header"),
        ]
        for (text, line, key, fragment) in cases {
            do {
                _ = try Policy.parse(text: text, file: "policy.toml")
                XCTFail("expected an error: \(text)")
            } catch {
                XCTAssertEqual(error.file, "policy.toml")
                XCTAssertEqual(error.line, line, "\(error)")
                XCTAssertEqual(error.key, key, "\(error)")
                XCTAssertTrue(error.message.contains(fragment), "\(error)")
            }
        }
        do {
            _ = try Policy.parse(text: "[rules.regular_contact]\ndays = 'x'", file: "policy.toml")
        } catch {
            XCTAssertEqual(error.description, "policy.toml:2: rules.regular_contact.days: expected an integer, found a string")
        }
    }

    func testRenderShowsDefaultsAndOverrides() throws {
        XCTAssertEqual(Policy.default.render(), Policy.defaultText)
        XCTAssertEqual(Policy.default.differencesFromDefault(), [])
        let p = try Policy.parse(text: """
            [rules.regular_contact]
            days = 21
            [rules.first_contact]
            days = 7
            [rules.post_placement]
            days = [30, 60, 90]
            """, file: "policy.toml")
        let text = p.render()
        XCTAssertTrue(text.contains("\ndays = 21  # set by policy.toml:2\n"), text)
        XCTAssertTrue(text.contains("\ndays = 7  # set by policy.toml:4\n"), text)
        XCTAssertTrue(text.contains("\ndays = [30, 60, 90]  # set by policy.toml:6\n"), text)
        XCTAssertFalse(text.contains("working_days = 5"))
        XCTAssertEqual(p.differencesFromDefault(), [
            "rules.first_contact.days = 7  (policy.toml:4)",
            "rules.regular_contact.days = 21  (policy.toml:2)",
            "rules.post_placement.days = [30, 60, 90]  (policy.toml:6)",
        ])
        // What `policy show` prints is itself a valid policy with the same values.
        let reparsed = try Policy.parse(text: text, file: "shown.toml")
        for rule in RuleID.allCases {
            XCTAssertEqual(reparsed.spans(of: rule), p.spans(of: rule), rule.rawValue)
            XCTAssertEqual(reparsed.isEnabled(rule), p.isEnabled(rule))
        }
    }

    func testReaderAccessors() throws {
        let r = try TomlReader(parsing: """
            name = "light"
            [roles.overdue]
            fg = "red"
            bold = true
            list = ["a", 1]
            [[targets]]
            month = 2026-02-01
            """, file: "themes/light.toml")
        XCTAssertEqual(try r.string("name"), "light")
        XCTAssertNil(try r.string("absent"))
        let overdue = try XCTUnwrap(try r.table("roles")?.table("overdue"))
        XCTAssertEqual(try overdue.bool("bold"), true)
        XCTAssertEqual(overdue.error(at: "fg", "unknown colour \"rde\"").description,
                       "themes/light.toml:3: roles.overdue.fg: unknown colour \"rde\"")
        XCTAssertThrowsError(try overdue.int("fg")) {
            XCTAssertEqual(($0 as? TomlError)?.description, "themes/light.toml:3: roles.overdue.fg: expected an integer, found a string")
        }
        XCTAssertThrowsError(try overdue.stringArray("list")) {
            XCTAssertEqual(($0 as? TomlError)?.message, "element 2: expected strings, found an integer")
        }
        XCTAssertThrowsError(try overdue.requireKnownKeys(["fg", "bold"])) {
            XCTAssertEqual(($0 as? TomlError)?.key, "roles.overdue.list")
            XCTAssertEqual(($0 as? TomlError)?.line, 5)
        }
        let targets = try XCTUnwrap(try r.tableArray("targets"))
        XCTAssertEqual(try targets[0].date("month"), TomlDate(year: 2026, month: 2, day: 1))
        XCTAssertEqual(targets[0].missing("count").description, "themes/light.toml:6: targets[1].count: missing required key")
    }
}
