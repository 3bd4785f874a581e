import Foundation
import XCTest

/// `list` filters, table layout, CSV and JSON; `snooze`, `verify` and `repair` on a small office.
/// Part of CLICommandTests (setUp, tearDown and helpers are in CLICommandTests.swift).
extension CLICommandTests {
    /// The fixture plus liuyang's case, a placed case, and one case contacted so it has no flag.
    private func makeListingOffice() throws -> (f: CLIFixture, liuyang: String) {
        let f = try makeFixture("listing")
        let liuyang = try f.cli.expectSuccess([
            "add", "difficulty", "--name", "欧阳娜娜", "--id", TestIDs.make(born: "19740606", sequence: 48),
            "--category", "age_4050", "--identified", "2026-02-01", "--counsellor", "liuyang", "--today", CLIFixture.today,
        ]).trimmingCharacters(in: .newlines)
        try f.cli.expectSuccess(["outcome", f.difficulty, "--kind", "public_welfare_post", "--today", CLIFixture.today])
        try f.cli.expectSuccess(["log", f.unemployed, "--channel", "desk", "--note", "came in", "--today", CLIFixture.today])
        return (f, liuyang)
    }

    func testListDefaultsToYourOpenCasesAndFilters() throws {
        let (f, liuyang) = try makeListingOffice()
        let (g, d, u, closed) = (f.graduate, f.difficulty, f.unemployed, f.closedGraduate)
        let filters: [(arguments: [String], expected: Set<String>)] = [
            ([], [g, u]),
            (["--all"], [g, u, liuyang]),
            (["--counsellor", "liuyang"], [liuyang]),
            (["--as", "liuyang"], [liuyang]),
            (["--status", "any"], [g, d, u, closed]),
            (["--status", "closed"], [closed]),
            (["--status", "placed"], [d]),
            (["--status", "已结案"], [closed]),
            (["--all", "--status", "any", "--kind", "graduate"], [g, closed]),
            (["--all", "--kind", "就业困难人员"], [liuyang]),
            (["--flagged"], [g]),
            (["--all", "--flagged"], [g, liuyang]),
        ]
        for filter in filters {
            let listed = try JSON.array(f.cli.expectSuccess(["list", "--format", "json", "--today", CLIFixture.today] + filter.arguments))
            XCTAssertEqual(Set(listed.compactMap { $0["id"] as? String }), filter.expected, "list \(filter.arguments)")
            for record in listed where filter.arguments.contains("--flagged") {
                XCTAssertFalse((record["flags"] as? [Any] ?? []).isEmpty, "\(record["id"] ?? "") is flagged")
            }
        }
        let empty = try f.run(["list", "--counsellor", "nobody"])
        XCTAssertEqual(empty.status, 0)
        XCTAssertEqual(empty.stdout, "")
        XCTAssertEqual(empty.stderr, "caseload: no open cases for nobody; try --all\n")
    }

    func testTablesAlignColumnsByDisplayWidth() throws {
        let (f, _) = try makeListingOffice()
        let table = try f.cli.expectSuccess(["list", "--all", "--status", "any", "--today", CLIFixture.today])
        let lines = table.split(separator: "\n").map(String.init)
        let header = try XCTUnwrap(lines.first { $0.contains("Counsellor") })
        let chinese = try XCTUnwrap(lines.first { $0.contains("张伟") }, table)
        let latin = try XCTUnwrap(lines.first { $0.contains("Wang Lei") }, table)
        let columns: [(header: String, chinese: String, latin: String)] = [
            ("ID", f.graduate, f.unemployed), ("Name", "张伟", "Wang Lei"), ("Kind", "Graduate", "Unemployed"),
            ("Counsellor", "wangfang", "wangfang"), ("Opened", CLIFixture.today, CLIFixture.today), ("Status", "open", "open"),
        ]
        for column in columns {
            let expected = try XCTUnwrap(Columns.column(of: column.header, in: header), column.header)
            XCTAssertEqual(Columns.column(of: column.chinese, in: chinese), expected, "\(column.header) column, CJK row:\n\(table)")
            XCTAssertEqual(Columns.column(of: column.latin, in: latin), expected, "\(column.header) column, Latin row:\n\(table)")
        }
        XCTAssertTrue(lines.last?.hasSuffix("5 cases") ?? false, table)

        let queue = try f.cli.expectSuccess(["overdue", "--all", "--today", "2026-03-20"])
        let queueLines = queue.split(separator: "\n").map(String.init)
        let queueHeader = try XCTUnwrap(queueLines.first { $0.contains("Counsellor") }, queue)
        let rules = ["first_contact", "regular_contact", "graduate_package", "zero_employment_clearance", "scheduled_follow_up"]
        let rows = queueLines.filter { row in [f.graduate, f.unemployed, f.difficulty].contains { row.contains($0) } || row.contains("欧阳娜娜") }
        XCTAssertTrue(rows.contains { $0.contains("张伟") } && rows.contains { $0.contains("欧阳娜娜") }, queue)
        for row in rows {
            let rule = try XCTUnwrap(rules.first { row.contains($0) }, row)
            XCTAssertEqual(Columns.column(of: rule, in: row), Columns.column(of: "Rule", in: queueHeader), "overdue table:\n\(queue)")
        }
    }

    func testCSVReadsWithPythonsCsvModule() throws {
        let (f, _) = try makeListingOffice()
        let awkward = "O'Brien, \"Jack\""
        try f.cli.expectSuccess(["add", "unemployed", "--name", awkward, "--id", TestIDs.make(born: "19850505", sequence: 55),
                                 "--registered", "2026-02-15", "--today", CLIFixture.today])
        let csv = try f.cli.expectSuccess(["list", "--all", "--status", "any", "--format", "csv", "--today", CLIFixture.today])
        let rows = try Tool.pythonCSVRows(csv)
        XCTAssertEqual(rows.first, ["id", "kind", "name", "status", "counsellor", "opened", "id_number", "phone", "summary",
                                    "last_contact", "next_follow_up", "flags"])
        XCTAssertEqual(rows.count, 1 + 6)
        for row in rows { XCTAssertEqual(row.count, 12, "\(row)") }
        XCTAssertTrue(rows.contains { $0[2] == awkward }, "a name with a comma and quotes survives: \(rows)")
        let graduate = try XCTUnwrap(rows.first { $0[0] == f.graduate })
        XCTAssertEqual(Array(graduate[1...7]), ["graduate", "张伟", "open", "wangfang", CLIFixture.today, "371602********1230", "138****5678"])

        for report in [["overdue", "--all"], ["agenda", "--all", "--days", "14"]] {
            let rows = try Tool.pythonCSVRows(try f.cli.expectSuccess(report + ["--format", "csv", "--today", "2026-03-20"]))
            XCTAssertEqual(rows.first, ["case", "name", "kind", "counsellor", "rule", "severity", "due", "days_overdue", "reason"], "\(report)")
            XCTAssertGreaterThan(rows.count, 1, "\(report)")
            for row in rows { XCTAssertEqual(row.count, 9, "\(report): \(row)") }
        }
    }

    func testJSONReadsWithPython() throws {
        let (f, _) = try makeListingOffice()
        let reports: [[String]] = [
            ["list", "--all", "--status", "any", "--format", "json"], ["show", f.graduate, "--format", "json"],
            ["overdue", "--all", "--format", "json"], ["agenda", "--all", "--format", "json"], ["verify", "--format", "json"],
        ]
        for report in reports {
            let out = try f.cli.expectSuccess(report + ["--today", CLIFixture.today])
            XCTAssertTrue(try Tool.pythonParsesJSON(out), "\(report):\n\(out.prefix(500))")
        }
    }

    func testSnoozeHidesTheFlagUntilTheDate() throws {
        let f = try makeFixture("snooze")
        func firstContactFlagged(on day: String) throws -> Bool {
            let flags = try JSON.array(f.cli.expectSuccess(["overdue", "--all", "--format", "json", "--today", day]))
            return flags.contains { $0["case"] as? String == f.graduate && $0["rule"] as? String == "first_contact" }
        }
        XCTAssertTrue(try firstContactFlagged(on: "2026-03-06"), "first contact is due before the snooze")
        let out = try f.cli.expectSuccess(["snooze", f.graduate, "--rule", "first_contact", "--until", "2026-03-12",
                                           "--reason", "in hospital until the 12th", "--today", CLIFixture.today])
        XCTAssertEqual(out, "snoozed first_contact for \(f.graduate) 张伟 until 2026-03-12\n")
        XCTAssertFalse(try firstContactFlagged(on: "2026-03-06"), "hidden while snoozed")
        XCTAssertFalse(try firstContactFlagged(on: "2026-03-11"), "hidden while snoozed")
        XCTAssertTrue(try firstContactFlagged(on: "2026-03-13"), "back once the snooze has passed")
        let others = try JSON.array(f.cli.expectSuccess(["overdue", "--all", "--format", "json", "--today", "2026-03-06"]))
        XCTAssertTrue(others.contains { $0["case"] as? String == f.unemployed && $0["rule"] as? String == "first_contact" },
                      "a snooze is for one case and one rule")
    }

    func testVerifyJSONDescribesEveryJournal() throws {
        let f = try makeFixture("verify")
        let reports = try JSON.array(f.cli.expectSuccess(["verify", "--format", "json"]))
        XCTAssertEqual(reports.count, 1)
        let report = try XCTUnwrap(reports.first)
        let lines = try f.journalLines().count
        let bytes = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: f.journal)[.size] as? NSNumber).intValue
        XCTAssertEqual(report["writer"] as? String, "desk-01")
        XCTAssertEqual(report["path"] as? String, f.journal)
        XCTAssertEqual(report["ok"] as? Bool, true)
        XCTAssertEqual(report["lines"] as? Int, lines)
        XCTAssertEqual(report["bytes"] as? Int, bytes)
        XCTAssertEqual(report["last_seq"] as? Int, lines)
        let head = try XCTUnwrap(report["head"] as? String)
        XCTAssertTrue(head.count == 64 && head.allSatisfy(\.isHexDigit), head)
        XCTAssertTrue(report["torn_tail"] is NSNull)
        XCTAssertTrue(report["damage"] is NSNull)
        XCTAssertEqual(try f.cli.expectSuccess(["verify"]), "ok       desk-01: \(lines) lines, seq 1–\(lines), head \(head.prefix(16))…\n")
    }

    func testRepairQuarantinesTheDamageThenVerifyPasses() throws {
        let f = try makeFixture("repair")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: f.journal))
        let lines = bytes.split(separator: 0x0A)
        XCTAssertEqual(lines.count, 5)
        let lineStart = lines[0].count + lines[1].count + 2
        bytes[lineStart + lines[2].count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: f.journal))

        let damaged = try f.run(["verify", "--format", "json"])
        XCTAssertEqual(damaged.status, 1)
        let damage = try XCTUnwrap(try JSON.array(damaged.stdout).first?["damage"] as? [String: Any])
        XCTAssertEqual(damage["line"] as? Int, 3)
        XCTAssertEqual(damage["offset"] as? Int, lineStart)

        let declined = try f.cli.run(["repair"], input: "no\n")
        XCTAssertEqual(declined.status, 0, declined.stderr)
        XCTAssertTrue(declined.stdout.contains("skipped desk-01"), declined.stdout)
        XCTAssertEqual(try f.run(["verify"]).status, 1, "nothing moved without consent")

        let repaired = try f.cli.run(["repair", "--yes"])
        XCTAssertEqual(repaired.status, 0, repaired.stderr)
        XCTAssertTrue(repaired.stdout.contains("desk-01: line 3 (byte \(lineStart))"), repaired.stdout)
        XCTAssertTrue(repaired.stdout.contains("moved \(bytes.count - lineStart) bytes (3 lines) to "), repaired.stdout)
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: f.data + "/quarantine")
        XCTAssertTrue(quarantined.contains { $0.hasSuffix(".frag") }, "\(quarantined)")
        XCTAssertTrue(quarantined.contains { $0.hasSuffix(".broken") }, "\(quarantined)")

        let verified = try f.run(["verify"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        let after = try f.journalLines()
        XCTAssertEqual(after.map { $0["type"] as? String }, ["case_opened", "case_opened", "journal_repaired"])
        let listed = try JSON.array(f.cli.expectSuccess(["list", "--all", "--status", "any", "--format", "json", "--today", CLIFixture.today]))
        XCTAssertEqual(Set(listed.compactMap { $0["id"] as? String }), [f.graduate, f.difficulty])
        XCTAssertEqual(try f.cli.run(["repair", "--yes"]).stdout, "nothing to repair\n")
    }
}
