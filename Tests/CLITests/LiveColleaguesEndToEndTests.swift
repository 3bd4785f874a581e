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
        try tmux.waitFor("the case \(caseID)") { $0.contains("Timeline") && $0.contains(caseID) }

        // Desk 2, a colleague on the same share, has the app open too and logs a contact in it.
        let colleague = try TmuxSession(environment: ["CASELOAD_DATA": root, "CASELOAD_USER": "liuyang",
                                                      "CASELOAD_WRITER": "desk-02", "CASELOAD_LANG": "en", "LANG": "C.UTF-8"])
        try colleague.start("\(CLIRunner.executable) --today 2026-11-27; echo EXITED=$?")
        try colleague.waitFor(text: "F3Search")
        try colleague.keys("F5")
        try colleague.waitFor(text: "欧阳娜娜")
        try colleague.keys("Enter")
        try colleague.waitFor(text: "Timeline")
        try colleague.keys("c")
        try colleague.waitFor(text: "Log a contact")
        try colleague.type("phone")
        try colleague.keys("Tab")
        try colleague.keys("Tab")
        try colleague.type("同事电话回访，已推荐滨化集团")
        try colleague.keys("C-s")
        try colleague.waitFor(text: "Saved")
        XCTAssertEqual(FileManager.default.fileExists(atPath: root + "/journals/desk-02.jsonl"), true, "desk 2 wrote its own journal")

        // Desk 1 shows it within a few seconds, with no key pressed.
        let screen = try tmux.waitFor(text: "同事电话回访，已推荐滨化集团", timeout: 5)
        XCTAssertTrue(screen.contains("liuyang"), "the timeline names the colleague:\n\(screen)")
        try colleague.keys("Escape")
        try colleague.waitFor(text: "F3Search")
        try colleague.keys("q")
        try colleague.waitFor(text: "EXITED=0")
        try tmux.keys("Escape")
        // Wait before the next key: Esc followed at once by q would read as Alt-q.
        try tmux.waitFor(text: "F3Search")
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")
    }
}
