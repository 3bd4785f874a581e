import XCTest
import Cases

final class ChoiceTests: XCTestCase {
    func testParsesIdentifiersChineseAndEnglishLabels() throws {
        XCTAssertEqual(try GraduateDifficulty.parse("zero_employment_household"), .zero_employment_household)
        XCTAssertEqual(try GraduateDifficulty.parse("零就业家庭"), .zero_employment_household)
        XCTAssertEqual(try GraduateDifficulty.parse("Zero-Employment Household"), .zero_employment_household)
        XCTAssertEqual(try GraduateDifficulty.parse("zero employment household"), .zero_employment_household)
        XCTAssertEqual(try GraduateDifficulty.parse("  ZERO_EMPLOYMENT_HOUSEHOLD\u{3000}"), .zero_employment_household)
        XCTAssertEqual(try Degree.parse("本科"), .bachelor)
        XCTAssertEqual(try Degree.parse("Bachelor"), .bachelor)
        XCTAssertEqual(try ContactChannel.parse("电话"), .phone)
        XCTAssertEqual(try ContactChannel.parse("home visit"), .visit)
        XCTAssertEqual(try ContactChannel.parse("wechat"), .wechat)
        XCTAssertEqual(try ContactChannel.parse("微信"), .wechat)
        XCTAssertEqual(try DifficultyCategory.parse("4050人员"), .age_4050)
        XCTAssertEqual(try DifficultyCategory.parse("4050"), .age_4050)
        XCTAssertEqual(try ServiceKind.parse("micro-factory placement"), .micro_factory)
        XCTAssertEqual(try OutcomeKind.parse("灵活就业"), .flexible)
        XCTAssertEqual(try CaseKind.parse("高校毕业生"), .graduate)
        XCTAssertEqual(try CaseStatus.parse("已结案"), .closed)
    }

    /// Every value of every choice parses back from each of its three spellings.
    func testEveryValueParsesFromEachSpelling() throws {
        func check<C: Choice>(_ type: C.Type) throws {
            XCTAssertFalse(C.allCases.isEmpty)
            XCTAssertEqual(Set(C.allCases.map(\.chinese)).count, C.allCases.count, "\(C.self) Chinese labels are unique")
            XCTAssertEqual(Set(C.allCases.map { $0.english.lowercased() }).count, C.allCases.count, "\(C.self) English labels are unique")
            for value in C.allCases {
                for spelling in [value.rawValue, value.chinese, value.english, value.english.uppercased()] {
                    XCTAssertEqual(try C.parse(spelling), value, "\(C.self) '\(spelling)'")
                }
                XCTAssertEqual(value.label(chinese: true), value.chinese)
                XCTAssertEqual(value.label(chinese: false), value.english)
            }
            XCTAssertTrue(C.helpList.contains("\(C.allCases.first!.rawValue) (\(C.allCases.first!.chinese))"))
        }
        try check(CaseKind.self)
        try check(CaseStatus.self)
        try check(Degree.self)
        try check(GraduateDifficulty.self)
        try check(DifficultyCategory.self)
        try check(ContactChannel.self)
        try check(ServiceKind.self)
        try check(OutcomeKind.self)
    }

    func testParsesListsWithChineseAndASCIISeparators() throws {
        XCTAssertEqual(try DifficultyCategory.parseList("age_4050,disability"), [.age_4050, .disability])
        XCTAssertEqual(try DifficultyCategory.parseList("4050人员、残疾人"), [.age_4050, .disability])
        XCTAssertEqual(try DifficultyCategory.parseList("4050人员，零就业家庭"), [.age_4050, .zero_employment_household])
        XCTAssertEqual(try DifficultyCategory.parseList("残疾人、 long-term unemployed ，single_parent,"),
                       [.disability, .long_term_unemployed, .single_parent])
        XCTAssertEqual(try DifficultyCategory.parseList("残疾人,disability、残疾人"), [.disability], "duplicates are dropped")
        XCTAssertEqual(try GraduateDifficulty.parseList("零就业家庭"), [.zero_employment_household])
    }

    func testErrorsNameTheField() {
        assertValidationError({ () throws(ValidationError) in try Degree.parse("高中") }, field: "degree",
                              contains: "'高中' is not one of associate, bachelor, master, doctor")
        assertValidationError({ () throws(ValidationError) in try ContactChannel.parse("fax") }, field: "channel",
                              contains: "'fax' is not one of desk, phone, visit, wechat, sms")
        assertValidationError({ () throws(ValidationError) in try ContactChannel.parse("  ") }, field: "channel", contains: "is required")
        assertValidationError({ () throws(ValidationError) in try ContactChannel.parse("fax", field: "via") }, field: "via",
                              contains: "'fax' is not one of")
        assertValidationError({ () throws(ValidationError) in try DifficultyCategory.parseList("4050人员、退休") }, field: "category",
                              contains: "'退休' is not one of age_4050")
        assertValidationError({ () throws(ValidationError) in try DifficultyCategory.parseList(",，、") }, field: "category",
                              contains: "needs at least one value")
        assertValidationError({ () throws(ValidationError) in try DifficultyCategory.parseList("", field: "categories") },
                              field: "categories", contains: "needs at least one value")
        assertValidationError({ () throws(ValidationError) in try GraduateDifficulty.parseList("零就业家庭, nope") }, field: "difficulty",
                              contains: "'nope'")
        // A rejected value is not half-matched: a prefix of a label is not the label.
        assertValidationError({ () throws(ValidationError) in try ServiceKind.parse("job") }, field: "kind", contains: "'job'")
    }

    func testOutcomePlacementFlags() {
        let placing = Set(OutcomeKind.allCases.filter(\.isPlacement))
        XCTAssertEqual(placing, [.employed, .self_employed, .flexible, .public_welfare_post, .further_study, .enlisted])
        XCTAssertEqual(CaseKind.allCases.map(\.letter), ["G", "D", "U"])
    }
}
