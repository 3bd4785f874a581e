import Foundation
import XCTest

/// Roles from `staff.toml` on the command line, and the audit trail.
final class CLIAccessTests: XCTestCase {
    private var fixture: CLIFixture!
    /// zhangmin's case (team west); the fixture's own cases are wangfang's (team east).
    private var westCase = ""

    static let staff = """
        # 滨城区 staff
        auditors = ["sunqiang"]

        [teams.east]
        supervisors = ["zhaoli"]
        counsellors = ["wangfang", "liuyang"]

        [teams.west]
        supervisors = ["qianwei"]
        counsellors = ["zhangmin"]
        """

    override func setUpWithError() throws {
        fixture = try CLIFixture.make("access")
        westCase = try fixture.cli.expectSuccess([
            "add", "unemployed", "--name", "孙丽", "--id", TestIDs.make(born: "19850505", sequence: 314), "--phone", "13911112222",
            "--registered", "2026-02-01", "--counsellor", "zhangmin", "--today", CLIFixture.today,
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        try Data(Self.staff.utf8).write(to: URL(fileURLWithPath: fixture.data + "/staff.toml"))
    }

    override func tearDown() { fixture?.remove() }

    private func run(as user: String, _ arguments: [String]) throws -> CLIRunner.Result {
        var runner = fixture.cli
        runner.environment["CASELOAD_USER"] = user
        return try runner.run(arguments + ["--today", CLIFixture.today])
    }

    /// Whether `show` gives `user` the full case (masked ID with its region) or a stub.
    private func seesFull(_ user: String, _ caseID: String) throws -> Bool {
        let result = try run(as: user, ["show", caseID, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSON.object(result.stdout)["stub"] == nil
    }

    func testEachRoleSeesOwnTeamAndOtherCasesAsTheStaffFileSays() throws {
        let own = fixture.graduate  // wangfang's
        let table: [(user: String, own: Bool, west: Bool)] = [
            ("wangfang", true, false),   // counsellor: own case
            ("liuyang", true, false),    // counsellor: a team-mate's case
            ("zhaoli", true, false),     // supervisor of east
            ("qianwei", false, true),    // supervisor of west
            ("zhangmin", false, true),   // west counsellor: own case only
            ("sunqiang", true, true),    // auditor: everything
            ("visitor", false, false),   // not in the staff file
        ]
        for row in table {
            XCTAssertEqual(try seesFull(row.user, own), row.own, "\(row.user) on wangfang's case")
            XCTAssertEqual(try seesFull(row.user, westCase), row.west, "\(row.user) on zhangmin's case")
        }
    }

    func testAStubShowsTheNameAndLastFourToSpotADuplicate() throws {
        let stub = try JSON.object(run(as: "wangfang", ["show", westCase, "--format", "json"]).stdout)
        XCTAssertEqual(stub["name"] as? String, "孙丽")
        XCTAssertEqual(stub["id_number"] as? String, "…" + String(TestIDs.make(born: "19850505", sequence: 314).suffix(4)))
        XCTAssertEqual(stub["counsellor"] as? String, "zhangmin")
        XCTAssertNil(stub["phone"])
        XCTAssertNil(stub["events"])
        let text = try run(as: "wangfang", ["show", westCase]).stdout
        XCTAssertTrue(text.contains("a stub"), text)
        let list = try JSON.array(run(as: "wangfang", ["list", "--all", "--format", "json"]).stdout)
        let row = try XCTUnwrap(list.first { $0["id"] as? String == westCase })
        XCTAssertEqual(row["stub"] as? Bool, true)
        XCTAssertNil(row["phone"])
        let mine = try XCTUnwrap(list.first { $0["id"] as? String == fixture.graduate })
        XCTAssertEqual(mine["phone"] as? String, "138****5678")
    }

    func testRevealsAndChangesOutsideTheTeamAreRefusedAndWriteNothing() throws {
        let roster = fixture.data + "/../roster.csv"
        try Data("姓名,身份证号,专业,学历,毕业时间\n丙,\(TestIDs.make(born: "20030615", sequence: 2)),化学,本科,2026-06-30\n".utf8)
            .write(to: URL(fileURLWithPath: roster))
        let before = fixture.cli.snapshot()
        let refused: [(String, [String])] = [
            ("wangfang", ["show", westCase, "--unmasked"]),
            ("wangfang", ["log", westCase, "--channel", "phone", "--note", "x"]),
            ("wangfang", ["assign", westCase, "--to", "wangfang"]),
            ("wangfang", ["erase", westCase, "--reason", "x"]),
            ("wangfang", ["erase", fixture.graduate, "--reason", "x"]),   // erasure is for supervisors
            ("qianwei", ["erase", fixture.graduate, "--reason", "x"]),    // of the person's team
            ("wangfang", ["merge", fixture.graduate, "--into", fixture.closedGraduate]),
            ("sunqiang", ["log", fixture.graduate, "--channel", "phone", "--note", "x"]),
            ("sunqiang", ["add", "unemployed", "--name", "甲", "--id", TestIDs.make(born: "19900909", sequence: 99), "--registered", "2026-02-01"]),
            ("visitor", ["note", fixture.graduate, "--text", "x"]),
            ("zhangmin", ["add", "unemployed", "--name", "乙", "--id", TestIDs.make(born: "19900909", sequence: 97),
                          "--registered", "2026-02-01", "--counsellor", "wangfang"]),
            ("zhangmin", ["import", roster, "--kind", "graduate", "--school", "滨州学院", "--counsellor", "wangfang"]),
        ]
        for (user, arguments) in refused {
            let result = try run(as: user, arguments)
            XCTAssertEqual(result.status, 1, "\(user): \(arguments.joined(separator: " "))")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
        XCTAssertTrue(try run(as: "sunqiang", ["log", fixture.graduate, "--channel", "phone", "--note", "x"]).stderr.contains("read-only"))
        XCTAssertEqual(fixture.cli.snapshot(), before, "nothing written")
        // Allowed: a team-mate's case, and an auditor's reveal (audited).
        XCTAssertEqual(try run(as: "liuyang", ["log", fixture.graduate, "--channel", "phone", "--note", "team"]).status, 0)
        let revealed = try run(as: "sunqiang", ["show", westCase, "--unmasked"])
        XCTAssertTrue(revealed.stdout.contains("13911112222"), revealed.stdout + revealed.stderr)
        XCTAssertEqual(try run(as: "qianwei", ["erase", westCase, "--reason", "asked"]).status, 0, "a supervisor erases in the team")
    }

    func testBadStaffFilesNameFileLineAndKeyAndExit2() throws {
        let cases: [(String, String)] = [
            ("auditors = \"sunqiang\"\n", ":1: auditors"),
            ("[teams.east]\ncounsellors = [\"wangfang\"]\nmembers = [\"x\"]\n", ":3: teams.east.members"),
            ("[teams.east]\ncounsellors = [\"wangfang\"]\n[teams.west]\ncounsellors = [\"wangfang\"]\n", ":4: teams.west.counsellors"),
            ("[teams.east]\ncounsellors = [\"wang fang\"]\n", ":2: teams.east.counsellors"),
            ("[teams.east]\n", "teams.east"),
            ("[teams.east\n", ":1"),
            ("colour = 1\n", ":1: colour"),
        ]
        for (text, expected) in cases {
            try Data(text.utf8).write(to: URL(fileURLWithPath: fixture.data + "/staff.toml"))
            let before = fixture.cli.snapshot()
            for arguments in [["list"], ["show", fixture.graduate], ["log", fixture.graduate, "--channel", "phone", "--note", "x"]] {
                let result = try run(as: "wangfang", arguments)
                XCTAssertEqual(result.status, 2, "\(text) \(arguments)")
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
                XCTAssertTrue(result.stderr.hasPrefix("caseload: staff: ") && result.stderr.contains("staff.toml"), result.stderr)
                XCTAssertTrue(result.stderr.contains(expected), "\(expected) in \(result.stderr)")
            }
            XCTAssertEqual(fixture.cli.snapshot(), before)
        }
    }

    func testAuditListsRevealsExportsReportsAndReassignmentsWithFilters() throws {
        try FileManager.default.removeItem(atPath: fixture.data + "/staff.toml")
        let runner = fixture.cli
        func ok(_ user: String, _ arguments: [String], today: String) throws {
            var r = runner
            r.environment["CASELOAD_USER"] = user
            try r.expectSuccess(arguments + ["--today", today])
        }
        try ok("wangfang", ["show", fixture.graduate, "--unmasked"], today: "2026-03-02")
        try ok("liuyang", ["list", "--all", "--unmasked", "--format", "csv"], today: "2026-03-03")
        try ok("zhaoli", ["report", "--format", "json"], today: "2026-03-04")
        try ok("wangfang", ["assign", fixture.difficulty, "--to", "liuyang"], today: "2026-03-05")
        try ok("wangfang", ["log", fixture.difficulty, "--channel", "phone", "--note", "not audited"], today: "2026-03-05")

        func audit(_ arguments: [String]) throws -> [[String: Any]] {
            try JSON.array(runner.expectSuccess(["audit", "--format", "json"] + arguments))
        }
        XCTAssertEqual(try audit([]).compactMap { $0["type"] as? String },
                       ["personal_data_revealed", "personal_data_revealed", "report_run", "case_reassigned"])
        XCTAssertEqual(try audit(["--who", "wangfang"]).count, 2)
        XCTAssertEqual(try audit(["--case", fixture.difficulty]).compactMap { $0["type"] as? String }, ["case_reassigned"])
        XCTAssertEqual(try audit(["--from", "2026-03-03", "--to", "2026-03-04"]).compactMap { $0["by"] as? String }, ["liuyang", "zhaoli"])
        let report = try XCTUnwrap(try audit(["--who", "zhaoli"]).first)
        XCTAssertEqual((report["data"] as? [String: Any])?["scope"] as? String, "office")
        let text = try runner.expectSuccess(["audit", "--who", "liuyang"])
        XCTAssertTrue(text.contains("list --unmasked"), text)
        XCTAssertTrue(try runner.expectSuccess(["audit", "--who", "nobody"]).contains("no audit entries match"))
        for bad in [["--from", "2026-13-01"], ["--from", "2026-03-05", "--to", "2026-03-01"], ["--format", "xml"], ["--case", "G-NOPE"]] {
            let result = try runner.run(["audit"] + bad)
            XCTAssertEqual(result.status, 2, bad.joined(separator: " "))
        }
    }

    func testWithAStaffFileCounsellorsSeeOnlyTheirOwnAuditEntries() throws {
        try fixture.cli.expectSuccess(["show", fixture.graduate, "--unmasked", "--today", CLIFixture.today])
        XCTAssertEqual(try run(as: "liuyang", ["audit", "--who", "wangfang"]).status, 1)
        XCTAssertEqual(try JSON.array(run(as: "liuyang", ["audit", "--format", "json"]).stdout).count, 0)
        XCTAssertEqual(try JSON.array(run(as: "zhaoli", ["audit", "--format", "json"]).stdout).count, 1)
    }
}
