import Screens
import TextCells
import Terminal
import XCTest

/// The frame a large office shows while it opens.
final class OpeningFrameTests: XCTestCase {
    func testItNamesTheOfficeAndSaysTheCaseloadIsOpening() {
        let frame = OpeningFrame.render(size: TerminalSize(width: 100, height: 30), language: .zh,
                                        office: "滨州市滨城区公共就业服务中心", bytes: 562 << 20)
        XCTAssertTrue(frame.contains("滨州市滨城区公共就业服务中心"))
        XCTAssertTrue(frame.contains("正在打开案件库…"))
        XCTAssertTrue(frame.contains("读取 562 MB 记录"))
        // No status line: nothing may take it for the first screen.
        XCTAssertEqual(frame.text(row: 0), "")
        let english = OpeningFrame.render(size: TerminalSize(width: 100, height: 30), language: .en, office: "Bincheng", bytes: 40 << 20)
        XCTAssertTrue(english.contains("Opening the caseload…"))
        XCTAssertTrue(english.contains("reading 40 MB of records"))
    }

    func testALongOfficeNameIsCutToTheWidth() {
        let frame = OpeningFrame.render(size: TerminalSize(width: 12, height: 5), language: .zh,
                                        office: "滨州市滨城区公共就业服务中心", bytes: 1 << 30)
        for row in 0..<5 { XCTAssertLessThanOrEqual(frame.text(row: row).displayWidth, 12, "row \(row)") }
        XCTAssertTrue(frame.text(row: 1).hasSuffix("…"), frame.dump())
    }

    func testTinyTerminalsDoNotCrash() {
        for (width, height) in [(1, 1), (0, 0), (3, 1), (80, 2)] {
            let frame = OpeningFrame.render(size: TerminalSize(width: width, height: height), language: .en, office: "Office", bytes: 0)
            XCTAssertEqual(frame.height, max(1, height))
        }
    }
}
