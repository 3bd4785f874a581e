import Cases
import Foundation
import XCTest
@testable import Roster

/// .xlsx workbooks made by Python's zipfile with the minimal parts Excel itself writes.
final class XLSXReaderTests: XCTestCase {
    private let graduateID = RosterFixtures.residentID(born: "20030615", sequence: 2)

    /// Headers and names as shared strings, one name inline, a date as a serial number, a
    /// phone number in exponent form, a gap column (D) and a gap row (3).
    private func rosterRows() -> (rows: String, strings: [String]) {
        let strings = ["姓名", "身份证号", "联系电话", "毕业院校", "专业", "学历", "毕业时间", "欧阳娜娜", "滨州学院", "应用化学", "本科", "护理"]
        let rows = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
        <c r="E1" t="s"><v>3</v></c><c r="F1" t="s"><v>4</v></c><c r="G1" t="s"><v>5</v></c><c r="H1" t="s"><v>6</v></c></row>
        <row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2" t="inlineStr"><is><t>\(graduateID)</t></is></c>\
        <c r="C2"><v>1.3812345678E+10</v></c><c r="E2" t="s"><v>8</v></c><c r="F2" t="s"><v>9</v></c>\
        <c r="G2" t="s"><v>10</v></c><c r="H2" s="3"><v>46203</v></c></row>
        <row r="4"><c r="A4" t="inlineStr"><is><r><t>张</t></r><r><t>伟</t></r></is></c>\
        <c r="B4" t="inlineStr"><is><t>\(RosterFixtures.residentID(born: "20020101", sequence: 11))</t></is></c>\
        <c r="E4" t="s"><v>8</v></c><c r="F4" t="s"><v>11</v></c><c r="G4" t="inlineStr"><is><t>大专</t></is></c>\
        <c r="H4" t="inlineStr"><is><t>2026.06</t></is></c></row>
        """
        return (rows, strings)
    }

    func testReadsSharedAndInlineStringsByCellReferenceKeepingGapsAndRowNumbers() throws {
        let (rows, strings) = rosterRows()
        let table = try XLSXReader.table(RosterFixtures.zip(RosterFixtures.workbook(sheetRows: rows, strings: strings)))
        XCTAssertEqual(table.headers, ["姓名", "身份证号", "联系电话", "", "毕业院校", "专业", "学历", "毕业时间"])
        XCTAssertEqual(table.rows.map(\.number), [2, 4], "the empty row 3 is skipped, row 4 keeps its number")
        XCTAssertEqual(table.rows[0].cells, ["欧阳娜娜", graduateID, "13812345678", "", "滨州学院", "应用化学", "本科", "46203"])
        XCTAssertEqual(table.rows[1][0], "张伟", "rich-text runs are joined")
        XCTAssertTrue(table.excelSerialDates)
    }

    func testAWorkbookImportsLikeTheSameCSV() throws {
        let (rows, strings) = rosterRows()
        let bytes = try RosterFixtures.zip(RosterFixtures.workbook(sheetRows: rows, strings: strings))
        XCTAssertTrue(XLSXReader.isZip(bytes))
        let plan = try RosterFixtures.plan(RosterFile.table(bytes), kind: .graduate)
        XCTAssertEqual(plan.rejections.map(\.reason), [])
        XCTAssertEqual(plan.additions.count, 2)
        let first = try XCTUnwrap(plan.additions.first?.opened)
        XCTAssertEqual(first.person.phone?.value, "13812345678")
        XCTAssertEqual(first.details.graduate?.graduated.iso, "2026-06-30", "serial 46203 is 30 June 2026")
        XCTAssertEqual(plan.additions[1].opened.details.graduate?.degree, .associate, "大专 is 专科")
        XCTAssertEqual(plan.additions[1].opened.details.graduate?.graduated.iso, "2026-06-30", "month-only graduation: end of month")
        XCTAssertEqual(plan.additions[1].opened.source?["row"], 4)
    }

    func testTheFirstSheetIsFoundThroughTheWorkbookRelationships() throws {
        let rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>"
        let parts = RosterFixtures.workbook(sheetRows: rows, strings: ["姓名", "李娜"], sheetPath: "worksheets/roster.xml",
                                            extraSheetFirstInZip: true)
        let table = try XLSXReader.table(RosterFixtures.zip(parts))
        XCTAssertEqual(table.headers, ["姓名"])
        XCTAssertEqual(table.rows.first?.cells, ["李娜"])
    }

    func testPhoneticGuidesInSharedStringsAreNotPartOfTheText() throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        var parts = RosterFixtures.workbook(sheetRows: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", strings: [])
        parts.removeAll { $0.0 == "xl/sharedStrings.xml" }
        parts.append(("xl/sharedStrings.xml", "<sst xmlns=\"\(main)\"><si><r><t>单</t></r><r><t>县</t></r><rPh sb=\"0\" eb=\"1\"><t>shan</t></rPh></si></sst>"))
        XCTAssertEqual(try XLSXReader.table(RosterFixtures.zip(parts)).headers, ["单县"])
    }

    func testDamagedWorkbooksAreRefusedWithAReason() throws {
        XCTAssertThrowsError(try XLSXReader.table([0x50, 0x4B, 0x03, 0x04, 0, 0, 0])) { error in
            XCTAssertTrue("\(error)".contains("not a readable .xlsx"), "\(error)")
        }
        let missingString = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>9</v></c></row>"
        XCTAssertThrowsError(try XLSXReader.table(RosterFixtures.zip(RosterFixtures.workbook(sheetRows: missingString, strings: ["姓名"])))) { error in
            XCTAssertEqual((error as? RosterError)?.row, 2)
        }
        let broken = RosterFixtures.workbook(sheetRows: "<row r=\"1\"><c r=\"A1\"><v>1</c></row>", strings: [])
        XCTAssertThrowsError(try XLSXReader.table(RosterFixtures.zip(broken))) { error in
            XCTAssertTrue("\(error)".contains("damaged"), "\(error)")
        }
    }

    func testCellReferences() {
        XCTAssertEqual(CellReference("C7"), CellReference(column: 2, row: 7))
        XCTAssertEqual(CellReference("AA10")?.column, 26)
        XCTAssertEqual(CellReference("$B$3"), CellReference(column: 1, row: 3))
        XCTAssertNil(CellReference("7C"))
        XCTAssertNil(CellReference("C0"))
        XCTAssertEqual(CellReference.name(column: 27, row: 5), "AB5")
        XCTAssertEqual(XLSXNumbers.plain("1.3812345678E+10"), "13812345678")
        XCTAssertEqual(XLSXNumbers.plain("3.5"), "3.5")
    }
}

extension CellReference {
    init(column: Int, row: Int) {
        self.init("A1")!
        self.column = column
        self.row = row
    }
}
