import FuzzSupport
import XCTest
@testable import Cases

/// The caseload's table of records: found by id whatever was filed, replaced or removed before,
/// and equal to another table with the same records in any order.
final class CaseTableTests: XCTestCase {
    private func record(_ id: String, counsellor: String = "wangfang") -> CaseRecord {
        let opened = Samples.graduateOpened(id: Samples.graduateID)
        guard case .caseOpened(let body) = opened else { fatalError("a graduate opening") }
        return CaseRecord(id: id, kind: .graduate, person: body.person, details: body.details, counsellor: counsellor,
                          opened: day("2026-11-01"))
    }

    func testFilingReplacingAndRemovingKeepEveryIDOnItsRecord() {
        var table = CaseTable()
        var expected: [String: String] = [:]
        var random = SeededRandom(seed: 0xCA5E_7AB1E)
        let ids = (0..<40).map { "G-\($0)" }
        for step in 0..<600 {
            let id = ids.randomElement(using: &random)!
            if step % 3 == 2 {
                let removed = table.removeValue(forKey: id)
                XCTAssertEqual(removed?.counsellor, expected.removeValue(forKey: id), "step \(step)")
            } else {
                let counsellor = "c\(step)"
                let replaced = table.updateValue(record(id, counsellor: counsellor), forKey: id)
                XCTAssertEqual(replaced?.counsellor, expected[id], "step \(step)")
                expected[id] = counsellor
            }
            XCTAssertEqual(table.count, expected.count)
            for id in ids {
                XCTAssertEqual(table[id]?.counsellor, expected[id], "\(id) after step \(step)")
                XCTAssertEqual(table.contains(id), expected[id] != nil)
            }
            XCTAssertEqual(Set(table.keys), Set(expected.keys))
            XCTAssertEqual(table.values.map(\.id), Array(table.keys))
            for index in table.values.indices { XCTAssertEqual(table.slots[table.values[index].id], index) }
            XCTAssertEqual(table.slots.count, table.count)
        }
    }

    func testTablesWithTheSameRecordsAreEqualInAnyOrder() {
        var forward = CaseTable(), backward = CaseTable()
        for id in ["G-1", "G-2", "G-3"] { forward.updateValue(record(id), forKey: id) }
        for id in ["G-3", "G-2", "G-1"] { backward.updateValue(record(id), forKey: id) }
        XCTAssertEqual(forward, backward)
        backward.updateValue(record("G-2", counsellor: "liuyang"), forKey: "G-2")
        XCTAssertNotEqual(forward, backward, "a different record")
        backward.removeValue(forKey: "G-2")
        XCTAssertNotEqual(forward, backward, "a case fewer")
        XCTAssertNil(backward.removeValue(forKey: "G-2"), "removing twice")
    }

    func testAWarmOpensArrayBecomesTheTable() {
        var records = ["G-1", "G-2"].map { record($0) }
        let table = CaseTable(moving: &records, ids: ["G-1", "G-2"])
        XCTAssertTrue(records.isEmpty, "moved, not copied")
        XCTAssertEqual(table["G-2"]?.id, "G-2")
        XCTAssertNil(table["G-3"])
    }
}
