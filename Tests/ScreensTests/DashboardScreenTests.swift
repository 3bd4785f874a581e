import Cases
import Foundation
import Terminal
import XCTest
@testable import Screens

/// The supervisor's dashboard and the cases behind its figures, rendered into memory from the
/// ScreenFixture office (wangfang: 欧阳娜娜, Li Na, 张伟 — never contacted; liuyang: 王芳).
final class DashboardScreenTests: XCTestCase {
    static let size = TerminalSize(width: 100, height: 30)

    func draw(_ screen: any Screen, _ fixture: ScreenFixture) -> MemorySurface {
        var surface = MemorySurface(width: Self.size.width, height: Self.size.height)
        _ = screen.render(into: &surface, area: Rect(row: 1, col: 0, width: Self.size.width, height: Self.size.height - 2),
                          state: fixture.app.state)
        return surface
    }

    func line(_ frame: MemorySurface, starting text: String) -> String? {
        frame.lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(text) }
    }

    func push(_ transition: Transition) -> (any Screen)? {
        if case .push(let screen) = transition { return screen }
        return nil
    }

    func testCounsellorRowsTeamRowTargetsAndAging() throws {
        let fixture = try ScreenFixture()
        try """
            [team]
            placements = 4
            contact_rate = 80
            """.write(toFile: fixture.root + "/targets.toml", atomically: true, encoding: .utf8)
        let frame = draw(DashboardScreen(), fixture)
        XCTAssertTrue(frame.contains("Supervisor dashboard · 2026-01-01–2026-11-27"), frame.dump())
        for header in ["Counsellor", "Open", "Overdue", "Escalated", "Placed", "Contacted", "Targets this year", "Overdue aging"] {
            XCTAssertTrue(frame.contains(header), "\(header)\n\(frame.dump())")
        }
        // wangfang: 3 open cases; her overdue and escalated counts are the status line's.
        let counts = fixture.session.caseCounts(for: "wangfang")
        let wangfang = try XCTUnwrap(line(frame, starting: "wangfang"), frame.dump())
        XCTAssertEqual(wangfang.split(separator: " ").map(String.init), ["wangfang", "3", "\(counts.overdue)", "\(counts.escalated)", "0", "66.7%"],
                       "欧阳娜娜 and Li Na contacted this month, 张伟 never: 2 of 3")
        let liuyang = try XCTUnwrap(line(frame, starting: "liuyang"))
        XCTAssertEqual(liuyang.split(separator: " ").map(String.init), ["liuyang", "1", "0", "0", "0", "100%"])
        let team = try XCTUnwrap(line(frame, starting: "Team total"))
        XCTAssertEqual(team.split(separator: " ").map(String.init), ["Team", "total", "4", "\(counts.overdue)", "\(counts.escalated)", "0", "75%"])
        // Targets as text bars: 0 of 4 placements; 3 of 4 open cases contacted = 75% of an 80% target.
        let placements = try XCTUnwrap(line(frame, starting: "Placements"), frame.dump())
        XCTAssertTrue(placements.contains("0/4  ░░░░░░░░░░ 0%"), placements)
        let contact = try XCTUnwrap(line(frame, starting: "Contacted in last 30 days"))
        XCTAssertTrue(contact.contains("75%/80%  █████████░ 93.8%"), contact)
        XCTAssertTrue(try XCTUnwrap(line(frame, starting: "Unemployed reemployed")).contains("—"), "no target set")
        XCTAssertTrue(frame.contains("1–7d"), frame.dump())
        XCTAssertTrue(frame.contains(">90d"))
    }

    /// A city-sized office's report is made on another thread (here forced on the small
    /// fixture): frames never wait for it beyond a moment, the last report stays on screen with
    /// "computing…" while a new one is made after a change, and the idle tick brings it in.
    func testAReportMadeInTheBackgroundArrivesOnAnIdleTick() throws {
        let fixture = try ScreenFixture()
        let dashboard = DashboardScreen()
        dashboard.backgroundFrom = 0
        let state = fixture.app.state
        func settled() throws -> MemorySurface {
            let deadline = Date().addingTimeInterval(30)
            var frame = draw(dashboard, fixture)
            while frame.contains("computing…") && Date() < deadline {
                _ = dashboard.idle(state: state)
                frame = draw(dashboard, fixture)
            }
            return frame
        }
        var frame = try settled()
        XCTAssertTrue(frame.contains("Supervisor dashboard · 2026-01-01–2026-11-27"), frame.dump())
        XCTAssertEqual(try XCTUnwrap(line(frame, starting: "wangfang")).split(separator: " ")[4], "0", "no placements yet")

        // A placement: the next frames show the last report, or already the new one; then the new one.
        let id = try XCTUnwrap(fixture.session.caseload.cases.values.first { $0.counsellor == "wangfang" && $0.status == .open }?.id)
        try fixture.session.record(.outcomeRecorded(OutcomeRecorded(kind: .employed, date: ScreenFixture.today)), caseID: id)
        frame = draw(dashboard, fixture)
        XCTAssertTrue(frame.contains("Supervisor dashboard"), "never a blank screen while it is made:\n\(frame.dump())")
        frame = try settled()
        XCTAssertFalse(frame.contains("computing…"), frame.dump())
        XCTAssertEqual(try XCTUnwrap(line(frame, starting: "wangfang")).split(separator: " ")[4], "1", frame.dump())
        XCTAssertFalse(dashboard.idle(state: state), "nothing left to take")
    }

    func testChineseAndBrokenTargets() throws {
        let fixture = try ScreenFixture(language: .zh)
        try "[team]\nplacements = \"many\"\n".write(toFile: fixture.root + "/targets.toml", atomically: true, encoding: .utf8)
        let frame = draw(DashboardScreen(), fixture)
        XCTAssertTrue(frame.contains("主管看板"), frame.dump())
        XCTAssertTrue(frame.contains("合计"))
        XCTAssertTrue(frame.contains("年度目标完成 — 未设定（targets.toml）"), frame.dump())
        XCTAssertTrue(frame.contains("新增就业"))
        let message = try XCTUnwrap(fixture.app.state.message?.text)
        XCTAssertTrue(message.hasSuffix("targets.toml:2: team.placements: expected an integer, found a string"), message)
    }

    func testEnterOnACounsellorOpensTheirCaseload() throws {
        let fixture = try ScreenFixture()
        let state = fixture.app.state
        let dashboard = DashboardScreen()
        _ = draw(dashboard, fixture)
        // Rows: liuyang, wangfang, the team, then the figures. liuyang is not the user.
        let caseload = try XCTUnwrap(push(dashboard.handle(.enter, state: state)) as? CaseloadScreen)
        XCTAssertTrue(state.mineOnly, "the home screen keeps its own choice")
        let frame = draw(caseload, fixture)
        XCTAssertTrue(frame.contains("王芳"), frame.dump())
        XCTAssertFalse(frame.contains("张伟"), "only liuyang's cases")
        XCTAssertTrue(frame.contains("counsellor:liuyang"), "the filter is shown and can be cleared with Esc")
        _ = dashboard.handle(.down, state: state)
        let theirs = try XCTUnwrap(push(dashboard.handle(.enter, state: state)) as? CaseloadScreen)
        let hers = draw(theirs, fixture)
        XCTAssertTrue(hers.contains("张伟") && !hers.contains("王芳"), hers.dump())
        _ = dashboard.handle(.down, state: state)
        let everyone = try XCTUnwrap(push(dashboard.handle(.enter, state: state)) as? CaseloadScreen)
        let all = draw(everyone, fixture)
        XCTAssertTrue(all.contains("王芳") && all.contains("张伟"), all.dump())
    }

    func testEnterOnAFigureListsItsCasesAndReassigns() throws {
        let fixture = try ScreenFixture()
        let state = fixture.app.state
        let dashboard = DashboardScreen()
        _ = draw(dashboard, fixture)
        // 张伟 was never contacted: his most overdue flag puts him in one aging bucket.
        let days = try XCTUnwrap(fixture.session.flags(for: "D-ZW000003").map(\.daysOverdue).max())
        let bucket = days <= 7 ? 0 : days <= 30 ? 1 : days <= 90 ? 2 : 3
        _ = dashboard.handle(.end, state: state)
        for _ in bucket..<3 { _ = dashboard.handle(.up, state: state) }
        let list = try XCTUnwrap(push(dashboard.handle(.enter, state: state)) as? MeasureCasesScreen)
        var frame = draw(list, fixture)
        XCTAssertTrue(frame.contains("1 counted"), frame.dump())
        XCTAssertTrue(frame.contains("D-ZW000003") && frame.contains("张伟") && frame.contains("wangfang"), frame.dump())
        // Enter opens the case.
        XCTAssertTrue(push(list.handle(.enter, state: state)) is CaseScreen)
        // `a` asks for a counsellor; a bad id is refused, a good one journals case_reassigned.
        _ = list.handle(.char("a"), state: state)
        frame = draw(list, fixture)
        XCTAssertTrue(frame.contains("Reassign D-ZW000003 to counsellor:"), frame.dump())
        for key in Key.typing("li yang") + [.enter] { _ = list.handle(key, state: state) }
        XCTAssertEqual(state.message?.text, "A counsellor id is 1–32 characters without spaces or commas")
        XCTAssertEqual(fixture.session.caseload["D-ZW000003"]?.counsellor, "wangfang")
        for _ in 0..<5 { _ = list.handle(.backspace, state: state) }  // "li yang" → "li"
        for key in Key.typing("uyang") + [.enter] { _ = list.handle(key, state: state) }
        XCTAssertEqual(state.message?.text, "Reassigned D-ZW000003 from wangfang to liuyang")
        XCTAssertEqual(fixture.session.caseload["D-ZW000003"]?.counsellor, "liuyang")
        guard case .caseReassigned(let to, let from)? = fixture.session.caseload.allEvents.last?.body else {
            return XCTFail("expected a case_reassigned event")
        }
        XCTAssertEqual([to, from], ["liuyang", "wangfang"])
        frame = draw(list, fixture)
        XCTAssertTrue(frame.lines.contains { $0.contains("D-ZW000003") && $0.contains("liuyang") }, frame.dump())
        // The dashboard follows: liuyang now has 2 open cases.
        let after = draw(dashboard, fixture)
        XCTAssertEqual(line(after, starting: "liuyang")?.split(separator: " ").dropFirst().first, "2", after.dump())
        XCTAssertEqual(list.handle(.escape, state: state).isPop, true)
    }

    func testHelpAndFooterComeFromTheBindingTable() throws {
        let help = KeyBindings.help(for: .measureCases).map(\.keys)
        XCTAssertTrue(help.contains("a"), "\(help)")
        XCTAssertEqual(KeyBindings.command(for: .function(7), on: .caseload), .dashboard)
        XCTAssertEqual(KeyBindings.command(for: .char("d"), on: .caseload), .dashboard)
        XCTAssertEqual(KeyBindings.footer(for: .dashboard).map(\.key), ["F1", "Enter", "Esc"])
    }
}

extension Transition {
    var isPop: Bool { if case .pop = self { true } else { false } }
}
