import Cases
import Demo
import Foundation
import Journal
import Office
import Rules
import Terminal
import XCTest
@testable import Screens

/// A large office's first screen answers the moves about its list while the whole store opens
/// behind it, keeps every other key for the app proper, and hands over its tab, selected case
/// and scroll (`PreviewRun`, `CaseloadScreen.carry(from:state:)`).
final class PreviewRunTests: XCTestCase {
    private var office: PreviewOffice?

    override func tearDown() {
        office = nil
        super.tearDown()
    }

    private func makeOffice() throws -> PreviewOffice {
        let made = try PreviewOffice()
        office = made
        return made
    }

    func testMovesAreAnsweredAtOnceAndEveryOtherKeyIsKeptInOrder() throws {
        let office = try makeOffice()
        let terminal = FakeTerminal(width: 100, height: 30)
        let run = try XCTUnwrap(PreviewRun(device: terminal, state: try office.previewState()))
        let first = run.renderFrame()
        // Down twice and the next tab are moves; F5 needs everyone's cases, so it and every key
        // after it (a Down included) wait for the app proper, in order.
        terminal.enqueue(.down, .char("j"), .tab, .function(5), .enter, .down, .char("q"))
        run.run(until: { terminal.pendingKeys.isEmpty })

        XCTAssertEqual(run.kept, [.function(5), .enter, .down, .char("q")])
        let shown = try XCTUnwrap(terminal.lastFrame)
        XCTAssertNotEqual(shown.lines.dropFirst(), first.lines.dropFirst(), "the moves were drawn at once")
        let screen = try XCTUnwrap(run.app.stack.first as? CaseloadScreen)
        XCTAssertEqual(screen.tab, 1, "Tab went to the graduates")
        XCTAssertEqual(run.app.stack.count, 1, "Enter did not open a case on the first screen")
        XCTAssertTrue(run.app.state.mineOnly, "F5 waited for the whole office")
        XCTAssertEqual(terminal.frames.count, 4, "the first screen, then one frame per move")
    }

    func testOnlyMovesAboutTheListAreAnsweredAtOnce() throws {
        let office = try makeOffice()
        let run = try XCTUnwrap(PreviewRun(device: FakeTerminal(width: 100, height: 30), state: try office.previewState()))
        let moves: [Key] = [.down, .up, .char("j"), .char("k"), .pageDown, .pageUp, .ctrl("f"), .char("b"), .home, .end,
                            .char("g"), .char("G"), .tab, .backTab, .left, .right, .char("l"), .enter]
        for key in moves { XCTAssertTrue(run.answersAtOnce(key), "\(key)") }
        let others: [Key] = [.function(5), .char("m"), .char("/"), .function(3), .char("f"), .char(" "), .escape,
                             .char("q"), .function(10), .function(1), .char("c"), .function(8), .function(2), .char("x")]
        for key in others { XCTAssertFalse(run.answersAtOnce(key), "\(key)") }
        // On a case opened there: its timeline and the way back; a reveal (journaled) or an action waits.
        XCTAssertTrue(run.take(.enter))
        XCTAssertTrue(run.app.stack.last is CaseScreen)
        for key: Key in [.down, .up, .char("j"), .pageDown, .home, .end, .escape, .char("q"), .backspace, .char("h")] {
            XCTAssertTrue(run.answersAtOnce(key), "case screen: \(key)")
        }
        for key: Key in [.char("i"), .char("p"), .char("c"), .char("v"), .char("o"), .function(2), .function(1), .ctrl("l")] {
            XCTAssertFalse(run.answersAtOnce(key), "case screen: \(key)")
        }
        XCTAssertTrue(run.take(.escape))
        XCTAssertEqual(run.app.stack.count, 1, "back on the list")
        XCTAssertTrue(run.take(.resize), "a resize is drawn again")
        XCTAssertTrue(run.kept.isEmpty, "a resize is not kept: the app draws for the size it finds")
        XCTAssertFalse(run.take(.char("/")))
        XCTAssertFalse(run.answersAtOnce(.down), "after a kept key, a move is kept too: it may belong to a search")
        XCTAssertFalse(run.take(.char("j")))
        XCTAssertEqual(run.kept, [.char("/"), .char("j")])
    }

    func testTheStatusLineSaysTheWholeOfficeIsStillOpening() throws {
        let office = try makeOffice()
        for (language, word) in [(Language.en, "whole office still opening"), (.zh, "全部案件仍在打开")] {
            let run = try XCTUnwrap(PreviewRun(device: FakeTerminal(width: 100, height: 30), state: try office.previewState(language)))
            let frame = run.renderFrame()
            XCTAssertTrue(frame.text(row: 0).contains(word), "\(language):\n\(frame.dump())")
            XCTAssertTrue(frame.text(row: 0).contains(office.user), "the user still shows:\n\(frame.dump())")
            let app = App(device: FakeTerminal(width: 100, height: 30), state: try office.wholeState(language))
            _ = run.handOver(to: app)
            XCTAssertFalse(app.renderFrame().text(row: 0).contains(word), "the app proper has no such word")
        }
    }

    func testTheAppTakesOverTheTabSelectedCaseAndScroll() throws {
        let office = try makeOffice()
        let terminal = FakeTerminal(width: 100, height: 30)
        let run = try XCTUnwrap(PreviewRun(device: terminal, state: try office.previewState()))
        // The graduates, past the first page, then back up a little: the selection is mid-page.
        _ = run.renderFrame()
        run.take(.tab)
        for _ in 0..<30 { run.take(.down) }
        for _ in 0..<5 { run.take(.up) }
        let shown = run.renderFrame()
        let preview = try XCTUnwrap(run.app.stack.first as? CaseloadScreen)
        XCTAssertGreaterThan(preview.rows.count, 30, "a list longer than a page")
        XCTAssertFalse(shown.contains(preview.rows[0].name), "scrolled past the first row:\n\(shown.dump())")
        let selected = try XCTUnwrap(preview.selectedCaseID)

        let app = App(device: terminal, state: try office.wholeState())
        XCTAssertTrue(run.handOver(to: app))
        let home = try XCTUnwrap(app.stack.first as? CaseloadScreen)
        XCTAssertEqual(home.tab, 1)
        XCTAssertEqual(home.selectedCaseID, selected)
        let frame = app.renderFrame()
        XCTAssertEqual(Array(frame.lines.dropFirst()), Array(shown.lines.dropFirst()),
                       "below the status line, the app shows what the first screen showed:\n\(frame.dump())\n\(shown.dump())")
    }

    /// A case opened on the first screen is the case the app proper shows, at the same place in
    /// its timeline; a reveal pressed there is journaled by the app proper.
    func testACaseOpenedOnTheFirstScreenIsCarriedWithItsTimeline() throws {
        let office = try makeOffice()
        for row in 0..<6 {
            let terminal = FakeTerminal(width: 100, height: 30)
            let run = try XCTUnwrap(PreviewRun(device: terminal, state: try office.previewState()))
            _ = run.renderFrame()
            for _ in 0..<row * 3 { run.take(.down) }
            for key: Key in [.enter, .down, .down] { XCTAssertTrue(run.take(key), "row \(row): \(key)") }
            let reading = try XCTUnwrap(run.app.stack.last as? CaseScreen)
            let shown = run.renderFrame()
            if row == 0 {
                // Handed over with nothing kept: the app proper draws what the first screen drew.
                let app = App(device: terminal, state: try office.wholeState())
                XCTAssertTrue(run.handOver(to: app), "nothing kept yet")
                XCTAssertEqual(Array(app.renderFrame().lines.dropFirst()), Array(shown.lines.dropFirst()),
                               "the case at the same place in its timeline")
            }
            run.take(.char("i"))
            XCTAssertEqual(run.kept, [.char("i")], "the reveal waits: it is journaled")
            // The same case on the whole store, before the reveal is journaled: the same frame
            // below the status line.
            let direct = App(device: FakeTerminal(width: 100, height: 30), state: try office.wholeState())
            direct.push(CaseScreen(caseID: reading.caseID))
            (direct.stack.last as? CaseScreen)?.carry(from: reading)
            XCTAssertEqual(Array(direct.renderFrame().lines.dropFirst()), Array(shown.lines.dropFirst()),
                           "row \(row): the case reads the same from the preview and the whole store")

            let state = try office.wholeState()
            let app = App(device: terminal, state: state)
            XCTAssertTrue(run.handOver(to: app))
            let carried = try XCTUnwrap(app.stack.last as? CaseScreen, "row \(row)")
            XCTAssertEqual(app.stack.count, 2)
            XCTAssertEqual(carried.caseID, reading.caseID)
            XCTAssertTrue(carried.revealedID, "the kept reveal was answered by the app proper")
            XCTAssertTrue(state.session.store.caseload[reading.caseID]?.events.contains {
                if case .personalDataRevealed = $0.body { return true } else { return false }
            } ?? false, "and journaled")
        }
    }

    func testKeptKeysAreReplayedAfterTheCarryInOrder() throws {
        let office = try makeOffice()
        let terminal = FakeTerminal(width: 100, height: 30)
        let run = try XCTUnwrap(PreviewRun(device: terminal, state: try office.previewState()))
        // After F5 everything is kept, Enter's case and the Downs in it included.
        let keys: [Key] = [.down, .down, .down, .function(5), .char("j"), .char("j"), .enter, .down, .down]
        _ = run.renderFrame()  // shown first, as run(until:) does
        for key in keys { run.take(key) }
        XCTAssertEqual(run.kept, [.function(5), .char("j"), .char("j"), .enter, .down, .down])

        let state = try office.wholeState()
        let app = App(device: terminal, state: state)
        XCTAssertTrue(run.handOver(to: app))
        // The same keys pressed in the app proper, in the same order, end on the same case.
        let direct = App(device: FakeTerminal(width: 100, height: 30), state: try office.wholeState())
        _ = direct.renderFrame()
        // The app's loop draws before every key it reads: a case learns its timeline's length as
        // it is drawn, so the Downs after Enter move in it only after a frame.
        for key in keys {
            _ = direct.renderFrame()
            _ = direct.handle(key)
        }
        XCTAssertFalse(state.mineOnly, "F5 was answered")
        let home = try XCTUnwrap(app.stack.first as? CaseloadScreen)
        XCTAssertNotNil(home.selectedCaseID)
        XCTAssertEqual(home.selectedCaseID, (direct.stack.first as? CaseloadScreen)?.selectedCaseID)
        XCTAssertTrue(app.stack.last is CaseScreen, "Enter opened the case")
        let handedOver = app.renderFrame()
        XCTAssertEqual(handedOver.lines, direct.renderFrame().lines, "the Downs moved in the case as pressed:\n\(handedOver.dump())")
    }

    /// A draft saved meanwhile (another window) makes the app proper open on its offer: nothing
    /// is carried, and the kept keys, meant for the screens the user saw, are not given to it.
    func testADraftOfferAtTheHandoverGetsNoKeptKeys() throws {
        let office = try makeOffice()
        let terminal = FakeTerminal(width: 100, height: 30)
        let run = try XCTUnwrap(PreviewRun(device: terminal, state: try office.previewState()))
        _ = run.renderFrame()
        for key: Key in [.down, .function(5), .char("y")] { run.take(key) }
        XCTAssertEqual(run.kept, [.function(5), .char("y")])
        let state = try office.wholeState()
        try DraftStore(directory: office.directory).save(Draft(name: "desk-01-test.json", form: "contact", caseIDs: [],
                                                               user: office.user, on: "2026-11-27", values: [("note", "电话未接通")]))
        let app = App(device: terminal, state: state)
        XCTAssertTrue(app.stack.last is ConfirmDialog, "the offer is on top")
        XCTAssertTrue(run.handOver(to: app))
        XCTAssertTrue(app.stack.last is ConfirmDialog, "still unanswered: the kept y was not given to it")
        XCTAssertTrue(state.mineOnly, "nor the kept F5")
    }

    func testAKeptQuitEndsTheAppAtTheHandover() throws {
        let office = try makeOffice()
        let terminal = FakeTerminal(width: 100, height: 30)
        let run = try XCTUnwrap(PreviewRun(device: terminal, state: try office.previewState()))
        for key: Key in [.function(5), .char("q"), .function(5)] { run.take(key) }
        let state = try office.wholeState()
        XCTAssertFalse(run.handOver(to: App(device: terminal, state: state)), "q quits")
        XCTAssertFalse(state.mineOnly, "F5 before it was answered; the F5 after it never is")
    }

    func testACaseNoLongerListedLeavesTheSelectionAtTheSameRow() throws {
        let office = try makeOffice()
        let terminal = FakeTerminal(width: 100, height: 30)
        let run = try XCTUnwrap(PreviewRun(device: terminal, state: try office.previewState()))
        _ = run.renderFrame()
        for _ in 0..<4 { run.take(.down) }
        let selected = try XCTUnwrap((run.app.stack.first as? CaseloadScreen)?.selectedCaseID)

        // Meanwhile a colleague takes the selected case over: the whole store no longer lists it as the user's.
        let app = App(device: terminal, state: try office.wholeState(reassigning: selected))
        XCTAssertTrue(run.handOver(to: app))
        let home = try XCTUnwrap(app.stack.first as? CaseloadScreen)
        XCTAssertNotNil(home.selectedCaseID)
        XCTAssertNotEqual(home.selectedCaseID, selected)
        XCTAssertEqual(home.rows.indices.first { home.rows.caseID(at: $0) == home.selectedCaseID }, 4, "the same row")
        XCTAssertTrue(app.renderFrame().contains("F1Help"))
    }
}

/// A demo office with the app's snapshot, read as the app reads it: a preview for the first
/// screen, then the whole store.
private final class PreviewOffice {
    static let today = LocalDate(year: 2026, month: 11, day: 27)!
    let root: String
    let directory: DataDirectory
    let clock: FixedClock
    let rules: OfficeRules
    /// The counsellor with the most cases, so that their list is longer than a page.
    let user: String

    init() throws {
        root = NSTemporaryDirectory() + "caseload-preview-run-\(UUID().uuidString)"
        directory = DataDirectory(root)
        let demo = DemoGenerator.generate(DemoOptions(cases: 800, seed: 11, today: Self.today))
        let noon = Timestamp.noon(of: Self.today, offsetMinutes: 480)
        try DemoWriter.write(demo, to: directory, now: noon)
        clock = FixedClock(noon, stepMilliseconds: 1000)
        let desk = try CaseStore(directory: directory, forWriting: true, clock: clock)
        try desk.writeSnapshot()
        let counts = Dictionary(grouping: desk.caseload.cases.values, by: \.counsellor).mapValues(\.count)
        user = try XCTUnwrap(counts.max { $0.value < $1.value }?.key)
        desk.writer?.close()
        rules = try OfficeRules(directory: directory)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func previewState(_ language: Language = .en) throws -> AppState {
        let preview = try XCTUnwrap(CaseStore.preview(directory: directory, counsellor: user, clock: clock))
        return AppState(session: OfficeSession(store: preview, rules: rules, user: user, today: Self.today), language: language)
    }

    /// The whole store; with `reassigning`, that case is first moved to another counsellor.
    func wholeState(_ language: Language = .en, reassigning caseID: String? = nil) throws -> AppState {
        let store = try CaseStore(directory: directory, forWriting: true, clock: clock)
        if let caseID, let record = store.caseload[caseID] {
            try store.append([store.makeEvent(caseID: caseID, actor: user, effective: Self.today,
                                              body: .caseReassigned(to: "someone-else", from: record.counsellor))])
        }
        store.writer?.close()
        return AppState(session: OfficeSession(store: store, rules: rules, user: user, today: Self.today), language: language)
    }
}
