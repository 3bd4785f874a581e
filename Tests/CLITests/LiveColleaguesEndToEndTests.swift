import Foundation
import XCTest

/// Two desks on one data directory: what one writes appears in the other's open app.
final class LiveColleaguesEndToEndTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed")
        root = makeTemporaryDirectory("live")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func testAColleaguesContactAppearsWithoutARestart() throws {
        var desk1 = CLIRunner(dataDirectory: root)
        desk1.environment["CASELOAD_WRITER"] = "desk-01"
        XCTAssertEqual(try desk1.run("init", "--office", "滨城区公共就业服务中心", "--today", "2026-11-20").status, 0)
        let add = try desk1.run("add", "graduate", "--name", "欧阳娜娜", "--id", "371602200306150025", "--school", "滨州学院",
                                "--major", "应用化学", "--degree", "本科", "--graduated", "2026-06-30", "--today", "2026-11-20")
        XCTAssertEqual(add.status, 0, add.stderr)
        let caseID = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // Desk 1 has the app open on the case.
        let tmux = try TmuxSession(environment: ["CASELOAD_DATA": root, "CASELOAD_USER": "wangfang", "CASELOAD_WRITER": "desk-01",
                                                 "CASELOAD_LANG": "en", "LANG": "C.UTF-8"])
        try tmux.start("\(CLIRunner.executable) --today 2026-11-27; echo EXITED=$?")
        try tmux.waitFor(text: "欧阳娜娜")
        try tmux.keys("Enter")
        try tmux.waitFor(text: "Timeline")

        // Desk 2, a colleague on the same share, logs a contact.
        var desk2 = desk1
        desk2.environment["CASELOAD_WRITER"] = "desk-02"
        desk2.environment["CASELOAD_USER"] = "liuyang"
        let log = try desk2.run("log", caseID, "--channel", "phone", "--note", "同事电话回访，已推荐滨化集团", "--today", "2026-11-27")
        XCTAssertEqual(log.status, 0, log.stderr)

        // Desk 1 shows it within a few seconds, with no key pressed.
        let screen = try tmux.waitFor(text: "同事电话回访，已推荐滨化集团", timeout: 5)
        XCTAssertTrue(screen.contains("liuyang"), "the timeline names the colleague:\n\(screen)")
        try tmux.keys("Escape")
        // Wait before the next key: Esc followed at once by q would read as Alt-q.
        try tmux.waitFor(text: "F3Search")
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")
    }
}
