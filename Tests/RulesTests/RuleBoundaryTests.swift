import Cases
import XCTest
@testable import Rules

/// Every default rule at its boundaries: the day before due, the due day and
/// the day after, plus the edge of the warning window and escalation. Several
/// cross the 2026 Spring Festival (Feb 15–23) or land on an adjusted working
/// Saturday (Feb 14 / Feb 28 2026).
final class RuleBoundaryTests: XCTestCase {
    private func check(
        _ rule: RuleID, _ journal: Journal, _ id: String, due: String? = nil, _ table: [Expect],
        policy: Policy = .default, file: StaticString = #filePath, line: UInt = #line
    ) {
        for e in table {
            let found = flags(rule, journal, id, today: d(e.today), policy: policy)
            guard let severity = e.severity else {
                XCTAssertTrue(found.isEmpty, "\(e.today): expected no flag, got \(found.map(\.reason))", file: file, line: line)
                continue
            }
            guard found.count == 1, let flag = found.first else {
                XCTFail("\(e.today): expected one \(rule) flag, got \(found.count)", file: file, line: line)
                continue
            }
            XCTAssertEqual(flag.severity, severity, "\(e.today): \(flag.reason)", file: file, line: line)
            XCTAssertEqual(flag.daysOverdue, e.daysOverdue, "\(e.today): \(flag.reason)", file: file, line: line)
            if let due { XCTAssertEqual(flag.dueDate, d(due), "\(e.today)", file: file, line: line) }
            XCTAssertFalse(flag.reason.isEmpty || flag.reasonChinese.isEmpty)
        }
    }

    func testFirstContactCountsWorkingDaysAcrossSpringFestival() {
        let j = Journal()
        // Opened Friday Feb 13: Sat Feb 14 (adjusted) is working day 1, Feb 24–27 are 2–5.
        CaseScript(j, "G-1", opened: d("2026-02-13"), details: graduate(graduated: d("2025-12-31")))
        check(.first_contact, j, "G-1", due: "2026-02-27", [
            Expect("2026-02-19", nil),                 // 8 days ahead: outside the 7-day window
            Expect("2026-02-20", .dueSoon),
            Expect("2026-02-26", .dueSoon),
            Expect("2026-02-27", .dueSoon),            // due day
            Expect("2026-02-28", .overdue, 1),         // the adjusted working Saturday
            Expect("2026-03-12", .overdue, 13),        // 10 working days late: not yet escalated
            Expect("2026-03-13", .escalated, 14),      // 11 working days late
        ])
        let reason = flags(.first_contact, j, "G-1", today: d("2026-03-02")).first?.reason
        XCTAssertEqual(reason, "No first contact 7 working days after opening on 2026-02-13 (policy: within 5 working days)")
    }

    func testFirstContactOpenedOnAdjustedSaturdayAndCleared() {
        let j = Journal()
        let c = CaseScript(j, "U-1", opened: d("2026-02-28"), details: unemployed(registered: d("2026-02-28")))
        check(.first_contact, j, "U-1", due: "2026-03-06", [
            Expect("2026-03-05", .dueSoon), Expect("2026-03-06", .dueSoon), Expect("2026-03-07", .overdue, 1),
        ])
        c.contact(d("2026-03-04"), reached: false)
        check(.first_contact, j, "U-1", [Expect("2026-03-07", .overdue, 1)])   // unanswered call does not count
        c.contact(d("2026-03-05"))
        check(.first_contact, j, "U-1", [Expect("2026-03-07", nil)])
    }

    func testScheduledFollowUpDueThatDayOverdueNext() {
        let j = Journal()
        let c = CaseScript(j, "D-1", opened: d("2026-02-02"), details: difficulty(identified: d("2026-02-02")))
        c.contact(d("2026-02-05"), next: d("2026-02-14"))   // next contact on the adjusted Saturday
        check(.scheduled_follow_up, j, "D-1", due: "2026-02-14", [
            Expect("2026-02-13", nil), Expect("2026-02-14", .dueSoon), Expect("2026-02-15", .overdue, 1),
            Expect("2026-02-28", .overdue, 14),        // 5 working days late (Feb 24–28)
        ])
        c.contact(d("2026-02-16"))
        check(.scheduled_follow_up, j, "D-1", [Expect("2026-02-17", nil)])
        c.followUp(d("2026-03-02"), setOn: d("2026-02-24"))
        check(.scheduled_follow_up, j, "D-1", [Expect("2026-03-01", nil), Expect("2026-03-02", .dueSoon), Expect("2026-03-03", .overdue, 1)])
    }

    func testRegularContactThirtyCalendarDays() {
        let j = Journal()
        let c = CaseScript(j, "G-2", opened: d("2026-01-05"), details: graduate(graduated: d("2025-07-01")))
        c.contact(d("2026-01-20"))
        check(.regular_contact, j, "G-2", due: "2026-02-19", [
            Expect("2026-02-11", nil), Expect("2026-02-12", .dueSoon),
            Expect("2026-02-18", .dueSoon), Expect("2026-02-19", .dueSoon), Expect("2026-02-20", .overdue, 1),
            Expect("2026-03-06", .overdue, 15),        // only 10 working days since Feb 19 (holiday)
            Expect("2026-03-09", .escalated, 18),
        ])
        XCTAssertEqual(flags(.regular_contact, j, "G-2", today: d("2026-03-02")).first?.reason,
                       "No contact for 41 days (policy: every 30 days)")
        c.contact(d("2026-02-25"), reached: false)
        check(.regular_contact, j, "G-2", [Expect("2026-03-02", .overdue, 11)])
        c.contact(d("2026-03-02"))
        check(.regular_contact, j, "G-2", [Expect("2026-03-02", nil), Expect("2026-03-24", nil), Expect("2026-03-25", .dueSoon)])
    }

    func testRegularContactScopeAndReopening() throws {
        let j = Journal()
        let c = CaseScript(j, "G-3", opened: d("2026-01-05"), details: graduate(graduated: d("2025-07-01")))
        c.contact(d("2026-01-06"))
        let onlyDifficulty = try Policy.parse(text: "[rules.regular_contact]\nkinds = [\"difficulty\"]", file: "p.toml")
        check(.regular_contact, j, "G-3", [Expect("2026-03-01", nil)], policy: onlyDifficulty)
        c.close(d("2026-01-10")).reopen(d("2026-04-01"))
        check(.regular_contact, j, "G-3", due: "2026-05-01", [Expect("2026-04-30", .dueSoon), Expect("2026-05-02", .overdue, 1)])
        c.outcome(.employed, d("2026-04-10"))
        check(.regular_contact, j, "G-3", [Expect("2026-05-02", nil)])   // placed: no longer tracked monthly
    }

    func testGraduatePackageDeadlineAndProgress() {
        let j = Journal()
        let c = CaseScript(j, "G-4", opened: d("2026-07-02"), details: graduate(graduated: d("2026-06-30")))
        c.contact(d("2026-07-02"))
        c.service(.policy_briefing, d("2026-07-02")).service(.job_recommendation, d("2026-07-10"))
            .service(.job_recommendation, d("2026-08-10")).service(.traineeship, d("2026-09-01"))
        XCTAssertEqual(PackageProgress(record: c.record, policy: .default).description, "1/1 · 2/3 · 0/1 · 1/1")
        check(.graduate_package, j, "G-4", due: "2026-12-30", [
            Expect("2026-11-29", nil), Expect("2026-11-30", .dueSoon),     // warn_days = 30
            Expect("2026-12-29", .dueSoon), Expect("2026-12-30", .dueSoon), Expect("2026-12-31", .overdue, 1),
        ])
        let reason = flags(.graduate_package, j, "G-4", today: d("2026-12-20")).first?.reason ?? ""
        XCTAssertTrue(reason.contains("1/1 · 2/3 · 0/1 · 1/1"), reason)
        XCTAssertTrue(reason.contains("1 job recommendations, 1 career guidance"), reason)
        c.service(.job_recommendation, d("2026-12-01")).service(.career_guidance, d("2026-12-02"))
        XCTAssertTrue(PackageProgress(record: c.record, policy: .default).isComplete)
        check(.graduate_package, j, "G-4", [Expect("2026-12-31", nil)])
    }

    func testZeroEmploymentClearanceIsPerHousehold() {
        let j = Journal()
        let zero = [DifficultyCategory.zero_employment_household]
        CaseScript(j, "D-10", opened: d("2026-01-20"), details: difficulty(zero, identified: d("2026-01-20"), household: "H-1"))
        let sibling = CaseScript(j, "D-11", opened: d("2026-01-22"), details: difficulty(zero, identified: d("2026-01-22"), household: "H-1"))
        for id in ["D-10", "D-11"] { j.append(id, on: d("2026-01-23"), .contactLogged(ContactLogged(channel: .visit, note: "x"))) }
        check(.zero_employment_clearance, j, "D-10", due: "2026-02-19", [
            Expect("2026-02-11", nil), Expect("2026-02-12", .dueSoon),
            Expect("2026-02-18", .dueSoon), Expect("2026-02-19", .dueSoon), Expect("2026-02-20", .overdue, 1),
        ])
        check(.zero_employment_clearance, j, "D-11", [Expect("2026-02-20", nil)])   // one flag per household
        XCTAssertEqual(flags(.zero_employment_clearance, j, "D-10", today: d("2026-02-20")).first?.household, "H-1")
        sibling.outcome(.public_welfare_post, d("2026-02-10"))
        check(.zero_employment_clearance, j, "D-10", [Expect("2026-02-20", nil)])
    }

    func testDifficultyRecommendationsPerQuarter() {
        let j = Journal()
        let c = CaseScript(j, "D-20", opened: d("2025-12-15"), details: difficulty(identified: d("2025-12-15")))
        c.contact(d("2025-12-16")).service(.job_recommendation, d("2026-01-10"))
        check(.difficulty_recommendations, j, "D-20", due: "2026-03-31", [
            Expect("2026-03-23", nil), Expect("2026-03-24", .dueSoon),
            Expect("2026-03-30", .dueSoon), Expect("2026-03-31", .dueSoon), Expect("2026-04-01", .overdue, 1),
        ])
        c.service(.job_recommendation, d("2026-04-02")).service(.job_recommendation, d("2026-04-03"))
            .service(.job_recommendation, d("2026-04-07"))
        check(.difficulty_recommendations, j, "D-20", [Expect("2026-04-08", nil)])   // Q2 met: Q1 shortfall cleared
        let late = CaseScript(j, "D-21", opened: d("2026-01-15"), details: difficulty(identified: d("2026-01-15")))
        late.contact(d("2026-01-16"))
        check(.difficulty_recommendations, j, "D-21", [Expect("2026-03-31", nil), Expect("2026-06-30", .dueSoon)])
    }

    func testUnemployedBenefitEnd() {
        let j = Journal()
        let c = CaseScript(j, "U-2", opened: d("2025-12-01"), details: unemployed(registered: d("2025-12-01"), benefitUntil: d("2026-03-01")))
        c.contact(d("2025-12-02"))
        check(.unemployed_benefit_end, j, "U-2", due: "2026-03-01", [
            Expect("2026-01-29", nil), Expect("2026-01-30", .dueSoon),
            Expect("2026-02-28", .dueSoon), Expect("2026-03-01", .dueSoon), Expect("2026-03-02", .overdue, 1),
        ])
        c.contact(d("2026-02-14"))   // on the adjusted Saturday, inside the 30-day window
        check(.unemployed_benefit_end, j, "U-2", [Expect("2026-03-02", nil)])
    }

    func testUnemployedLongTerm() {
        let j = Journal()
        let resident = j.nextResident()
        let c = CaseScript(j, "U-3", opened: d("2025-02-28"), details: unemployed(registered: d("2025-02-28")), resident: resident)
        c.contact(d("2026-02-10"))
        check(.unemployed_long_term, j, "U-3", due: "2026-02-28", [   // twelve months later: an adjusted Saturday
            Expect("2026-02-20", nil), Expect("2026-02-21", .dueSoon),
            Expect("2026-02-27", .dueSoon), Expect("2026-02-28", .dueSoon), Expect("2026-03-01", .overdue, 1),
        ])
        XCTAssertTrue(flags(.unemployed_long_term, j, "U-3", today: d("2026-03-01")).first!.reason
            .contains("consider difficulty-group identification (long-term unemployed)"))
        CaseScript(j, "D-30", opened: d("2026-03-02"), details: difficulty([.long_term_unemployed], identified: d("2026-03-02")),
                   resident: resident)
        check(.unemployed_long_term, j, "U-3", [Expect("2026-03-03", nil)])
    }

    func testPostPlacementChecksAt30And90Days() {
        let j = Journal()
        let c = CaseScript(j, "G-5", opened: d("2025-12-01"), details: graduate(graduated: d("2025-07-01")))
        c.contact(d("2025-12-02")).outcome(.employed, d("2026-01-10"))
        check(.post_placement, j, "G-5", due: "2026-02-09", [
            Expect("2026-02-01", nil), Expect("2026-02-02", .dueSoon),
            Expect("2026-02-08", .dueSoon), Expect("2026-02-09", .dueSoon), Expect("2026-02-10", .overdue, 1),
            Expect("2026-02-28", .overdue, 19),        // adjusted Saturday: 10th working day late
            Expect("2026-03-02", .escalated, 21),
        ])
        check(.post_placement, j, "G-5", due: "2026-04-10", [Expect("2026-04-03", .dueSoon), Expect("2026-04-11", .overdue, 1)])
        c.contact(d("2026-02-01"))                       // before the window: not the 30-day check
        check(.post_placement, j, "G-5", [Expect("2026-02-10", .overdue, 1)])
        c.contact(d("2026-02-11"))
        check(.post_placement, j, "G-5", [Expect("2026-02-12", nil), Expect("2026-04-02", nil), Expect("2026-04-03", .dueSoon)])
    }

    func testProgrammeEnd() {
        let j = Journal()
        let c = CaseScript(j, "G-6", opened: d("2026-01-02"), details: graduate(graduated: d("2025-07-01")))
        c.contact(d("2026-01-02")).service(.traineeship, d("2026-01-05"), ends: d("2026-07-05"), employer: "滨州见习基地")
        check(.programme_end, j, "G-6", due: "2026-07-05", [
            Expect("2026-06-04", nil), Expect("2026-06-05", .dueSoon),
            Expect("2026-07-04", .dueSoon), Expect("2026-07-05", .dueSoon), Expect("2026-07-06", .overdue, 1),
        ])
        let w = CaseScript(j, "D-40", opened: d("2026-01-02"), details: difficulty(identified: d("2026-01-02")))
        w.contact(d("2026-01-03")).service(.public_welfare_post, d("2026-01-05"), ends: d("2030-01-01"))
        check(.programme_end, j, "D-40", due: "2029-01-05", [
            Expect("2028-12-05", nil), Expect("2028-12-06", .dueSoon), Expect("2029-01-05", .dueSoon), Expect("2029-01-06", .overdue, 1),
        ])
        XCTAssertTrue(flags(.programme_end, j, "D-40", today: d("2029-01-01")).first!.reason.contains("3-year limit"))
    }

    func testSnoozeHidesUntilItsDateAndDisabledRulesAreSilent() throws {
        let j = Journal()
        let c = CaseScript(j, "G-7", opened: d("2026-01-05"), details: graduate(graduated: d("2025-07-01")))
        c.contact(d("2026-01-06")).snooze(.regular_contact, until: d("2026-03-10"), on: d("2026-02-06"))
        check(.regular_contact, j, "G-7", [Expect("2026-03-09", nil), Expect("2026-03-10", .escalated, 33)])
        let off = try Policy.parse(text: "[rules.regular_contact]\nenabled = false", file: "p.toml")
        check(.regular_contact, j, "G-7", [Expect("2026-03-10", nil)], policy: off)
        c.close(d("2026-03-11"))
        XCTAssertTrue(RuleEngine.flags(for: c.record, policy: .default, calendar: .china, today: d("2026-06-01")).isEmpty)
    }
}
