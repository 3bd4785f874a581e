import TextCells
import XCTest

final class DisplayWidthTests: XCTestCase {
    func testASCIIIsOneColumnPerCharacter() {
        XCTAssertEqual(DisplayWidth.of("Li Na"), 5)
        XCTAssertEqual(DisplayWidth.of("a" as Unicode.Scalar), 1)
        XCTAssertEqual("".displayWidth, 0)
    }

    func testCJKIsTwoColumns() {
        XCTAssertEqual(DisplayWidth.of("欧" as Unicode.Scalar), 2)
        XCTAssertEqual("欧阳娜娜".displayWidth, 8)
        XCTAssertEqual("ひらがな".displayWidth, 8)
        XCTAssertEqual("한국어".displayWidth, 6)
        XCTAssertEqual("，。".displayWidth, 4, "fullwidth CJK punctuation")
        XCTAssertEqual("ＡＢ".displayWidth, 4, "fullwidth Latin forms")
        XCTAssertEqual("𠀀".displayWidth, 2, "CJK Extension B")
    }

    func testMixedText() {
        XCTAssertEqual("Li Na 李娜".displayWidth, 10)
        XCTAssertEqual(Substring("张三 (Zhang)").displayWidth, 12)
    }

    func testCombiningMarksAddNoWidth() {
        XCTAssertEqual(DisplayWidth.of("\u{0301}" as Unicode.Scalar), 0)
        XCTAssertEqual("e\u{0301}".displayWidth, 1)
        XCTAssertEqual("Zoe\u{0308}".displayWidth, 3)
        XCTAssertEqual("\u{1100}\u{1161}".displayWidth, 2, "conjoining Hangul jamo form one syllable")
    }

    func testZeroWidthAndControlCharacters() {
        XCTAssertEqual(DisplayWidth.of("\u{200B}" as Unicode.Scalar), 0)
        XCTAssertEqual(DisplayWidth.of("\u{7}" as Unicode.Scalar), 0)
        XCTAssertEqual(DisplayWidth.of("\u{AD}" as Unicode.Scalar), 1, "soft hyphen is visible in terminals")
        XCTAssertEqual("a\u{200B}b".displayWidth, 2)
    }

    func testEmojiAreTwoColumns() {
        XCTAssertEqual("😀".displayWidth, 2)
        XCTAssertEqual("👍🏽".displayWidth, 2, "skin tone modifier sequence")
        XCTAssertEqual("👩‍💻".displayWidth, 2, "ZWJ sequence")
        XCTAssertEqual("🇨🇳".displayWidth, 2, "flag")
        XCTAssertEqual("❤️".displayWidth, 2, "text-default base with emoji presentation selector")
        XCTAssertEqual("1️⃣".displayWidth, 2, "keycap sequence")
    }

    func testTextPresentationSymbolsAreOneColumn() {
        XCTAssertEqual("❤".displayWidth, 1)
        XCTAssertEqual("▲●○…".displayWidth, 4)
    }
}
