import Terminal
import XCTest
@testable import Screens

final class LineEditorTests: XCTestCase {
    func testEditingMixedWidthText() {
        var editor = LineEditor()
        for key in Key.typing("张伟 zhang") { editor.handle(key) }
        XCTAssertEqual(editor.text, "张伟 zhang")
        editor.handle(.ctrl("w"))
        XCTAssertEqual(editor.text, "张伟 ")
        editor.handle(.backspace)
        editor.handle(.backspace)
        XCTAssertEqual(editor.text, "张", "Backspace removes a whole wide character")
        editor.handle(.home)
        editor.handle(.char("欧"))
        XCTAssertEqual(editor.text, "欧张")
        editor.handle(.ctrl("e"))
        editor.handle(.left)
        editor.handle(.ctrl("k"))
        XCTAssertEqual(editor.text, "欧")
        editor.handle(.ctrl("u"))
        XCTAssertEqual(editor.text, "")
        XCTAssertFalse(editor.handle(.enter), "Enter is left to the caller")
    }

    func testDrawingKeepsTheCursorVisibleAndNeverSplitsWideCharacters() {
        var editor = LineEditor(String(repeating: "欧阳", count: 10))
        var surface = MemorySurface(width: 12, height: 1)
        let cursor = editor.draw(into: &surface, row: 0, col: 0, width: 11, style: .input)
        XCTAssertLessThanOrEqual(cursor, 10)
        XCTAssertFalse(surface.text(row: 0).contains("\u{FFFD}"))
        editor.handle(.home)
        let start = editor.draw(into: &surface, row: 0, col: 0, width: 11, style: .input)
        XCTAssertEqual(start, 0)
        XCTAssertTrue(surface.text(row: 0).hasPrefix("欧阳欧阳欧"))
    }
}
