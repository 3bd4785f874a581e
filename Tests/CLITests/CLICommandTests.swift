import Foundation
import XCTest

/// What each `caseload` subcommand does, through the real binary: set-up, intake, the event each
/// action appends, dates, case references and masking. Listing, formats, snooze, verify and repair
/// are in CLICommandListingTests.swift; the demo caseload in CLICommandDemoTests.swift.
final class CLICommandTests: XCTestCase {
    /// Directories to remove in tearDown.
    var temporaryRoots: [String] = []

    override func tearDown() {
        for root in temporaryRoots { try? FileManager.default.removeItem(atPath: root) }
        temporaryRoots = []
    }

    override class func tearDown() {
        removeSharedDemo()
    }

    func makeFixture(_ label: String = "commands") throws -> CLIFixture {
        let fixture = try CLIFixture.make(label)
        temporaryRoots.append(fixture.root)
        return fixture
    }

    func makeRoot(_ label: String) -> String {
        let root = makeTemporaryDirectory(label)
        temporaryRoots.append(root)
        return root
    }

    // MARK: - init and add

    func testInitCreatesPrivateDirectoriesAndConfig() throws {
        let cli = CLIRunner(dataDirectory: makeRoot("init") + "/office")
        let out = try cli.expectSuccess(["init", "--office", "滨州市滨城区公共就业服务中心", "--writer", "desk-07"])
        XCTAssertEqual(out, "initialised \(cli.dataDirectory) (writer desk-07)\n")
        for folder in ["", "/journals", "/quarantine", "/snapshots", "/drafts"] {
            XCTAssertEqual(try permissions(cli.dataDirectory + folder), 0o700, "folder \(folder)")
        }
        XCTAssertEqual(try permissions(cli.dataDirectory + "/config.toml"), 0o600)
        let config = try String(contentsOfFile: cli.dataDirectory + "/config.toml", encoding: .utf8)
        XCTAssertTrue(config.contains("office = \"滨州市滨城区公共就业服务中心\""), config)
        XCTAssertTrue(config.contains("writer = \"desk-07\""), config)

        try cli.expectSuccess(["add", "unemployed", "--name", "刘强", "--id", CLIFixture.unemployedID, "--registered", "t"])
        XCTAssertEqual(try permissions(cli.dataDirectory + "/journals/desk-07.jsonl"), 0o600, "journals are private too")
    }

    func testAddPrintsOnlyTheNewCaseID() throws {
        let f = try makeFixture()
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        // A number ending in X, typed with a lower-case x.
        let endingInX = try XCTUnwrap((1...999).lazy.map { TestIDs.make(born: "19800101", sequence: $0) }.first { $0.hasSuffix("X") })
        let adds: [(letter: Character, arguments: [String])] = [
            ("G", ["add", "graduate", "--name", "孙浩", "--id", TestIDs.make(born: "20030101", sequence: 15), "--school", "山东大学",
                   "--major", "化学", "--degree", "master", "--graduated", "2025-06-20", "--difficulty", "低保家庭,disabled_parent"]),
            ("D", ["add", "difficulty", "--name", "Ayşe Yılmaz", "--id", TestIDs.make(born: "19700505", sequence: 28),
                   "--category", "long_term_unemployed", "--identified", "2026-02-20", "--certificate", "BZ-2026-118"]),
            ("U", ["add", "unemployed", "--name", "马建国", "--id", endingInX.lowercased(),
                   "--registered=-10", "--benefit-until", "2026-09-30", "--phone", "+86 139-0543-1234"]),
        ]
        var seen: Set<String> = [f.graduate, f.difficulty, f.unemployed, f.closedGraduate]
        for add in adds {
            let result = try f.run(add.arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stderr, "")
            let id = String(result.stdout.dropLast())
            XCTAssertEqual(result.stdout, id + "\n", "one line, nothing else")
            XCTAssertEqual(id.count, 9, id)
            XCTAssertTrue(id.hasPrefix("\(add.letter)-") && id.dropFirst(2).allSatisfy(alphabet.contains), id)
            XCTAssertTrue(seen.insert(id).inserted, "case ids are unique")
        }
        XCTAssertEqual(try f.journalLines().count, 5 + 3)
    }

    func testChineseLabelsAreAccepted() throws {
        let f = try makeFixture()
        XCTAssertEqual(try details(f, f.graduate)["degree"] as? String, "bachelor", "--degree 本科")
        XCTAssertEqual(try details(f, f.difficulty)["categories"] as? [String], ["age_4050", "zero_employment_household"],
                       "--category 4050人员,零就业家庭")
        let labelled: [(arguments: [String], key: String, value: String)] = [
            (["log", f.unemployed, "--channel", "电话", "--reached", "否", "--note", "无人接听"], "channel", "phone"),
            (["log", f.unemployed, "--channel", "上门走访", "--note", "见到本人"], "channel", "visit"),
            (["service", f.unemployed, "--kind", "岗位推荐", "--employer", "魏桥创业集团", "--position", "挡车工"], "kind", "job_recommendation"),
            (["outcome", f.unemployed, "--kind", "灵活就业"], "kind", "flexible"),
        ]
        for item in labelled {
            try f.cli.expectSuccess(item.arguments + ["--today", CLIFixture.today])
            let event = try XCTUnwrap(try events(f, f.unemployed).last)
            let data = try XCTUnwrap(event["data"] as? [String: Any])
            XCTAssertEqual(data[item.key] as? String, item.value, "\(item.arguments)")
        }
        let unreached = try events(f, f.unemployed).first { $0["type"] as? String == "contact_logged" }
        XCTAssertEqual((unreached?["data"] as? [String: Any])?["reached"] as? Bool, false, "--reached 否")
    }

    // MARK: - One event per action

    func testEachActionAppendsExactlyOneEventVisibleInShowAndList() throws {
        let f = try makeFixture()
        let u = f.unemployed
        let day = "2026-03-10"
        let actions: [(arguments: [String], type: String, status: String, counsellor: String)] = [
            (["log", u, "--channel", "phone", "--note", "called about the job fair", "--next", "2026-03-20"], "contact_logged", "open", "wangfang"),
            (["service", u, "--kind", "job_recommendation", "--employer", "魏桥创业集团", "--position", "挡车工"], "service_recorded", "open", "wangfang"),
            (["schedule", u, "--date", "+14", "--note", "bring the CV"], "follow_up_scheduled", "open", "wangfang"),
            (["note", u, "--text", "prefers day shifts"], "note_added", "open", "wangfang"),
            (["snooze", u, "--rule", "regular_contact", "--until", "+14", "--reason", "on leave"], "flag_snoozed", "open", "wangfang"),
            (["assign", u, "--to", "liuyang"], "case_reassigned", "open", "liuyang"),
            (["outcome", u, "--kind", "employed", "--employer", "魏桥创业集团"], "outcome_recorded", "placed", "liuyang"),
            (["close", u, "--reason", "placed and stable"], "case_closed", "closed", "liuyang"),
            (["reopen", u, "--reason", "lost the job"], "case_reopened", "open", "liuyang"),
        ]
        for action in actions {
            let shown = action.arguments.prefix(2).joined(separator: " ")
            let before = try f.journalLines()
            let result = try f.run(action.arguments, today: day)
            XCTAssertEqual(result.status, 0, "\(shown): \(result.stderr)")
            XCTAssertTrue(result.stdout.hasPrefix(action.type == "flag_snoozed" ? "snoozed regular_contact for \(u)" : "saved \(action.type) for \(u)"),
                          "\(shown): \(result.stdout)")
            let after = try f.journalLines()
            XCTAssertEqual(after.count, before.count + 1, "\(shown) appends exactly one line")
            XCTAssertEqual(after.last?["type"] as? String, action.type, shown)
            XCTAssertEqual(after.last?["case"] as? String, u, shown)
            XCTAssertEqual(after.last?["on"] as? String, day, shown)

            let shownEvents = try events(f, u, today: day)
            XCTAssertEqual(shownEvents.count, after.count(where: { $0["case"] as? String == u }), shown)
            XCTAssertEqual(shownEvents.last?["type"] as? String, action.type, shown)
            XCTAssertEqual(shownEvents.last?["by"] as? String, "wangfang", shown)

            let listed = try XCTUnwrap(try listAll(f, today: day).first { $0["id"] as? String == u }, shown)
            for key in ["id", "kind", "name", "status", "counsellor", "opened"] { XCTAssertNotNil(listed[key] as? String, "\(shown): \(key)") }
            XCTAssertEqual(listed["kind"] as? String, "unemployed")
            XCTAssertEqual(listed["name"] as? String, "Wang Lei")
            XCTAssertEqual(listed["opened"] as? String, CLIFixture.today)
            XCTAssertEqual(listed["status"] as? String, action.status, shown)
            XCTAssertEqual(listed["counsellor"] as? String, action.counsellor, shown)
            if action.type == "contact_logged" {
                XCTAssertEqual(listed["last_contact"] as? String, day)
                XCTAssertEqual(listed["next_follow_up"] as? String, "2026-03-20")
            }
            if action.type == "case_closed" { XCTAssertEqual(listed["close_reason"] as? String, "placed and stable") }
        }
    }

    // MARK: - Dates

    func testBackDatingSetsTheDayButTheJournalKeepsTheRealTime() throws {
        let f = try makeFixture()
        let start = Date()
        try f.cli.expectSuccess(["log", f.graduate, "--channel", "desk", "--note", "came in", "--date", "2026-03-04", "--today", "2026-03-10"])
        try f.cli.expectSuccess(["service", f.graduate, "--kind", "policy_briefing", "--date", "y", "--today", "2026-03-10"])
        let end = Date()
        let lines = try f.journalLines().suffix(2)
        XCTAssertEqual(lines.map { $0["on"] as? String }, ["2026-03-04", "2026-03-09"])
        let shown = try events(f, f.graduate, today: "2026-03-10").suffix(2)
        XCTAssertEqual(shown.map { $0["on"] as? String }, ["2026-03-04", "2026-03-09"])
        for (line, event) in zip(lines, shown) {
            let ts = try XCTUnwrap(line["ts"] as? String)
            XCTAssertEqual(event["recorded"] as? String, ts)
            let recorded = try XCTUnwrap(Self.timestamp(ts), ts)
            XCTAssertTrue(recorded >= start.addingTimeInterval(-1) && recorded <= end.addingTimeInterval(1),
                          "ts \(ts) is the real time of the run, not --date or --today")
        }
        let listed = try XCTUnwrap(try listAll(f, today: "2026-03-10").first { $0["id"] as? String == f.graduate })
        XCTAssertEqual(listed["last_contact"] as? String, "2026-03-04")
    }

    func testTodayMakesTheCaseOpenOnThatDay() throws {
        let f = try makeFixture()
        let id = try f.cli.expectSuccess(["add", "unemployed", "--name", "刘强", "--id", TestIDs.make(born: "19900101", sequence: 33),
                                          "--registered", "2025-11-20", "--today", "2025-12-01"])
            .trimmingCharacters(in: .newlines)
        let listed = try XCTUnwrap(try listAll(f).first { $0["id"] as? String == id })
        XCTAssertEqual(listed["opened"] as? String, "2025-12-01")
        let line = try XCTUnwrap(try f.journalLines().last)
        XCTAssertEqual(line["on"] as? String, "2025-12-01")
        let ts = try XCTUnwrap(line["ts"] as? String)
        XCTAssertLessThan(abs(try XCTUnwrap(Self.timestamp(ts)).timeIntervalSinceNow), 120, "ts is now: \(ts)")
    }

    // MARK: - CASE references

    func testCaseResolvesByFullIDUniquePrefixAndResidentIDNumber() throws {
        let f = try makeFixture()
        let ids = [f.graduate, f.difficulty, f.unemployed, f.closedGraduate]
        func uniquePrefix(_ id: String, dropKind: Bool) -> String {
            let body = dropKind ? String(id.dropFirst(2)) : id
            for length in (dropKind ? 1 : 3)...body.count {
                let prefix = String(body.prefix(length))
                let matches = ids.filter { $0.hasPrefix(prefix) || $0.dropFirst(2).hasPrefix(prefix) }
                if matches == [id] { return prefix }
            }
            return body
        }
        let references: [(reference: String, expected: String)] = [
            (f.graduate, f.graduate),
            (f.difficulty.lowercased(), f.difficulty),
            (uniquePrefix(f.unemployed, dropKind: false), f.unemployed),
            (uniquePrefix(f.graduate, dropKind: true), f.graduate),
            (CLIFixture.difficultyID, f.difficulty),
            (CLIFixture.graduateID, f.graduate),
            (CLIFixture.closedGraduateID, f.closedGraduate),
            ("  \(f.unemployed)  ", f.unemployed),
        ]
        for item in references {
            let shown = try f.run(["show", item.reference, "--format", "json"])
            XCTAssertEqual(shown.status, 0, "\(item.reference): \(shown.stderr)")
            XCTAssertEqual(try JSON.object(shown.stdout)["id"] as? String, item.expected, "show \(item.reference)")
        }
        let noted = try f.run(["note", CLIFixture.unemployedID, "--text", "by ID number"])
        XCTAssertTrue(noted.stdout.hasPrefix("saved note_added for \(f.unemployed) Wang Lei"), noted.stdout + noted.stderr)
    }

    // MARK: - Masking

    func testPersonalNumbersAreMaskedUnlessUnmaskedWhichIsAudited() throws {
        let f = try makeFixture()
        let full = [CLIFixture.graduateID, CLIFixture.phone]
        let masked = ["371602********1230", "138****5678"]
        let lineCount = try f.journalLines().count
        // The list table has no number columns at all; the other views show the numbers masked.
        let views: [(arguments: [String], showsNumbers: Bool)] = [
            (["list", "--all"], false), (["list", "--all", "--format", "json"], true), (["list", "--all", "--format", "csv"], true),
            (["show", f.graduate], true), (["show", f.graduate, "--format", "json"], true),
        ]
        for view in views {
            let out = try f.cli.expectSuccess(view.arguments + ["--today", CLIFixture.today])
            XCTAssertTrue(out.contains("张伟"), "\(view.arguments)")
            for number in masked { XCTAssertEqual(out.contains(number), view.showsNumbers, "\(view.arguments) shows \(number)") }
            for number in full { XCTAssertFalse(out.contains(number), "\(view.arguments) hides \(number)") }
        }
        XCTAssertEqual(try f.journalLines().count, lineCount, "masked views are not audited")

        let unmaskedViews: [(arguments: [String], caseID: String, purpose: String)] = [
            (["show", f.graduate, "--unmasked"], f.graduate, "show --unmasked"),
            (["show", f.graduate, "--unmasked", "--format", "json"], f.graduate, "show --unmasked"),
            (["list", "--all", "--unmasked", "--format", "csv"], "", "list --unmasked (3 cases)"),
            (["list", "--all", "--unmasked", "--format", "json"], "", "list --unmasked (3 cases)"),
        ]
        for (index, view) in unmaskedViews.enumerated() {
            let out = try f.cli.expectSuccess(view.arguments + ["--today", CLIFixture.today])
            for number in full { XCTAssertTrue(out.contains(number), "\(view.arguments) shows \(number)") }
            let lines = try f.journalLines()
            XCTAssertEqual(lines.count, lineCount + index + 1, "\(view.arguments) appends one audit event")
            let audit = try XCTUnwrap(lines.last)
            XCTAssertEqual(audit["type"] as? String, "personal_data_revealed")
            XCTAssertEqual(audit["case"] as? String, view.caseID)
            XCTAssertEqual(audit["by"] as? String, "wangfang")
            let data = try XCTUnwrap(audit["data"] as? [String: Any])
            XCTAssertEqual(data["fields"] as? [String], ["id_number", "phone"])
            XCTAssertEqual(data["purpose"] as? String, view.purpose)
        }
    }

    // MARK: - Helpers

    func permissions(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue & 0o777
    }

    func showJSON(_ f: CLIFixture, _ id: String, today: String = CLIFixture.today) throws -> [String: Any] {
        try JSON.object(f.cli.expectSuccess(["show", id, "--format", "json", "--today", today]))
    }

    func events(_ f: CLIFixture, _ id: String, today: String = CLIFixture.today) throws -> [[String: Any]] {
        try XCTUnwrap(try showJSON(f, id, today: today)["events"] as? [[String: Any]])
    }

    func details(_ f: CLIFixture, _ id: String) throws -> [String: Any] {
        try XCTUnwrap(try showJSON(f, id)["details"] as? [String: Any])
    }

    func listAll(_ f: CLIFixture, today: String = CLIFixture.today) throws -> [[String: Any]] {
        try JSON.array(f.cli.expectSuccess(["list", "--all", "--status", "any", "--format", "json", "--today", today]))
    }

    static func timestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
