import Foundation
import XCTest

/// `caseload report` in every format agrees figure for figure, `report cases` lists exactly the
/// cases behind each figure, and the error paths are one line with exit 2.
final class CLIReportTests: XCTestCase {
    static let today = "2026-11-27"
    /// A 300-case demo office, written once for the class and removed in its tearDown. XCTest runs
    /// a class's tests one after another, so the cache is not shared across threads.
    nonisolated(unsafe) private static var sharedRoot: String?

    override class func tearDown() {
        if let root = sharedRoot { try? FileManager.default.removeItem(atPath: root) }
        sharedRoot = nil
        super.tearDown()
    }

    func office() throws -> CLIRunner {
        if let root = Self.sharedRoot { return CLIRunner(dataDirectory: root + "/data") }
        let root = makeTemporaryDirectory("report")
        Self.sharedRoot = root
        let cli = CLIRunner(dataDirectory: root + "/data")
        try cli.expectSuccess(["demo", "--cases", "300", "--seed", "11", "--today", Self.today])
        let targets = """
            year = 2026
            [team]
            placements = 100           # 新增就业
            graduate_placement_rate = 80
            contact_rate = 95
            [teams.east]
            members = ["wangfang", "liuyang"]
            placements = 40
            [counsellors.wangfang]
            placements = 20
            """
        try targets.write(toFile: root + "/data/targets.toml", atomically: true, encoding: .utf8)
        return cli
    }

    func report(_ cli: CLIRunner, _ arguments: [String]) throws -> String {
        try cli.expectSuccess(["report"] + arguments + ["--today", Self.today])
    }

    /// A figure as the table, CSV and HTML write it: at most one decimal.
    static func number(_ value: Any?) -> String {
        guard let value = value as? NSNumber else { return "" }
        let tenths = (value.doubleValue * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
        return String(format: "%.1f", tenths / 10)
    }

    /// The actual value as shown in the table and HTML: `923`, `48.2% (440/912)`, `2 (n=57)`.
    static func shown(_ measure: [String: Any]) -> String {
        let value = number(measure["actual"])
        let main = value.isEmpty ? "—" : value + (measure["unit"] as? String == "percent" ? "%" : "")
        if let denominator = measure["denominator"] as? Int { return "\(main) (\(measure["numerator"] as? Int ?? -1)/\(denominator))" }
        if let sample = measure["numerator"] as? Int { return "\(main) (n=\(sample))" }
        return main
    }

    func testEveryFormatAgreesFigureForFigure() throws {
        let cli = try office()
        let json = try JSON.object(report(cli, ["--format", "json"]))
        let measures = try XCTUnwrap(json["measures"] as? [[String: Any]])
        XCTAssertEqual(measures.count, 17)
        XCTAssertEqual((json["period"] as? [String: String])?["from"], "2026-01-01")
        XCTAssertTrue((json["targets_file"] as? String)?.hasSuffix("targets.toml") == true)

        let csvText = try report(cli, ["--format", "csv"])
        XCTAssertTrue(csvText.hasPrefix("\u{FEFF}scope,"), "UTF-8 with a BOM for Excel")
        XCTAssertTrue(csvText.contains("\r\n"), "RFC 4180 line ends")
        let rows = try Tool.pythonCSVRows(String(csvText.dropFirst()))
        let header = try XCTUnwrap(rows.first)
        func column(_ name: String, _ row: [String]) -> String { header.firstIndex(of: name).map { row[$0] } ?? "<no \(name)>" }
        let officeRows = Dictionary(rows.dropFirst().filter { column("scope", $0) == "office" }.map { (column("measure", $0), $0) },
                                    uniquingKeysWith: { first, _ in first })

        let table = try report(cli, [])
        let html = try report(cli, ["--format", "html"])
        XCTAssertEqual(html.components(separatedBy: "<html").count, 2, "one page")
        XCTAssertTrue(html.contains("<svg"), "inline charts")
        XCTAssertFalse(html.lowercased().contains("http"), "no external links or assets")
        XCTAssertFalse(html.contains("<script") || html.contains("<link") || html.contains("<img"), "self-contained")

        for measure in measures {
            let id = try XCTUnwrap(measure["measure"] as? String)
            let row = try XCTUnwrap(officeRows[id], "CSV row for \(id)")
            XCTAssertEqual(column("actual", row), Self.number(measure["actual"]), id)
            XCTAssertEqual(column("target", row), Self.number(measure["target"]), id)
            XCTAssertEqual(column("completion_pct", row), Self.number(measure["completion"]), id)
            XCTAssertEqual(column("previous", row), Self.number(measure["previous"]), id)
            XCTAssertEqual(column("numerator", row), (measure["numerator"] as? Int).map(String.init) ?? "", id)
            XCTAssertEqual(column("denominator", row), (measure["denominator"] as? Int).map(String.init) ?? "", id)
            let label = "\(measure["label_zh"] as? String ?? "") \(measure["label"] as? String ?? "")"
            let line = try XCTUnwrap(table.split(separator: "\n").first { $0.hasPrefix(label) }, "table line for \(label)")
            XCTAssertTrue(line.contains(Self.shown(measure)), "table \(id): \(String(line)) lacks \(Self.shown(measure))")
            if let completion = measure["completion"] as? NSNumber { XCTAssertTrue(line.contains(Self.number(completion) + "%"), String(line)) }
            let htmlRow = try XCTUnwrap(html.components(separatedBy: "<tr data-measure=\"\(id)\">").dropFirst().first?
                .components(separatedBy: "</tr>").first, "HTML row for \(id)")
            XCTAssertTrue(htmlRow.contains("<td class=n>\(Self.shown(measure))</td>"), "HTML \(id): \(htmlRow)")
        }
        // Counsellor rows: CSV and JSON agree too.
        for counsellor in try XCTUnwrap(json["counsellors"] as? [[String: Any]]) {
            let name = try XCTUnwrap(counsellor["counsellor"] as? String)
            for measure in try XCTUnwrap(counsellor["measures"] as? [[String: Any]]) {
                let row = try XCTUnwrap(rows.first { column("counsellor", $0) == name && column("measure", $0) == measure["measure"] as? String })
                XCTAssertEqual(column("actual", row), Self.number(measure["actual"]), "\(name) \(measure["measure"] ?? "")")
            }
            XCTAssertTrue(html.contains("data-counsellor=\"\(name)\""), name)
        }
    }

    func testDrillDownListsExactlyTheCasesBehindEachFigure() throws {
        let cli = try office()
        let json = try JSON.object(report(cli, ["--format", "json", "--counsellor", "wangfang"]))
        for measure in try XCTUnwrap(json["measures"] as? [[String: Any]]) {
            let id = try XCTUnwrap(measure["measure"] as? String)
            let listed = try JSON.array(report(cli, ["cases", "--measure", id, "--counsellor", "wangfang", "--format", "json"]))
            XCTAssertTrue(listed.allSatisfy { $0["counsellor"] as? String == "wangfang" }, id)
            if let denominator = measure["denominator"] as? Int {
                XCTAssertEqual(listed.count, measure["numerator"] as? Int, "\(id) numerator")
                let all = try JSON.array(report(cli, ["cases", "--measure", id, "--part", "denominator", "--counsellor", "wangfang", "--format", "json"]))
                XCTAssertEqual(all.count, denominator, "\(id) denominator")
            } else if let sample = measure["numerator"] as? Int {
                XCTAssertEqual(listed.count, sample, "\(id) median sample")
            } else {
                XCTAssertEqual(Double(listed.count), (measure["actual"] as? NSNumber)?.doubleValue, id)
            }
        }
        let previous = try JSON.array(report(cli, ["cases", "--measure", "open_cases", "--previous", "--format", "json"]))
        let figure = try JSON.object(report(cli, ["--format", "json"]))["measures"] as? [[String: Any]]
        XCTAssertEqual(Double(previous.count), (figure?.first { $0["measure"] as? String == "open_cases" }?["previous"] as? NSNumber)?.doubleValue)
    }

    func testCasesAreMaskedUnlessUnmaskedWhichIsAudited() throws {
        let cli = try office()
        let masked = try JSON.array(report(cli, ["cases", "--measure", "placements", "--format", "json"]))
        let first = try XCTUnwrap(masked.first)
        XCTAssertTrue((first["id_number"] as? String)?.contains("********") == true, "\(first)")
        XCTAssertTrue((first["name"] as? String)?.contains("*") == true, "\(first)")
        let journals = cli.dataDirectory + "/journals"
        let csv = try report(cli, ["cases", "--measure", "placements", "--format", "csv", "--unmasked"])
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}case,kind,counsellor,name,id_number"))
        let rows = try Tool.pythonCSVRows(String(csv.dropFirst()))
        XCTAssertEqual(rows.count - 1, masked.count)
        XCTAssertFalse(rows.dropFirst().contains { $0[4].contains("*") }, "full ID numbers")
        // The reveal is journaled as an office-level personal_data_revealed event: the last line
        // of this desk's journal.
        let lastLines = try FileManager.default.contentsOfDirectory(atPath: journals).filter { $0.hasSuffix(".jsonl") }.compactMap {
            try String(contentsOfFile: journals + "/" + $0, encoding: .utf8).split(separator: "\n").last.map(String.init)
        }
        let event = try XCTUnwrap(lastLines.map(JSON.object).first { $0["type"] as? String == "personal_data_revealed" }, "\(lastLines)")
        XCTAssertEqual(event["type"] as? String, "personal_data_revealed")
        XCTAssertEqual(event["case"] as? String, "")
        XCTAssertTrue(((event["data"] as? [String: Any])?["purpose"] as? String)?.contains("report cases --measure placements --unmasked") == true)
    }

    func testScopesPeriodsAndMissingTargets() throws {
        let cli = try office()
        let east = try JSON.object(report(cli, ["--team", "east", "--format", "json"]))
        XCTAssertEqual(east["scope"] as? String, "team:east")
        XCTAssertEqual((east["counsellors"] as? [[String: Any]])?.compactMap { $0["counsellor"] as? String }, ["liuyang", "wangfang"])
        let placements = (east["measures"] as? [[String: Any]])?.first { $0["measure"] as? String == "placements" }
        XCTAssertEqual(placements?["target"] as? Int, 40)
        let quarter = try JSON.object(report(cli, ["--from", "2026-07-01", "--to", "2026-09-30", "--format", "json"]))
        XCTAssertEqual((quarter["previous_period"] as? [String: String])?["from"], "2026-03-31", "92 days before Jul 1")
        XCTAssertEqual(quarter["snapshot"] as? String, "2026-09-30")
        // Without targets.toml the report still runs, with every target "—".
        let bare = CLIRunner(dataDirectory: makeTemporaryDirectory("report-bare") + "/data")
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: bare.dataDirectory).deletingLastPathComponent().path) }
        try bare.expectSuccess(["demo", "--cases", "40", "--today", Self.today])
        let text = try report(bare, [])
        XCTAssertTrue(text.contains("targets 目标: — (no targets.toml)"), text)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("新增就业 Placements") })
        XCTAssertTrue(line.contains("—"), String(line))
    }

    func testBadInputIsOneLineAndExitTwo() throws {
        let cli = try office()
        let targets = cli.dataDirectory + "/targets.toml"
        let good = try String(contentsOfFile: targets, encoding: .utf8)
        defer { try? good.write(toFile: targets, atomically: true, encoding: .utf8) }
        try "year = 2026\n[team]\nplacements = \"many\"\n".write(toFile: targets, atomically: true, encoding: .utf8)
        let expectations: [([String], String)] = [
            ([], "caseload: targets: \(targets):3: team.placements: expected an integer, found a string\n"),
        ]
        for (arguments, message) in expectations {
            let result = try cli.run(["report"] + arguments + ["--today", Self.today])
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertEqual(result.stderr, message)
            XCTAssertEqual(result.stdout, "")
        }
        try good.write(toFile: targets, atomically: true, encoding: .utf8)
        let bad: [([String], String)] = [
            (["--from", "2026-01-01"], "caseload: from: needs --to as well\n"),
            (["--from", "2026-02-01", "--to", "2026-01-01"], "caseload: to: 2026-01-01 is before --from 2026-02-01\n"),
            (["--team", "north"], "caseload: team: no team 'north' in targets.toml (teams: east)\n"),
            (["--team", "east", "--counsellor", "wangfang"], "caseload: team: cannot be combined with --counsellor\n"),
            (["cases", "--measure", "placed"], "caseload: measure: 'placed' is not one of placements,"),
            (["cases", "--measure", "placements", "--part", "denominator"], "caseload: part: placements is not a rate; it has no denominator\n"),
        ]
        for (arguments, message) in bad {
            let result = try cli.run(["report"] + arguments + ["--today", Self.today])
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix(message), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "one line")
        }
    }

    /// Renders the HTML in headless Chromium when it is installed (a manual check made routine).
    func testHTMLRendersInHeadlessChromium() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium else { throw XCTSkip("chromium is not installed") }
        let cli = try office()
        let folder = makeTemporaryDirectory("report-html")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try report(cli, ["--format", "html"]).write(toFile: folder + "/report.html", atomically: true, encoding: .utf8)
        let result = try Tool.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--screenshot=\(folder)/report.png",
                                   "--window-size=1200,1600", "file://\(folder)/report.html"])
        let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/report.png"))
        XCTAssertGreaterThan(png.count, 10_000, "a rendered page: \(result.stderr.suffix(300))")
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
    }
}
