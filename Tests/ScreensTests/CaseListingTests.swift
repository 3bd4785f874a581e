import Cases
import Foundation
import Journal
import Office
import Rules
import Search
import XCTest
@testable import Screens

/// The caseload list kept incrementally (row keys per case, sorted orders patched after each
/// change) must list exactly what building every row from scratch and sorting lists.
final class CaseListingTests: XCTestCase {
    private var root: String?

    override func tearDown() {
        if let root { try? FileManager.default.removeItem(atPath: root) }
        super.tearDown()
    }

    private func openSession() throws -> OfficeSession {
        let today = LocalDate(year: 2026, month: 11, day: 27)!
        let path = NSTemporaryDirectory() + "caseload-listing-\(UUID().uuidString)"
        root = path
        let directory = DataDirectory(path)
        try directory.prepare()
        try directory.writeText(directory.config, OfficeConfig(office: "滨城区就业服务中心", writer: "desk-01").render())
        let store = try CaseStore(directory: directory, forWriting: true,
                                  clock: FixedClock(Timestamp.noon(of: today, offsetMinutes: 480), stepMilliseconds: 1000))
        return OfficeSession(store: store, rules: OfficeRules(), user: "wangfang", today: today)
    }

    private static let filters: [CaseFilter] = try! ["", "kind:difficulty", "severity:overdue", "status:any",
                                                     "counsellor:liuyang school:滨州", "severity:due status:open"].map(CaseFilter.parse)
    private static let searches = ["", "zw", "张", "li", "0001"]

    /// Four random listings of `table` at the session's revision, each against a rebuild from scratch.
    private func assertListingsMatch(_ table: CaseRowTable, _ session: OfficeSession, step: Int, rng: inout SplitMix) {
        for _ in 0..<4 {
            let mine = rng.next(2) == 0
            let filter = Self.filters[rng.next(Self.filters.count)]
            let search = Self.searches[rng.next(Self.searches.count)]
            let sort = Screens.SortOrder.allCases[rng.next(Screens.SortOrder.allCases.count)]
            let key = CaseListing.Key(revision: session.revision, mine: mine, search: search, filter: filter, sort: sort)
            let query = SearchQuery(search)
            let listing = CaseListing(key: key, table: table, session: session,
                                      matches: query.isEmpty ? nil : session.search.matchingIDs(query))
            for tab in 0..<4 {
                let listed = listing.tabs[tab].map { table.keys[$0].id }
                XCTAssertEqual(listed, ListingReference.ids(session, mine: mine, filter: filter, search: search, sort: sort, tab: tab),
                               "step \(step), mine \(mine), filter \(filter), search \"\(search)\", sort \(sort), tab \(tab)")
            }
        }
    }

    func testIncrementalListingEqualsAFullRebuild() throws {
        let session = try openSession()
        var rng = SplitMix(seed: 21)
        let ids = try RandomOffice.populate(session, cases: 60, rng: &rng)
        let table = CaseRowTable()
        for step in 0..<60 {
            try session.record(RandomOffice.edit(today: session.today, rng: &rng), caseID: ids[rng.next(ids.count)])
            table.sync(session)
            assertListingsMatch(table, session, step: step, rng: &rng)
        }
    }

    /// Slots in id order (as after a warm open) sort by radix; cases opened later take the next
    /// slots, with an id after the others (slots still follow ids) and then before them (they no
    /// longer do), each patched into every order sorted so far and into the remembered listing.
    func testIncrementalListingEqualsAFullRebuildWhenSlotsFollowIDs() throws {
        let session = try openSession()
        var rng = SplitMix(seed: 7)
        var ids = try RandomOffice.populate(session, cases: 60, rng: &rng, prefix: "M")
        let table = CaseRowTable()
        table.sync(session)
        XCTAssertTrue(table.slotsFollowIDs)
        for sort: Screens.SortOrder in [.name, .lastContact] { _ = table.order(sort) }
        for step in 0..<60 {
            if step == 20 || step == 40 {
                let id = step == 20 ? "Z-T000001" : "A-T000001"
                try session.record(.caseOpened(RandomOffice.opening(100 + step, counsellors: ["wangfang", "liuyang"],
                                                                    today: session.today, rng: &rng)),
                                   caseID: id, effective: session.today)
                ids.append(id)
            }
            try session.record(RandomOffice.edit(today: session.today, rng: &rng), caseID: ids[rng.next(ids.count)])
            table.sync(session)
            XCTAssertEqual(table.slotsFollowIDs, step < 40, "step \(step)")
            assertListingsMatch(table, session, step: step, rng: &rng)
        }
    }
}


/// The list as the screen built it before the row table: every admitted case made into a
/// row, sorted.
enum ListingReference {
    static func ids(_ session: OfficeSession, mine: Bool, filter: CaseFilter, search: String, sort: Screens.SortOrder, tab: Int) -> [String] {
        let query = SearchQuery(search)
        var rows: [CaseRow] = []
        for record in session.caseload.cases.values {
            if mine, record.counsellor != session.user { continue }
            if !filter.admits(record, severity: session.worstSeverity(of: record.id)) { continue }
            if !query.isEmpty, !session.search.matches(record.id, query) { continue }
            if tab != 0, CaseloadScreen.tabs[tab] != record.kind { continue }
            rows.append(CaseRow(record, session: session, chinese: true))
        }
        return rows.sorted(by: sort.areInIncreasingOrder).map(\.id)
    }
}
