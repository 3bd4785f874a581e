import Cases
import Terminal
import XCTest
@testable import Screens

final class OtherScreenTests: XCTestCase {
    func testCaseScreenMasksAndRevealsWithAudit() throws {
        let fixture = try ScreenFixture()
        _ = fixture.press(.function(6))  // sort by name so the row order is known
        var frame = fixture.frame
        let row = (3..<8).first { frame.text(row: $0).contains("欧阳娜娜") }!
        for _ in 3..<row { _ = fixture.press(.down) }
        frame = fixture.press(.enter)
        XCTAssertTrue(frame.contains("371602********0025"), frame.dump())
        XCTAssertTrue(frame.contains("138****5678"))
        XCTAssertTrue(frame.contains("1+3+1+1 package: 0/1 · 0/3 · 0/1 · 0/1"), frame.dump())
        XCTAssertTrue(frame.contains("电话回访，意向化工质检"), "timeline shows the contact")
        let before = fixture.session.caseload.eventCount
        frame = fixture.press(.char("i"))
        XCTAssertTrue(frame.contains("371602200306150025"), frame.dump())
        XCTAssertTrue(frame.contains("138****5678"), "revealing the ID leaves the phone masked")
        XCTAssertEqual(fixture.session.caseload.eventCount, before + 1, "the reveal is journaled")
        guard case .personalDataRevealed(let fields, _) = fixture.session.caseload.allEvents.last?.body else {
            return XCTFail("expected an audit event")
        }
        XCTAssertEqual(fields, ["id_number"])
        frame = fixture.press(.char("p"))
        XCTAssertTrue(frame.contains("13812345678"))
        frame = fixture.press(.escape)
        XCTAssertTrue(frame.text(row: 1).contains("All 3"), "Esc goes back home")
    }

    func testAgendaListsOverdueAndOpensTheCase() throws {
        let fixture = try ScreenFixture()
        var frame = fixture.press(.function(2))
        XCTAssertTrue(frame.contains("Today · 2026-11-27"), frame.dump())
        XCTAssertTrue(frame.contains("Overdue (1)"), frame.dump())
        XCTAssertTrue(frame.contains("张伟"))
        XCTAssertTrue(frame.contains("Due today"))
        frame = fixture.press(.enter)
        XCTAssertTrue(frame.contains("D-ZW000003"), frame.dump())
        XCTAssertTrue(frame.contains("●") || frame.contains("▲"), "the case screen lists its flags")
    }

    func testHelpComesFromTheBindingTable() throws {
        let fixture = try ScreenFixture()
        let frame = fixture.press(.char("?"))
        XCTAssertTrue(frame.contains("Keys"), frame.dump())
        for row in KeyBindings.help(for: .caseload) {
            XCTAssertTrue(frame.contains(row.keys.split(separator: " ").first.map(String.init) ?? ""), "help lists \(row.keys)")
        }
        let back = fixture.press(.char("x"))
        XCTAssertTrue(back.text(row: 1).contains("All"), "any key leaves help")
    }

    func testTooSmallNoticeAndRecovery() throws {
        let fixture = try ScreenFixture()
        fixture.terminal.resize(to: TerminalSize(width: 60, height: 20))
        var frame = fixture.press(.resize)
        XCTAssertTrue(frame.contains("Terminal too small"), frame.dump())
        XCTAssertTrue(frame.contains("Need at least 80×24, have 60×20"))
        fixture.terminal.resize(to: TerminalSize(width: 100, height: 30))
        frame = fixture.press(.resize)
        XCTAssertTrue(frame.text(row: 1).contains("All 3"), frame.dump())
    }

    func testEveryBindingIsReachableAndFooterFits() {
        for screen in ScreenKind.allCases {
            var seen: Set<Key> = []
            for binding in KeyBindings.table where binding.screens.contains(screen) {
                for key in binding.keys where !seen.contains(key) {
                    seen.insert(key)
                    XCTAssertEqual(KeyBindings.command(for: key, on: screen), binding.command, "\(key) on \(screen)")
                }
            }
            let footerWidth = KeyBindings.footer(for: screen).reduce(0) { $0 + $1.key.count + Strings(.en)[$1.label].count + 1 }
            XCTAssertLessThanOrEqual(footerWidth, 80, "footer of \(screen) fits 80 columns")
        }
    }

    func testEveryStringHasBothLanguages() {
        for key in TextKey.allCases {
            XCTAssertNotNil(Strings.table[key], "\(key) is in the string table")
        }
    }

    func testLanguageResolution() {
        XCTAssertEqual(Language.resolve(flag: "zh", environment: [:]), .zh)
        XCTAssertEqual(Language.resolve(flag: nil, environment: ["CASELOAD_LANG": "en", "LANG": "zh_CN.UTF-8"]), .en)
        XCTAssertEqual(Language.resolve(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(Language.resolve(flag: nil, environment: ["LANG": "C.UTF-8"]), .en)
        XCTAssertEqual(Language.resolve(flag: nil, environment: [:]), .en)
    }
}
