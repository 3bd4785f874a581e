import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The forms as a counsellor uses them: the real binary in tmux on a fresh office, typing
/// Chinese names, fixing bad input, acting on cases, outreach mode, a restart — and a crash.
final class FormsEndToEndTests: XCTestCase {
    private var root = ""
    private var data: String { root + "/office" }

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed")
        root = makeTemporaryDirectory("forms")
        let cli = CLIRunner(dataDirectory: data)
        XCTAssertEqual(try cli.run("init", "--office", "滨城区公共就业服务中心", "--writer", "desk-01").status, 0)
        // Opened weeks ago and never contacted: first contact is overdue on the 27th.
        let added = try cli.run("add", "difficulty", "--name", "张伟", "--id", "371621197205120032", "--category", "4050人员",
                                "--identified", "2026-10-01", "--today", "2026-11-01")
        XCTAssertEqual(added.status, 0, added.stderr)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private func session() throws -> TmuxSession {
        try TmuxSession(environment: ["CASELOAD_USER": "wangfang", "CASELOAD_LANG": "en", "LANG": "C.UTF-8"])
    }

    private func app(_ arguments: String = "") -> String {
        "\(CLIRunner.executable) \(arguments) --data \(TmuxSession.quote(data)) --today 2026-11-27; echo EXITED=$?"
    }

    /// Types each text followed by the tmux keys after it. (`send-keys -l` would read a text
    /// starting with "-" as an option, so relative dates here are written `+7`, never `-1`.)
    private func fill(_ tmux: TmuxSession, _ steps: [(text: String, keys: [String])]) throws {
        for step in steps {
            if !step.text.isEmpty { try tmux.type(step.text) }
            for key in step.keys { try tmux.keys(key) }
        }
    }

    /// Opens a case by searching for its name.
    private func open(_ tmux: TmuxSession, _ name: String) throws {
        try tmux.keys("/")
        try tmux.type(name)
        try tmux.waitFor("search for \(name)") { $0.contains("Search: \(name)") && $0.contains("1 matches") }
        try tmux.keys("Enter")
        try tmux.keys("Enter")
        try tmux.waitFor("the case of \(name)") { $0.contains("Timeline") && $0.split(separator: "\n")[1].contains(name) }
    }

    func testIntakeOfEachKindActionsOutreachAndRestart() throws {
        let tmux = try session()
        try tmux.start(app())
        try tmux.waitFor("the caseload", timeout: 60) { $0.contains("F1Help") && $0.contains("All 1") }

        // A graduate, with a bad ID and a bad phone fixed on the way.
        try tmux.keys("F8")
        try tmux.waitFor(text: "New case")
        try fill(tmux, [("", ["Tab"]), ("欧阳娜娜", ["Tab"]), ("371602200403120021", ["Tab"])])
        var screen = try tmux.waitFor("the ID error beside the field") { $0.contains("✗ check digit should be 0") }
        XCTAssertTrue(screen.split(separator: "\n").contains { $0.contains("ID number") && $0.contains("✗ check digit should be 0") })
        try fill(tmux, [("1391234567", ["Tab"])])
        screen = try tmux.waitFor("the phone error beside the field") { $0.contains("✗ must be 11 digits, got 10") }
        XCTAssertTrue(screen.split(separator: "\n").contains { $0.contains("Phone") && $0.contains("✗ must be 11 digits") })
        try fill(tmux, [("", ["BTab", "BTab", "BSpace"]), ("0", ["Tab", "C-u"]), ("13912345678", ["Tab", "Tab", "Tab", "Tab"]),
                        ("滨州学院", ["Tab"]), ("应用化学", ["Tab"]), ("b", ["Tab"]), ("2026-06-30", ["C-s"])])
        screen = try tmux.waitFor("the new graduate case") { $0.contains("Saved: new case G-") && $0.contains("Timeline") }
        XCTAssertTrue(screen.contains("1+3+1+1 package: 0/1 · 0/3 · 0/1 · 0/1"), screen)
        try tmux.keys("Escape")

        // A difficulty-group case: the ID's age offers 4050, Space takes it.
        try tmux.keys("F8")
        try tmux.waitFor(text: "New case")
        try fill(tmux, [("d", ["Tab"]), ("李秀英", ["Tab"]), ("371625196804200027", ["Tab"])])
        try tmux.waitFor(text: "fits 4050")
        try fill(tmux, [("", ["Tab", "Tab", "Tab", "Tab", "Space", "Tab"]), ("t", ["C-s"])])
        screen = try tmux.waitFor("the new difficulty case") { $0.contains("Saved: new case D-") && $0.contains("Timeline") }
        XCTAssertTrue(screen.contains("4050"), screen)
        try tmux.keys("Escape")

        // A registered unemployed person.
        try tmux.keys("F8")
        try tmux.waitFor(text: "New case")
        try fill(tmux, [("u", ["Tab"]), ("王秀兰", ["Tab"]), ("371602197508080024", ["Tab", "Tab", "Tab", "Tab", "Tab"]), ("2026-11-17", ["C-s"])])
        try tmux.waitFor("the new unemployed case") { $0.contains("Saved: new case U-") && $0.contains("Timeline") }
        try tmux.keys("Escape")

        // A contact clears 张伟's overdue first contact from the agenda.
        try tmux.keys("F2")
        screen = try tmux.waitFor(text: "Today · 2026-11-27")
        XCTAssertTrue(overdueSection(screen).contains("张伟"), screen)
        try tmux.keys("Escape")
        try tmux.waitFor(text: "F3Search")
        try open(tmux, "张伟")
        try tmux.keys("c")
        try tmux.waitFor(text: "Log a contact · 张伟")
        try fill(tmux, [("phone", ["Tab", "Tab"]), ("首次电话联系，已登记求职意向", ["C-s"])])
        try tmux.waitFor(text: "Saved · contact by phone, reached: 首次电话联系")
        try tmux.keys("Escape")
        try tmux.keys("Escape")
        try tmux.waitFor(text: "F3Search")
        try tmux.keys("F2")
        screen = try tmux.waitFor(text: "Today · 2026-11-27")
        XCTAssertFalse(overdueSection(screen).contains("张伟"), "the overdue flag is cleared:\n\(screen)")
        try tmux.keys("Escape")
        try tmux.waitFor(text: "F3Search")

        // A job recommendation advances the 1+3+1+1 progress; a placement brings the stability check.
        try open(tmux, "欧阳娜娜")
        try tmux.keys("v")
        try tmux.waitFor(text: "Record a service · 欧阳娜娜")
        try fill(tmux, [("job", ["Tab"]), ("滨化集团", ["Tab"]), ("质检员", ["C-s"])])
        try tmux.waitFor(text: "1+3+1+1 package: 0/1 · 1/3 · 0/1 · 0/1")
        try tmux.keys("o")
        try tmux.waitFor(text: "Record an outcome · 欧阳娜娜")
        try fill(tmux, [("emp", ["Tab"]), ("滨化集团", ["Tab", "C-u"]), ("2026-11-02", ["C-s"])])
        screen = try tmux.waitFor(text: "Stability check 30 days after placement on 2026-11-02")
        XCTAssertTrue(screen.contains("[placed]"), screen)
        try tmux.keys("Escape")
        try tmux.keys("Escape")
        try tmux.waitFor(text: "F3Search")
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")

        // Campus outreach: five graduates, Enter all the way.
        try tmux.start(app("outreach --school 滨州学院 --session 秋季双选会"))
        try tmux.waitFor(text: "Registered this session: 0", timeout: 60)
        let people = [("刘洋", "371602200311010019"), ("陈静", "371602200409090053"), ("赵磊", "371602200303030079"),
                      ("孙悦", "371602200505050094"), ("周杰", "371602200412120110")]
        for (index, person) in people.enumerated() {
            var steps: [(text: String, keys: [String])] = [(person.0, ["Enter"]), (person.1, ["Enter"]), ("化学工程与工艺", ["Enter"])]
            if index == 0 { steps += [("本", ["Enter"]), ("2027-06-30", ["Enter"])] }
            try fill(tmux, steps)
            try tmux.waitFor(text: "Registered this session: \(index + 1)")
        }
        try tmux.keys("Escape")
        try tmux.waitFor("outreach to quit") { $0.components(separatedBy: "EXITED=0").count == 3 }

        // Everything is there after a restart, and the command line agrees.
        try tmux.start(app())
        screen = try tmux.waitFor("the caseload after a restart", timeout: 60) { $0.contains("All 9") }
        XCTAssertTrue(screen.contains("Graduates 6") && screen.contains("Difficulty group 2") && screen.contains("Unemployed 1"), screen)
        try tmux.keys("q")
        try tmux.waitFor("the third exit") { $0.components(separatedBy: "EXITED=0").count == 4 }

        let listed = try CLIRunner(dataDirectory: data).run("list", "--all", "--status", "any", "--format", "json")
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let cases = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let byName = Dictionary(cases.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(Set(byName.keys), ["张伟", "欧阳娜娜", "李秀英", "王秀兰", "刘洋", "陈静", "赵磊", "孙悦", "周杰"])
        XCTAssertEqual(byName["欧阳娜娜"]?["status"] as? String, "placed")
        XCTAssertEqual(byName["张伟"]?["last_contact"] as? String, "2026-11-27")
        XCTAssertEqual(byName["李秀英"]?["kind"] as? String, "difficulty")
        XCTAssertEqual(byName["王秀兰"]?["kind"] as? String, "unemployed")
        XCTAssertEqual(byName["周杰"]?["summary"] as? String, "滨州学院 · 化学工程与工艺")
    }

    func testKilledMidFormTheDraftIsOfferedWithTheTypedValues() throws {
        let tmux = try session()
        try tmux.start(app())
        try tmux.waitFor("the caseload", timeout: 60) { $0.contains("F1Help") }
        try tmux.keys("F8")
        try tmux.waitFor(text: "New case")
        try fill(tmux, [("", ["Tab"]), ("欧阳娜娜", ["Tab"]), ("3716022004", ["Tab"]), ("13912345678", [])])
        try tmux.waitFor(text: "13912345678")

        // kill -9 the app: no chance to save anything on the way out.
        let pids = try pgrep(data)
        XCTAssertEqual(pids.count, 1, "one caseload process for this data directory: \(pids)")
        for pid in pids { kill(pid, SIGKILL) }
        try tmux.waitFor(text: "EXITED=137")
        let drafts = try FileManager.default.contentsOfDirectory(atPath: data + "/drafts").filter { $0.hasSuffix(".json") }
        XCTAssertEqual(drafts.count, 1)

        try tmux.start("clear; " + app())
        var screen = try tmux.waitFor(text: "Unsaved draft", timeout: 60)
        XCTAssertTrue(screen.contains("New case (from 2026-11-27)"), screen)
        XCTAssertTrue(screen.contains("欧阳娜娜"), screen)
        try tmux.keys("y")
        screen = try tmux.waitFor("the resumed form") { $0.contains("New case") && $0.contains("13912345678") && !$0.contains("Unsaved draft") }
        XCTAssertTrue(screen.contains("欧阳娜娜"), screen)
        XCTAssertTrue(screen.contains("3716022004"), screen)
        // Discard it: the draft is gone and the next start offers nothing.
        try tmux.keys("Escape")
        try tmux.waitFor(text: "Discard changes?")
        try tmux.keys("y")
        try tmux.waitFor(text: "F3Search")
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: data + "/drafts").filter { $0.hasSuffix(".json") }.isEmpty)
        try tmux.keys("q")
        try tmux.waitFor("the app to quit") { $0.contains("EXITED=0") }
    }

    /// The agenda's overdue section: the lines from its heading to the next heading.
    private func overdueSection(_ screen: String) -> String {
        let lines = screen.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("Overdue (") }) else { return "" }
        let end = lines[(start + 1)...].firstIndex { $0.contains("Due today") || $0.contains("Due 2026-") } ?? lines.count
        return lines[start..<end].joined(separator: "\n")
    }

    /// The pids of processes whose command line mentions `text`.
    private func pgrep(_ text: String) throws -> [pid_t] {
        let output = root + "/pgrep.out"
        _ = try spawnAndWait(["/usr/bin/pgrep", "-f", "--", "--data \(text)"], stdoutPath: output)
        let listed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return listed.split(separator: "\n").compactMap { pid_t($0) }
    }
}
