import Cases
import Demo
import XCTest

final class DemoGeneratorTests: XCTestCase {
    private let today = DemoFixtures.today

    func testSameOptionsGiveTheSameEventsAndAnotherSeedDoesNot() {
        let options = DemoOptions(cases: 300, seed: 7, today: today)
        let first = DemoGenerator.generate(options)
        let second = DemoGenerator.generate(options)
        XCTAssertEqual(first.writers, second.writers)
        for writer in first.writers {
            XCTAssertEqual(first.eventsByWriter[writer], second.eventsByWriter[writer], writer)
        }
        var reseeded = options
        reseeded.seed = 8
        XCTAssertNotEqual(DemoGenerator.generate(reseeded).eventsByWriter["desk-01"], first.eventsByWriter["desk-01"])
    }

    func testFoldsIntoExactlyTheRequestedCasesEachOpeningFirst() {
        let caseload = DemoFixtures.caseload
        XCTAssertEqual(caseload.cases.count, 2000)
        XCTAssertTrue(caseload.orphanCaseIDs.isEmpty)
        XCTAssertEqual(caseload.eventCount, DemoFixtures.demo.eventCount, "event ids are unique")
        for record in caseload.cases.values {
            XCTAssertEqual(record.events.first?.type, "case_opened", record.id)
            XCTAssertEqual(record.events.filter { $0.type == "case_opened" }.count, 1, record.id)
        }
    }

    func testNoEventIsDatedTodayOrLaterOrBeforeItsCaseOpened() {
        for record in DemoFixtures.caseload.cases.values {
            for event in record.events {
                XCTAssertLessThan(event.effective, today, "\(record.id) \(event.type)")
                XCTAssertGreaterThanOrEqual(event.effective, record.opened, "\(record.id) \(event.type)")
                XCTAssertGreaterThanOrEqual(event.recorded.localDate, event.effective, "\(record.id) \(event.type)")
                XCTAssertLessThan(event.recorded.localDate, today, "\(record.id) \(event.type)")
            }
            for outcome in record.outcomes { XCTAssertGreaterThanOrEqual(outcome.date, record.opened, record.id) }
        }
    }

    func testEachJournalIsInStrictTimeOrderDuringOfficeHoursOnWorkingDays() {
        let demo = DemoFixtures.demo
        XCTAssertEqual(demo.writers, ["desk-01", "desk-02", "outreach-01"])
        for writer in demo.writers {
            let journal = demo.eventsByWriter[writer]!
            XCTAssertFalse(journal.isEmpty, writer)
            for (earlier, later) in zip(journal, journal.dropFirst()) {
                XCTAssertLessThan(earlier.recorded.millisecondsSinceEpoch, later.recorded.millisecondsSinceEpoch, writer)
            }
            for event in journal {
                XCTAssertEqual(event.recorded.offsetMinutes, 480)
                XCTAssertTrue(event.writer.isEmpty && event.seq == 0, "writer and seq are left to JournalWriter")
                XCTAssertFalse(event.recorded.localDate.isWeekend, event.recorded.iso)
                let time = event.recorded.localTime
                XCTAssertTrue(("08:30"..."11:59").contains(time) || ("13:30"..."17:30").contains(time), event.recorded.iso)
            }
        }
    }

    func testKindsMixAsTheOfficeDoes() {
        let openings = DemoFixtures.openings
        func share(_ kind: CaseKind) -> Double {
            DemoFixtures.share(openings.filter { $0.opened.kind == kind }.count, of: openings.count)
        }
        XCTAssertEqual(share(.graduate), 0.45, accuracy: 0.05)
        XCTAssertEqual(share(.difficulty), 0.30, accuracy: 0.05)
        XCTAssertEqual(share(.unemployed), 0.25, accuracy: 0.05)
    }

    func testMostOpenCasesAreUpToDateAndSomeAreOverdue() {
        let open = DemoFixtures.caseload.cases.values.filter { $0.status == .open }
        XCTAssertGreaterThan(open.count, 500)
        let stale = open.filter { !$0.reachedWithin30Days(of: today) }
        let staleShare = DemoFixtures.share(stale.count, of: open.count)
        XCTAssertGreaterThan(staleShare, 0.04, "some open cases have had no contact for over 30 days")
        XCTAssertLessThan(staleShare, 0.25, "most open cases are up to date")

        let neverContacted = open.filter { $0.contacts.isEmpty && $0.opened.days(until: today) > 7 }
        let silentLong = open.filter { ($0.lastContact?.date).map { $0.days(until: today) >= 40 } ?? false }
        let missedFollowUp = open.filter { ($0.pendingFollowUp?.date).map { $0 < today } ?? false }
        let graduatesNearDeadline = open.filter { record in
            guard let graduated = record.details.graduate?.graduated else { return false }
            return (140...200).contains(graduated.days(until: today))
                && record.services.filter { $0.kind == .job_recommendation }.count < 3
        }
        XCTAssertFalse(neverContacted.isEmpty, "a new case nobody has called")
        XCTAssertFalse(silentLong.isEmpty, "cases silent for 40 days or more")
        XCTAssertFalse(missedFollowUp.isEmpty, "a follow-up date that has passed")
        XCTAssertFalse(graduatesNearDeadline.isEmpty, "graduates near the six-month deadline short of recommendations")
    }

    func testEveryResidentIDIsValidUniqueAndFitsTheKind() throws {
        var seen: Set<String> = []
        var withoutPhone = 0
        for (event, opened) in DemoFixtures.openings {
            let person = opened.person
            let id = try ResidentID.parse(person.residentID.value, today: today)
            XCTAssertTrue(seen.insert(id.value).inserted, "duplicate \(id.value)")
            XCTAssertTrue(["37"].contains(String(id.value.prefix(2))), "a Shandong region code")
            XCTAssertFalse(person.name.isEmpty)
            XCTAssertLessThanOrEqual(person.name.count, 4)
            if let phone = person.phone { XCTAssertEqual(try PhoneNumber.parse(phone.value), phone) } else { withoutPhone += 1 }
            let age = try XCTUnwrap(id.age(on: today))
            switch opened.details {
            case .graduate: XCTAssertTrue((21...27).contains(age), "graduate aged \(age) in \(event.caseID)")
            case .unemployed: XCTAssertTrue((22...56).contains(age), "unemployed aged \(age) in \(event.caseID)")
            case .difficulty(let details):
                XCTAssertTrue((18...60).contains(age), "difficulty-group member aged \(age) in \(event.caseID)")
                if details.categories.contains(.age_4050) {
                    let ageWhenIdentified = try XCTUnwrap(id.age(on: details.identified))
                    XCTAssertGreaterThanOrEqual(ageWhenIdentified, id.sex == .male ? 50 : 40, "4050 in \(event.caseID)")
                }
            }
        }
        let binzhou = seen.filter { $0.hasPrefix("3716") }.count
        XCTAssertGreaterThan(DemoFixtures.share(binzhou, of: seen.count), 0.6, "mostly born in Binzhou")
        XCTAssertGreaterThan(withoutPhone, 0, "some phones are missing")
        XCTAssertLessThan(DemoFixtures.share(withoutPhone, of: seen.count), 0.2)
    }

    func testGraduatesFitTheirSchooling() {
        let graduates = DemoFixtures.openings.compactMap(\.opened.details.graduate)
        let summer = graduates.filter { [6, 7].contains($0.graduated.month) }
        XCTAssertGreaterThan(DemoFixtures.share(summer.count, of: graduates.count), 0.7, "mostly June/July graduations")
        XCTAssertTrue(graduates.allSatisfy { $0.graduated < today && $0.graduated.year >= today.year - 2 })
        let masters = graduates.filter { $0.degree == .master }.count
        XCTAssertGreaterThan(masters, 0)
        XCTAssertLessThan(DemoFixtures.share(masters, of: graduates.count), 0.15)
        XCTAssertGreaterThan(DemoFixtures.share(graduates.filter(\.leftWithoutJob).count, of: graduates.count), 0.8)
        let inDifficulty = graduates.filter { !$0.difficulty.isEmpty }.count
        XCTAssertEqual(DemoFixtures.share(inDifficulty, of: graduates.count), 0.1, accuracy: 0.05)
        XCTAssertTrue(graduates.contains { $0.school == "滨州学院" } && graduates.contains { $0.major == "化学工程与工艺" })
    }

    func testNaturalRhythmAndEventsPerCaseTargets() {
        let natural = Double(DemoFixtures.demo.eventCount) / 2000
        XCTAssertTrue((9...16).contains(natural), "natural events per case \(natural)")
        for target in [10.0, 20.0] {
            let demo = DemoGenerator.generate(DemoOptions(cases: 800, seed: 11, today: today, eventsPerCase: target))
            XCTAssertEqual(Double(demo.eventCount) / 800, target, accuracy: target * 0.05, "target \(target)")
        }
    }

    func testWritersAndCaseCountAreHonoured() {
        let single = DemoGenerator.generate(DemoOptions(cases: 50, today: today, writers: ["laptop-3"]))
        XCTAssertEqual(single.writers, ["laptop-3"])
        XCTAssertEqual(Caseload(events: single.allEvents).cases.count, 50)
        let empty = DemoGenerator.generate(DemoOptions(cases: 0, today: today))
        XCTAssertEqual(empty.eventCount, 0)
        XCTAssertEqual(empty.office, "滨州市滨城区公共就业服务中心")
    }
}
