import Cases
import Foundation
import Journal
import Office
import Terminal
import XCTest
@testable import Screens

/// Actions on cases, undo, bulk actions, leaving a form, drafts, journal failures, outreach
/// mode and the form keys.
final class ActionFormTests: XCTestCase {
    // MARK: Actions

    func testCorrectionAppendsOnlyTheChangedFields() throws {
        let fixture = try ScreenFixture()
        try fixture.openCase("欧阳娜娜")
        fixture.press(.char("e"))
        let form = try fixture.form()
        XCTAssertEqual(form.value("phone"), "13812345678", "prefilled with the current values")
        XCTAssertEqual(form.value("degree"), "bachelor")
        while form.focusedField?.key != "phone" { fixture.press(.tab) }
        fixture.press(.ctrl("u"))
        _ = fixture.type("13987654321")
        while form.focusedField?.key != "major" { fixture.press(.tab) }
        fixture.press(.ctrl("u"))
        _ = fixture.type("化学工程")
        while form.focusedField?.key != "reason" { fixture.press(.tab) }
        _ = fixture.type("本人来电更正")
        let frame = fixture.press(.ctrl("s"))
        guard case .caseCorrected(let correction) = fixture.events.last?.body else { return XCTFail("expected case_corrected: \(frame.dump())") }
        XCTAssertEqual(correction.person, JSONObject([("phone", "13987654321")]))
        XCTAssertEqual(correction.details, JSONObject([("major", "化学工程")]))
        XCTAssertEqual(correction.reason, "本人来电更正")
        XCTAssertEqual(fixture.session.caseload["G-OYNN001"]?.person.phone?.value, "13987654321")
        XCTAssertTrue(fixture.app.stack.last is CaseScreen)
    }

    func testContactClearsTheOverdueFlagAndUndoCompensates() throws {
        let fixture = try ScreenFixture()
        XCTAssertFalse(fixture.session.flags(for: "D-ZW000003").isEmpty)
        try fixture.openCase("张伟")
        fixture.press(.char("c"))
        let form = try fixture.form()
        _ = fixture.type("电")
        XCTAssertEqual(form.value("channel"), "phone")
        fixture.press(.tab, .tab)
        _ = fixture.type("首次电话联系，已建档")
        fixture.press(.tab)
        _ = fixture.type("+14")
        var frame = fixture.press(.tab, .enter)
        XCTAssertTrue(frame.contains("Saved · contact by phone, reached: 首次电话联系，已建档 (next 2026-12-11) · 张伟"), frame.dump())
        let contact = try XCTUnwrap(fixture.events.last)
        XCTAssertEqual(contact.type, "contact_logged")
        XCTAssertTrue(fixture.session.flags(for: "D-ZW000003").isEmpty, "the overdue first-contact flag is gone")

        frame = fixture.press(.char("u"))
        XCTAssertTrue(frame.contains("Undo your last action, on 张伟 (D-ZW000003)?"), frame.dump())
        frame = fixture.press(.char("n"))
        XCTAssertEqual(fixture.events.last?.id, contact.id, "n leaves it")
        fixture.press(.char("u"))
        frame = fixture.press(.char("y"))
        guard case .eventUndone(let undoneID, _) = fixture.events.last?.body else { return XCTFail("expected event_undone") }
        XCTAssertEqual(undoneID, contact.id)
        XCTAssertTrue(frame.contains("Undone:"), frame.dump())
        XCTAssertFalse(fixture.session.flags(for: "D-ZW000003").isEmpty, "the flag is back")
        frame = fixture.press(.char("u"))
        XCTAssertTrue(frame.contains("Nothing of yours to undo"), frame.dump())
    }

    func testJobRecommendationNeedsAnEmployerAndAdvancesThePackage() throws {
        let fixture = try ScreenFixture()
        try fixture.openCase("欧阳娜娜")
        fixture.press(.char("v"))
        let form = try fixture.form()
        _ = fixture.type("job")
        fixture.press(.tab)
        XCTAssertTrue(form.fields.first { $0.key == "employer" }?.required == true, "a job recommendation needs an employer")
        var frame = fixture.press(.ctrl("s"))
        XCTAssertEqual(form.focusedField?.key, "employer")
        XCTAssertTrue(fixture.row(frame, "Employer").contains("✗ is required"), frame.dump())
        _ = fixture.type("滨化集团")
        fixture.press(.tab)
        _ = fixture.type("质检员")
        frame = fixture.press(.ctrl("s"))
        XCTAssertTrue(frame.contains("1+3+1+1 package: 0/1 · 1/3 · 0/1 · 0/1"), frame.dump())
    }

    func testOutcomeOnAClosedCaseIsRefusedAtOnce() throws {
        let fixture = try ScreenFixture()
        try fixture.openCase("Li Na")
        try fixture.session.record(.caseClosed(reason: "moved"), caseID: "G-LINA0002")
        let frame = fixture.press(.char("o"))
        XCTAssertTrue(fixture.app.stack.last is CaseScreen)
        XCTAssertTrue(frame.contains("G-LINA0002 is closed; reopen it first"), frame.dump())
        fixture.press(.char("n"))
        XCTAssertTrue(fixture.app.stack.last is FormScreen, "a note can still be added to a closed case")
    }

    func testBulkContactLogsOneEventPerMarkedCase() throws {
        let fixture = try ScreenFixture()
        fixture.press(.function(6), .home)  // by name, from the top
        let caseload = try XCTUnwrap(fixture.app.stack.last as? CaseloadScreen)
        let first = caseload.rows.prefix(2).map(\.id)
        fixture.press(.char(" "), .char(" "))
        var frame = fixture.frame
        XCTAssertEqual(frame.lines.filter { $0.dropFirst().hasPrefix("*") }.count, 2, frame.dump())
        XCTAssertEqual(caseload.marked, Set(first))
        let before = fixture.session.caseload.eventCount
        fixture.press(.char("C"))
        _ = fixture.type("sms")
        fixture.press(.tab, .tab)
        _ = fixture.type("招聘会通知")
        frame = fixture.press(.ctrl("s"))
        XCTAssertEqual(fixture.session.caseload.eventCount, before + 2, frame.dump())
        XCTAssertTrue(frame.contains("Saved for 2 of 2 cases"), frame.dump())
        XCTAssertEqual(Set(fixture.events.suffix(2).map(\.caseID)), Set(first))
        XCTAssertEqual(fixture.events.suffix(2).map(\.type), ["contact_logged", "contact_logged"])
        XCTAssertTrue(caseload.marked.isEmpty, "marks are cleared")
    }

    // MARK: Leaving, failures, drafts

    func testEscapeAsksOnlyWhenThereAreChanges() throws {
        let fixture = try ScreenFixture()
        fixture.press(.function(8))
        fixture.press(.escape)
        XCTAssertTrue(fixture.app.stack.last is CaseloadScreen, "an untouched form just closes")
        _ = try fixture.newCase()
        _ = fixture.type("王")
        var frame = fixture.press(.escape)
        XCTAssertTrue(frame.contains("Discard changes?"), frame.dump())
        frame = fixture.press(.char("n"))
        XCTAssertTrue(fixture.app.stack.last is FormScreen)
        fixture.press(.escape, .char("y"))
        XCTAssertTrue(fixture.app.stack.last is CaseloadScreen)
        XCTAssertTrue(DraftStore(directory: DataDirectory(fixture.root)).drafts(for: "wangfang").isEmpty, "the draft went with it")
    }

    func testDraftIsWrittenOnEveryChangeAndOfferedOnTheNextStart() throws {
        let fixture = try ScreenFixture()
        let form = try fixture.newCase()
        _ = fixture.type("欧阳娜娜")
        fixture.press(.tab)
        _ = fixture.type("3716")
        let store = DraftStore(directory: DataDirectory(fixture.root))
        let draft = try XCTUnwrap(store.drafts(for: "wangfang").first)
        XCTAssertEqual(draft.form, "intake")
        XCTAssertEqual(draft.dictionary["name"], "欧阳娜娜")
        XCTAssertEqual(draft.dictionary["id"], "3716", "written on every keystroke")
        var info = stat()
        XCTAssertEqual(stat(store.path(try XCTUnwrap(form.draftName)), &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertTrue(store.drafts(for: "liuyang").isEmpty, "only the one who typed it is offered it")
        XCTAssertEqual(Draft.decode(draft.encoded(), name: draft.name), draft, "a draft reads back as written")

        // "Restart": a new app on the same office offers the draft.
        let terminal = FakeTerminal(width: 100, height: 30)
        let app = App(device: terminal, state: AppState(session: fixture.session, language: .en))
        var frame = app.renderFrame()
        XCTAssertTrue(frame.contains("Unsaved draft"), frame.dump())
        XCTAssertTrue(frame.contains("欧阳娜娜"), frame.dump())
        _ = app.handle(.char("y"))
        frame = app.renderFrame()
        let resumed = try XCTUnwrap(app.stack.last as? FormScreen)
        XCTAssertEqual(resumed.value("name"), "欧阳娜娜")
        XCTAssertEqual(resumed.value("id"), "3716")
        XCTAssertTrue(frame.contains("欧阳娜娜"), frame.dump())
        // Discarding it from the offer removes the file.
        let again = App(device: FakeTerminal(width: 100, height: 30), state: AppState(session: fixture.session, language: .en))
        _ = again.handle(.char("n"))
        XCTAssertTrue(store.drafts(for: "wangfang").isEmpty)
        XCTAssertTrue(again.stack.last is CaseloadScreen)
    }

    func testJournalFailureSaysSoAndKeepsTheInputAsADraft() throws {
        let fixture = try ScreenFixture()
        let readOnly = try CaseStore(directory: DataDirectory(fixture.root), forWriting: false, clock: SystemClock())
        let session = OfficeSession(store: readOnly, rules: OfficeRules(), user: "wangfang", today: ScreenFixture.today)
        let app = App(device: FakeTerminal(width: 100, height: 30), state: AppState(session: session, language: .en))
        _ = app.renderFrame()
        let caseload = try XCTUnwrap(app.stack.last as? CaseloadScreen)
        for _ in 0..<(caseload.rows.firstIndex { $0.id == "D-ZW000003" } ?? 0) { _ = app.handle(.down) }
        for key in [Key.enter, .char("n")] + Key.typing("家访记录") { _ = app.handle(key) }
        _ = app.handle(Key.ctrl("s"))
        let frame = app.renderFrame()
        XCTAssertTrue(frame.contains("Not saved; your input is kept as a draft: writing stopped"), frame.dump())
        XCTAssertTrue(app.state.message?.text.hasSuffix("the store was opened read-only; nothing more will be written by this process") == true)
        XCTAssertFalse(frame.contains("Saved"))
        XCTAssertTrue(app.stack.last is FormScreen, "the form stays open with what was typed")
        let draft = try XCTUnwrap(DraftStore(directory: DataDirectory(fixture.root)).drafts(for: "wangfang").first)
        XCTAssertEqual(draft.form, "note")
        XCTAssertEqual(draft.caseIDs, ["D-ZW000003"])
        XCTAssertEqual(draft.dictionary["text"], "家访记录")
    }

    // MARK: Outreach, keys

    func testOutreachRegistersAndCountsAndClearsForTheNextPerson() throws {
        let fixture = try ScreenFixture()
        let app = App(device: fixture.terminal, state: AppState(session: fixture.session, language: .en),
                      start: .outreach(school: "滨州学院", session: "秋季双选会"))
        func type(_ text: String) { for key in Key.typing(text) { _ = app.handle(key) } }
        let form = try XCTUnwrap(app.stack.last as? FormScreen)
        XCTAssertEqual(form.focusedField?.key, "name", "the school and session are prefilled")
        XCTAssertTrue(app.renderFrame().contains("Registered this session: 0"))
        let people = [("欧阳娜娜", "371602200403120020"), ("李明", "371602200507210039")]
        for (index, person) in people.enumerated() {
            XCTAssertEqual(form.focusedField?.key, "name")
            type(person.0)
            _ = app.handle(.enter)
            type(person.1)
            _ = app.handle(.enter)
            XCTAssertEqual(form.focusedField?.key, "major", "Enter skips the optional phone")
            type("应用化学")
            _ = app.handle(.enter)
            if index == 0 {  // the first person also sets the degree and graduation date, which then stay
                type("本")
                _ = app.handle(.enter)
                type("2027-06-30")
                _ = app.handle(.enter)
            }
            XCTAssertTrue(app.renderFrame().contains("Registered this session: \(index + 1)"), app.renderFrame().dump())
            XCTAssertEqual(form.value("name"), "", "cleared for the next person")
            XCTAssertEqual(form.value("school"), "滨州学院")
            XCTAssertEqual(form.value("graduated"), "2027-06-30", "the session's graduation date is kept")
        }
        let opened = fixture.session.caseload.allCases.filter { $0.source?["session"] == "秋季双选会" }
        XCTAssertEqual(opened.map(\.name).sorted(), ["李明", "欧阳娜娜"])
        XCTAssertEqual(opened.first?.source, JSONObject([("session", "秋季双选会"), ("school", "滨州学院")]))
        // A duplicate is flagged as soon as the ID is left.
        type("欧阳娜娜")
        _ = app.handle(.enter)
        type("371602200403120020")
        _ = app.handle(.tab)
        XCTAssertTrue(form.errors["id"]?.contains("already has an open Graduate case") == true, app.renderFrame().dump())
        XCTAssertFalse(app.handle(.escape) && app.handle(.char("y")), "leaving outreach mode quits the app")
    }

    func testFormFootersAndHelpComeFromTheTable() throws {
        let fixture = try ScreenFixture()
        fixture.press(.function(8))
        var frame = fixture.frame
        XCTAssertTrue(frame.text(row: 29).hasPrefix("F1Help Ctrl-SSave EnterNext/save TabNext field F9Editor EscCancel"), frame.dump())
        frame = fixture.press(.function(1))
        XCTAssertTrue(frame.contains("Shift-Tab ↑"), frame.dump())
        XCTAssertTrue(frame.contains("F9 Ctrl-X"), frame.dump())
        fixture.press(.escape)
        XCTAssertTrue(fixture.app.stack.last is FormScreen, "help returns to the form")
        fixture.press(.escape)
        try fixture.openCase("欧阳娜娜")
        XCTAssertTrue(fixture.frame.text(row: 29).contains("cContact vService oOutcome"), fixture.frame.dump())
    }

    func testExternalEditorReplacesTheNote() throws {
        let fixture = try ScreenFixture()
        try fixture.openCase("欧阳娜娜")
        fixture.press(.char("n"))
        _ = fixture.type("初稿")
        let previous = getenv("VISUAL").map { String(cString: $0) }
        setenv("VISUAL", "sed -i s/初稿/家访：已联系，意向化工质检/", 1)
        defer { if let previous { setenv("VISUAL", previous, 1) } else { unsetenv("VISUAL") } }
        fixture.press(.function(9))
        XCTAssertEqual(try fixture.form().value("text"), "家访：已联系，意向化工质检")
        XCTAssertFalse(fixture.terminal.isSuspended, "the terminal is taken back")
    }
}
