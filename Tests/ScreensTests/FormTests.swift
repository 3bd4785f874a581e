import Cases
import Foundation
import Journal
import Office
import Terminal
import XCTest
@testable import Screens

/// Form fields as a counsellor meets them: readline text, pickers with type-ahead, checks as a
/// field is left, saving, and the intake of each kind.
final class FormTests: XCTestCase {
    // MARK: Fields

    func testTextFieldEditsLikeReadlineOnMixedWidthText() throws {
        let fixture = try ScreenFixture()
        let form = try fixture.newCase()
        _ = fixture.type("欧阳 Nana")
        fixture.press(.ctrl("w"))
        XCTAssertEqual(form.value("name"), "欧阳 ")
        fixture.press(.backspace, .backspace)
        XCTAssertEqual(form.value("name"), "欧", "Backspace removes a whole wide character")
        fixture.press(.home)
        _ = fixture.type("大")
        fixture.press(.left, .right, .right)
        _ = fixture.type("娜")
        XCTAssertEqual(form.value("name"), "大欧娜", "←/→ move the cursor in a text field; they do not cycle")
        let frame = fixture.press(.ctrl("a"))
        let cursor = try XCTUnwrap(frame.cursor)
        XCTAssertEqual(frame.position(of: "大欧娜")?.col, cursor.col, "Ctrl-A puts the cursor before the first wide character")
        fixture.press(.ctrl("e"), .left, .ctrl("k"))
        XCTAssertEqual(form.value("name"), "大欧")
        fixture.press(.ctrl("u"))
        XCTAssertEqual(form.value("name"), "")
        _ = fixture.type("Li Na")
        fixture.press(.ctrl("a"), .char(" "))
        XCTAssertEqual(form.value("name"), " Li Na", "Space types a space in a text field")
    }

    func testPickerTypeAheadSelectsByIdEnglishOrChinese() {
        var degree = ChoicePicker(options: ChoiceOption.all(Degree.self), multiple: false)
        XCTAssertEqual(degree.value, "")
        XCTAssertTrue(degree.type("b"))
        XCTAssertEqual(degree.value, "bachelor")
        degree.resetTyped()
        XCTAssertTrue(degree.type("硕"))
        XCTAssertEqual(degree.value, "master", "the Chinese label matches")
        degree.resetTyped()
        XCTAssertTrue(degree.type("c"))
        XCTAssertTrue(degree.type("t"))
        XCTAssertEqual(degree.value, "doctor", "no option starts with 'ct', one contains it")
        XCTAssertFalse(degree.type("z"), "a character that matches nothing is refused")
        XCTAssertEqual(degree.typed, "ct")
        degree.cycle(by: 1)
        XCTAssertEqual(degree.value, "associate", "→ wraps around")
        degree.cycle(by: -1)
        XCTAssertEqual(degree.value, "doctor")
        degree.backspace()
        XCTAssertEqual(degree.value, "", "Backspace with nothing typed clears the choice")

        var categories = ChoicePicker(options: ChoiceOption.all(DifficultyCategory.self), multiple: true)
        for character in "disab" { categories.type(character) }
        categories.toggle()
        for character in "零就业" { categories.type(character) }
        categories.toggle()
        XCTAssertEqual(categories.value, "disability,zero_employment_household")
        categories.toggle()
        XCTAssertEqual(categories.value, "disability", "Space toggles the highlighted option off again")
        categories.set("4050人员, long_term_unemployed")
        XCTAssertEqual(categories.value, "age_4050,long_term_unemployed", "labels and ids both set a value")
        XCTAssertEqual(try DifficultyCategory.parseList(categories.value), [.age_4050, .long_term_unemployed])
    }

    func testErrorsAppearBesideTheFieldAsItIsLeft() throws {
        let fixture = try ScreenFixture()
        _ = try fixture.newCase()
        _ = fixture.type("欧阳娜娜")
        fixture.press(.tab)
        _ = fixture.type("371602200403120021")
        var frame = fixture.frame
        XCTAssertFalse(fixture.row(frame, "ID number").contains("✗"), "no error while typing")
        frame = fixture.press(.tab)
        XCTAssertTrue(fixture.row(frame, "ID number").contains("✗ check digit should be 0"), frame.dump())
        _ = fixture.type("1381234567")
        frame = fixture.press(.down)
        XCTAssertTrue(fixture.row(frame, "Phone").contains("✗ must be 11 digits, got 10"), frame.dump())
        // Fixing the ID clears its error and shows what the ID tells.
        frame = fixture.press(.up, .up, .backspace)
        _ = fixture.type("0")
        frame = fixture.press(.tab)
        XCTAssertFalse(fixture.row(frame, "ID number").contains("✗"), frame.dump())
        XCTAssertTrue(fixture.row(frame, "ID number").contains("born 2004-03-12 · female · 22"), frame.dump())
        // An ID with an open case of this kind is pointed out as soon as it is left.
        frame = fixture.press(.up, .ctrl("u"))
        _ = fixture.type("371602200306150025")
        frame = fixture.press(.tab)
        XCTAssertTrue(fixture.row(frame, "ID number").contains("⚠ already has an open Graduate case G-OYNN001 (欧阳娜娜)"), frame.dump())
    }

    func testSavingWithErrorsGoesToTheFirstBadFieldAndWritesNothing() throws {
        let fixture = try ScreenFixture()
        let form = try fixture.newCase()
        let before = fixture.session.caseload.eventCount
        _ = fixture.type("张三")
        fixture.press(.tab, .tab)
        _ = fixture.type("12345")
        fixture.press(.tab, .tab, .tab, .tab)
        _ = fixture.type("滨州学院")
        let frame = fixture.press(.ctrl("s"))
        XCTAssertEqual(form.focusedField?.key, "id", "the ID (empty, required) is the first bad field")
        XCTAssertEqual(form.errors["id"], "is required")
        XCTAssertEqual(form.errors["phone"], "must be 11 digits, got 5")
        XCTAssertEqual(form.errors["major"], "is required")
        XCTAssertTrue(frame.contains("Not saved:"), frame.dump())
        XCTAssertEqual(fixture.session.caseload.eventCount, before)
    }

    func testDatesAreNormalisedAndRelativeInputWorks() throws {
        let fixture = try ScreenFixture()
        let form = try fixture.newCase()
        for _ in 0..<9 { fixture.press(.tab) }
        XCTAssertEqual(form.focusedField?.key, "graduated")
        _ = fixture.type("-30")
        fixture.press(.tab)
        XCTAssertEqual(form.value("graduated"), "2026-10-28")
        fixture.press(.up, .ctrl("u"))
        _ = fixture.type("2026-02-30")
        fixture.press(.tab)
        XCTAssertEqual(form.errors["graduated"], "'2026-02-30' is not a real date")
    }

    // MARK: Intake

    func testGraduateIntakeSavesOneEventAndOpensTheCase() throws {
        let fixture = try ScreenFixture()
        _ = try fixture.newCase()
        let before = fixture.session.caseload.eventCount
        for (text, tabs) in [("欧阳娜娜", 1), ("371602200403120020", 1), ("13912345678", 4), ("滨州学院", 1), ("应用化学", 1), ("本", 1), ("2026-06-30", 1)] {
            _ = fixture.type(text)
            for _ in 0..<tabs { fixture.press(.tab) }
        }
        let frame = fixture.press(.ctrl("s"))
        XCTAssertEqual(fixture.session.caseload.eventCount, before + 1, frame.dump())
        guard case .caseOpened(let opened) = fixture.events.last?.body else { return XCTFail("expected case_opened") }
        XCTAssertEqual(opened.person.name, "欧阳娜娜")
        XCTAssertEqual(opened.details.graduate?.degree, .bachelor)
        XCTAssertEqual(opened.details.graduate?.leftWithoutJob, true)
        XCTAssertTrue(fixture.app.stack.last is CaseScreen, "the new case opens")
        XCTAssertTrue(frame.contains("Saved: new case G-"), frame.dump())
        XCTAssertTrue(frame.contains("1+3+1+1 package: 0/1 · 0/3 · 0/1 · 0/1"), frame.dump())
    }

    func testDifficultyIntakeOffers4050FromTheID() throws {
        let fixture = try ScreenFixture()
        let form = try fixture.newCase(kind: "diff")
        XCTAssertTrue(form.fields.contains { $0.key == "category" }, "the difficulty fields replace the graduate ones")
        _ = fixture.type("李强")
        fixture.press(.tab)
        _ = fixture.type("371625196804200027")
        var frame = fixture.press(.tab)
        XCTAssertTrue(fixture.row(frame, "ID number").contains("born 1968-04-20 · female · 58 years · fits 4050"), frame.dump())
        XCTAssertTrue(fixture.row(frame, "Categories").contains("Space adds it"), frame.dump())
        while form.focusedField?.key != "category" { fixture.press(.tab) }
        frame = fixture.press(.char(" "))
        XCTAssertEqual(form.value("category"), "age_4050")
        fixture.press(.tab)
        _ = fixture.type("t")
        fixture.press(.ctrl("s"))
        guard case .caseOpened(let opened) = fixture.events.last?.body else { return XCTFail("expected case_opened: \(fixture.frame.dump())") }
        XCTAssertEqual(opened.details.difficulty?.categories, [.age_4050])
        XCTAssertEqual(opened.details.difficulty?.identified, ScreenFixture.today)
    }

    func testDuplicateOffersToOpenTheExistingCase() throws {
        let fixture = try ScreenFixture()
        _ = try fixture.newCase()
        for (text, tabs) in [("欧阳娜娜", 1), ("371602200306150025", 5), ("滨州学院", 1), ("应用化学", 1), ("b", 1), ("2026-06-30", 1)] {
            _ = fixture.type(text)
            for _ in 0..<tabs { fixture.press(.tab) }
        }
        let before = fixture.session.caseload.eventCount
        var frame = fixture.press(.ctrl("s"))
        XCTAssertTrue(frame.contains("already has an open Graduate case G-OYNN001 (欧阳娜娜)"), frame.dump())
        XCTAssertTrue(fixture.app.stack.last is ConfirmDialog)
        frame = fixture.press(.char("y"))
        XCTAssertEqual((fixture.app.stack.last as? CaseScreen)?.caseID, "G-OYNN001", frame.dump())
        XCTAssertEqual(fixture.session.caseload.eventCount, before, "nothing was written")
        XCTAssertEqual(fixture.app.stack.count, 2, "the form was replaced, not left underneath")
    }
}
