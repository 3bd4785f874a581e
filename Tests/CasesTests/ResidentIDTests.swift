import XCTest
import Cases

final class ResidentIDTests: XCTestCase {
    private let today = day("2026-11-29")
    private let examples: [(id: String, check: Character)] = [("11010519491231002X", "X"), ("440524188001010014", "4")]

    func testAcceptsStandardExamples() throws {
        for (text, _) in examples {
            let id = try ResidentID.parse(text, today: today)
            XCTAssertEqual(id.value, text)
            XCTAssertEqual(id.value.count, 18)
        }
    }

    func testLowerCaseXIsStoredUpperCaseAndWhitespaceTrimmed() throws {
        XCTAssertEqual(try ResidentID.parse("11010519491231002x", today: today).value, "11010519491231002X")
        XCTAssertEqual(try ResidentID.parse(" \u{3000}11010519491231002x\t", today: today).value, "11010519491231002X")
    }

    func testEveryWrongCheckCharacterIsRejectedNamingTheRightOne() {
        let alphabet: [Character] = Array("0123456789X")
        for (text, check) in examples {
            let body = String(text.prefix(17))
            XCTAssertEqual(ResidentID.checkCharacter(for: body.map { $0.wholeNumberValue! }), check)
            let wrong = alphabet.filter { $0 != check }
            XCTAssertEqual(wrong.count, 10)
            for candidate in wrong {
                assertValidationError({ () throws(ValidationError) in try ResidentID.parse(body + String(candidate), today: today) },
                                      field: "id", contains: "check digit should be \(check)", "for \(body)\(candidate)")
                // The message is exactly that sentence, not merely containing it.
                do {
                    _ = try ResidentID.parse(body + String(candidate), today: today)
                } catch {
                    XCTAssertEqual(error.message, "check digit should be \(check)")
                }
            }
        }
    }

    func testRejectsMalformedNumbers() {
        let valid = makeResidentID()
        let cases: [(input: String, message: String)] = [
            ("", "is required"),
            ("   ", "is required"),
            (String(valid.prefix(17)), "must be 18 characters, got 17"),
            (valid + "1", "must be 18 characters, got 19"),
            ("37160219900101", "must be 18 characters, got 14"),
            ("3716021990010112A4", "character 17 'A' must be a digit"),
            ("37160219900101123Y", "character 18 'Y' must be a digit or X"),
            ("X71602199001011234", "character 1 'X' must be a digit"),
            ("37160２19900101123X", "character 6 '２' must be a digit"),  // full-width digit
            ("99" + String(valid.dropFirst(2)), "region code 991602 is not a valid province code"),
            ("00" + String(valid.dropFirst(2)), "is not a valid province code"),
            ("10" + String(valid.dropFirst(2)), "is not a valid province code"),
            (makeResidentID(birth: "19990230"), "birth date 19990230 is not a real date"),
            (makeResidentID(birth: "19991301"), "birth date 19991301 is not a real date"),
            (makeResidentID(birth: "19990100"), "is not a real date"),
            (makeResidentID(birth: "17991231"), "birth date 17991231 is not a real date"),  // before any living holder
            (makeResidentID(birth: "19000229"), "is not a real date"),  // 1900 was not a leap year
            (makeResidentID(birth: "20261130"), "birth date 2026-11-30 is in the future"),
            (makeResidentID(birth: "20270101"), "is in the future"),
        ]
        for (input, message) in cases {
            assertValidationError({ () throws(ValidationError) in try ResidentID.parse(input, today: today) },
                                  field: "id", contains: message, "for '\(input)'")
        }
    }

    func testBoundaryBirthDatesAreAccepted() throws {
        XCTAssertNoThrow(try ResidentID.parse(makeResidentID(birth: "20261129"), today: today))  // born today
        XCTAssertNoThrow(try ResidentID.parse(makeResidentID(birth: "20000229"), today: today))
        XCTAssertNoThrow(try ResidentID.parse(makeResidentID(birth: "18000101"), today: today))
        XCTAssertNoThrow(try ResidentID.parse(makeResidentID(region: "820000"), today: today))  // Macao
    }

    func testFieldNameIsTheCallers() {
        assertValidationError({ () throws(ValidationError) in try ResidentID.parse("1", today: today, field: "身份证") },
                              field: "身份证", contains: "must be 18 characters")
    }

    func testDerivesSexBirthDateAndAge() throws {
        let female = try ResidentID.parse("11010519491231002X", today: today)
        XCTAssertEqual(female.sex, .female)  // 17th digit 2
        XCTAssertEqual(female.birthDate, day("1949-12-31"))
        XCTAssertEqual(female.regionCode, "110105")
        XCTAssertEqual(female.age(on: day("2026-11-29")), 76)
        XCTAssertEqual(female.age(on: day("1999-12-30")), 49)
        XCTAssertEqual(female.age(on: day("1999-12-31")), 50)

        let male = try ResidentID.parse("440524188001010014", today: today)
        XCTAssertEqual(male.sex, .male)  // 17th digit 1
        XCTAssertEqual(male.birthDate, day("1880-01-01"))
        XCTAssertEqual(male.age(on: day("1930-01-01")), 50)
        XCTAssertEqual(male.age(on: day("1929-12-31")), 49)

        let leapling = try ResidentID.parse(makeResidentID(birth: "20000229", sequence: "002"), today: today)
        XCTAssertEqual(leapling.sex, .female)
        XCTAssertEqual(leapling.age(on: day("2018-02-28")), 17)
        XCTAssertEqual(leapling.age(on: day("2018-03-01")), 18)
    }

    func testMaskingKeepsRegionAndLastFour() throws {
        let id = try ResidentID.parse("11010519491231002X", today: today)
        XCTAssertEqual(id.masked, "110105********002X")
        XCTAssertEqual(id.description, id.masked)
        XCTAssertEqual(Masking.mask("1234", keepFirst: 3, keepLast: 4), "****")
    }

    func testUncheckedGarbageHasNoDerivedFacts() {
        let garbage = ResidentID(unchecked: "abc")
        XCTAssertNil(garbage.birthDate)
        XCTAssertNil(garbage.sex)
        XCTAssertNil(garbage.age(on: today))
    }
}

final class PhoneNumberTests: XCTestCase {
    func testValidNumbers() throws {
        let cases: [(input: String, stored: String)] = [
            ("13800138000", "13800138000"),
            ("19912345678", "19912345678"),
            ("138 0013 8000", "13800138000"),
            ("138-0013-8000", "13800138000"),
            ("+8613800138000", "13800138000"),
            ("+86 138 0013 8000", "13800138000"),
            ("\u{3000}15012345678 ", "15012345678"),
        ]
        for (input, stored) in cases {
            XCTAssertEqual(try PhoneNumber.parse(input).value, stored, "for '\(input)'")
        }
    }

    func testInvalidNumbers() {
        let cases: [(input: String, message: String)] = [
            ("", "is required"),
            ("+86", "is required"),
            ("138001380001", "must be 11 digits, got 12"),
            ("1380013800", "must be 11 digits, got 10"),
            ("8613800138000", "must be 11 digits, got 13"),  // country code without +
            ("12345678901", "must start with 13–19"),
            ("10012345678", "must start with 13–19"),
            ("23800138000", "must start with 13–19"),
            ("1380013800a", "must contain only digits"),
            ("abcdefghijk", "must contain only digits"),
            ("+85213800138000", "must contain only digits"),  // another country's prefix keeps its +
            ("138.0013.8000", "must contain only digits"),
            ("１３８００１３８０００", "must contain only digits"),  // full-width digits
        ]
        for (input, message) in cases {
            assertValidationError({ () throws(ValidationError) in try PhoneNumber.parse(input) },
                                  field: "phone", contains: message, "for '\(input)'")
        }
    }

    func testMasking() throws {
        let phone = try PhoneNumber.parse("13812345678")
        XCTAssertEqual(phone.masked, "138****5678")
        XCTAssertEqual("\(phone)", "138****5678")
    }
}
