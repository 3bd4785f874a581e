import TextCells
import XCTest

final class TextTableTests: XCTestCase {
    func testChineseAndLatinNamesLineUp() {
        var table = TextTable(columns: [
            .init("ID"), .init("Name"), .init("Days", alignment: .right), .init("Counsellor"),
        ])
        table.append(["C-001", "欧阳娜娜", "12", "王老师"])
        table.append(["C-002", "Li Na", "3", "Chen"])

        let lines = table.renderLines()
        XCTAssertEqual(lines, [
            "ID     Name      Days  Counsellor",
            "C-001  欧阳娜娜    12  王老师",
            "C-002  Li Na        3  Chen",
        ])
        // Every column starts at the same display column in every row.
        let counsellorColumn = "ID     Name      Days  ".displayWidth
        for line in lines {
            let prefix = line.prefix(fittingWidth: counsellorColumn)
            XCTAssertEqual(prefix.displayWidth, counsellorColumn)
        }
    }

    func testHeaderRuleAndRender() {
        let table = TextTable(
            columns: [.init("名字"), .init("N", alignment: .right)],
            rows: [["李娜", "1"], ["Bob", "20"]],
            headerRule: "-"
        )
        XCTAssertEqual(table.render(), """
            名字   N
            ----  --
            李娜   1
            Bob   20

            """)
    }

    func testMaxWidthTruncatesAndMissingCellsAreEmpty() {
        let table = TextTable(
            columns: [.init("Name", maxWidth: 5), .init("Note")],
            rows: [["欧阳娜娜", "line one\nline two"], ["Li"]]
        )
        XCTAssertEqual(table.renderLines(), [
            "Name   Note",
            "欧阳…  line one line two",
            "Li",
        ])
    }

    func testHeadersInitialiserAndNoHeader() {
        var table = TextTable(headers: ["A", "B"], alignments: [.right])
        table.showsHeader = false
        table.append(["1", "x"])
        table.append(["100", "y"])
        XCTAssertEqual(table.renderLines(), ["  1  x", "100  y"])
    }
}
