import Foundation
import XCTest

/// The supervisor's dashboard in tmux and `caseload report` agree, figure for figure.
final class DashboardEndToEndTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed")
        root = makeTemporaryDirectory("dashboard")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func testDashboardRowsMatchTheReport() throws {
        let data = root + "/demo"
        let tmux = try TmuxSession(environment: ["CASELOAD_DEMO_DATA": data, "CASELOAD_LANG": "en", "LANG": "C.UTF-8"])
        try tmux.start("\(CLIRunner.executable) --demo --today 2026-11-27; echo EXITED=$?")
        try tmux.waitFor("the caseload", timeout: 60) { $0.contains("F1Help") }
        try tmux.keys("F7")
        let screen = try tmux.waitFor(text: "Team total")

        let report = try CLIRunner(dataDirectory: data).run("report", "--today", "2026-11-27", "--format", "json")
        XCTAssertEqual(report.status, 0, report.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        var expected: [String: [String]] = [:]
        func row(_ measures: [[String: Any]]) -> [String] {
            func value(_ id: String) -> [String: Any] { measures.first { $0["measure"] as? String == id } ?? [:] }
            let rate = value("contact_rate")
            let percent = (rate["numerator"] as? Double ?? 0) / max(1, rate["denominator"] as? Double ?? 1) * 100
            return ["open_cases", "overdue_cases", "escalated_cases", "placements"].map { "\(value($0)["actual"] as? Int ?? -1)" }
                + [String(format: "%.1f%%", percent)]
        }
        for counsellor in json["counsellors"] as? [[String: Any]] ?? [] {
            expected[counsellor["counsellor"] as? String ?? "?"] = row(counsellor["measures"] as? [[String: Any]] ?? [])
        }
        expected["Team total"] = row(json["measures"] as? [[String: Any]] ?? [])
        XCTAssertGreaterThanOrEqual(expected.count, 4, "the demo has several counsellors")

        for (name, figures) in expected {
            let line = try XCTUnwrap(screen.split(separator: "\n").first { $0.hasPrefix(" \(name) ") }, "a dashboard row for \(name):\n\(screen)")
            let shown = line.dropFirst(name.count + 1).split(separator: " ").map(String.init)
            XCTAssertEqual(shown, figures, "\(name): dashboard \(shown) vs report \(figures)")
        }
        try tmux.keys("Escape")
        try tmux.waitFor(text: "F3Search")
        try tmux.keys("q")
        try tmux.waitFor(text: "EXITED=0")
    }
}
