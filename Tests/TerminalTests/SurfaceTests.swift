import Terminal
import TextCells
import XCTest

final class SurfaceTests: XCTestCase {
    func testWideCharactersTakeTwoCellsAndShowOnce() {
        var surface = MemorySurface(width: 12, height: 2)
        let end = surface.put("欧阳娜娜", at: 0, col: 1, style: .header)
        XCTAssertEqual(end, 9)
        XCTAssertEqual(surface.cell(row: 0, col: 1).character, "欧")
        XCTAssertTrue(surface.cell(row: 0, col: 2).isContinuation)
        XCTAssertEqual(surface.cell(row: 0, col: 3).character, "阳")
        XCTAssertEqual(surface.style(at: 0, col: 2), .header, "continuation shares the style")
        XCTAssertEqual(surface.text(row: 0), " 欧阳娜娜")
        XCTAssertEqual(surface.text(row: 0).displayWidth, 9)
    }

    func testWideCharacterStraddlingRightEdgeBecomesSpace() {
        var surface = MemorySurface(width: 5, height: 1)
        let end = surface.put("ab欧阳", at: 0, col: 0, style: .overdue)
        XCTAssertEqual(end, 5)
        XCTAssertEqual(surface.text(row: 0, trimmingTrailingSpaces: false), "ab欧 ")
        XCTAssertEqual(surface.style(at: 0, col: 4), .overdue, "the filler space carries the style")
        XCTAssertFalse(surface.cell(row: 0, col: 4).isContinuation)
    }

    func testMaxWidthClipsWithoutSplittingWideCharacters() {
        var surface = MemorySurface(width: 10, height: 1)
        surface.put("xxxxxxxxxx", at: 0, col: 0)
        let end = surface.put("李娜娜", at: 0, col: 2, style: .selection, maxWidth: 3)
        XCTAssertEqual(end, 5)
        XCTAssertEqual(surface.text(row: 0), "xx李 xxxxx")
        XCTAssertEqual(surface.put("abc", at: 0, col: 0, maxWidth: 0), 0)
    }

    func testNegativeColumnClipsLeftHalfOfWideCharacter() {
        var surface = MemorySurface(width: 4, height: 1)
        surface.put("欧阳x", at: 0, col: -1)
        XCTAssertEqual(surface.text(row: 0), " 阳x")
        XCTAssertEqual(surface.cell(row: 0, col: 0).character, " ")
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var surface = MemorySurface(width: 6, height: 1)
        surface.put("欧阳娜", at: 0, col: 0)
        surface.put("a", at: 0, col: 1)  // right half of 欧
        XCTAssertEqual(surface.text(row: 0), " a阳娜")
        surface.put("b", at: 0, col: 2)  // left half of 阳
        XCTAssertEqual(surface.text(row: 0), " ab 娜")
        surface.put("李", at: 0, col: 3)  // straddles the halves of 阳's ruin and 娜
        XCTAssertEqual(surface.text(row: 0, trimmingTrailingSpaces: false), " ab李 ")
        for col in 0..<6 where surface.cell(row: 0, col: col).isContinuation {
            XCTAssertNotNil(surface.cell(row: 0, col: col - 1).character)
            XCTAssertEqual(surface.cell(row: 0, col: col - 1).character?.displayWidth, 2)
        }
    }

    func testControlCharactersCannotBreakTheLayout() {
        var surface = MemorySurface(width: 12, height: 1)
        let end = surface.put("a\tb\nc\u{1B}[2Jd", at: 0, col: 0)
        XCTAssertEqual(surface.text(row: 0), "a b c\u{FFFD}[2Jd")
        XCTAssertEqual(end, 10)
    }

    func testCombiningMarksStayWithTheirBase() {
        var surface = MemorySurface(width: 4, height: 1)
        surface.put("e\u{0301}x", at: 0, col: 0)
        XCTAssertEqual(surface.cell(row: 0, col: 0).character, "e\u{0301}")
        XCTAssertEqual(surface.text(row: 0), "e\u{0301}x")
    }

    func testRowsOutsideTheSurfaceDrawNothing() {
        var surface = MemorySurface(width: 3, height: 1)
        XCTAssertEqual(surface.put("abc", at: 1, col: 0), 0)
        XCTAssertEqual(surface.put("abc", at: -1, col: 0), 0)
        XCTAssertEqual(surface.lines, [""])
    }

    func testFillAndClear() {
        var surface = MemorySurface(width: 5, height: 3)
        surface.fill(Rect(row: 1, col: 1, width: 10, height: 1), with: "─", style: .border)
        XCTAssertEqual(surface.lines, ["", " ────", ""])
        surface.fill(Rect(row: 2, col: 0, width: 5, height: 1), with: "欧")
        XCTAssertEqual(surface.text(row: 2, trimmingTrailingSpaces: false), "欧欧 ")
        surface.fillRow(0, from: 2, style: .selection)
        XCTAssertEqual(surface.style(at: 0, col: 1), .normal)
        XCTAssertEqual(surface.style(at: 0, col: 4), .selection)
        surface.clear(style: .dialog)
        XCTAssertEqual(surface.lines, ["", "", ""])
        XCTAssertEqual(surface.style(at: 2, col: 4), .dialog)
    }

    func testChainedStyledRunsAndDump() {
        var surface = MemorySurface(width: 20, height: 2)
        var col = surface.put("● ", at: 0, col: 0, style: .overdue)
        col = surface.put("欧阳娜娜", at: 0, col: col, style: Style(.normal, .bold))
        surface.put("3d", at: 0, col: col + 1, style: .muted)
        surface.put("Li Na", at: 1, col: 2)
        XCTAssertEqual(surface.dump(), "● 欧阳娜娜 3d\n  Li Na")
        XCTAssertEqual(surface.dump(styles: true), """
            ● 欧阳娜娜 3d
              ^ 0-1 overdue, 2-9 normal+bold, 11-12 muted
              Li Na
            """)
    }

    func testPositionOfTextUsesDisplayColumns() {
        var surface = MemorySurface(width: 20, height: 2)
        surface.put("欧阳娜娜 Li Na", at: 1, col: 1)
        XCTAssertEqual(surface.position(of: "Li"), Position(row: 1, col: 10))
        XCTAssertEqual(surface.position(of: "娜娜"), Position(row: 1, col: 5))
        XCTAssertTrue(surface.contains("阳娜"))
        XCTAssertFalse(surface.contains("王"))
    }

    func testResizeKeepsContentAndCutsWideCharacters() {
        var surface = MemorySurface(width: 6, height: 2)
        surface.put("ab欧阳", at: 0, col: 0)
        surface.cursor = Position(row: 1, col: 5)
        surface.resize(to: TerminalSize(width: 3, height: 3))
        XCTAssertEqual(surface.size, TerminalSize(width: 3, height: 3))
        XCTAssertEqual(surface.text(row: 0, trimmingTrailingSpaces: false), "ab ")
        XCTAssertNil(surface.cursor)
    }
}
