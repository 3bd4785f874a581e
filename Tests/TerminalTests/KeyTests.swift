import Terminal
import XCTest

final class KeyTests: XCTestCase {
    func testControlCodesDecode() {
        XCTAssertEqual(Key.fromInput(0x0D), .enter)
        XCTAssertEqual(Key.fromInput(0x0A), .enter)
        XCTAssertEqual(Key.fromInput(0x09), .tab)
        XCTAssertEqual(Key.fromInput(0x1B), .escape)
        XCTAssertEqual(Key.fromInput(0x7F), .backspace)
        XCTAssertEqual(Key.fromInput(0x08), .backspace)
        XCTAssertEqual(Key.fromInput(0x13), .ctrl("s"))
        XCTAssertEqual(Key.fromInput(0x01), .ctrl("a"))
        XCTAssertEqual(Key.fromInput(0x1C), .ctrl("\\"))
    }

    func testPrintableCharactersIncludingChinese() {
        XCTAssertEqual(Key.fromInput(0x61), .char("a"))
        XCTAssertEqual(Key.fromInput(0x6B27), .char("欧"))
        XCTAssertEqual(Key.fromInput(0x20), .char(" "))
        XCTAssertEqual(Key.fromInput(0xD800), .unknown(0xD800), "lone surrogate is not a scalar")
    }

    func testTypingAndDescriptions() {
        XCTAssertEqual(Key.typing("李a\n"), [.char("李"), .char("a"), .enter])
        XCTAssertEqual(Key.ctrl("s").description, "Ctrl-S")
        XCTAssertEqual(Key.function(2).description, "F2")
        XCTAssertEqual(Key.char(" ").description, "Space")
        XCTAssertEqual(Key.pageDown.description, "PgDn")
    }
}
