import Cases
import XCTest
@testable import Screens

/// The prefix sorts (a radix sort when slots follow ids, a prefix-first comparison otherwise)
/// must give exactly the order `CaseRowTable.precedes` gives, whatever the keys hold.
final class CaseRowSortingTests: XCTestCase {
    private func randomKeys(_ count: Int, idsInSlotOrder: Bool, extremes: Bool, rng: inout SplitMix) -> [CaseRowTable.Keys] {
        let dates = [Int.min, -(1 << 45), -(1 << 40) - 1, -1, 0, 20_000, 20_001, 20_400, (1 << 40) - 1, 1 << 45, Int.max]
        // Names alike in their first three scalars, shorter and longer, Latin, and (with
        // extremes) one whose NFC form differs from its scalars.
        var names = ["张伟", "王芳", "李娜", "刘洋", "欧阳娜", "欧阳娜娜", "欧阳娜丽", "王", "Zoë", "Anna", "anna", "Ann"]
        if extremes { names.append("Zoe\u{308}") }
        var ids = (0..<count).map { String(format: "G-%05d", $0 * 7 % (count * 3)) }
        if idsInSlotOrder { ids.sort() }
        return ids.map { id in
            let flagged = rng.next(3) == 0
            func day() -> Int { extremes && rng.next(5) == 0 ? dates[rng.next(dates.count)] : 20_000 + rng.next(40) }
            return CaseRowTable.Keys(
                id: id, name: names[rng.next(names.count)], counsellor: "wangfang",
                kind: [.graduate, .difficulty, .unemployed][rng.next(3)], status: .open,
                severity: flagged ? rng.next(3) : -1,
                daysOverdue: flagged ? (extremes && rng.next(10) == 0 ? 1 << 21 : rng.next(4)) : 0,
                nextDue: rng.next(3) == 0 ? Int.max : day(), lastContact: rng.next(4) == 0 ? Int.min : day(), opened: day())
        }
    }

    private func assertSortsAgree(idsInSlotOrder: Bool, extremes: Bool, seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let keys = randomKeys(400, idsInSlotOrder: idsInSlotOrder, extremes: extremes, rng: &rng)
        // A listing's slots: ascending, some left out.
        let slots = keys.indices.filter { _ in rng.next(4) != 0 }
        for sort in Screens.SortOrder.allCases {
            var column = CaseRowTable.PrefixColumn(sort: sort, capacity: keys.count)
            for key in keys { column.append(key) }
            let expected = slots.sorted { CaseRowTable.precedes(keys[$0], keys[$1], sort) }
            let sorted = keys.withUnsafeBufferPointer {
                CaseRowTable.sorted(slots, keys: $0, prefixes: column, by: sort, slotsFollowIDs: idsInSlotOrder)
            }
            XCTAssertEqual(sorted, expected, "sort \(sort), ids in slot order \(idsInSlotOrder), extremes \(extremes)")
        }
    }

    func testTiesBrokenBySlotWhenSlotsFollowIDs() {
        for seed: UInt64 in 1...5 { assertSortsAgree(idsInSlotOrder: true, extremes: false, seed: seed) }
    }

    func testTiesComparedInFullWhenSlotsDoNotFollowIDs() {
        for seed: UInt64 in 1...5 { assertSortsAgree(idsInSlotOrder: false, extremes: false, seed: seed) }
    }

    /// Dates at the ends of Int, and days late past the prefix's 20 bits.
    func testKeysBeyondThePrefixStillSortExactly() {
        for seed: UInt64 in 1...5 {
            assertSortsAgree(idsInSlotOrder: true, extremes: true, seed: seed)
            assertSortsAgree(idsInSlotOrder: false, extremes: true, seed: seed)
        }
    }

    /// Dates past the urgency prefix's 41 bits would collide there: such keys are sorted by
    /// comparison, not by a radix sort that would leave them in slot order.
    func testDatesBeyondThePrefixAreNotLeftInSlotOrder() {
        func key(_ id: String, nextDue: Int) -> CaseRowTable.Keys {
            CaseRowTable.Keys(id: id, name: "张伟", counsellor: "wangfang", kind: .graduate, status: .open, severity: -1,
                              daysOverdue: 0, nextDue: nextDue, lastContact: Int.min, opened: 0)
        }
        let keys = [key("A", nextDue: -(1 << 45)), key("B", nextDue: Int.min)]
        var column = CaseRowTable.PrefixColumn(sort: .urgency, capacity: 2)
        keys.forEach { column.append($0) }
        XCTAssertFalse(column.exact)
        let sorted = keys.withUnsafeBufferPointer {
            CaseRowTable.sorted([0, 1], keys: $0, prefixes: column, by: .urgency, slotsFollowIDs: true)
        }
        XCTAssertEqual(sorted, [1, 0], "Int.min is due first")
    }

    func testRadixSortIsStable() {
        var rng = SplitMix(seed: 9)
        var pairs = (0..<5_000).map { CaseRowTable.PrefixedSlot(prefix: UInt64(rng.next(50)) << UInt64(rng.next(60)), slot: $0) }
        let expected = pairs.sorted { ($0.prefix, $0.slot) < ($1.prefix, $1.slot) }.map(\.slot)
        CaseRowTable.radixSort(&pairs)
        XCTAssertEqual(pairs.map(\.slot), expected)
    }
}
