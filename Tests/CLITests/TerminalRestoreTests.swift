import Foundation
import XCTest

/// The app killed by a signal mid-session still gives the user's terminal back: the alternate
/// screen left, the cursor shown. A Swift runtime trap (a failed precondition) is SIGILL on
/// x86-64 and SIGTRAP on arm64, so those are covered as well as the usual kills.
final class TerminalRestoreTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed")
        root = makeTemporaryDirectory("restore")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func testTrapsAndKillsGiveTheTerminalBack() throws {
        let environment = ["CASELOAD_DEMO_DATA": root + "/demo", "CASELOAD_LANG": "en", "LANG": "C.UTF-8"]
        for (signal, name) in [(SIGILL, "SIGILL"), (SIGTRAP, "SIGTRAP"), (SIGTERM, "SIGTERM")] {
            let tmux = try TmuxSession(environment: environment)
            try tmux.start("\(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
            try tmux.waitFor("the caseload", timeout: 60) { $0.contains("F1Help") }
            let shell = try tmux.display("#{pane_pid}")
            let app = try XCTUnwrap(childProcess(of: shell), "the app under the pane's shell")
            XCTAssertEqual(kill(app, signal), 0, "\(name) sent")
            let screen = try tmux.waitFor(text: "EXITED=\(128 + signal)")
            XCTAssertEqual(try tmux.display("#{alternate_on}"), "0", "\(name): the alternate screen is left")
            XCTAssertEqual(try tmux.display("#{cursor_flag}"), "1", "\(name): the cursor is visible again")
            XCTAssertFalse(screen.contains("F1Help"), "\(name): no app remnants on the shell screen:\n\(screen)")
        }
    }

    /// Ctrl-C at the terminal (cbreak mode: the tty sends SIGINT) ends the app at once, with the
    /// terminal given back. (The shell, seeing its child die of SIGINT, drops the rest of the
    /// command line, so the test waits for the app's process to be gone.)
    func testCtrlCGivesTheTerminalBack() throws {
        let environment = ["CASELOAD_DEMO_DATA": root + "/demo", "CASELOAD_LANG": "en", "LANG": "C.UTF-8"]
        let tmux = try TmuxSession(environment: environment)
        try tmux.start("\(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
        try tmux.waitFor("the caseload", timeout: 60) { $0.contains("F1Help") }
        let shell = try tmux.display("#{pane_pid}")
        XCTAssertNotNil(childProcess(of: shell), "the app under the pane's shell")
        try tmux.keys("C-c")
        let screen = try tmux.waitFor("the app gone") { _ in self.childProcess(of: shell) == nil }
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0", "the alternate screen is left")
        XCTAssertEqual(try tmux.display("#{cursor_flag}"), "1", "the cursor is visible again")
        XCTAssertFalse(screen.contains("F1Help"), "no app remnants on the shell screen:\n\(screen)")
    }

    /// The first child of `pid`, from /proc.
    private func childProcess(of pid: String) -> pid_t? {
        let path = "/proc/\(pid)/task/\(pid)/children"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.flatMap { pid_t($0) }
    }
}
