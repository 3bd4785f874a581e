import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The acceptance criterion "every CLI error path exits 2 and writes nothing": each bad
/// invocation exits 2 with one `caseload: <field>: …` line on stderr, prints nothing on
/// stdout, and leaves every file in the data directory byte-identical. Journal trouble (in
/// use, damaged) exits 1, names what is wrong, and writes nothing either.
final class CLIErrorPathTests: XCTestCase {
    private var fixture: CLIFixture!

    override func setUpWithError() throws {
        fixture = try CLIFixture.make("errors")
    }

    override func tearDown() {
        fixture?.remove()
        fixture = nil
    }

    /// One bad invocation and the start of its message (after `caseload: `).
    private struct Bad {
        var arguments: [String]
        var message: String
        /// Appends `--today <fixture day>`, so dates in messages are stable.
        var dated: Bool
        var line: UInt

        init(_ arguments: [String], _ message: String, dated: Bool = true, line: UInt = #line) {
            self.arguments = arguments
            self.message = message
            self.dated = dated
            self.line = line
        }
    }

    func testEveryBadInvocationExits2NamesTheFieldAndWritesNothing() throws {
        let f = try XCTUnwrap(fixture)
        let (g, d, u, closed) = (f.graduate, f.difficulty, f.unemployed, f.closedGraduate)
        let newID = TestIDs.make(born: "20040101", sequence: 11)
        let wrongCheck = TestIDs.withWrongCheck(newID)
        func graduate(id: String = newID, degree: String = "本科", graduated: String = "2025-06-30", _ extra: [String] = []) -> [String] {
            ["add", "graduate", "--name", "孙浩", "--id", id, "--school", "滨州学院", "--major", "软件工程",
             "--degree", degree, "--graduated", graduated] + extra
        }
        func difficulty(_ category: String, _ extra: [String] = []) -> [String] {
            ["add", "difficulty", "--name", "周桂兰", "--id", TestIDs.make(born: "19730909", sequence: 22),
             "--category", category, "--identified", "2026-01-10"] + extra
        }
        func unemployed(id: String = TestIDs.make(born: "19900101", sequence: 33), _ extra: [String]) -> [String] {
            ["add", "unemployed", "--name", "刘强", "--id", id, "--registered", "2026-02-01"] + extra
        }
        let log = ["log", g, "--channel", "phone", "--note", "called"]
        let tooLong = String(repeating: "话", count: 2001)
        let rows: [Bad] = [
            // Intake: resident ID, phone, name, free text, graduate fields.
            Bad(graduate(id: wrongCheck.id), "id: check digit should be \(wrongCheck.expected)"),
            Bad(graduate(id: String(newID.prefix(16))), "id: must be 18 characters, got 16"),
            Bad(graduate(id: TestIDs.make(born: "20040101", sequence: 11, region: "991602")),
                "id: region code 991602 is not a valid province code"),
            Bad(graduate(id: TestIDs.make(born: "20880808", sequence: 11)), "id: birth date 2088-08-08 is in the future"),
            Bad(graduate(id: String(newID.dropLast()) + "A"), "id: character 18 'A' must be a digit or X"),
            Bad(graduate(["--phone", "1381234567"]), "phone: must be 11 digits, got 10"),
            Bad(graduate(["--phone", "12812345678"]), "phone: must start with 13–19"),
            Bad(graduate(degree: "phd"), "degree: 'phd' is not one of associate, bachelor, master, doctor"),
            Bad(graduate(graduated: "2025-02-30"), "graduated: '2025-02-30' is not a real date"),
            Bad(graduate(graduated: "2010-06-30"), "graduated: 2010-06-30 is before the person turned 15"),
            Bad(graduate(graduated: "2028-01-01"), "graduated: 2028-01-01 is more than a year away"),
            Bad(graduate(["--left-without-job", "maybe"]), "left_without_job: 'maybe' is not yes or no"),
            Bad(graduate(["--difficulty", "bogus"]), "difficulty: 'bogus' is not one of"),
            Bad(graduate(["--name", String(repeating: "王", count: 41)]), "name: is longer than 40 characters"),
            Bad(graduate(["--name", "张\u{7}伟"]), "name: contains a control character"),
            Bad(graduate(["--hukou", String(repeating: "滨", count: 201)]), "hukou: is longer than 200 characters"),
            Bad(graduate(["--counsellor", "li na"]), "counsellor: 'li na' is not a counsellor id"),
            Bad(["add", "graduate", "--name", "孙浩", "--id", newID, "--major", "x", "--degree", "本科", "--graduated", "2025-06-30"],
                "Missing expected argument '--school <school>'"),
            Bad(graduate(id: CLIFixture.graduateID),
                "id: 371602********1230 already has an open graduate case \(g) (张伟)"),
            // Difficulty group and registered unemployed.
            Bad(difficulty("bogus"), "category: 'bogus' is not one of age_4050"),
            Bad(difficulty(","), "category: needs at least one value"),
            Bad(difficulty("零就业家庭"), "household: is required for a zero-employment household"),
            Bad(difficulty("4050人员", ["--identified", "2026-03-03"]), "identified: 2026-03-03 is in the future"),
            Bad(unemployed(["--benefit-until", "2026-01-01"]),
                "benefit_until: 2026-01-01 is before the registration date 2026-02-01"),
            Bad(unemployed(["--registered", "2026-04-01"]), "registered: 2026-04-01 is in the future"),
            Bad(unemployed(id: CLIFixture.unemployedID, []),
                "id: \(CLIFixture.unemployedID.prefix(6))********\(CLIFixture.unemployedID.suffix(4)) already has an open unemployed case \(u) (Wang Lei)"),
            // Work on a case.
            Bad(["log", g, "--channel", "fax", "--note", "x"], "channel: 'fax' is not one of desk, phone, visit, wechat, sms"),
            Bad(log + ["--reached", "maybe"], "reached: 'maybe' is not yes or no"),
            Bad(log + ["--next", "2026-03-01"], "next: 2026-03-01 must be after the contact date 2026-03-02"),
            Bad(log + ["--date", "2026-03-05"], "date: 2026-03-05 is in the future"),
            Bad(log + ["--date", "2026-02-01"], "date: 2026-02-01 is before the case opened on 2026-03-02"),
            Bad(["log", g, "--channel", "phone", "--note", "  "], "note: is required"),
            Bad(["log", g, "--channel", "phone", "--note", tooLong], "note: is longer than 2000 characters"),
            Bad(["log", g, "--note", "x"], "Missing expected argument '--channel <channel>'"),
            Bad(["log", g, "--note", "x", "--channel"], "Missing value for '--channel <channel>'", dated: false),
            Bad(["service", d, "--kind", "foo"], "kind: 'foo' is not one of policy_briefing"),
            Bad(["service", d, "--kind", "job_recommendation"], "employer: is required for a job recommendation"),
            Bad(["service", d, "--kind", "traineeship", "--ends", "2026-03-01"],
                "ends: 2026-03-01 must be after the service date 2026-03-02"),
            Bad(["service", d, "--kind", "公益性岗位", "--ends", "2029-03-03"],
                "ends: a public welfare post subsidy lasts at most 3 years"),
            Bad(["outcome", u, "--kind", "nope"], "kind: 'nope' is not one of employed"),
            Bad(["outcome", u, "--kind", "employed", "--date", "2026-03-09"], "date: 2026-03-09 is in the future"),
            Bad(["schedule", u, "--date", "2026-03-01"], "date: 2026-03-01 is in the past"),
            Bad(["schedule", u, "--date", "soon"], "date: 'soon' is not a date (use YYYY-MM-DD, t, +7 or -1)"),
            Bad(["note", g, "--text", " "], "text: is required"),
            Bad(["note", g, "--text", tooLong], "text: is longer than 2000 characters"),
            Bad(["assign", g, "--to", "wangfang"], "to: \(g) is already wangfang's case"),
            Bad(["assign", g, "--to", "li na"], "to: 'li na' is not a counsellor id"),
            Bad(["close", g, "--reason", "   "], "reason: is required"),
            Bad(["reopen", g], "case: \(g) is already open"),
            Bad(["log", closed, "--channel", "phone", "--note", "x"], "case: \(closed) is closed; reopen it first"),
            Bad(["close", closed, "--reason", "again"], "case: \(closed) is closed; reopen it first"),
            Bad(["log", "G-ZZZZZZZ", "--channel", "phone", "--note", "x"], "case: no case matches 'G-ZZZZZZZ'"),
            Bad(["log", "G", "--channel", "phone", "--note", "x"], "case: 'G' matches "),
            Bad(["show", "nobody"], "case: no case matches 'nobody'"),
            Bad(["show", "nobody", "--unmasked"], "case: no case matches 'nobody'"),
            Bad(["snooze", g, "--rule", "bogus", "--until", "+7", "--reason", "x"], "rule: 'bogus' is not one of first_contact"),
            Bad(["snooze", g, "--rule", "first_contact", "--until", "t", "--reason", "x"], "until: 2026-03-02 is not after today"),
            Bad(["snooze", g, "--rule", "first_contact", "--until", "later", "--reason", "x"], "until: 'later' is not a date"),
            Bad(["snooze", g, "--rule", "first_contact", "--until", "+7", "--reason", " "], "reason: is required"),
            Bad(["snooze", g, "--rule", "first_contact", "--until", "+7"], "Missing expected argument '--reason <reason>'"),
            // Global options.
            Bad(["list", "--today", "2026-13-01"], "today: '2026-13-01' is not a date (YYYY-MM-DD)", dated: false),
            Bad(log + ["--today", "tomorrow"], "today: 'tomorrow' is not a date", dated: false),
            Bad(log + ["--as", "li na"], "as: 'li na' is not a counsellor id"),
            Bad(log + ["--writer", "Desk 2"], "writer: writer id 'Desk 2' must be"),
            // Reports.
            Bad(["list", "--status", "nope"], "status: 'nope' is not one of open, placed, closed"),
            Bad(["list", "--kind", "nope"], "kind: 'nope' is not one of graduate, difficulty, unemployed"),
            Bad(["list", "--all", "--counsellor", "liuyang"], "all: cannot be combined with --counsellor"),
            Bad(["list", "--format", "xml"], "The value 'xml' is invalid for '--format <format>'"),
            Bad(["show", g, "--format", "csv"], "The value 'csv' is invalid for '--format <format>'"),
            Bad(["overdue", "--format", "yaml"], "The value 'yaml' is invalid for '--format <format>'"),
            Bad(["verify", "--format", "csv"], "The value 'csv' is invalid for '--format <format>'"),
            Bad(["overdue", "--severity", "nope"], "severity: 'nope' is not one of due, overdue, escalated"),
            Bad(["agenda", "--days", "400"], "days: must be between 0 and 366"),
            Bad(["agenda", "--days", "x"], "The value 'x' is invalid for '--days <days>'"),
            Bad(["list", "--bogus"], "Unknown option '--bogus'"),
            Bad(["frobnicate"], "Unexpected argument 'frobnicate'", dated: false),
            Bad(["open", "--lang", "fr"], "lang: 'fr' is not zh or en"),
            // Setting up.
            Bad(["demo", "--cases", "0"], "cases: must be between 1 and 2000000"),
            Bad(["demo", "--cases", "5"], "data: \(f.data) already holds journals; demo needs an empty directory"),
            Bad(["init"], "data: \(f.data) already holds a Caseload data directory"),
            Bad(["init", "--writer", "Desk-01"], "writer: writer id 'Desk-01' must be"),
            Bad(["policy", "check", f.root + "/missing.toml"], "file: \(f.root)/missing.toml does not exist", dated: false),
        ]
        let before = f.cli.snapshot()
        XCTAssertFalse(before.isEmpty)
        for row in rows {
            let arguments = row.dated ? row.arguments + ["--today", CLIFixture.today] : row.arguments
            let result = try f.cli.run(arguments)
            let shown = "caseload " + arguments.joined(separator: " ").prefix(120)
            assertBadInput(result, message: row.message, shown, line: row.line)
            assertNothingWritten(before, f.cli.snapshot(), shown, line: row.line)
        }
    }

    /// A broken policy.toml stops every command that evaluates rules: nothing runs on a guessed policy.
    func testBrokenOfficePolicyStopsEveryRuleCommandNamingFileLineAndKey() throws {
        let f = try XCTUnwrap(fixture)
        let policy = f.data + "/policy.toml"
        try "# office changes\n[rules.regular_contact]\nenabled = true\ndays = -5\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let expected = "policy: \(policy):4: rules.regular_contact.days: must not be negative, found -5"
        let before = f.cli.snapshot()
        for arguments in [["list"], ["list", "--all", "--format", "json"], ["list", "--unmasked"], ["overdue", "--all"],
                          ["agenda", "--days", "7"], ["show", f.graduate], ["show", f.graduate, "--unmasked"], ["policy", "show"]] {
            let result = try f.run(arguments)
            assertBadInput(result, message: expected, "caseload " + arguments.joined(separator: " "))
            assertNothingWritten(before, f.cli.snapshot(), arguments.joined(separator: " "))
        }
        assertBadInput(try f.cli.run(["policy", "check", policy]), message: expected, "policy check")

        let cases: [(text: String, message: String)] = [
            ("[rules.regular_contact]\ndays = \"thirty\"\n", ":2: rules.regular_contact.days: expected an integer, found a string"),
            ("[rules.regular_contakt]\ndays = 3\n", ":1: rules.regular_contakt: unknown rule (expected one of: first_contact"),
            ("[rules\n", ":1: rules: expected ']' to close the table header"),
            ("[rules.regular_contact]\nkinds = [\"graduate\", \"retired\"]\n", ":2: rules.regular_contact.kinds"),
        ]
        for (index, broken) in cases.enumerated() {
            let file = f.root + "/broken-\(index).toml"
            try broken.text.write(toFile: file, atomically: true, encoding: .utf8)
            assertBadInput(try f.cli.run(["policy", "check", file]), message: "policy: \(file)\(broken.message)", "policy check \(broken.text)")
        }
        assertNothingWritten(before, f.cli.snapshot(), "policy check")
    }

    /// A second process holding this desk's journal: writes exit 1 naming the holder; reads still work.
    func testJournalInUseExits1NamingTheHolderAndWritesNothing() throws {
        let f = try XCTUnwrap(fixture)
        let lockPath = f.data + "/journals/desk-01.lock"
        let fd = open(lockPath, O_RDWR | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(fd, 0, "open \(lockPath)")
        defer { close(fd) }
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0, "the test takes the writer's lock")
        let pid = Array("\(getpid())\n".utf8)
        XCTAssertEqual(ftruncate(fd, 0), 0)
        XCTAssertEqual(pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }, pid.count)

        let before = f.cli.snapshot()
        let writes: [[String]] = [
            ["log", f.graduate, "--channel", "phone", "--note", "called"],
            ["note", f.graduate, "--text", "x"],
            ["add", "unemployed", "--name", "刘强", "--id", TestIDs.make(born: "19900101", sequence: 33), "--registered", "2026-02-01"],
            ["show", f.graduate, "--unmasked"],
            ["snooze", f.graduate, "--rule", "first_contact", "--until", "+7", "--reason", "x"],
        ]
        for arguments in writes {
            let result = try f.run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr, "caseload: journal desk-01 is in use by process \(getpid())\n", "\(arguments)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
            assertNothingWritten(before, f.cli.snapshot(), arguments.joined(separator: " "), strictLocks: true)
        }
        let read = try f.run(["list", "--all", "--format", "json"])
        XCTAssertEqual(read.status, 0, "reading takes no lock: \(read.stderr)")
        XCTAssertEqual(try JSON.array(read.stdout).count, 3)
        assertNothingWritten(before, f.cli.snapshot(), "list", strictLocks: true)
    }

    /// A bad byte in the middle of a journal stops reads and writes (exit 1) with file, line and byte.
    func testDamagedJournalExits1NamingFileLineAndByteAndWritesNothing() throws {
        let f = try XCTUnwrap(fixture)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: f.journal))
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        XCTAssertGreaterThanOrEqual(lines.count, 4)
        let lineStart = lines[0].count + 1
        let middle = lineStart + lines[1].count / 2
        bytes[middle] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: f.journal))
        let before = f.cli.snapshot()

        for arguments in [["log", f.graduate, "--channel", "phone", "--note", "x"], ["list"], ["show", f.graduate], ["overdue", "--all"]] {
            let result = try f.run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("caseload: journal damaged: \(f.journal): line 2 (byte \(lineStart)): "),
                          "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "one line: \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
            assertNothingWritten(before, f.cli.snapshot(), arguments.joined(separator: " "))
        }
        let verify = try f.run(["verify"])
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stdout.contains("DAMAGED  desk-01: line 2, byte \(lineStart): checksum mismatch"), verify.stdout)
        assertNothingWritten(before, f.cli.snapshot(), "verify")
    }

    // MARK: - Assertions

    private func assertBadInput(_ result: CLIRunner.Result, message: String, _ shown: String, line: UInt = #line) {
        XCTAssertEqual(result.status, 2, "\(shown): exit \(result.status), stderr \(result.stderr)", line: line)
        XCTAssertEqual(result.stdout, "", "\(shown): nothing on stdout", line: line)
        XCTAssertTrue(result.stderr.hasSuffix("\n") && result.stderr.filter { $0 == "\n" }.count == 1,
                      "\(shown): exactly one line on stderr: \(result.stderr)", line: line)
        XCTAssertTrue(result.stderr.hasPrefix("caseload: " + message), "\(shown):\n  got      \(result.stderr)  expected caseload: \(message)…",
                      line: line)
    }

    /// Every file byte-identical, none added or removed. A `<writer>.lock` file only records the pid of the
    /// last process that opened the journal for writing; commands that validate after taking the lock
    /// rewrite it (reported as a bug), so unless `strictLocks` only its presence is compared.
    private func assertNothingWritten(_ before: [String: Data], _ after: [String: Data], _ shown: String,
                                      strictLocks: Bool = true, line: UInt = #line) {
        XCTAssertEqual(Set(after.keys), Set(before.keys), "\(shown): files added or removed", line: line)
        for (path, data) in before where strictLocks || !path.hasSuffix(".lock") {
            XCTAssertTrue(after[path] == data, "\(shown): \(path) changed", line: line)
        }
    }
}
