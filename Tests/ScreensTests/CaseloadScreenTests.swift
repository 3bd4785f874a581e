import Cases
import Terminal
import TextCells
import XCTest
@testable import Screens

final class CaseloadScreenTests: XCTestCase {
    func testHomeShowsStatusTabsAndMyCasesOverdueFirst() throws {
        let fixture = try ScreenFixture()
        let frame = fixture.frame
        XCTAssertTrue(frame.text(row: 0).contains("wangfang"), frame.dump())
        XCTAssertTrue(frame.text(row: 0).contains("desk-01"))
        XCTAssertTrue(frame.text(row: 1).contains("All 3"), "only my three cases by default:\n\(frame.dump())")
        XCTAssertTrue(frame.text(row: 1).contains("Graduates 2"))
        XCTAssertTrue(frame.text(row: 1).contains("Difficulty group 1"))
        XCTAssertTrue(frame.text(row: 1).contains("Unemployed 0"))
        XCTAssertTrue(frame.text(row: 3).contains("张伟"), "the overdue case comes first:\n\(frame.dump())")
        XCTAssertTrue(frame.text(row: 3).hasPrefix("●") || frame.text(row: 3).hasPrefix("▲"), frame.text(row: 3))
        XCTAssertFalse(frame.contains("王芳"), "another counsellor's case is hidden until F5")
        XCTAssertTrue(frame.text(row: 29).contains("F1Help"), "footer hints come from the binding table")
    }

    func testCJKNamesAlignWithLatinNames() throws {
        let fixture = try ScreenFixture()
        let frame = fixture.press(.function(6))  // sort by name: Li Na, 张伟, 欧阳娜娜 in some order
        let rows = (3..<8).filter { frame.text(row: $0).contains("滨州学院") }
        XCTAssertEqual(rows.count, 2, frame.dump())
        let columns = rows.map { row -> Int in
            let text = frame.text(row: row)
            let prefix = text[..<text.range(of: "滨州学院")!.lowerBound]
            return prefix.displayWidth
        }
        XCTAssertEqual(columns[0], columns[1], "the summary column starts at the same cell for 欧阳娜娜 and Li Na:\n\(frame.dump())")
        XCTAssertTrue(frame.contains("欧阳娜娜"))
        XCTAssertTrue(frame.contains("Li Na"))
    }

    func testTabsFilterByKindAndMineToggle() throws {
        let fixture = try ScreenFixture()
        var frame = fixture.press(.tab)
        XCTAssertTrue(frame.contains("欧阳娜娜"))
        XCTAssertFalse(frame.contains("张伟"))
        frame = fixture.press(.tab, .tab)
        XCTAssertTrue(frame.contains("No cases here"), frame.dump())
        frame = fixture.press(.function(5))
        XCTAssertTrue(frame.contains("王芳"), "F5 shows everyone's cases:\n\(frame.dump())")
        XCTAssertTrue(frame.text(row: 1).contains("everyone's"))
    }

    func testSearchByPinyinInitialsLive() throws {
        let fixture = try ScreenFixture()
        _ = fixture.press(.char("/"))
        let frame = fixture.type("oynn")
        XCTAssertTrue(frame.contains("欧阳娜娜"), frame.dump())
        XCTAssertFalse(frame.contains("张伟"))
        XCTAssertTrue(frame.contains("Search: oynn"))
        XCTAssertNotNil(frame.cursor, "the search field shows the cursor while typing")
        let cleared = fixture.press(.escape)
        XCTAssertTrue(cleared.contains("张伟"), "Esc clears the search")
    }

    func testFilterBySeverityAndBadFilter() throws {
        let fixture = try ScreenFixture()
        _ = fixture.press(.char("f"))
        var frame = fixture.type("severity:overdue")
        frame = fixture.press(.enter)
        XCTAssertTrue(frame.contains("张伟"), frame.dump())
        XCTAssertFalse(frame.contains("欧阳娜娜"))
        _ = fixture.press(.char("f"), .ctrl("u"))
        _ = fixture.type("colour:red")
        frame = fixture.press(.enter)
        XCTAssertTrue(frame.contains("unknown field 'colour'"), frame.dump())
        frame = fixture.press(.escape, .escape)
        XCTAssertTrue(frame.contains("欧阳娜娜"), "Esc clears the filter:\n\(frame.dump())")
    }

    func testRowsNeverOverflowInEitherLanguage() throws {
        for language in Language.allCases {
            for width in [80, 100, 140] {
                let fixture = try ScreenFixture(language: language, width: width, height: 24)
                for frame in [fixture.frame, fixture.press(.function(2)), fixture.press(.escape, .enter)] {
                    for line in frame.lines {
                        XCTAssertLessThanOrEqual(line.displayWidth, width, "\(language) \(width): \(line)")
                    }
                }
            }
        }
    }

    func testChineseLabels() throws {
        let fixture = try ScreenFixture(language: .zh)
        let frame = fixture.frame
        XCTAssertTrue(frame.text(row: 1).contains("高校毕业生 2"), frame.dump())
        XCTAssertTrue(frame.text(row: 2).contains("姓名"))
        XCTAssertTrue(frame.text(row: 29).contains("帮助"))
    }
}
