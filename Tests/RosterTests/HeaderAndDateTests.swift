import Cases
import XCTest
@testable import Roster

/// Header recognition, `--map`, and the dates rosters hold.
final class HeaderAndDateTests: XCTestCase {
    func testChineseHeadersMapToIntakeFieldsPerKind() throws {
        let graduate = try RosterColumns.map(headers: ["序号", "姓名", "公民身份号码", "手机号", "毕业院校", "专业", "学历", "毕业日期",
                                                       "困难毕业生类别", "户籍地址", "现居住地", "就业意向", "备注"], kind: .graduate)
        XCTAssertEqual(graduate.columns, [.name: 1, .id: 2, .phone: 3, .school: 4, .major: 5, .degree: 6, .graduated: 7,
                                          .difficulty: 8, .hukou: 9, .community: 10, .intentionSector: 11])
        XCTAssertEqual(graduate.unused, ["序号", "备注"])
        XCTAssertEqual(graduate.header(for: .id), "公民身份号码")

        let difficulty = try RosterColumns.map(headers: ["姓名", "身份证号码", "人员类别", "认定日期", "证书编号", "家庭编号", "学历"], kind: .difficulty)
        XCTAssertEqual(difficulty.columns, [.name: 0, .id: 1, .category: 2, .identified: 3, .certificate: 4, .household: 5, .education: 6])

        let unemployed = try RosterColumns.map(headers: ["姓名", "身份证号", "失业登记日期", "登记编号", "原工作单位", "行业",
                                                         "领取失业保险金截止日期", "联系电话"], kind: .unemployed)
        XCTAssertEqual(unemployed.columns, [.name: 0, .id: 1, .registered: 2, .registrationNumber: 3, .previousEmployer: 4,
                                            .industry: 5, .benefitUntil: 6, .phone: 7])
    }

    func testEnglishHeadersSpacingMarksAndFullWidthAreForgiven() throws {
        let mapping = try RosterColumns.map(headers: ["Name", "ID Number", "phone", "Major", "degree", "Graduated", "School",
                                                      " 身份证号 ", "＊姓名（必填）"], kind: .graduate)
        XCTAssertEqual(mapping.columns[.name], 0)
        XCTAssertEqual(mapping.columns[.id], 1)
        XCTAssertEqual(mapping.columns[.school], 6)
        XCTAssertEqual(mapping.unused, [" 身份证号 ", "＊姓名（必填）"], "a second column for a field is reported, not used")
        XCTAssertEqual(RosterColumns.field(for: "＊姓名（必填）", kind: .graduate), .name)
        XCTAssertEqual(RosterColumns.field(for: "left_without_job", kind: .graduate), .leftWithoutJob)
        XCTAssertNil(RosterColumns.field(for: "毕业院校", kind: .unemployed), "a field the kind does not have is not mapped")
    }

    func testATitleRowAboveTheHeaderIsSkipped() throws {
        let csv = "滨州学院2026届离校未就业毕业生花名册,,,\n填报单位：就业指导中心,,,\n序号,姓名,身份证号,专业\n1,张三,1,化学\n2,,,\n3,,,\n"
        let read = try CSVReader.table(csv)
        XCTAssertEqual(read.headers.first, "滨州学院2026届离校未就业毕业生花名册")
        let located = RosterColumns.locateHeader(read, kind: .graduate)
        XCTAssertEqual(located.headers, ["序号", "姓名", "身份证号", "专业"])
        XCTAssertEqual(located.headerRow, 3)
        XCTAssertEqual(located.rows.map(\.number), [4, 5, 6])
        XCTAssertEqual(RosterColumns.locateHeader(located, kind: .graduate), located, "a recognised header stays")
        let plan = try RosterFixtures.plan(located, kind: .graduate)
        XCTAssertEqual(plan.rowCount, 1, "numbered rows with nothing else in them are not people")
        XCTAssertEqual(plan.rejections.map(\.row), [4])
    }

    func testMapOverridesRecognitionAndUnknownFieldsAreRefused() throws {
        let headers = ["名字", "证件", "失业证号", "序号"]
        let mapping = try RosterColumns.map(headers: headers, kind: .unemployed,
                                            overrides: [("证件", "id"), ("失业证号", "registration_no"), ("名字", "ignore")])
        XCTAssertEqual(mapping.columns, [.id: 1, .registrationNumber: 2])
        XCTAssertEqual(mapping.unused, ["名字", "序号"])
        XCTAssertEqual(RosterColumns.missingRequired(mapping, kind: .unemployed, defaults: []), [.name, .registered])

        XCTAssertThrowsError(try RosterColumns.map(headers: headers, kind: .unemployed, overrides: [("证件", "idnumbr")])) { error in
            XCTAssertEqual((error as? ValidationError)?.field, "map")
            XCTAssertTrue("\(error)".contains("'idnumbr' is not a field"), "\(error)")
        }
        XCTAssertThrowsError(try RosterColumns.map(headers: headers, kind: .unemployed, overrides: [("证件", "school")])) { error in
            XCTAssertTrue("\(error)".contains("not a field of unemployed"), "\(error)")
        }
        XCTAssertThrowsError(try RosterColumns.map(headers: headers, kind: .unemployed, overrides: [("户籍", "hukou")])) { error in
            XCTAssertTrue("\(error)".contains("no column '户籍'"), "\(error)")
        }
    }

    func testRosterDateFormatsNormaliseToISO() {
        let cases: [(String, RosterDates.MonthOnly, Bool, String)] = [
            ("2025-06-30", .firstDay, false, "2025-06-30"),
            ("2025/6/30", .firstDay, false, "2025-06-30"),
            ("2025.6.3", .firstDay, false, "2025-06-03"),
            ("20250630", .firstDay, false, "2025-06-30"),
            ("2025年6月30日", .firstDay, false, "2025-06-30"),
            ("2025/6/30 0:00", .firstDay, false, "2025-06-30"),
            ("2025-06-30T00:00:00", .firstDay, false, "2025-06-30"),
            ("２０２５／６／３０", .firstDay, false, "2025-06-30"),
            ("2025.06", .firstDay, false, "2025-06-01"),
            ("2025.06", .lastDay, false, "2025-06-30"),
            ("2024年2月", .lastDay, false, "2024-02-29"),
            ("202506", .lastDay, false, "2025-06-30"),
            ("45838", .firstDay, true, "2025-06-30"),
            ("45838.75", .firstDay, true, "2025-06-30"),
            ("45838", .firstDay, false, "45838"),
            ("2025.06", .firstDay, true, "2025-06-01"),
            ("2025/2/30", .firstDay, false, "2025-02-30"),
            ("t", .firstDay, false, "t"),
            ("明年", .firstDay, false, "明年"),
            ("25/6/30", .firstDay, false, "25/6/30"),
        ]
        for (text, monthOnly, serial, expected) in cases {
            XCTAssertEqual(RosterDates.normalise(text, excelSerial: serial, monthOnly: monthOnly), expected, text)
        }
    }

    func testValueCleaning() {
        XCTAssertEqual(RosterValues.normalise(.id, " '３７１６０２２００３０６１５００２x ", excelSerialDates: false), "37160220030615002x")
        XCTAssertEqual(RosterValues.normalise(.phone, "138 1234 5678", excelSerialDates: false), "13812345678")
        XCTAssertEqual(RosterValues.normalise(.degree, "硕士研究生", excelSerialDates: false), "硕士")
        XCTAssertEqual(RosterValues.normalise(.category, "4050人员；零就业家庭", excelSerialDates: false), "4050人员、零就业家庭")
        XCTAssertEqual(RosterValues.normalise(.major, " 护理 ", excelSerialDates: false), "护理")
    }
}
