import Cases
import XCTest
@testable import Roster

/// Every row is judged by `Intake.validate`; each kind of bad row is rejected with its field and
/// reason, duplicates are found in the office and within the file, and the rejects CSV keeps the
/// school's own columns.
final class RosterImportTests: XCTestCase {
    private func id(_ born: String, _ sequence: Int) -> String { RosterFixtures.residentID(born: born, sequence: sequence) }

    private func table(_ csv: String) throws -> RosterTable { try CSVReader.table(csv) }

    private func existingCaseload(graduateID: String) -> Caseload {
        let opened = CaseOpened(counsellor: "liuyang", person: Person(name: "旧生", residentID: ResidentID(unchecked: graduateID)),
                                details: .graduate(GraduateDetails(school: "滨州学院", major: "化学", degree: .bachelor,
                                                                   graduated: LocalDate(iso: "2026-06-30")!)))
        let event = Event(id: "E1", writer: "desk-01", seq: 1, recorded: .noon(of: RosterFixtures.today, offsetMinutes: 480),
                          effective: RosterFixtures.today, actor: "liuyang", caseID: "G-OLD0001", body: .caseOpened(opened))
        return Caseload(events: [event])
    }

    func testEachKindOfBadGraduateRowIsRejectedWithItsFieldAndReason() throws {
        let good = id("20030615", 2), existing = id("20030101", 15)
        let badCheck = RosterFixtures.badCheckDigit(id("20030202", 21))
        let csv = """
        姓名,身份证号,联系电话,专业,学历,毕业时间,备注
        欧阳娜娜,\(good),13812345678,应用化学,本科,2026-06-30,
        错号码,\(badCheck),,化学,本科,2026-06-30,
        ,\(id("20030303", 31)),,化学,本科,2026-06-30,无名
        短电话,\(id("20030404", 41)),1381234567,化学,本科,2026-06-30,
        小学生,\(id("20030505", 51)),,化学,小学,2026-06-30,
        月份错,\(id("20030606", 61)),,化学,本科,2026/13/01,
        太远,\(id("20030707", 71)),,化学,本科,2030-06-30,
        没专业,\(id("20030808", 81)),,,本科,2026-06-30,
        重复,\(good),13812345678,应用化学,本科,2026-06-30,
        老生,\(existing),,化学,本科,2026-06-30,
        \(String(repeating: "长", count: 41)),\(id("20030909", 91)),,化学,本科,2026-06-30,
        未出生,\(id("20270101", 11)),,化学,本科,2026-06-30,
        太小,\(id("20150101", 13)),,化学,本科,2026-06-30,
        """
        let plan = try RosterFixtures.plan(table(csv), kind: .graduate, defaults: [.school: "滨州学院"],
                                           existing: existingCaseload(graduateID: existing))
        XCTAssertEqual(plan.rowCount, 13)
        XCTAssertEqual(plan.additions.map(\.row), [2])
        let rejected = plan.rejections.map { "\($0.row) \($0.column ?? "-") \($0.field): \($0.reason)" }
        XCTAssertEqual(rejected, [
            "3 身份证号 id: check digit should be \(id("20030202", 21).last!)",
            "4 姓名 name: is required",
            "5 联系电话 phone: must be 11 digits, got 10",
            "6 学历 degree: '小学' is not one of associate, bachelor, master, doctor",
            "7 毕业时间 graduated: '2026-13-01' is not a real date",
            "8 毕业时间 graduated: 2030-06-30 is more than a year away",
            "9 专业 major: is required",
            "12 姓名 name: is longer than 40 characters",
            "13 身份证号 id: birth date 2027-01-01 is in the future",
            "14 毕业时间 graduated: 2026-06-30 is before the person turned 15",
        ])
        XCTAssertEqual(plan.duplicates.map(\.row), [10, 11])
        XCTAssertEqual(plan.duplicates[0].earlierRow, 2)
        XCTAssertEqual(plan.duplicates[1].existingCase, "G-OLD0001")
        XCTAssertEqual(plan.duplicates[1].existingStatus, .open)

        let opened = try XCTUnwrap(plan.additions.first?.opened)
        XCTAssertEqual(opened.details.graduate?.school, "滨州学院", "--school fills the missing column")
        XCTAssertEqual(opened.counsellor, "wangfang")
        XCTAssertEqual(opened.source, JSONObject([("file", "roster.csv"), ("sha256", "abc"), ("row", 2)]))
    }

    func testAnIDThatExcelTurnedIntoANumberIsExplained() throws {
        let plan = try RosterFixtures.plan(table("姓名,身份证号,登记日期\n王芳,3.71602199010100E+17,2026-11-01\n"), kind: .unemployed)
        XCTAssertEqual(plan.rejections.first?.field, "id")
        XCTAssertTrue(plan.rejections.first?.reason.contains("stored as a number in Excel") == true, "\(plan.rejections)")
        XCTAssertFalse(RosterValues.isExponentNumber("371602199010100048"))
        XCTAssertFalse(RosterValues.isExponentNumber("E+17"))
    }

    func testDifficultyAndUnemployedRowsAreJudgedByTheirOwnRules() throws {
        let difficulty = """
        姓名,身份证号,困难类别,认定日期,家庭编号
        张伟,\(id("19720512", 3)),4050人员；零就业家庭,2026/10/1,HH-1
        李强,\(id("19700101", 5)),富人,2026-10-01,
        王军,\(id("19710101", 7)),零就业家庭,2026-10-01,
        赵敏,\(id("19730101", 8)),残疾人,2027-01-01,
        """
        let planD = try RosterFixtures.plan(table(difficulty), kind: .difficulty)
        XCTAssertEqual(planD.additions.first?.opened.details.difficulty?.categories, [.age_4050, .zero_employment_household])
        XCTAssertEqual(planD.additions.first?.opened.details.difficulty?.identified.iso, "2026-10-01")
        XCTAssertEqual(planD.rejections.map { "\($0.row) \($0.field)" }, ["3 category", "4 household", "5 identified"])
        XCTAssertEqual(planD.rejections[1].reason, "is required for a zero-employment household")
        XCTAssertEqual(planD.rejections[2].reason, "2027-01-01 is in the future")

        let unemployed = """
        姓名,身份证号,失业登记日期,失业金截止
        王芳,\(id("19901010", 4)),20261101,2027.05
        刘强,\(id("19851010", 6)),2026-11-01,2026-10-01
        陈红,\(id("19861010", 8)),,2027-01-01
        """
        let planU = try RosterFixtures.plan(table(unemployed), kind: .unemployed)
        XCTAssertEqual(planU.additions.first?.opened.details.unemployed?.benefitUntil?.iso, "2027-05-31")
        XCTAssertEqual(planU.rejections.map { "\($0.row) \($0.field): \($0.reason)" }, [
            "3 benefit_until: 2026-10-01 is before the registration date 2026-11-01",
            "4 registered: is required",
        ])
    }

    func testRejectsCSVKeepsTheSchoolsColumnsAndAddsFieldAndReason() throws {
        let csv = "姓名,身份证号,专业,学历,毕业时间,毕业院校\n张三,123,化学,本科,2026-06-30,\"滨州学院,北校区\"\n李四,\(id("20030101", 3)),化学\n"
        let plan = try RosterFixtures.plan(table(csv), kind: .graduate)
        let bytes = RosterImport.rejectsCSV(plan, headers: try table(csv).headers)
        let rows = try CSVReader.records(RosterText.decode(bytes).text)
        XCTAssertEqual(rows[0], ["姓名", "身份证号", "专业", "学历", "毕业时间", "毕业院校", "错误字段", "错误原因"])
        XCTAssertEqual(rows[1], ["张三", "123", "化学", "本科", "2026-06-30", "滨州学院,北校区", "身份证号", "must be 18 characters, got 3"])
        XCTAssertEqual(rows[2], ["李四", id("20030101", 3), "化学", "", "", "", "毕业院校", "is required"])
    }

    func testSameRowsPlanTheSameWayTwiceAndNothingAfterTheyExist() throws {
        let csv = "姓名,身份证号,登记日期\n王芳,\(id("19901010", 4)),2026-11-01\n"
        let first = try RosterFixtures.plan(table(csv), kind: .unemployed)
        XCTAssertEqual(first.additions.count, 1)
        let opened = try XCTUnwrap(first.additions.first?.opened)
        let event = Event(id: "E9", writer: "desk-01", seq: 1, recorded: .noon(of: RosterFixtures.today, offsetMinutes: 480),
                          effective: RosterFixtures.today, actor: "wangfang", caseID: "U-NEW0001", body: .caseOpened(opened))
        var caseload = Caseload(events: [event])
        XCTAssertEqual(try RosterFixtures.plan(table(csv), kind: .unemployed, existing: caseload).additions.count, 0)
        // A closed case still counts: re-running last year's roster must not reopen people.
        caseload.apply(Event(id: "E10", writer: "desk-01", seq: 2, recorded: .noon(of: RosterFixtures.today, offsetMinutes: 480),
                             effective: RosterFixtures.today, actor: "wangfang", caseID: "U-NEW0001", body: .caseClosed(reason: "就业")))
        let again = try RosterFixtures.plan(table(csv), kind: .unemployed, existing: caseload)
        XCTAssertEqual(again.duplicates.first?.existingStatus, .closed)
        XCTAssertEqual(again.additions.count, 0)
    }
}
