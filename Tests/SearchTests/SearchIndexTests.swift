import Cases
import XCTest
@testable import Search

final class SearchIndexTests: XCTestCase {
    private let today = LocalDate(year: 2026, month: 11, day: 29)!

    private func record(_ id: String, name: String, residentID: String, phone: String? = nil, school: String = "滨州学院") -> CaseRecord {
        let person = Person(name: name, residentID: ResidentID(unchecked: residentID), phone: phone.map(PhoneNumber.init(unchecked:)))
        let opened = CaseOpened(counsellor: "wangfang", person: person,
                                details: .graduate(GraduateDetails(school: school, major: "应用化学", degree: .bachelor, graduated: today)))
        let event = Event(id: "E\(id)", writer: "desk-01", seq: 1, recorded: Timestamp.noon(of: today, offsetMinutes: 480),
                          effective: today, actor: "wangfang", caseID: id, body: .caseOpened(opened))
        return Caseload(events: [event])[id]!
    }

    private lazy var index: SearchIndex = {
        var index = SearchIndex()
        index.update([
            record("G-1", name: "张伟", residentID: "37160219990101001X", phone: "13812345678"),
            record("G-2", name: "欧阳娜娜", residentID: "371602200002020021", school: "中国石油大学(华东)"),
            record("G-3", name: "曾小凡", residentID: "371603200103030032"),
            record("G-4", name: "单田芳", residentID: "371621199904040043"),
            record("G-5", name: "Li Na", residentID: "370102199805050054"),
        ])
        return index
    }()

    private let all = ["G-1", "G-2", "G-3", "G-4", "G-5"]

    func testPinyinInitialsFullAndSyllables() {
        XCTAssertEqual(index.filter(all, matching: "zw"), ["G-1"])
        XCTAssertEqual(index.filter(all, matching: "zhangwei"), ["G-1"])
        XCTAssertEqual(index.filter(all, matching: "zhang wei"), ["G-1"])
        XCTAssertEqual(index.filter(all, matching: "oynn"), ["G-2"])
        XCTAssertEqual(index.filter(all, matching: "nana"), ["G-2"], "a match may start at any syllable")
        XCTAssertEqual(index.filter(all, matching: "angw"), [], "but not inside a syllable")
    }

    func testSurnameReadingsFromTable() {
        XCTAssertEqual(index.filter(all, matching: "zengxiaofan"), ["G-3"], "曾 as a surname is zēng")
        XCTAssertEqual(index.filter(all, matching: "shantianfang"), ["G-4"], "单 as a surname is shàn")
        XCTAssertEqual(Pinyin.syllables(of: "仇英"), ["qiu", "ying"])
        XCTAssertEqual(Pinyin.syllables(of: "区家豪"), ["ou", "jia", "hao"])
    }

    func testChineseAndLatinNames() {
        XCTAssertEqual(index.filter(all, matching: "娜娜"), ["G-2"])
        XCTAssertEqual(index.filter(all, matching: "li na"), ["G-5"])
    }

    func testResidentIDFullOrLastDigitsAndPhone() {
        XCTAssertEqual(index.filter(all, matching: "001X"), ["G-1"])
        XCTAssertEqual(index.filter(all, matching: "001x"), ["G-1"])
        XCTAssertEqual(index.filter(all, matching: "371603200103030032"), ["G-3"])
        XCTAssertEqual(index.filter(all, matching: "5678"), ["G-1"], "phone digits")
    }

    func testSchoolAndEmptyQuery() {
        XCTAssertEqual(index.filter(all, matching: "石油"), ["G-2"])
        XCTAssertEqual(index.filter(all, matching: "  "), all)
    }
}
