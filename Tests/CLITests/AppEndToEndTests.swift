import Foundation
import Search
import XCTest

/// The real binary in tmux on a demo caseload: the walk through the app.
final class AppEndToEndTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed")
        root = makeTemporaryDirectory("e2e")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private func environment() -> [String: String] {
        ["CASELOAD_DEMO_DATA": root + "/demo", "CASELOAD_LANG": "en", "LANG": "C.UTF-8"]
    }

    /// The demo opened in the order a large office opens in (the terminal first, the opening
    /// frame, the preview when there is a snapshot), shown up to its caseload screen.
    private func demoInTheOpeningFrameOrder() throws -> TmuxSession {
        var environment = environment()
        environment["CASELOAD_OPENING_FRAME_BYTES"] = "0"
        let tmux = try TmuxSession(environment: environment)
        try tmux.start("\(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
        try tmux.waitFor("the caseload", timeout: 60) { $0.contains("F1Help") && $0.contains("All ") }
        return tmux
    }

    /// The demo with the app's snapshot in place (the first open replays the journals and leaves
    /// one behind, in the background), then opened again so that its first screen comes from the
    /// preview; with `gate`, the whole open behind it waits until that file exists.
    private func demoFromThePreview(gate: String? = nil) throws -> TmuxSession {
        let tmux = try demoInTheOpeningFrameOrder()
        let snapshot = root + "/demo/snapshots/caseload.snapshot"
        try tmux.waitFor("the app's snapshot", timeout: 60) { _ in FileManager.default.fileExists(atPath: snapshot) }
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")
        let held = gate.map { "CASELOAD_WHOLE_OPEN_GATE=\($0) " } ?? ""
        try tmux.start("clear; \(held)\(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
        return tmux
    }

    func testWalkThroughTabsCaseSearchAgendaResizeAndQuit() throws {
        let tmux = try TmuxSession(environment: environment())
        try tmux.start("\(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
        var screen = try tmux.waitFor("the caseload", timeout: 60) { $0.contains("F1Help") && $0.contains("All ") }
        let status = screen.split(separator: "\n")[0]
        XCTAssertTrue(status.contains("desk-01"), "status line names the writer: \(status)")

        // Each tab in turn: the tab bar marks counts and the rows change kind.
        for expected in ["Graduates", "Difficulty group", "Unemployed", "All"] {
            try tmux.keys("Tab")
            screen = try tmux.waitFor("tab \(expected)") { $0.contains(expected) }
        }
        try tmux.keys("Tab")
        screen = try tmux.waitFor("graduate rows") { screen in
            screen.split(separator: "\n").dropFirst(3).prefix(5).contains { $0.contains("学院") || $0.contains("大学") }
        }

        // Open the first case and come back.
        try tmux.keys("Enter")
        screen = try tmux.waitFor(text: "Timeline")
        XCTAssertTrue(screen.contains("********"), "the ID is masked on the case screen")
        try tmux.keys("Escape")
        screen = try tmux.waitFor(text: "F3Search")

        // Search by the pinyin initials of a name on screen.
        let firstRow = screen.split(separator: "\n")[3]
        let name = String(firstRow.dropFirst(2).split(separator: " ").first ?? "")
        let initials = String(Pinyin.syllables(of: name).compactMap(\.first))
        XCTAssertFalse(initials.isEmpty, "a name on the first row: \(firstRow)")
        try tmux.keys("/")
        try tmux.type(initials)
        screen = try tmux.waitFor("search results for \(initials)") { $0.contains("Search: \(initials)") && $0.contains(name) }
        try tmux.keys("Escape")

        // The agenda.
        try tmux.keys("F2")
        screen = try tmux.waitFor(text: "Today · 2026-11-27")
        XCTAssertTrue(screen.contains("Overdue ("), screen)
        try tmux.keys("Escape")
        try tmux.waitFor(text: "F3Search")

        // Too small, then back.
        try tmux.resize(width: 60, height: 20)
        try tmux.waitFor(text: "Terminal too small")
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor(text: "F3Search")

        // Quit: the shell is back and the terminal is left clean.
        try tmux.keys("q")
        screen = try tmux.waitFor(text: "EXITED=0")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0", "the alternate screen is left")
        XCTAssertEqual(try tmux.display("#{cursor_flag}"), "1", "the cursor is visible again")
        XCTAssertFalse(screen.contains("F1Help"), "no app remnants on the shell screen:\n\(screen)")
    }

    /// The order a large office opens in (the terminal first, showing the opening frame), forced
    /// on the small demo: the caseload follows, and a damaged journal still ends in one error line
    /// on a restored terminal.
    func testTheOpeningFrameOrderReachesTheCaseloadAndStillReportsDamage() throws {
        let tmux = try demoInTheOpeningFrameOrder()
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")

        // A flipped byte in the middle of a journal: the open stops, the terminal is given back.
        let journals = root + "/demo/journals"
        let journal = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: journals).sorted().first { $0.hasSuffix(".jsonl") })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: journals + "/" + journal))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: journals + "/" + journal))
        try? FileManager.default.removeItem(atPath: root + "/demo/snapshots")
        try tmux.start("clear; \(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
        let screen = try tmux.waitFor(text: "EXITED=1")
        XCTAssertTrue(screen.contains("caseload: ") && screen.contains(journal), "one error line naming the journal:\n\(screen)")
        XCTAssertFalse(screen.contains("F1Help"), "no app remnants on the shell screen:\n\(screen)")
    }

    /// With the app's snapshot in place, a large office's first screen comes from the preview
    /// (the user's own cases) while the whole store opens, forced here on the small demo: the
    /// app that follows answers the keys, and quits cleanly.
    func testTheFirstScreenFromThePreviewHandsOverToTheApp() throws {
        let tmux = try demoFromThePreview()
        let first = try tmux.waitFor("the first screen", timeout: 60) { $0.contains("F1Help") && $0.contains("mine · sorted by") }
        XCTAssertTrue(first.split(separator: "\n")[0].contains("desk-01 ·"), "the desk as it will be, not read-only:\n\(first)")
        try tmux.keys("F5")
        try tmux.waitFor("everyone's cases") { $0.contains("everyone's · sorted by") }
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")
    }

    /// The first screen from the preview answers a move about its list at once, while the whole
    /// office still opens behind it (held back here until the test lets it go, so that the keys
    /// surely come first), and keeps a key that needs the whole office: after the handover both
    /// have taken effect, the tab carried over and F5 answered on it.
    func testTheFirstScreenAnswersMovesAtOnceAndKeepsOtherKeysForTheApp() throws {
        let opening = "whole office still opening"
        let gate = root + "/open-gate"
        let tmux = try demoFromThePreview(gate: gate)
        try tmux.waitFor("the first screen", timeout: 60) { $0.contains("F1Help") && $0.contains(opening) }
        try tmux.keys("Tab", "F5")
        let graduates = { (screen: String) -> Bool in
            let rows = screen.split(separator: "\n").dropFirst(3).prefix(5)
            return rows.count == 5 && rows.allSatisfy { $0.contains("学院") || $0.contains("大学") }
        }
        try tmux.waitFor("the graduates, mine, while the office still opens") {
            graduates($0) && $0.contains("mine · sorted by") && $0.contains(opening)
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: gate, contents: nil), "the whole open let go")
        try tmux.waitFor("everyone's graduates after the handover", timeout: 60) {
            graduates($0) && $0.contains("everyone's · sorted by") && !$0.contains(opening)
        }
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")
    }

    /// The whole open fails behind a live first screen (its config.toml is taken away while the
    /// open is held back): as without a first screen, the terminal is given back and one error
    /// line is printed, with exit status 1.
    func testAnOpenFailingBehindTheFirstScreenEndsInOneErrorLine() throws {
        let gate = root + "/open-gate"
        let tmux = try demoFromThePreview(gate: gate)
        try tmux.waitFor("the first screen", timeout: 60) { $0.contains("F1Help") && $0.contains("whole office still opening") }
        try tmux.keys("j", "F5")
        try FileManager.default.moveItem(atPath: root + "/demo/config.toml", toPath: root + "/demo/config.moved")
        XCTAssertTrue(FileManager.default.createFile(atPath: gate, contents: nil), "the whole open let go")
        let screen = try tmux.waitFor(text: "EXITED=1", timeout: 60)
        XCTAssertTrue(screen.contains("caseload: ") && screen.contains("no Caseload data"), "one error line:\n\(screen)")
        XCTAssertFalse(screen.contains("F1Help"), "no app remnants on the shell screen:\n\(screen)")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0", "the alternate screen is left")
    }

    func testSecondRunKeepsTheDemoCaseload() throws {
        let cli = CLIRunner(dataDirectory: root + "/demo")
        let tmux = try TmuxSession(environment: environment())
        try tmux.start("\(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
        try tmux.waitFor("the caseload", timeout: 60) { $0.contains("F1Help") }
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")
        let before = cli.snapshot().filter { $0.key.hasSuffix(".jsonl") }
        try tmux.start("\(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
        try tmux.waitFor("the caseload again") { $0.contains("F1Help") }
        try tmux.keys("q")
        try tmux.waitFor("second exit") { $0.components(separatedBy: "EXITED=0").count == 3 }
        XCTAssertEqual(cli.snapshot().filter { $0.key.hasSuffix(".jsonl") }, before, "the second run reuses the demo journals")
        XCTAssertFalse(before.isEmpty)
    }
}
