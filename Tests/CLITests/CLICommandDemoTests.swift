import Foundation
import XCTest

/// The demo caseload (`demo --cases 2000 --seed 7 --today 2026-11-27`) and the reports on it.
/// Part of CLICommandTests. The demo is generated once per run and shared read-only; tests that
/// change data work on a copy.
extension CLICommandTests {
    static let demoToday = "2026-11-27"
    private static let demoKeys = ["case", "name", "kind", "counsellor", "rule", "severity", "due", "days_overdue", "reason"]

    /// Written once by the first test that needs it, removed in the class tearDown. XCTest runs
    /// the tests of a class one after another, so the unsynchronised cache is not shared across threads.
    nonisolated(unsafe) private static var sharedDemoRoot: String?

    static func removeSharedDemo() {
        if let root = sharedDemoRoot { try? FileManager.default.removeItem(atPath: root) }
        sharedDemoRoot = nil
    }

    /// A runner on the shared demo data directory.
    func demo() throws -> CLIRunner {
        if let root = Self.sharedDemoRoot { return CLIRunner(dataDirectory: root + "/data") }
        let root = makeTemporaryDirectory("demo")
        Self.sharedDemoRoot = root
        let cli = CLIRunner(dataDirectory: root + "/data")
        try writeDemo(cli)
        return cli
    }

    /// Runs the demo command, reporting (not asserting) how long it took.
    @discardableResult
    func writeDemo(_ cli: CLIRunner, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let clock = ContinuousClock()
        var out = ""
        let took = try clock.measure {
            out = try cli.expectSuccess(["demo", "--cases", "2000", "--seed", "7", "--today", Self.demoToday], file: file, line: line)
        }
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        print("caseload demo --cases 2000 --seed 7 took \(String(format: "%.2f", seconds)) s")
        XCTAssertTrue(out.hasPrefix("wrote 2000 cases, "), out, file: file, line: line)
        return out
    }

    func demoRun(_ cli: CLIRunner, _ arguments: [String]) throws -> String {
        try cli.expectSuccess(arguments + ["--today", Self.demoToday])
    }

    func testDemoIsDeterministicAndEveryCommandReadsIt() throws {
        let first = try demo()
        let second = CLIRunner(dataDirectory: makeRoot("demo-again") + "/data")
        try writeDemo(second)
        for report in [["list", "--all", "--status", "any", "--format", "json"], ["overdue", "--all", "--format", "json"]] {
            let a = try demoRun(first, report), b = try demoRun(second, report)
            XCTAssertTrue(a == b, "same seed and --today give the same \(report[0])")
        }

        let all = try JSON.array(demoRun(first, ["list", "--all", "--status", "any", "--format", "json"]))
        XCTAssertEqual(all.count, 2000)
        XCTAssertEqual(Set(all.compactMap { $0["status"] as? String }), ["open", "placed", "closed"])
        XCTAssertEqual(Set(all.compactMap { $0["kind"] as? String }), ["graduate", "difficulty", "unemployed"])
        let mine = try demoRun(first, ["list"])
        XCTAssertTrue(mine.hasSuffix(" cases\n") && mine.contains("wangfang"), String(mine.suffix(200)))
        let someone = try XCTUnwrap(all.first { $0["status"] as? String == "placed" }?["id"] as? String)
        XCTAssertTrue(try demoRun(first, ["show", someone]).hasPrefix(someone))
        let shown = try JSON.object(demoRun(first, ["show", someone, "--format", "json"]))
        XCTAssertGreaterThan((shown["events"] as? [Any])?.count ?? 0, 1)
        XCTAssertTrue(try demoRun(first, ["verify"]).split(separator: "\n").allSatisfy { $0.hasPrefix("ok ") })

        let journals = try FileManager.default.contentsOfDirectory(atPath: first.dataDirectory + "/journals").filter { $0.hasSuffix(".jsonl") }
        XCTAssertGreaterThan(journals.count, 1, "the demo has several desks")
        for name in journals {
            let path = first.dataDirectory + "/journals/" + name
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
            let jq = try Tool.run(["jq", "-c", ".", path])
            XCTAssertEqual(jq.status, 0, "jq reads \(name): \(jq.stderr)")
            XCTAssertEqual(jq.stdout.split(separator: "\n").count, lines, "jq reads every line of \(name)")
        }
    }

    func testDemoOverdueQueueIsBelievable() throws {
        let cli = try demo()
        let flags = try JSON.array(demoRun(cli, ["overdue", "--all", "--format", "json"]))
        XCTAssertFalse(flags.isEmpty)
        try assertFlagShape(flags, "overdue")
        let rank = ["escalated": 2, "overdue": 1, "due": 0]
        let ranks = flags.compactMap { rank[$0["severity"] as? String ?? ""] }
        XCTAssertEqual(ranks, ranks.sorted(by: >), "most urgent first")

        let cases = try JSON.array(demoRun(cli, ["list", "--all", "--status", "any", "--format", "json"]))
        let open = Set(cases.filter { $0["status"] as? String == "open" }.compactMap { $0["id"] as? String })
        let closed = Set(cases.filter { $0["status"] as? String == "closed" }.compactMap { $0["id"] as? String })
        let flaggedCases = Set(flags.compactMap { $0["case"] as? String })
        let flaggedOpen = flaggedCases.intersection(open)
        XCTAssertGreaterThan(flaggedOpen.count, 0)
        XCTAssertLessThan(Double(flaggedOpen.count), Double(open.count) * 0.5,
                          "most open cases are not flagged: \(flaggedOpen.count) of \(open.count)")
        XCTAssertTrue(flaggedCases.isDisjoint(with: closed), "closed cases raise no flags")
        XCTAssertTrue(flags.filter { !open.contains($0["case"] as? String ?? "") }.allSatisfy { $0["rule"] as? String == "post_placement" },
                      "placed cases are flagged only for the post-placement check")
        let rules = Set(flags.compactMap { $0["rule"] as? String })
        XCTAssertGreaterThanOrEqual(rules.count, 4, "several rules: \(rules)")
        XCTAssertEqual(Set(flags.compactMap { $0["severity"] as? String }), ["due", "overdue", "escalated"])

        let mine = try JSON.array(demoRun(cli, ["overdue", "--format", "json"]))
        XCTAssertTrue(!mine.isEmpty && mine.allSatisfy { $0["counsellor"] as? String == "wangfang" }, "default: your own queue")
        let escalated = try JSON.array(demoRun(cli, ["overdue", "--all", "--severity", "escalated", "--format", "json"]))
        XCTAssertEqual(escalated.count, flags.filter { $0["severity"] as? String == "escalated" }.count)
    }

    func testDemoAgendaCoversTheNextDays() throws {
        let cli = try demo()
        let flags = try JSON.array(demoRun(cli, ["agenda", "--all", "--days", "7", "--format", "json"]))
        XCTAssertFalse(flags.isEmpty)
        try assertFlagShape(flags, "agenda")
        let dues = flags.compactMap { $0["due"] as? String }
        XCTAssertEqual(dues, dues.sorted(), "by day")
        XCTAssertTrue(dues.allSatisfy { $0 <= "2026-12-04" }, "nothing after today + 7")
        XCTAssertTrue(dues.contains { $0 > Self.demoToday }, "something falls due in the coming days")
        let table = try demoRun(cli, ["agenda", "--all", "--days", "7"])
        XCTAssertTrue(table.hasPrefix("Overdue ("), String(table.prefix(200)))
        XCTAssertTrue(table.contains("\n\(Self.demoToday) Fri (today) — "), "today's heading")
    }

    func testOfficePolicyOverridesChangeTheQueue() throws {
        let shared = try demo()
        let defaults = try demoRun(shared, ["policy", "show"])
        XCTAssertTrue(defaults.hasPrefix("# Caseload follow-up policy"), String(defaults.prefix(100)))
        XCTAssertTrue(defaults.contains("[rules.regular_contact]\n# Monthly real-name tracking service"), "comments kept")
        XCTAssertTrue(defaults.contains("\ndays = 30\n"))
        XCTAssertFalse(defaults.contains("# set by"))
        func regularContact(_ cli: CLIRunner) throws -> Int {
            try JSON.array(demoRun(cli, ["overdue", "--all", "--format", "json"])).filter { $0["rule"] as? String == "regular_contact" }.count
        }
        let before = try regularContact(shared)
        XCTAssertGreaterThan(before, 0)

        let office = CLIRunner(dataDirectory: makeRoot("policy") + "/data")
        try FileManager.default.copyItem(atPath: shared.dataDirectory, toPath: office.dataDirectory)
        let policy = office.dataDirectory + "/policy.toml"
        try "# Binzhou: contact every two months\n[rules.regular_contact]\ndays = 60\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let changed = try demoRun(office, ["policy", "show"])
        XCTAssertTrue(changed.contains("\ndays = 60  # set by \(policy):3\n"), changed)
        XCTAssertEqual(try office.expectSuccess(["policy", "check", policy]),
                       "\(policy): ok; changes from the default:\n  rules.regular_contact.days = 60  (\(policy):3)\n")
        XCTAssertLessThan(try regularContact(office), before, "contact every 60 days flags fewer cases")

        try "[rules.regular_contact]\nenabled = false\n".write(toFile: policy, atomically: true, encoding: .utf8)
        XCTAssertEqual(try regularContact(office), 0, "a rule switched off flags nothing")
    }

    private func assertFlagShape(_ flags: [[String: Any]], _ report: String, line: UInt = #line) throws {
        let kinds: Set<String> = ["graduate", "difficulty", "unemployed"]
        for flag in flags {
            for key in Self.demoKeys { XCTAssertNotNil(flag[key], "\(report): \(key) in \(flag)", line: line) }
            let severity = try XCTUnwrap(flag["severity"] as? String, line: line)
            XCTAssertTrue(["due", "overdue", "escalated"].contains(severity), severity, line: line)
            let due = try XCTUnwrap(flag["due"] as? String, line: line)
            XCTAssertTrue(due.count == 10 && due.enumerated().allSatisfy { [4, 7].contains($0.offset) ? $0.element == "-" : $0.element.isNumber },
                          "YYYY-MM-DD: \(due)", line: line)
            let late = try XCTUnwrap(flag["days_overdue"] as? Int, line: line)
            XCTAssertEqual(late == 0, severity == "due", "\(report): days_overdue \(late) for \(severity)", line: line)
            XCTAssertTrue(kinds.contains(flag["kind"] as? String ?? ""), line: line)
            for key in ["case", "name", "counsellor", "rule", "reason"] {
                XCTAssertFalse((flag[key] as? String ?? "").isEmpty, "\(report): \(key)", line: line)
            }
        }
    }
}
