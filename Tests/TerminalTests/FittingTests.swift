import TextCells
import XCTest

final class FittingTests: XCTestCase {
    func testPaddedLeftAndRight() {
        XCTAssertEqual(padded("Li", to: 5), "Li   ")
        XCTAssertEqual(padded("Li", to: 5, align: .right), "   Li")
        XCTAssertEqual(padded("李娜", to: 6), "李娜  ")
        XCTAssertEqual(padded("李娜", to: 6, align: .right), "  李娜")
    }

    func testPaddedResultIsAlwaysExactlyTheRequestedWidth() {
        let samples = ["", "a", "欧阳娜娜", "Li Na", "e\u{0301}clair", "😀x", "ab欧阳cd"]
        for sample in samples {
            for width in 0...10 {
                let result = padded(sample, to: width)
                XCTAssertEqual(result.displayWidth, width, "\(sample) → \(width): \(result)")
            }
        }
    }

    func testPaddedNeverSplitsAWideCharacter() {
        // Five columns cannot hold three CJK characters; the third must not be
        // cut in half, and the gap is filled so the field is still 5 wide.
        XCTAssertEqual(padded("欧阳娜娜", to: 5), "欧阳…")
        XCTAssertEqual(padded("欧阳娜娜", to: 4), "欧… ")
    }

    func testTruncatedLeavesFittingTextAlone() {
        XCTAssertEqual(truncated("欧阳娜娜", to: 8), "欧阳娜娜")
        XCTAssertEqual(truncated("Li Na", to: 10), "Li Na")
    }

    func testTruncatedAddsEllipsisWithinWidth() {
        XCTAssertEqual(truncated("Hello world", to: 6), "Hello…")
        XCTAssertEqual(truncated("欧阳娜娜", to: 7), "欧阳娜…")
        XCTAssertEqual(truncated("欧阳娜娜", to: 6), "欧阳…", "wide char that does not fit is dropped")
        XCTAssertEqual(truncated("欧阳娜娜", to: 4, ellipsis: "..."), "...")
        XCTAssertEqual(truncated("abc", to: 2, ellipsis: "..."), "ab", "ellipsis wider than the field is left out")
        XCTAssertEqual(truncated("abc", to: 0), "")
    }

    func testTruncatedWidthNeverExceedsLimit() {
        let samples = ["欧阳娜娜", "Li Na", "a欧b阳c", "😀😀😀", "e\u{0301}e\u{0301}e\u{0301}"]
        for sample in samples {
            for width in 0...9 {
                let result = truncated(sample, to: width)
                XCTAssertLessThanOrEqual(result.displayWidth, width, "\(sample) → \(width): \(result)")
                XCTAssertGreaterThanOrEqual(result.displayWidth, min(width, sample.displayWidth) - 1)
            }
        }
    }

    func testPrefixFittingWidthKeepsCombiningMarks() {
        XCTAssertEqual("e\u{0301}x".prefix(fittingWidth: 1), "e\u{0301}")
        XCTAssertEqual("欧阳".prefix(fittingWidth: 3), "欧")
    }
}
