import Cases
import Office
import Rules
import Search

/// What the caseload list sorts and filters on, for every case, kept in step with the
/// session revision by revision: after a save or a colleague's change only the touched
/// cases are recomputed and moved in the sorted orders. A frame after a data change, a tab
/// switch, a filter change or F5 is then one pass over small integers, not a rebuild of
/// 100,000 rows; the rows' text is made only for the rows on screen (``CaseRow``).
final class CaseRowTable {
    /// Per case, by the session's slot (``OfficeSession/slots``): the sort and filter keys of a ``CaseRow``.
    struct Keys {
        var id: String
        var name: String
        var counsellor: String
        var kind: CaseKind
        var status: CaseStatus
        /// Worst severity's raw value, or -1.
        var severity: Int
        var daysOverdue: Int
        /// Days since 1970; Int.max when none.
        var nextDue: Int
        /// Days since 1970; Int.min when none.
        var lastContact: Int
        var opened: Int
    }

    private(set) var keys: [Keys] = []
    /// The filter fields of each slot in four bytes (see ``pack(_:)``): the listing pass reads
    /// slots in sorted order, i.e. at random, and 400 KB stay in cache where the keys do not.
    private(set) var packed: [UInt32] = []
    private var counsellorCodes: [String: UInt32] = [:]
    /// Slots sorted by each order, built the first time the order is asked for.
    private var orders: [SortOrder: [Int]] = [:]
    /// By sort not yet sorted whole: the last listing `order(_:admitting:)` sorted on its own —
    /// the slots it admitted (ascending) and those slots in order — kept in step by `update`, so
    /// the next frame of the same listing (after a save, say) does not sort it again.
    private var partial: [SortOrder: (admitted: [Int], order: [Int])] = [:]
    private(set) var revision = -1

    /// Brings the table up to the session's revision: the changed cases only, when the
    /// session can say which; otherwise everything.
    func sync(_ session: OfficeSession) {
        guard revision != session.revision else { return }
        if revision >= 0, let changed = session.changes(since: revision) {
            for id in changed { update(id, session: session) }
        } else {
            rebuild(session)
        }
        revision = session.revision
    }

    /// Sorts one order not yet sorted, for the app's idle ticks, so that the first F6 to an
    /// order finds it ready. Returns whether there was one to sort.
    @discardableResult
    func prepareNextOrder(_ session: OfficeSession) -> Bool {
        sync(session)
        guard !keys.isEmpty, let missing = SortOrder.allCases.first(where: { orders[$0] == nil }) else { return false }
        _ = order(missing)
        return true
    }

    /// Slots in `sort` order.
    func order(_ sort: SortOrder) -> [Int] {
        if let order = orders[sort] { return order }
        let order = keys.indices.sorted { Self.precedes(keys[$0], keys[$1], sort) }
        orders[sort] = order
        partial[sort] = nil
        return order
    }

    /// Whether the whole table is sorted by `sort` yet.
    func hasSorted(_ sort: SortOrder) -> Bool { orders[sort] != nil }

    /// The slots `admits` lets through, in `sort` order. When that order is not sorted yet and
    /// few cases pass (one counsellor's of 100,000, on the first frame) only those are sorted,
    /// and the whole order waits for an idle tick; the order is total, so the result is the same.
    func order(_ sort: SortOrder, admitting admits: (Int) -> Bool) -> [Int] {
        if let order = orders[sort] { return order.filter(admits) }
        let chosen = keys.indices.filter(admits)
        guard chosen.count * 4 <= keys.count else { return order(sort).filter(admits) }
        if let memo = partial[sort], memo.admitted == chosen { return memo.order }
        let sorted = chosen.sorted { Self.precedes(keys[$0], keys[$1], sort) }
        partial[sort] = (chosen, sorted)
        return sorted
    }

    /// The code of a counsellor's name in ``packed``, or nil for a name no case has.
    func counsellorCode(_ name: String) -> UInt32? { counsellorCodes[name] }

    /// kind (bits 0–1), status (2–3), severity + 1 (4–5), counsellor code (8–31).
    private func pack(_ row: Keys) -> UInt32 {
        let code: UInt32
        if let known = counsellorCodes[row.counsellor] {
            code = known
        } else {
            code = UInt32(counsellorCodes.count)
            counsellorCodes[row.counsellor] = code
        }
        return UInt32(Self.kindCode(row.kind)) | UInt32(Self.statusCode(row.status)) << 2 | UInt32(row.severity + 1) << 4 | code << 8
    }

    static func kindCode(_ kind: CaseKind) -> Int {
        switch kind {
        case .graduate: 1
        case .difficulty: 2
        case .unemployed: 3
        }
    }

    static func statusCode(_ status: CaseStatus) -> Int {
        switch status {
        case .open: 0
        case .placed: 1
        case .closed: 2
        }
    }

    /// Every case's keys, made on every core from the session's summaries read in place,
    /// then packed in one pass.
    private func rebuild(_ session: OfficeSession) {
        let flagsByCase = session.flagsByCase
        keys = session.summaries.withUnsafeBufferPointer { summaries in
            let summaries = SummaryBuffer(buffer: summaries)
            return ParallelArray.make(count: summaries.buffer.count) { Self.keys(summaries.buffer.baseAddress! + $0, in: flagsByCase) }
        }
        packed = []
        packed.reserveCapacity(keys.count)
        for slot in keys.indices { packed.append(pack(keys[slot])) }
        orders = [:]
        partial = [:]
    }

    private func update(_ id: String, session: OfficeSession) {
        guard let slot = session.slots[id] else { return }
        // Cases new to the session took the next slots: add them, each into every sorted order.
        while keys.count <= slot {
            let fresh = Self.keys(slot: keys.count, of: session)
            let added = keys.count
            keys.append(fresh)
            packed.append(pack(fresh))
            for sort in Array(orders.keys) {
                orders[sort]!.insert(added, at: insertionPoint(fresh, in: orders[sort]!, sort))
            }
        }
        let fresh = Self.keys(slot: slot, of: session)
        let old = keys[slot]
        for sort in Array(orders.keys) {
            let at = position(of: old, slot: slot, in: orders[sort]!, sort)
            orders[sort]!.remove(at: at)
        }
        // A remembered listing holding this case: out at its old place, back in at its new one.
        let listed = partial.filter { $0.value.admitted.contains(slot) }.map(\.key)
        for sort in listed { partial[sort]!.order.remove(at: position(of: old, slot: slot, in: partial[sort]!.order, sort)) }
        keys[slot] = fresh
        packed[slot] = pack(fresh)
        for sort in Array(orders.keys) {
            orders[sort]!.insert(slot, at: insertionPoint(fresh, in: orders[sort]!, sort))
        }
        for sort in listed { partial[sort]!.order.insert(slot, at: insertionPoint(fresh, in: partial[sort]!.order, sort)) }
    }

    /// The first position whose case does not precede `row` (the order is total: ids break ties).
    private func insertionPoint(_ row: Keys, in order: [Int], _ sort: SortOrder) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let mid = (low + high) / 2
            if Self.precedes(keys[order[mid]], row, sort) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func position(of row: Keys, slot: Int, in order: [Int], _ sort: SortOrder) -> Int {
        let at = insertionPoint(row, in: order, sort)
        if at < order.count, order[at] == slot { return at }
        return order.firstIndex(of: slot)!  // not reached while the keys and orders agree
    }

    /// The keys of the summary at `summary`, read field by field in place: a copy of the whole
    /// summary would retain its resident ID, a cold cache line at 100,000 cases.
    static func keys(_ summary: UnsafePointer<CaseSummary>, in flagsByCase: [String: [Flag]]) -> Keys {
        let flags = flagsByCase[summary.pointee.id] ?? []
        var daysOverdue = 0
        var nextDue = summary.pointee.pendingFollowUp?.daysSinceEpoch ?? Int.max
        for flag in flags {
            daysOverdue = max(daysOverdue, flag.daysOverdue)
            nextDue = min(nextDue, flag.dueDate.daysSinceEpoch)
        }
        return Keys(id: summary.pointee.id, name: summary.pointee.name, counsellor: summary.pointee.counsellor,
                    kind: summary.pointee.kind, status: summary.pointee.status,
                    severity: flags.first?.severity.rawValue ?? -1, daysOverdue: daysOverdue, nextDue: nextDue,
                    lastContact: summary.pointee.lastContact?.daysSinceEpoch ?? Int.min,
                    opened: summary.pointee.opened.daysSinceEpoch)
    }

    /// The keys of the case in `slot`.
    static func keys(slot: Int, of session: OfficeSession) -> Keys {
        session.summaries.withUnsafeBufferPointer { keys($0.baseAddress! + slot, in: session.flagsByCase) }
    }

    /// The same order as ``SortOrder/areInIncreasingOrder(_:_:)`` on the rows.
    static func precedes(_ a: Keys, _ b: Keys, _ sort: SortOrder) -> Bool {
        switch sort {
        case .urgency:
            if a.severity != b.severity { return a.severity > b.severity }
            if a.daysOverdue != b.daysOverdue { return a.daysOverdue > b.daysOverdue }
            if a.nextDue != b.nextDue { return a.nextDue < b.nextDue }
            return a.id < b.id
        case .name: return a.name != b.name ? a.name < b.name : a.id < b.id
        case .nextDue: return a.nextDue != b.nextDue ? a.nextDue < b.nextDue : a.id < b.id
        case .lastContact: return a.lastContact != b.lastContact ? a.lastContact < b.lastContact : a.id < b.id
        case .opened: return a.opened != b.opened ? a.opened > b.opened : a.id > b.id
        }
    }
}

/// The session's summaries, read (never written) by every thread of a rebuild while the
/// session is not changed: the rebuild runs on the app's thread, which owns the session.
private struct SummaryBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<CaseSummary>
}

/// One listing of the caseload: the slots each tab shows, in order, and the tab counts,
/// for one revision, scope, filter, search and sort. Switching tabs reuses it.
struct CaseListing {
    struct Key: Equatable {
        var revision: Int, mine: Bool, search: String, filter: CaseFilter, sort: SortOrder
    }

    let key: Key
    /// Per tab (All, Graduates, Difficulty group, Unemployed): slots in order.
    let tabs: [[Int]]

    var counts: [Int] { tabs.map(\.count) }

    init(key: Key, table: CaseRowTable, session: OfficeSession, matches: Set<String>?) {
        self.key = key
        var matchingSlots: [Bool]?
        if let matches {
            var flags = [Bool](repeating: false, count: table.keys.count)
            for id in matches { if let slot = session.slots[id], slot < flags.count { flags[slot] = true } }
            matchingSlots = flags
        }
        let filter = key.filter
        // Everything but the school is decided on the packed word; an unknown name matches nothing.
        let statuses = filter.statuses
        let statusAllowed = [CaseStatus.open, .placed, .closed].map { statuses?.contains($0) ?? true }
        let kindWanted = filter.kind.map(CaseRowTable.kindCode)
        let minimumSeverity = filter.minimumSeverity.map { $0.rawValue + 1 } ?? 0
        let userCode = key.mine ? Int64(table.counsellorCode(session.user) ?? UInt32.max) : -1
        let counsellorCode = filter.counsellor.map { Int64(table.counsellorCode($0) ?? UInt32.max) } ?? -1
        var tabs: [[Int]] = [[], [], [], []]
        table.packed.withUnsafeBufferPointer { packed in
            let listed = table.order(key.sort) { slot in
                let word = packed[slot]
                let code = Int64(word >> 8)
                if userCode >= 0, code != userCode { return false }
                if counsellorCode >= 0, code != counsellorCode { return false }
                if let kindWanted, Int(word & 3) != kindWanted { return false }
                guard statusAllowed[Int(word >> 2 & 3)], Int(word >> 4 & 3) >= minimumSeverity else { return false }
                if let matchingSlots, !matchingSlots[slot] { return false }
                if let school = filter.school {
                    guard case .graduate(let g)? = session.caseload[table.keys[slot].id]?.details, g.school.contains(school) else { return false }
                }
                return true
            }
            for slot in listed {
                tabs[0].append(slot)
                tabs[Int(packed[slot] & 3)].append(slot)
            }
        }
        self.tabs = tabs
    }
}

/// The current tab's rows in order, each made when asked for (a frame asks for the rows
/// it draws).
struct VisibleRows: RandomAccessCollection {
    private(set) var slots: [Int] = []
    private var table: CaseRowTable?
    private var session: OfficeSession?
    private(set) var chinese = false
    private(set) var revision = -1
    /// Who is looking: rows of cases outside their team are stubs.
    private var access: Access?

    init() {}

    init(slots: [Int], table: CaseRowTable, session: OfficeSession, chinese: Bool, access: Access) {
        self.slots = slots
        self.table = table
        self.session = session
        self.chinese = chinese
        self.access = access
        revision = session.revision
    }

    var startIndex: Int { 0 }
    var endIndex: Int { slots.count }

    func caseID(at index: Int) -> String { table!.keys[slots[index]].id }

    subscript(index: Int) -> CaseRow {
        let id = caseID(at: index)
        let record = session!.caseload[id]!
        return CaseRow(record, session: session!, chinese: chinese, stub: !(access?.seesFull(record) ?? true))
    }
}
