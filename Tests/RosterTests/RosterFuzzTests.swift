import Cases
import Foundation
import FuzzSupport
import XCTest
@testable import Roster

/// Seeded fuzzing of the roster importer: mutated CSV in UTF-8 and GBK, mutated worksheet XML
/// zipped into real workbooks, and damaged zip bytes. Every input is read and planned, or refused
/// with a reason that says where (a row, a byte, a part of the workbook, or the whole file).
/// Never a trap or a hang. Bounded by count, not by the clock.
final class RosterFuzzTests: XCTestCase {
    private let id1 = RosterFixtures.residentID(born: "20030615", sequence: 2)
    private let id2 = RosterFixtures.residentID(born: "19750302", sequence: 456)

    private var csv: String {
        """
        姓名,身份证号,联系电话,毕业院校,专业,学历,毕业时间
        欧阳娜娜,\(id1),13812345678,滨州学院,应用化学,本科,2026-06-30
        "张,伟",\(id2),1.3812345678E+10,"滨州""医学院",护理,大专,2026.06
        李娜,\(RosterFixtures.badCheckDigit(id1)),,滨州学院,会计,硕士,46203
        """
    }

    private let csvTokens = ["\"", ",", "\n", "\r\n", "\r", "\u{FEFF}", "\"\"", ",,,,", "\t", "　", "\u{0}", "身份证号", "2026-13-45",
                             "1E+400", "-", "X", "x", "99999999999999999999"]

    /// Up to five edits of an input; runs of up to 40 bytes repeated and of up to 20 deleted.
    private func mutate(_ input: [UInt8], tokens: [String], using rng: inout SeededGenerator) -> [UInt8] {
        ByteMutator(tokens: tokens, edits: 1...5, repeatedRun: 40, deletedRun: 20).mutate(input, using: &rng)
    }

    /// Reads and plans `bytes` as an import would; checks that any refusal says where.
    @discardableResult
    private func importOnce(_ bytes: [UInt8], _ context: @autoclosure () -> String) -> Bool {
        let table: RosterTable
        do {
            table = try RosterFile.table(bytes)
        } catch {
            XCTAssertFalse(error.message.isEmpty, context())
            let located = error.row != nil || error.message.contains("byte ") || error.message.contains("workbook")
                || error.message.contains(".xml") || error.message.contains("the file") || error.message.contains("worksheet")
            XCTAssertTrue(located, "\(context()): '\(error)' does not say where")
            if let row = error.row { XCTAssertGreaterThanOrEqual(row, 1, context()) }
            return false
        }
        let located = RosterColumns.locateHeader(table, kind: .graduate)
        guard let plan = try? RosterFixtures.plan(located, kind: .graduate) else { return true }
        let rows = Set(located.rows.map(\.number))
        for rejection in plan.rejections {
            XCTAssertTrue(rows.contains(rejection.row), "\(context()): rejection at row \(rejection.row), not a data row")
            XCTAssertFalse(rejection.field.isEmpty, context())
            XCTAssertFalse(rejection.reason.isEmpty, context())
        }
        XCTAssertLessThanOrEqual(plan.additions.count + plan.rejections.count + plan.duplicates.count, located.rows.count, context())
        return true
    }

    func testMutatedUTF8AndGBKCSVAreReadOrRefusedWithAPlace() throws {
        var rng = SeededGenerator(seed: 0xC5_F022)
        let utf8 = Array(csv.utf8)
        let gbk = try RosterFixtures.gbk(csv)
        XCTAssertTrue(importOnce(utf8, "the UTF-8 sample"))
        XCTAssertTrue(importOnce(gbk, "the GBK sample"))
        var read = 0
        let inputs = 3_000
        for round in 0..<inputs {
            let base = round % 2 == 0 ? utf8 : gbk
            if importOnce(mutate(base, tokens: csvTokens, using: &rng), "round \(round)") { read += 1 }
        }
        print("roster fuzz: \(inputs) mutated CSV files (UTF-8 and GBK), \(read) read")
    }

    func testMutatedWorksheetsAndDamagedZipsAreReadOrRefusedWithAPlace() throws {
        var rng = SeededGenerator(seed: 0x815_F022)
        let strings = ["姓名", "身份证号", "联系电话", "毕业院校", "专业", "学历", "毕业时间", "欧阳娜娜", "滨州学院", "应用化学", "本科"]
        let rows = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
        <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>\
        <row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2" t="inlineStr"><is><t>\(id1)</t></is></c>\
        <c r="C2"><v>1.3812345678E+10</v></c><c r="D2" t="s"><v>8</v></c><c r="E2" t="s"><v>9</v></c>\
        <c r="F2" t="s"><v>10</v></c><c r="G2" s="3"><v>46203</v></c></row>
        """
        let xmlTokens = ["<", ">", "</row>", "<row r=\"0\">", "<row r=\"99999999999\">", "<row r=\"9223372036854775807\"></row><row>", "r=\"XFD1048576\"", "r=\"A-1\"", "t=\"s\"",
                         "<v>99999</v>", "<v>-1</v>", "&amp;", "&#0;", "&bogus;", "]]>", "<![CDATA[", "\"", "<is><t>", "</c>", "<c>"]
        var workbooks: [[(String, String)]] = []
        for _ in 0..<400 {
            let sheet = String(decoding: mutate(Array(rows.utf8), tokens: xmlTokens, using: &rng), as: UTF8.self)
            var parts = RosterFixtures.workbook(sheetRows: sheet, strings: strings)
            if Bool.random(using: &rng), let index = parts.firstIndex(where: { $0.0.hasSuffix("sharedStrings.xml") }) {
                parts[index].1 = String(decoding: mutate(Array(parts[index].1.utf8), tokens: xmlTokens, using: &rng), as: UTF8.self)
            }
            workbooks.append(parts)
        }
        let zipped = try RosterFixtures.zipMany(workbooks)
        XCTAssertEqual(zipped.count, workbooks.count)
        var read = 0
        for (index, bytes) in zipped.enumerated() where importOnce(bytes, "workbook \(index)") { read += 1 }
        // Damage to the zip itself: flipped, cut and spliced bytes of a good workbook.
        let good = try RosterFixtures.zip(RosterFixtures.workbook(sheetRows: rows, strings: strings))
        XCTAssertTrue(importOnce(good, "the good workbook"))
        for round in 0..<1_200 {
            var bytes = good
            switch round % 3 {
            case 0: for _ in 0...Int.random(in: 0...3, using: &rng) { bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng) }
            case 1: bytes.removeLast(Int.random(in: 1..<bytes.count, using: &rng))
            default: bytes = mutate(bytes, tokens: ["PK\u{03}\u{04}", "PK\u{01}\u{02}", "PK\u{05}\u{06}"], using: &rng)
            }
            if importOnce(bytes, "zip round \(round)") { read += 1 }
        }
        print("roster fuzz: \(workbooks.count) mutated workbooks and 1200 damaged zips, \(read) read")
    }
}

extension RosterFixtures {
    /// Zips many workbooks in one python3 run (one process per workbook would dominate the test).
    static func zipMany(_ workbooks: [[(String, String)]]) throws -> [[UInt8]] {
        let list = JSONValue.array(workbooks.map { parts in .array(parts.map { .array([.string($0.0), .string($0.1)]) }) })
        let script = """
        import base64, io, json, sys, zipfile
        for parts in json.loads(sys.stdin.read()):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as z:
                for name, text in parts:
                    z.writestr(name, text.encode('utf-8', 'surrogatepass'))
            print(base64.b64encode(buffer.getvalue()).decode())
        """
        let out = try python(script, input: Data(JSONWriter.string(list).utf8))
        return String(decoding: out, as: UTF8.self).split(separator: "\n").map { [UInt8](Data(base64Encoded: String($0)) ?? Data()) }
    }
}
