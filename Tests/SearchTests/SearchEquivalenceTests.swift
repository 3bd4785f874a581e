import Cases
import XCTest
@testable import Search

/// The flat index must answer exactly as the per-case matcher it replaced (kept here as the
/// reference), on a seeded fixture of names, IDs, phones and places, for every kind of query,
/// before and after updates.
final class SearchEquivalenceTests: XCTestCase {
    private let today = LocalDate(year: 2026, month: 11, day: 29)!
    private let surnames = ["张", "王", "李", "欧阳", "曾", "单", "区", "赵", "陈", "刘", "黄", "周"]
    private let given = ["伟", "芳", "娜", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "桂英"]
    private let schools = ["滨州学院", "中国石油大学(华东)", "Shandong University", "滨州医学院"]
    private let employers = ["滨化集团", "魏桥创业", "Huawei", "京博控股"]

    private func records(_ count: Int, seed: UInt64) -> [CaseRecord] {
        var rng = Rng(state: seed)
        var events: [Event] = []
        for n in 0..<count {
            let id = "G-EQ\(String(format: "%05d", n))"
            let latin = rng.next(10) == 0
            let name = latin ? ["Li Na", "Wang Fang", "Zhang Wei"][rng.next(3)]
                : surnames[rng.next(surnames.count)] + given[rng.next(given.count)] + (rng.next(2) == 0 ? given[rng.next(given.count)] : "")
            let residentID = "3716" + String(format: "%02d", rng.next(30)) + "19" + String(format: "%010d", rng.next(1_000_000_000)) + (rng.next(11) == 0 ? "X" : String(rng.next(10)))
            let phone = rng.next(3) == 0 ? nil : "13" + String(format: "%09d", rng.next(1_000_000_000))
            let person = Person(name: name, residentID: ResidentID(unchecked: String(residentID.prefix(18))), phone: phone.map(PhoneNumber.init(unchecked:)))
            let opened = CaseOpened(counsellor: "wangfang", person: person,
                                    details: .graduate(GraduateDetails(school: schools[rng.next(schools.count)], major: "化学", degree: .bachelor, graduated: today)))
            events.append(event(id, n * 2, .caseOpened(opened)))
            if rng.next(2) == 0 {
                events.append(event(id, n * 2 + 1, .serviceRecorded(ServiceRecorded(kind: .job_recommendation, employer: employers[rng.next(employers.count)]))))
            }
        }
        return Array(Caseload(events: events).cases.values)
    }

    private func event(_ caseID: String, _ seq: Int, _ body: EventBody) -> Event {
        Event(id: "E\(seq)", writer: "desk-01", seq: seq + 1,
              recorded: Timestamp(millisecondsSinceEpoch: Timestamp.noon(of: today, offsetMinutes: 480).millisecondsSinceEpoch + Int64(seq), offsetMinutes: 480),
              effective: today, actor: "wangfang", caseID: caseID, body: body)
    }

    private func queries(_ records: [CaseRecord]) -> [String] {
        var result = ["zw", "zhang", "zhangwei", "wei", "angw", "oy", "ouyang", "nana", "zeng", "shan", "ou", "li na", "lina", "na",
                      "张", "欧阳", "秀英", "滨州", "华东", "huawei", "HUAWEI", "滨化", "university", "x", "1", "12", "123", "4567",
                      "13", "138", "1380", "0000", "371602", "X", "3x", "  ", "z", "q", "强", "王芳"]
        for record in records.prefix(40) {
            result.append(record.name)
            result.append(String(record.residentID.value.suffix(4)))
            result.append(String(record.residentID.value.suffix(7)))
            result.append(record.residentID.value)
            if let phone = record.person.phone?.value { result.append(String(phone.dropFirst(3).prefix(5))) }
            result.append(String(Pinyin.syllables(of: record.name).compactMap(\.first)))
            result.append(Pinyin.syllables(of: record.name).joined())
        }
        return result
    }

    func testFlatIndexMatchesTheReferenceMatcher() {
        let all = records(600, seed: 11)
        var index = SearchIndex()
        index.update(all)
        let ids = all.map(\.id)
        let reference = Dictionary(uniqueKeysWithValues: all.map { ($0.id, ReferenceEntry($0)) })
        func compare(_ label: String) {
            for text in queries(all) {
                let query = SearchQuery(text)
                let expected = query.isEmpty ? ids : ids.filter { reference[$0]!.matches(query) }
                XCTAssertEqual(index.filter(ids, matching: text), expected, "\(label): \"\(text)\"")
                if !query.isEmpty {
                    XCTAssertEqual(index.matchingIDs(query), Set(expected), "\(label): \"\(text)\"")
                }
            }
        }
        compare("built")
        // Re-index a third of the cases under new names and places, enough to compact.
        let changed = records(200, seed: 99)
        index.update(changed)
        let reindexed = changed.map { ($0.id, ReferenceEntry($0)) }
        var updated = reference
        for (id, entry) in reindexed { updated[id] = entry }
        for text in queries(all + changed) {
            let query = SearchQuery(text)
            let expected = query.isEmpty ? ids : ids.filter { updated[$0]!.matches(query) }
            XCTAssertEqual(index.filter(ids, matching: text), expected, "updated: \"\(text)\"")
        }
    }

    func testNarrowingEqualsAFreshSearch() {
        let all = records(400, seed: 5)
        var index = SearchIndex()
        index.update(all)
        for word in ["zhangwei", "ouyangna", "滨州学院", "huawei"] {
            var previous: SearchQuery?
            var results: Set<String> = []
            for length in 1...word.count {
                let query = SearchQuery(String(word.prefix(length)))
                if let previous, query.narrows(previous) {
                    results = index.narrowing(results, to: query)
                } else {
                    results = index.matchingIDs(query)
                }
                XCTAssertEqual(results, index.matchingIDs(query), "\(word.prefix(length))")
                previous = query
            }
        }
        XCTAssertFalse(SearchQuery("1234").narrows(SearchQuery("123")), "digits change fields at 4 and 6")
    }
}

private struct Rng {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// The matcher the index used before it was flattened, kept verbatim as the reference.
private struct ReferenceEntry {
    let name: [UInt8]
    let pinyin: [UInt8]
    let syllableStarts: [Int]
    let initials: [UInt8]
    let residentID: [UInt8]
    let phone: [UInt8]
    let places: [UInt8]

    init(_ record: CaseRecord) {
        name = Array(record.name.lowercased().utf8)
        let syllables = Pinyin.syllables(of: record.name)
        var starts: [Int] = []
        var offset = 0
        for syllable in syllables {
            starts.append(offset)
            offset += syllable.utf8.count
        }
        pinyin = Array(syllables.joined().utf8)
        syllableStarts = starts
        initials = syllables.compactMap { $0.utf8.first }
        residentID = Array(record.residentID.value.utf8)
        phone = Array((record.person.phone?.value ?? "").utf8)
        var placeNames: [String] = []
        switch record.details {
        case .graduate(let g): placeNames.append(g.school)
        case .unemployed(let u): placeNames.append(u.previousEmployer ?? "")
        case .difficulty: break
        }
        placeNames += record.services.compactMap(\.employer)
        placeNames += record.outcomes.compactMap(\.employer)
        places = Array(placeNames.joined(separator: "\n").lowercased().utf8)
    }

    func matches(_ query: SearchQuery) -> Bool {
        switch query.kind {
        case .digits:
            if residentID.ends(with: query.bytes) { return true }
            if query.bytes.count >= 4, phone.contains(subsequence: query.bytes) { return true }
            return query.bytes.count >= 6 && residentID.contains(subsequence: query.bytes)
        case .latin:
            if initials.starts(with: query.bytes) { return true }
            for start in syllableStarts where pinyin.count - start >= query.bytes.count {
                if pinyin[start...].starts(with: query.bytes) { return true }
            }
            return name.contains(subsequence: query.bytes) || places.contains(subsequence: query.bytes)
        case .text:
            return name.contains(subsequence: query.bytes) || places.contains(subsequence: query.bytes)
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }

    fileprivate func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        var index = 0
        while index <= count - needle.count {
            if self[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
