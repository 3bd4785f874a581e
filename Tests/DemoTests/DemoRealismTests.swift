import Cases
import Demo
import XCTest

/// The office details a counsellor would notice: who works where, what the services and
/// outcomes are, and the numbers on certificates and registrations.
final class DemoRealismTests: XCTestCase {
    private let today = DemoFixtures.today
    private var records: [CaseRecord] { DemoFixtures.caseload.allCases }

    func testSixCounsellorsWithUnevenCaseloads() {
        let demo = DemoFixtures.demo
        XCTAssertEqual(demo.counsellors, ["wangfang", "liuyang", "zhangmin", "chenjing", "zhaolei", "sunli"])
        let counts = Dictionary(grouping: DemoFixtures.openings, by: \.opened.counsellor).mapValues(\.count)
        XCTAssertEqual(Set(counts.keys), Set(demo.counsellors))
        XCTAssertGreaterThan(counts.values.max()!, counts.values.min()! * 3 / 2, "caseloads are uneven")
        XCTAssertTrue(DemoFixtures.events.allSatisfy { demo.counsellors.contains($0.actor) })
    }

    func testOutreachLaptopOpensMostlyGraduatesOnCampusSessionDays() {
        let outreach = DemoFixtures.events.filter { $0.writer == "outreach-01" }
        let openings = outreach.compactMap { event -> CaseOpened? in
            if case .caseOpened(let opened) = event.body { opened } else { nil }
        }
        XCTAssertGreaterThan(openings.count, 200)
        XCTAssertGreaterThan(DemoFixtures.share(openings.filter { $0.kind == .graduate }.count, of: openings.count), 0.8)
        let sessionDays = Set(outreach.map(\.recorded.localDate))
        XCTAssertLessThanOrEqual(sessionDays.count, 20, "a few sessions a month in spring and autumn")
        XCTAssertTrue(sessionDays.allSatisfy { [3, 4, 5, 9, 10, 11].contains($0.month) })
        XCTAssertTrue(outreach.contains { event in
            if case .serviceRecorded(let s) = event.body { s.note?.contains("进校园") == true } else { false }
        })
    }

    func testStatusesAndTheOddCaseHistory() {
        let statuses = Dictionary(grouping: records, by: \.status).mapValues(\.count)
        XCTAssertGreaterThan(statuses[.open] ?? 0, 500)
        XCTAssertGreaterThan(statuses[.placed] ?? 0, 300)
        XCTAssertGreaterThan(statuses[.closed] ?? 0, 150)
        XCTAssertGreaterThan(records.filter { !$0.reopenings.isEmpty }.count, 5, "a few reopened")
        XCTAssertGreaterThan(records.filter { $0.events.contains { $0.type == "case_reassigned" } }.count, 10)
        XCTAssertGreaterThan(records.filter { !$0.snoozes.isEmpty }.count, 10)
        XCTAssertTrue(records.flatMap(\.snoozes).allSatisfy { $0.rule == "regular_contact" })
        XCTAssertGreaterThan(records.filter { !$0.notes.isEmpty }.count, 100)
        XCTAssertTrue(records.flatMap(\.contacts).contains { !$0.reached })
        let channels = Set(records.flatMap(\.contacts).map(\.channel))
        XCTAssertEqual(channels, Set(ContactChannel.allCases))
    }

    func testServicesNameLocalEmployersProgrammesAndEndDates() {
        let services = records.flatMap(\.services)
        XCTAssertEqual(Set(services.map(\.kind)), [.policy_briefing, .job_recommendation, .career_guidance, .training_referral,
                                                  .traineeship, .public_welfare_post, .micro_factory, .subsidy])
        let recommendations = services.filter { $0.kind == .job_recommendation }
        XCTAssertTrue(recommendations.allSatisfy { $0.employer != nil && $0.position != nil })
        XCTAssertTrue(recommendations.contains { $0.employer == "滨化集团" && $0.position == "化工操作工" })
        XCTAssertTrue(services.contains { $0.note?.contains("高端化工") == true })
        XCTAssertTrue(services.contains { $0.note?.contains("滨州手造") == true })
        for service in services where service.kind == .traineeship {
            let ends = try? XCTUnwrap(service.ends)
            XCTAssertNotNil(ends)
            if let ends { XCTAssertTrue((service.date.adding(months: 3)...service.date.adding(months: 6)).contains(ends)) }
        }
        for post in services where post.kind == .public_welfare_post {
            XCTAssertTrue(["社区保洁", "治安巡逻", "护路"].contains(post.position ?? ""))
            XCTAssertLessThanOrEqual(post.ends!, post.date.adding(months: 36), "subsidy at most three years")
        }
        XCTAssertTrue(services.filter { $0.kind == .micro_factory }.allSatisfy {
            $0.employer?.hasSuffix("微工厂") == true && ["草柳编", "服装加工", "电子元件组装"].contains($0.position ?? "")
        })
    }

    func testOutcomesAreMostlyPlacements() {
        let outcomes = records.flatMap(\.outcomes)
        let placements = outcomes.filter(\.kind.isPlacement)
        XCTAssertGreaterThan(DemoFixtures.share(placements.count, of: outcomes.count), 0.8)
        XCTAssertEqual(Set(outcomes.map(\.kind)), Set(OutcomeKind.allCases))
        XCTAssertTrue(placements.filter { $0.kind == .employed }.allSatisfy { $0.employer != nil })
    }

    func testNumbersOnCertificatesRegistrationsAndHouseholds() {
        var households: [String: Int] = [:]
        for record in records {
            switch record.details {
            case .difficulty(let details):
                XCTAssertFalse(details.categories.isEmpty)
                XCTAssertLessThanOrEqual(details.categories.count, 3)
                XCTAssertLessThanOrEqual(details.identified, record.opened)
                XCTAssertGreaterThan(details.identified, today.adding(days: -450))
                if let certificate = details.certificate {
                    XCTAssertTrue(certificate.hasPrefix("BZKN\(details.identified.year)") && certificate.count == 13, certificate)
                }
                if let household = details.household {
                    XCTAssertTrue(details.categories.contains(.zero_employment_household))
                    XCTAssertTrue(household.hasPrefix("HH-37") && household.count == 14, household)
                    households[household, default: 0] += 1
                }
            case .unemployed(let details):
                XCTAssertLessThanOrEqual(details.registered, record.opened)
                XCTAssertTrue(details.registrationNumber?.hasPrefix("SD3716") == true)
                if let until = details.benefitUntil {
                    XCTAssertTrue((details.registered.adding(months: 3)...details.registered.adding(months: 24)).contains(until))
                }
            case .graduate(let details):
                // Only students met at a campus session may have registered before graduating.
                XCTAssertLessThan(details.graduated, today)
                if record.events[0].writer != "outreach-01" { XCTAssertLessThanOrEqual(details.graduated, record.opened) }
            }
        }
        XCTAssertGreaterThan(households.values.filter { $0 >= 2 }.count, 10, "households share an id across members")
        XCTAssertTrue(households.values.allSatisfy { (1...3).contains($0) })
    }
}
