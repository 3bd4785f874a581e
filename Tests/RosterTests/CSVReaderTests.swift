import Cases
import Foundation
import XCTest
@testable import Roster

/// CSV as Excel writes it, in the encodings schools send, and fuzzed.
final class CSVReaderTests: XCTestCase {
    private let chineseRoster = """
    序号,姓名,身份证号,联系电话,毕业院校,专业,学历,毕业时间
    1,欧阳娜娜,\(RosterFixtures.residentID(born: "20030615", sequence: 2)),13812345678,滨州学院,应用化学,本科,2026/6/30
    2,"张,伟","\(RosterFixtures.residentID(born: "20020101", sequence: 11))",13912345678,"滨州医学院","护理
    学",专科,2026.06

    """

    func testQuotingCommasQuotesAndLineBreaksInsideCells() throws {
        let records = try CSVReader.records("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\r\nlast")
        XCTAssertEqual(records, [["a", "b,c", "say \"hi\""], ["two\nlines", "x", ""], ["last"]])
    }

    func testRowNumbersFollowRecordsNotLinesAndBlankRowsAreSkippedButCounted() throws {
        let table = try CSVReader.table(chineseRoster)
        XCTAssertEqual(table.headers, ["序号", "姓名", "身份证号", "联系电话", "毕业院校", "专业", "学历", "毕业时间"])
        XCTAssertEqual(table.rows.map(\.number), [2, 3])
        XCTAssertEqual(table.rows[1][1], "张,伟")
        XCTAssertEqual(table.rows[1][5], "护理\n学")
        let blanks = try CSVReader.table("\n,,\n姓名,身份证号\n\n,\n张三,1\n")
        XCTAssertEqual(blanks.headerRow, 3)
        XCTAssertEqual(blanks.rows.map(\.number), [6], "a spreadsheet shows the person on row 6")
    }

    func testUTF8WithAndWithoutBOMAndGBKReadTheSame() throws {
        let plain = try RosterFile.table(Array(chineseRoster.utf8))
        let bom = try RosterFile.table([0xEF, 0xBB, 0xBF] + Array(chineseRoster.utf8))
        let gbkBytes = try RosterFixtures.gbk(chineseRoster)
        XCTAssertNil(String(validating: gbkBytes, as: UTF8.self), "the GBK fixture must not be valid UTF-8")
        let decoded = try RosterText.decode(gbkBytes)
        XCTAssertEqual(decoded.encoding, .gb18030)
        let gbk = try RosterFile.table(gbkBytes)
        XCTAssertEqual(bom, plain)
        XCTAssertEqual(gbk, plain)
        XCTAssertEqual(plain.headers.first, "序号", "no BOM left on the first header")
    }

    func testUTF16TabSeparatedUnicodeTextFromExcel() throws {
        let text = "姓名\t身份证号\r\n张三\t371602\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let table = try RosterFile.table(bytes)
        XCTAssertEqual(table.headers, ["姓名", "身份证号"])
        XCTAssertEqual(table.rows.first?.cells, ["张三", "371602"])
    }

    func testBytesThatAreNeitherUTF8NorGB18030AreRefusedWithTheirOffset() {
        XCTAssertThrowsError(try RosterText.decode(Array("姓名\n".utf8) + [0xFF, 0xFF, 0x30])) { error in
            XCTAssertTrue("\(error)".contains("byte 7"), "\(error)")
        }
        XCTAssertThrowsError(try RosterFile.table([0x61, 0x00, 0x62])) { error in
            XCTAssertTrue("\(error)".contains("neither CSV"), "\(error)")
        }
    }

    func testAnUnclosedQuoteNamesTheRowItStartedOn() {
        XCTAssertThrowsError(try CSVReader.records("姓名,身份证号\n张三,1\n\"李四,2\n王五,3\n")) { error in
            XCTAssertEqual((error as? RosterError)?.row, 3)
        }
    }

    func testStrayQuotesAreKeptAsWrittenLikeExcel() throws {
        XCTAssertEqual(try CSVReader.records("a\"b,\"c\"d\n"), [["a\"b", "cd"]])
    }

    func testWriterRoundTripsThroughTheReaderWithBOMAndCRLF() throws {
        let rows = [["姓名", "错误原因"], ["张,三", "say \"no\"\nplease"], ["", "x"]]
        let bytes = CSVWriter.document(rows)
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains("\r\n"))
        XCTAssertEqual(try CSVReader.records(RosterText.decode(bytes).text), rows)
    }

    /// Random bytes from an alphabet rich in CSV's special characters: the reader never crashes
    /// or hangs, every error carries a row number inside the input, and well-formed output of
    /// the writer always reads back exactly.
    func testFuzzedInputNeverCrashesAndErrorsCarryRowNumbers() throws {
        var random = SeededGenerator(seed: 20261129)
        let alphabet: [String] = [",", "\"", "\"\"", "\n", "\r", "\r\n", "\t", "a", "张", "1", " ", "😀", "\u{0}", "'", "，"]
        let started = Date()
        for round in 0..<3000 {
            let length = Int(random.next() % 60)
            let text = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
            do {
                let records = try CSVReader.records(text)
                XCTAssertLessThanOrEqual(records.count, text.unicodeScalars.count + 1, "round \(round)")
                _ = try? CSVReader.table(text)
            } catch {
                let rows = text.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count + 1
                XCTAssertTrue((1...rows).contains(error.row ?? 0), "round \(round): \(error) for \(text.debugDescription)")
            }
            let cells = (0..<Int(random.next() % 4 + 1)).map { _ in
                (0..<Int(random.next() % 5 + 1)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
            }
            let rows = [cells, cells.reversed()]
            let decoded = try RosterText.decode(CSVWriter.document(rows)).text
            XCTAssertEqual(try CSVReader.records(decoded), rows, "round \(round): \(rows)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "the reader must stay linear")
    }

    func testLargeRosterParsesQuickly() throws {
        var text = "姓名,身份证号,联系电话\n"
        for index in 0..<20_000 { text += "张\(index),\(RosterFixtures.residentID(born: "19900101", sequence: index % 1000)),13800000000\n" }
        let started = Date()
        let table = try CSVReader.table(text)
        XCTAssertEqual(table.rows.count, 20_000)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }
}
