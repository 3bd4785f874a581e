import XCTest
import Cases

final class CaseloadResolveTests: XCTestCase {
    private let repeatID = makeResidentID(birth: "19950303", sequence: "411")
    private let closedOnlyID = makeResidentID(birth: "19960404", sequence: "512")

    private func makeCaseload() -> Caseload {
        var desk = EventScript(writer: "desk-01")
        desk.add("G-7KQ2M9X", Samples.graduateOpened(id: Samples.graduateID), at: 0)
        desk.add("G-7KQ3AAA", Samples.graduateOpened(id: Samples.otherID), at: 1)
        desk.add("D-7KQ2B00", Samples.difficultyOpened(), at: 2)
        // The same resident twice: an older closed case and a newer open one.
        desk.add("U-0OLD000", Samples.unemployedOpened(id: repeatID), at: 3)
        desk.add("U-0OLD000", .caseClosed(reason: "就业"), at: 4)
        desk.add("U-ZNEW111", Samples.unemployedOpened(id: repeatID), at: 5)
        // A resident whose cases are all closed.
        desk.add("U-1AAAAAA", Samples.unemployedOpened(id: closedOnlyID), at: 6)
        desk.add("U-1AAAAAA", .caseClosed(reason: "迁出"), at: 7)
        desk.add("U-2AAAAAA", Samples.unemployedOpened(id: closedOnlyID), at: 8)
        desk.add("U-2AAAAAA", .caseClosed(reason: "迁出"), at: 9)
        return Caseload(events: desk.events)
    }

    func testResolvesFullIDsAndUniquePrefixes() throws {
        let caseload = makeCaseload()
        let cases: [(String, String)] = [
            ("G-7KQ2M9X", "G-7KQ2M9X"),   // full id
            ("g-7kq2m9x", "G-7KQ2M9X"),   // typed in lower case
            (" G-7KQ2M9X\u{3000}", "G-7KQ2M9X"),
            ("G-7KQ2", "G-7KQ2M9X"),      // unique prefix with the kind letter
            ("G-7KQ3", "G-7KQ3AAA"),
            ("7KQ3", "G-7KQ3AAA"),        // prefix after "G-"
            ("7kq2m", "G-7KQ2M9X"),
            ("7KQ2B", "D-7KQ2B00"),
            ("D", "D-7KQ2B00"),
            ("ZNEW", "U-ZNEW111"),
        ]
        for (typed, expected) in cases {
            XCTAssertEqual(try caseload.resolve(typed).id, expected, "'\(typed)'")
        }
    }

    func testResolvesResidentIDNumbers() throws {
        let caseload = makeCaseload()
        XCTAssertEqual(try caseload.resolve(Samples.graduateID).id, "G-7KQ2M9X")
        XCTAssertEqual(try caseload.resolve("11010519491231002x").id, "G-7KQ2M9X")
        XCTAssertEqual(try caseload.resolve(repeatID).id, "U-ZNEW111", "the open case is preferred")
        XCTAssertEqual(try caseload.resolve(closedOnlyID).id, "U-2AAAAAA", "else the last in id order")
        XCTAssertEqual(caseload.cases(withResidentID: repeatID).map(\.id), ["U-0OLD000", "U-ZNEW111"])
    }

    func testAmbiguousPrefixNamesTheMatches() {
        let caseload = makeCaseload()
        assertValidationError({ () throws(ValidationError) in try caseload.resolve("7KQ2") }, field: "case",
                              contains: "'7KQ2' matches 2 cases (D-7KQ2B00, G-7KQ2M9X…); type more of the id")
        assertValidationError({ () throws(ValidationError) in try caseload.resolve("G-7KQ") }, field: "case",
                              contains: "matches 2 cases")
        assertValidationError({ () throws(ValidationError) in try caseload.resolve("U") }, field: "case",
                              contains: "'U' matches 4 cases (U-0OLD000, U-1AAAAAA, U-2AAAAAA…)")
    }

    func testNoMatch() {
        let caseload = makeCaseload()
        assertValidationError({ () throws(ValidationError) in try caseload.resolve("X-123") }, field: "case",
                              contains: "no case matches 'X-123'")
        let unknownID = makeResidentID(birth: "19770707")
        assertValidationError({ () throws(ValidationError) in try caseload.resolve(unknownID) },
                              field: "case", contains: "no case matches '\(ResidentID(unchecked: unknownID).masked)'")
        do {
            _ = try caseload.resolve(unknownID)
        } catch {
            XCTAssertFalse(error.description.contains(unknownID), "the typed ID number is masked in the error: \(error)")
        }
        assertValidationError({ () throws(ValidationError) in try caseload.resolve("  ") }, field: "case", contains: "is required")
        assertValidationError({ () throws(ValidationError) in try Caseload().resolve("G") }, field: "case", contains: "no case matches 'G'")
    }

    func testOpenDuplicateAndListings() throws {
        let caseload = makeCaseload()
        XCTAssertEqual(caseload.openDuplicate(of: ResidentID(unchecked: repeatID), kind: .unemployed)?.id, "U-ZNEW111")
        XCTAssertNil(caseload.openDuplicate(of: ResidentID(unchecked: repeatID), kind: .graduate))
        XCTAssertNil(caseload.openDuplicate(of: ResidentID(unchecked: closedOnlyID), kind: .unemployed))
        XCTAssertEqual(caseload.allCases.map(\.id),
                       ["D-7KQ2B00", "G-7KQ2M9X", "G-7KQ3AAA", "U-0OLD000", "U-1AAAAAA", "U-2AAAAAA", "U-ZNEW111"])
        XCTAssertEqual(caseload.counsellors, ["lijun", "wangfang", "zhaolei"])
    }
}
