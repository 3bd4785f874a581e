import Foundation
import XCTest

/// Two offices on different data directories, each with the app open, replicating through the
/// hub: a contact logged in either appears in the other within five seconds.
final class HubEndToEndTests: XCTestCase {
    private var root = ""
    private var database: TestHubDatabase?

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed")
        database = try TestHubDatabase()
        root = makeTemporaryDirectory("hub-live")
    }

    override func tearDown() {
        database?.drop()
        try? FileManager.default.removeItem(atPath: root)
    }

    private func logContact(_ tmux: TmuxSession, _ note: String) throws {
        try tmux.keys("c")
        try tmux.waitFor(text: "Log a contact")
        try tmux.type("phone")
        try tmux.keys("Tab")
        try tmux.keys("Tab")
        try tmux.type(note)
        try tmux.keys("C-s")
        try tmux.waitFor(text: "Saved")
    }

    func testTwoOfficesSeeEachOthersContactsWithinFiveSeconds() throws {
        let url = try XCTUnwrap(database).url
        let office1 = CLIRunner(dataDirectory: root + "/office-1")
        let office2 = CLIRunner(dataDirectory: root + "/office-2", user: "liuyang")
        XCTAssertEqual(try office1.run("hub", "init", url).status, 0)
        XCTAssertEqual(try office1.run("init", "--office", "滨城区公共就业服务中心", "--writer", "desk-01", "--today", "2026-11-20").status, 0)
        XCTAssertEqual(try office2.run("init", "--office", "沾化区公共就业服务中心", "--writer", "desk-02", "--today", "2026-11-20").status, 0)
        let add = try office1.run("add", "graduate", "--name", "欧阳娜娜", "--id", "371602200306150025", "--school", "滨州学院",
                                  "--major", "应用化学", "--degree", "本科", "--graduated", "2026-06-30", "--today", "2026-11-20")
        XCTAssertEqual(add.status, 0, add.stderr)

        func open(_ directory: String, user: String, writer: String) throws -> TmuxSession {
            let tmux = try TmuxSession(environment: ["CASELOAD_DATA": directory, "CASELOAD_USER": user, "CASELOAD_WRITER": writer,
                                                     "CASELOAD_HUB": url, "CASELOAD_LANG": "en", "LANG": "C.UTF-8"])
            try tmux.start("\(CLIRunner.executable) --today 2026-11-27; echo EXITED=$?")
            return tmux
        }
        // Office 1 opens the case; office 2, which has never synced, receives it from the hub.
        let desk1 = try open(root + "/office-1", user: "wangfang", writer: "desk-01")
        try desk1.waitFor(text: "欧阳娜娜")
        try desk1.waitFor(text: "hub synced")
        try desk1.keys("Enter")
        try desk1.waitFor(text: "Timeline")
        let desk2 = try open(root + "/office-2", user: "liuyang", writer: "desk-02")
        try desk2.waitFor(text: "hub synced")
        try desk2.keys("F5")
        try desk2.waitFor(text: "欧阳娜娜", timeout: 5)
        try desk2.keys("Enter")
        try desk2.waitFor(text: "Timeline")

        try logContact(desk2, "沾化区电话回访，已推荐滨化集团")
        try desk1.waitFor(text: "沾化区电话回访，已推荐滨化集团", timeout: 5)
        try logContact(desk1, "滨城区上门走访，面试已约")
        try desk2.waitFor(text: "滨城区上门走访，面试已约", timeout: 5)

        for tmux in [desk1, desk2] {
            try tmux.keys("Escape")
            try tmux.waitFor(text: "F3Search")
            try tmux.keys("q")
            try tmux.waitFor(text: "EXITED=0")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/office-1/journals/desk-02.jsonl")),
                       try Data(contentsOf: URL(fileURLWithPath: root + "/office-2/journals/desk-02.jsonl")))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: root + "/office-1/journals/desk-01.jsonl")),
                       try Data(contentsOf: URL(fileURLWithPath: root + "/office-2/journals/desk-01.jsonl")))
    }
}
