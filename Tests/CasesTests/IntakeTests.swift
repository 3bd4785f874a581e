import XCTest
import Cases

final class IntakeTests: XCTestCase {
    private let today = day("2026-11-29")
    private let graduateID = makeResidentID(birth: "20030512", sequence: "122")

    private var graduate: [IntakeField: String] {
        [.name: "王芳", .id: graduateID, .phone: "138 0013 8000", .hukou: "滨州市滨城区", .community: "市中街道",
         .education: "本科", .school: "滨州学院", .major: "软件工程", .degree: "本科", .graduated: "2026-06-30",
         .leftWithoutJob: "是", .difficulty: "零就业家庭、disabled_parent", .intentionSector: "IT", .intentionPlace: "济南",
         .intentionSalary: "5000"]
    }

    private var difficulty: [IntakeField: String] {
        [.name: "李娟", .id: makeResidentID(birth: "19800505", sequence: "246"), .category: "4050人员，零就业家庭",
         .identified: "2026-03-02", .certificate: "BZ-2026-0042", .household: "HH-17"]
    }

    private var unemployed: [IntakeField: String] {
        [.name: "赵磊", .id: makeResidentID(birth: "19850707", sequence: "135"), .registered: "2026-09-01",
         .registrationNumber: "SY-88", .previousEmployer: "滨州纺织厂", .industry: "纺织", .benefitUntil: "2027-03-01",
         .intentionSector: "物流"]
    }

    private func fields(for kind: CaseKind) -> [IntakeField: String] {
        switch kind {
        case .graduate: graduate
        case .difficulty: difficulty
        case .unemployed: unemployed
        }
    }

    private func assertRejects(_ kind: CaseKind, _ fields: [IntakeField: String], field: String, _ message: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        assertValidationError({ () throws(ValidationError) in
            try Intake.validate(kind: kind, fields: fields, counsellor: "wangfang", today: today)
        }, field: field, contains: message, "\(kind)", file: file, line: line)
    }

    private func changing(_ kind: CaseKind, _ changes: [IntakeField: String?]) -> [IntakeField: String] {
        var result = fields(for: kind)
        for (field, value) in changes { result[field] = value }
        return result
    }

    // MARK: Success

    func testGraduateSucceeds() throws {
        let opened = try Intake.validate(kind: .graduate, fields: graduate, counsellor: "wangfang", today: today)
        XCTAssertEqual(opened.kind, .graduate)
        XCTAssertEqual(opened.counsellor, "wangfang")
        XCTAssertEqual(opened.person.name, "王芳")
        XCTAssertEqual(opened.person.residentID.value, graduateID)
        XCTAssertEqual(opened.person.phone?.value, "13800138000")
        XCTAssertEqual(opened.person.hukouAddress, "滨州市滨城区")
        XCTAssertEqual(opened.person.community, "市中街道")
        XCTAssertEqual(opened.education, "本科")
        XCTAssertEqual(opened.details, .graduate(GraduateDetails(
            school: "滨州学院", major: "软件工程", degree: .bachelor, graduated: day("2026-06-30"), leftWithoutJob: true,
            intention: EmploymentIntention(sector: "IT", place: "济南", salary: "5000"),
            difficulty: [.zero_employment_household, .disabled_parent])))
    }

    func testDifficultySucceeds() throws {
        let opened = try Intake.validate(kind: .difficulty, fields: difficulty, counsellor: "lijun", today: today)
        XCTAssertEqual(opened.kind, .difficulty)
        XCTAssertNil(opened.person.phone)
        XCTAssertEqual(opened.details, .difficulty(DifficultyDetails(
            categories: [.age_4050, .zero_employment_household], identified: day("2026-03-02"),
            certificate: "BZ-2026-0042", household: "HH-17")))
        XCTAssertEqual(opened.details.household, "HH-17")
    }

    func testUnemployedSucceeds() throws {
        let opened = try Intake.validate(kind: .unemployed, fields: unemployed, counsellor: "zhaolei", today: today)
        XCTAssertEqual(opened.kind, .unemployed)
        XCTAssertEqual(opened.details, .unemployed(UnemployedDetails(
            registered: day("2026-09-01"), registrationNumber: "SY-88", previousEmployer: "滨州纺织厂", industry: "纺织",
            benefitUntil: day("2027-03-01"), intention: EmploymentIntention(sector: "物流"))))
    }

    func testOnlyRequiredFieldsAndShorthandDates() throws {
        for kind in CaseKind.allCases {
            var minimal = fields(for: kind).filter { IntakeField.required(for: kind).contains($0.key) }
            minimal[.category] = minimal[.category].map { _ in "残疾人" }  // a zero-employment household needs more
            minimal[.graduated] = minimal[.graduated].map { _ in "+30" }
            minimal[.identified] = minimal[.identified].map { _ in "t" }
            minimal[.registered] = minimal[.registered].map { _ in "y" }
            let opened = try Intake.validate(kind: kind, fields: minimal, counsellor: "w", today: today)
            XCTAssertEqual(opened.kind, kind)
            XCTAssertNil(opened.person.phone)
            switch opened.details {
            case .graduate(let g):
                XCTAssertEqual(g.graduated, day("2026-12-29"))
                XCTAssertTrue(g.leftWithoutJob)
                XCTAssertEqual(g.difficulty, [])
                XCTAssertTrue(g.intention.isEmpty)
            case .difficulty(let d): XCTAssertEqual(d.identified, today)
            case .unemployed(let u):
                XCTAssertEqual(u.registered, day("2026-11-28"))
                XCTAssertNil(u.benefitUntil)
            }
        }
        let notLeft = try Intake.validate(kind: .graduate, fields: changing(.graduate, [.leftWithoutJob: "no"]), counsellor: "w", today: today)
        XCTAssertEqual(notLeft.details.graduate?.leftWithoutJob, false)
        // Blank optional fields count as absent.
        let blank = try Intake.validate(kind: .unemployed, fields: changing(.unemployed, [.phone: "  ", .benefitUntil: ""]),
                                        counsellor: "w", today: today)
        XCTAssertNil(blank.person.phone)
        XCTAssertNil(blank.details.unemployed?.benefitUntil)
    }

    // MARK: Errors

    func testEachRequiredFieldMissing() {
        for kind in CaseKind.allCases {
            let required = IntakeField.required(for: kind)
            XCTAssertTrue(required.isSubset(of: Set(IntakeField.fields(for: kind))))
            for field in required {
                assertRejects(kind, changing(kind, [field: nil]), field: field.rawValue, "is required")
                assertRejects(kind, changing(kind, [field: " \u{3000}\t"]), field: field.rawValue, "is required")
            }
        }
        XCTAssertEqual(IntakeField.required(for: .graduate), [.name, .id, .school, .major, .degree, .graduated])
        XCTAssertEqual(IntakeField.required(for: .difficulty), [.name, .id, .category, .identified])
        XCTAssertEqual(IntakeField.required(for: .unemployed), [.name, .id, .registered])
    }

    func testBadResidentID() {
        for kind in CaseKind.allCases {
            var badCheck = fields(for: kind)[.id]!
            badCheck = String(badCheck.dropLast()) + (badCheck.last == "0" ? "1" : "0")
            assertRejects(kind, changing(kind, [.id: badCheck]), field: "id", "check digit should be")
            assertRejects(kind, changing(kind, [.id: "12345"]), field: "id", "must be 18 characters")
            assertRejects(kind, changing(kind, [.id: makeResidentID(birth: "20270101")]), field: "id", "is in the future")
        }
    }

    func testBadPhone() {
        for kind in CaseKind.allCases {
            assertRejects(kind, changing(kind, [.phone: "12345678901"]), field: "phone", "must start with 13–19")
            assertRejects(kind, changing(kind, [.phone: "1380013800"]), field: "phone", "must be 11 digits")
            assertRejects(kind, changing(kind, [.phone: "138-abc"]), field: "phone", "must contain only digits")
        }
    }

    func testBadNameAndOverlongFields() {
        assertRejects(.unemployed, changing(.unemployed, [.name: String(repeating: "王", count: 41)]), field: "name", "longer than 40")
        assertRejects(.unemployed, changing(.unemployed, [.name: "王\u{07}芳"]), field: "name", "control character")
        assertRejects(.unemployed, changing(.unemployed, [.industry: String(repeating: "x", count: 201)]), field: "industry",
                      "longer than 200 characters")
        XCTAssertNoThrow(try Intake.validate(kind: .unemployed, fields: changing(.unemployed, [.industry: String(repeating: "纺", count: 200)]),
                                             counsellor: "w", today: today))
    }

    func testBadDates() {
        assertRejects(.graduate, changing(.graduate, [.graduated: "2026-02-30"]), field: "graduated", "is not a real date")
        assertRejects(.graduate, changing(.graduate, [.graduated: "soon"]), field: "graduated", "is not a date")
        assertRejects(.difficulty, changing(.difficulty, [.identified: "2026.3.2"]), field: "identified", "is not a date")
        assertRejects(.difficulty, changing(.difficulty, [.identified: "2026/03/02"]), field: "identified", "'2026/03/02'")
        assertRejects(.difficulty, changing(.difficulty, [.identified: "2026-13-02"]), field: "identified", "is not a real date")
        assertRejects(.unemployed, changing(.unemployed, [.registered: "last week"]), field: "registered", "is not a date")
        assertRejects(.unemployed, changing(.unemployed, [.benefitUntil: "2027-02-29"]), field: "benefit_until", "is not a real date")
    }

    func testFutureIdentificationAndRegistration() {
        assertRejects(.difficulty, changing(.difficulty, [.identified: "2026-11-30"]), field: "identified", "2026-11-30 is in the future")
        assertRejects(.difficulty, changing(.difficulty, [.identified: "+1"]), field: "identified", "is in the future")
        assertRejects(.unemployed, changing(.unemployed, [.registered: "2027-01-01"]), field: "registered", "2027-01-01 is in the future")
        XCTAssertNoThrow(try Intake.validate(kind: .unemployed, fields: changing(.unemployed, [.registered: "today"]),
                                             counsellor: "w", today: today))
    }

    func testBenefitBeforeRegistration() {
        assertRejects(.unemployed, changing(.unemployed, [.benefitUntil: "2026-08-31"]), field: "benefit_until",
                      "2026-08-31 is before the registration date 2026-09-01")
        XCTAssertNoThrow(try Intake.validate(kind: .unemployed, fields: changing(.unemployed, [.benefitUntil: "2026-09-01"]),
                                             counsellor: "w", today: today))
    }

    func testZeroEmploymentHouseholdNeedsHouseholdID() {
        assertRejects(.difficulty, changing(.difficulty, [.household: nil]), field: "household",
                      "is required for a zero-employment household")
        assertRejects(.difficulty, changing(.difficulty, [.household: "  "]), field: "household", "is required")
        XCTAssertNoThrow(try Intake.validate(kind: .difficulty, fields: changing(.difficulty, [.household: nil, .category: "残疾人"]),
                                             counsellor: "w", today: today))
    }

    func testGraduationMoreThanAYearAway() {
        assertRejects(.graduate, changing(.graduate, [.graduated: today.adding(days: 367).iso]), field: "graduated",
                      "\(today.adding(days: 367).iso) is more than a year away")
        assertRejects(.graduate, changing(.graduate, [.graduated: "+400"]), field: "graduated", "more than a year away")
        XCTAssertNoThrow(try Intake.validate(kind: .graduate, fields: changing(.graduate, [.graduated: today.adding(days: 366).iso]),
                                             counsellor: "w", today: today))
    }

    func testGraduationBeforeFifteen() {
        assertRejects(.graduate, changing(.graduate, [.graduated: "2017-06-30"]), field: "graduated", "before the person turned 15")
    }

    func testBadChoices() {
        assertRejects(.graduate, changing(.graduate, [.degree: "高中"]), field: "degree", "'高中' is not one of")
        assertRejects(.graduate, changing(.graduate, [.difficulty: "零就业家庭、富裕"]), field: "difficulty", "'富裕'")
        assertRejects(.graduate, changing(.graduate, [.leftWithoutJob: "maybe"]), field: "left_without_job", "'maybe' is not yes or no")
        assertRejects(.difficulty, changing(.difficulty, [.category: "退休"]), field: "category", "'退休' is not one of")
        assertRejects(.difficulty, changing(.difficulty, [.category: "，"]), field: "category", "needs at least one value")
    }

    func testYesNo() throws {
        for yes in ["yes", "Y", "true", "1", "是", " YES "] { XCTAssertTrue(try Intake.parseYesNo(yes, field: "f"), yes) }
        for no in ["no", "N", "false", "0", "否"] { XCTAssertFalse(try Intake.parseYesNo(no, field: "f"), no) }
        assertValidationError({ () throws(ValidationError) in try Intake.parseYesNo("", field: "f") }, field: "f", contains: "is not yes or no")
    }

    func testSuggestsAge4050() {
        let cases: [(birth: String, sequence: String, expected: Bool)] = [
            ("19861129", "002", true),   // woman, 40 today
            ("19861130", "002", false),  // woman, 40 tomorrow
            ("19700101", "004", true),   // woman, 56
            ("19861129", "001", false),  // man, 40
            ("19761129", "001", true),   // man, 50 today
            ("19761130", "003", false),  // man, 50 tomorrow
            ("20030512", "122", false),  // young woman
        ]
        for (birth, sequence, expected) in cases {
            let id = ResidentID(unchecked: makeResidentID(birth: birth, sequence: sequence))
            XCTAssertEqual(Intake.suggestsAge4050(id, today: today), expected, "\(birth) \(sequence)")
        }
        XCTAssertFalse(Intake.suggestsAge4050(ResidentID(unchecked: "short"), today: today))
    }

    func testDateInputForms() throws {
        let cases: [(String, String)] = [
            ("t", "2026-11-29"), ("today", "2026-11-29"), ("今天", "2026-11-29"), ("y", "2026-11-28"), ("昨天", "2026-11-28"),
            ("+7", "2026-12-06"), ("-1", "2026-11-28"), ("+0", "2026-11-29"), ("2024-02-29", "2024-02-29"), (" T ", "2026-11-29"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try DateInput.parse(text, today: today, field: "on"), day(expected), text)
        }
        assertValidationError({ () throws(ValidationError) in try DateInput.parse("", today: today, field: "on") }, field: "on", contains: "is required")
        assertValidationError({ () throws(ValidationError) in try DateInput.parse("+x", today: today, field: "on") }, field: "on", contains: "is not a date")
        assertValidationError({ () throws(ValidationError) in try DateInput.parsePast("+1", today: today, field: "on") }, field: "on",
                              contains: "2026-11-30 is in the future")
        XCTAssertEqual(try DateInput.parsePast("t", today: today, field: "on"), today)
    }

    func testFieldListsPerKind() {
        XCTAssertEqual(IntakeField.fields(for: .difficulty).map(\.rawValue),
                       ["name", "id", "phone", "hukou", "community", "education", "category", "identified", "certificate", "household"])
        XCTAssertEqual(Set(CaseKind.allCases.flatMap(IntakeField.fields(for:))), Set(IntakeField.allCases))
    }
}
