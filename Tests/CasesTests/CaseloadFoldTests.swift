import XCTest
import Cases

final class CaseloadFoldTests: XCTestCase {
    private let caseID = "G-7KQ2M9X"

    private func record(_ events: [Event], file: StaticString = #filePath, line: UInt = #line) throws -> CaseRecord {
        try XCTUnwrap(Caseload(events: events)[caseID], "case not folded", file: file, line: line)
    }

    func testOpeningBuildsTheRecord() throws {
        var desk = EventScript(writer: "desk-01")
        desk.add(caseID, Samples.graduateOpened(id: Samples.graduateID, counsellor: "wangfang"), at: 0)
        let r = try record(desk.events)
        XCTAssertEqual(r.id, caseID)
        XCTAssertEqual(r.kind, .graduate)
        XCTAssertEqual(r.status, .open)
        XCTAssertEqual(r.counsellor, "wangfang")
        XCTAssertEqual(r.opened, day("2026-11-29"))
        XCTAssertEqual(r.name, "王芳")
        XCTAssertEqual(r.residentID.value, Samples.graduateID)
        XCTAssertEqual(r.education, "本科")
        XCTAssertEqual(r.source?["file"], "roster-2026.csv")
        XCTAssertEqual(r.details.graduate?.school, "滨州学院")
        XCTAssertEqual(r.summary(chinese: true), "滨州学院 · 机械设计制造及其自动化")
        XCTAssertEqual(r.events.map(\.id), ["desk-01-1"])
        XCTAssertNil(r.placement)
    }

    func testStatusTransitions() throws {
        var desk = EventScript(writer: "desk-01")
        desk.add(caseID, Samples.graduateOpened(), at: 0)
        desk.add(caseID, .outcomeRecorded(OutcomeRecorded(kind: .moved_away, date: day("2026-11-29"))), at: 1)
        var r = try record(desk.events)
        XCTAssertEqual(r.status, .open, "a non-placing outcome leaves the case open")
        XCTAssertEqual(r.outcomes.map(\.kind), [.moved_away])
        XCTAssertNil(r.placement)

        desk.add(caseID, .outcomeRecorded(OutcomeRecorded(kind: .employed, employer: "京博控股", date: day("2026-11-20"))), at: 2)
        r = try record(desk.events)
        XCTAssertEqual(r.status, .placed)
        XCTAssertEqual(r.placement?.kind, .employed)
        XCTAssertEqual(r.placement?.date, day("2026-11-20"), "the outcome's own date counts")
        XCTAssertEqual(r.placement?.recordedOn, day("2026-11-29"))

        desk.add(caseID, .caseClosed(reason: "稳定就业"), at: 3)
        r = try record(desk.events)
        XCTAssertEqual(r.status, .closed)
        XCTAssertEqual(r.closeReason, "稳定就业")
        XCTAssertNil(r.placement)

        desk.add(caseID, .outcomeRecorded(OutcomeRecorded(kind: .flexible, date: day("2026-11-29"))), at: 4)
        XCTAssertEqual(try record(desk.events).status, .closed, "an outcome does not reopen a closed case")

        desk.add(caseID, .caseReopened(reason: "失业"), at: 5)
        r = try record(desk.events)
        XCTAssertEqual(r.status, .open)
        XCTAssertNil(r.closeReason)
        XCTAssertEqual(r.reopenings, [day("2026-11-29")])

        desk.add(caseID, .caseReopened(reason: nil), at: 6)
        XCTAssertEqual(try record(desk.events).reopenings.count, 1, "reopening an open case adds no history")

        desk.add(caseID, .outcomeRecorded(OutcomeRecorded(kind: .self_employed, date: day("2026-11-29"))), at: 7)
        XCTAssertEqual(try record(desk.events).status, .placed)
        desk.add(caseID, .caseReopened(reason: "创业失败"), at: 8)
        r = try record(desk.events)
        XCTAssertEqual(r.status, .open)
        XCTAssertEqual(r.reopenings.count, 2)
        XCTAssertEqual(r.outcomes.count, 4, "history is kept")
    }

    func testActivityEntriesAndReassignment() throws {
        var desk = EventScript(writer: "desk-01")
        desk.add(caseID, Samples.graduateOpened(), at: 0)
        desk.add(caseID, .contactLogged(ContactLogged(channel: .phone, reached: false, note: "未接", next: day("2026-12-01"))), at: 1)
        desk.add(caseID, .serviceRecorded(ServiceRecorded(kind: .traineeship, employer: "滨州医学院", ends: day("2027-05-31"))), at: 2)
        desk.add(caseID, .followUpScheduled(date: day("2026-12-10"), note: "回访"), at: 3)
        desk.add(caseID, .noteAdded(text: "家长陪同"), at: 4)
        desk.add(caseID, .flagSnoozed(rule: "regular_contact", until: day("2026-12-20"), reason: "住院"), at: 5)
        desk.add(caseID, .caseReassigned(to: "lijun", from: "wangfang"), at: 6)
        desk.add(caseID, .personalDataRevealed(fields: ["phone"], purpose: "回访"), at: 7)
        desk.add(caseID, .unknown(type: "future_thing", data: JSONObject([("x", 1)])), at: 8)
        var r = try record(desk.events)
        XCTAssertEqual(r.contacts.map(\.channel), [.phone])
        XCTAssertEqual(r.contacts.first?.reached, false)
        XCTAssertEqual(r.followUps.map(\.date), [day("2026-12-01"), day("2026-12-10")])
        XCTAssertEqual(r.pendingFollowUp?.date, day("2026-12-10"))
        XCTAssertEqual(r.services.first?.ends, day("2027-05-31"))
        XCTAssertEqual(r.notes.map(\.text), ["家长陪同"])
        XCTAssertEqual(r.snoozes.map(\.rule), ["regular_contact"])
        XCTAssertEqual(r.counsellor, "lijun")
        XCTAssertEqual(r.events.count, 9, "audit and unknown events stay on the timeline")
        desk.add(caseID, .contactLogged(ContactLogged(channel: .desk, note: "来访")), at: 9)
        r = try record(desk.events)
        XCTAssertNil(r.pendingFollowUp, "a contact after the follow-up was set clears it")
        XCTAssertEqual(r.lastContact?.channel, .desk)
        XCTAssertEqual(Caseload(events: desk.events).counsellors, ["lijun"])
    }

    func testCorrectionsChangeOnlyTheNamedFields() throws {
        var desk = EventScript(writer: "desk-01")
        desk.add(caseID, Samples.graduateOpened(id: Samples.graduateID), at: 0)
        desk.add(caseID, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13700000000")]),
                                                      details: JSONObject([("school", "山东大学")]), reason: "typo")), at: 1)
        let r = try record(desk.events)
        let before = try XCTUnwrap(Caseload(events: [desk.events[0]])[caseID])
        XCTAssertEqual(r.person.phone?.value, "13700000000")
        XCTAssertEqual(r.person.name, before.person.name)
        XCTAssertEqual(r.person.residentID, before.person.residentID)
        XCTAssertEqual(r.person.hukouAddress, before.person.hukouAddress)
        XCTAssertEqual(r.person.community, before.person.community)
        var expected = try XCTUnwrap(before.details.graduate)
        expected.school = "山东大学"
        XCTAssertEqual(r.details, .graduate(expected))
        XCTAssertEqual(r.conflicts, [])
    }

    func testCorrectingTheResidentIDMovesTheIndex() throws {
        var desk = EventScript(writer: "desk-01")
        desk.add(caseID, Samples.graduateOpened(id: Samples.graduateID), at: 0)
        desk.add(caseID, .caseCorrected(CaseCorrected(person: JSONObject([("id_number", .string(Samples.otherID))]))), at: 1)
        let caseload = Caseload(events: desk.events)
        XCTAssertEqual(caseload.cases(withResidentID: Samples.otherID).map(\.id), [caseID])
        XCTAssertEqual(caseload.cases(withResidentID: Samples.graduateID).map(\.id), [])
    }

    func testTwoWritersCorrectingTheSameFieldRecordAConflictAndKeepTheLaterValue() throws {
        var desk = EventScript(writer: "desk-01", actor: "wangfang")
        var laptop = EventScript(writer: "laptop-02", actor: "lijun")
        desk.add(caseID, Samples.graduateOpened(), at: 0)
        let first = desk.add(caseID, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13711111111")]))), at: 5)
        let second = laptop.add(caseID, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13722222222")]))), at: 6)
        for events in [desk.events + laptop.events, laptop.events + desk.events, [second, first, desk.events[0]]] {
            var caseload = Caseload()
            for event in events { caseload.apply(event) }  // one at a time, the later-synced one first
            let r = try XCTUnwrap(caseload[caseID])
            XCTAssertEqual(r.person.phone?.value, "13722222222")
            XCTAssertEqual(r.conflicts.count, 1)
            let conflict = try XCTUnwrap(r.conflicts.first)
            XCTAssertEqual(conflict.field, "person.phone")
            XCTAssertEqual(conflict.kept, "13722222222")
            XCTAssertEqual(conflict.keptBy, "lijun")
            XCTAssertEqual(conflict.overwritten, "13711111111")
            XCTAssertEqual(conflict.overwrittenBy, "wangfang")
            XCTAssertEqual(conflict.eventID, second.id)
        }
    }

    func testCorrectionsWithoutAConflict() throws {
        var desk = EventScript(writer: "desk-01", actor: "wangfang")
        var laptop = EventScript(writer: "laptop-02", actor: "lijun")
        desk.add(caseID, Samples.graduateOpened(), at: 0)
        desk.add(caseID, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13711111111")]))), at: 1)
        desk.add(caseID, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13733333333")]))), at: 2)  // same writer
        laptop.add(caseID, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13733333333")]))), at: 3)  // same value
        laptop.add(caseID, .caseCorrected(CaseCorrected(details: JSONObject([("major", "数学")]))), at: 4)  // other field
        let r = try record(desk.events + laptop.events)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.person.phone?.value, "13733333333")
        XCTAssertEqual(r.details.graduate?.major, "数学")
    }

    func testEventUndoneRemovesTheEffect() throws {
        var desk = EventScript(writer: "desk-01")
        desk.add(caseID, Samples.graduateOpened(), at: 0)
        let contact = desk.add(caseID, .contactLogged(ContactLogged(channel: .phone, note: "wrong case", next: day("2026-12-01"))), at: 1)
        let outcome = desk.add(caseID, .outcomeRecorded(OutcomeRecorded(kind: .employed, date: day("2026-11-29"))), at: 2)
        let correction = desk.add(caseID, .caseCorrected(CaseCorrected(details: JSONObject([("school", "错")]))), at: 3)
        let placed = try record(desk.events)
        XCTAssertEqual(placed.status, .placed)
        XCTAssertEqual(placed.details.graduate?.school, "错")

        for target in [contact, outcome, correction] {
            desk.add(caseID, .eventUndone(eventID: target.id, reason: "mistake"), at: 10 + desk.seq)
        }
        let r = try record(desk.events)
        XCTAssertEqual(r.contacts, [])
        XCTAssertEqual(r.followUps, [])
        XCTAssertEqual(r.outcomes, [])
        XCTAssertEqual(r.status, .open)
        XCTAssertEqual(r.details.graduate?.school, "滨州学院")
        XCTAssertEqual(r.undone, [contact.id, outcome.id, correction.id])
        XCTAssertEqual(r.events.count, 7, "undone events stay on the timeline")

        // An undo that arrives before the event it cancels (sync order) works the same.
        let undoFirst = Caseload(events: Array(desk.events.reversed()))
        XCTAssertEqual(canonicalDump(undoFirst), canonicalDump(Caseload(events: desk.events)))
    }

    func testUndoingTheOpeningLeavesTheEventsHeldAsAnOrphan() {
        var desk = EventScript(writer: "desk-01")
        let opening = desk.add(caseID, Samples.graduateOpened(), at: 0)
        desk.add(caseID, .noteAdded(text: "x"), at: 1)
        desk.add(caseID, .eventUndone(eventID: opening.id, reason: "duplicate intake"), at: 2)
        let caseload = Caseload(events: desk.events)
        XCTAssertNil(caseload[caseID])
        XCTAssertEqual(caseload.orphanCaseIDs, [caseID])
        XCTAssertEqual(caseload.events(forCase: caseID).count, 3)
    }

    func testOrphanEventsAreKeptAndResolveWhenTheOpeningArrives() throws {
        var desk = EventScript(writer: "desk-01")
        var laptop = EventScript(writer: "laptop-02")
        let opening = desk.add(caseID, Samples.graduateOpened(), at: 0)
        laptop.add(caseID, .contactLogged(ContactLogged(channel: .visit, note: "上门")), at: 30)
        laptop.add(caseID, .noteAdded(text: "laptop note"), at: 31)

        var caseload = Caseload()
        caseload.apply(laptop.events)
        XCTAssertNil(caseload[caseID])
        XCTAssertEqual(caseload.orphanCaseIDs, [caseID])
        XCTAssertEqual(caseload.events(forCase: caseID).map(\.id), laptop.events.map(\.id))
        XCTAssertEqual(caseload.eventCount, 2)
        XCTAssertEqual(caseload.allEvents.count, 2)
        XCTAssertThrowsError(try caseload.resolve(caseID))

        caseload.apply(opening)
        XCTAssertEqual(caseload.orphanCaseIDs, [])
        let r = try XCTUnwrap(caseload[caseID])
        XCTAssertEqual(r.contacts.map(\.channel), [.visit])
        XCTAssertEqual(r.notes.map(\.text), ["laptop note"])
        XCTAssertEqual(r.events.map(\.id), [opening.id] + laptop.events.map(\.id))
        XCTAssertEqual(try caseload.resolve(caseID).id, caseID)
    }

    func testOfficeEventsBelongToNoCase() {
        var desk = EventScript(writer: "desk-01")
        desk.add("", .personalDataRevealed(fields: ["id_number"], purpose: "export"), at: 0)
        desk.add("", .journalRepaired(journal: "desk-02", offset: 10, length: 5, quarantined: "q"), at: 1)
        let caseload = Caseload(events: desk.events)
        XCTAssertEqual(caseload.officeEvents.map(\.id), desk.events.map(\.id))
        XCTAssertTrue(caseload.cases.isEmpty)
        XCTAssertEqual(caseload.orphanCaseIDs, [])
        XCTAssertEqual(caseload.eventCount, 2)
    }

    func testDuplicateEventIDsAreAppliedOnce() throws {
        var desk = EventScript(writer: "desk-01")
        desk.add(caseID, Samples.graduateOpened(), at: 0)
        let contact = desk.add(caseID, .contactLogged(ContactLogged(channel: .phone, note: "once")), at: 1)
        var caseload = Caseload(events: desk.events + [contact])
        caseload.apply(contact)
        caseload.apply(desk.events)
        XCTAssertEqual(caseload.eventCount, 2)
        XCTAssertEqual(caseload.allEvents.count, 2)
        XCTAssertEqual(try XCTUnwrap(caseload[caseID]).contacts.count, 1)
    }

    func testASecondOpeningAddsNothing() throws {
        var desk = EventScript(writer: "desk-01")
        desk.add(caseID, Samples.graduateOpened(id: Samples.graduateID), at: 0)
        desk.add(caseID, Samples.unemployedOpened(id: Samples.otherID), at: 1)
        let r = try record(desk.events)
        XCTAssertEqual(r.kind, .graduate)
        XCTAssertEqual(r.residentID.value, Samples.graduateID)
    }
}
