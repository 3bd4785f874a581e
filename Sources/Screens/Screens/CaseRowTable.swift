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
    /// Whether slot order is id order (a snapshot's slots are), so sorts break ties by slot.
    private(set) var slotsFollowIDs = false
    /// Each slot's sort prefix (``sortPrefix(_:_:)``) by order: urgency's made with the keys,
    /// for the first frame; the others when their order is first sorted.
    private var prefixes: [SortOrder: PrefixColumn] = [:]

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
        let order = keys.withUnsafeBufferPointer {
            Self.sorted(Array(keys.indices), keys: $0, prefixes: prefixColumn(sort), by: sort, slotsFollowIDs: slotsFollowIDs)
        }
        orders[sort] = order
        partial[sort] = nil
        return order
    }

    /// The prefix column of `sort`, made on first use.
    private func prefixColumn(_ sort: SortOrder) -> PrefixColumn {
        if let column = prefixes[sort] { return column }
        var column = PrefixColumn(sort: sort, capacity: keys.count)
        for key in keys { column.append(key) }
        prefixes[sort] = column
        return column
    }

    /// Whether the whole table is sorted by `sort` yet.
    func hasSorted(_ sort: SortOrder) -> Bool { orders[sort] != nil }

    /// The slots `filter` lets through, in `sort` order. When that order is not sorted yet and
    /// few cases pass (one counsellor's of 100,000, on the first frame) only those are sorted,
    /// and the whole order waits for an idle tick; the order is total, so the result is the same.
    func order(_ sort: SortOrder, admitting filter: SlotFilter) -> [Int] {
        if let order = orders[sort] { return select(order, filter) }
        let chosen = select(keys.indices, filter)
        guard chosen.count * 4 <= keys.count else { return select(order(sort), filter) }
        if let memo = partial[sort], memo.admitted == chosen { return memo.order }
        let sorted = keys.withUnsafeBufferPointer {
            Self.sorted(chosen, keys: $0, prefixes: prefixColumn(sort), by: sort, slotsFollowIDs: slotsFollowIDs)
        }
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
        var urgency = PrefixColumn(sort: .urgency, capacity: keys.count)
        for slot in keys.indices {
            packed.append(pack(keys[slot]))
            urgency.append(keys[slot])
        }
        prefixes = [.urgency: urgency]
        slotsFollowIDs = keys.withUnsafeBufferPointer { keys in keys.indices.dropFirst().allSatisfy { keys[$0 - 1].id < keys[$0].id } }
        orders = [:]
        partial = [:]
    }

    private func update(_ id: String, session: OfficeSession) {
        guard let slot = session.slots[id] else { return }
        // Cases new to the session took the next slots: add them, each into every sorted order.
        while keys.count <= slot {
            let fresh = Self.keys(slot: keys.count, of: session)
            let added = keys.count
            if let last = keys.last, !(last.id < fresh.id) { slotsFollowIDs = false }
            keys.append(fresh)
            packed.append(pack(fresh))
            for sort in Array(prefixes.keys) { prefixes[sort]!.append(fresh) }
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
        for sort in Array(prefixes.keys) { prefixes[sort]!.set(slot, fresh) }
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
        let matchingSlots: [Bool]? = matches.map { matches in
            var flags = [Bool](repeating: false, count: table.keys.count)
            for id in matches { if let slot = session.slots[id], slot < flags.count { flags[slot] = true } }
            return flags
        }
        let filter = key.filter
        // Everything but the school is decided on the packed word: its low six bits (kind,
        // status, severity) through a 64-bit mask, its counsellor code by one compare.
        let statuses = filter.statuses
        let kindWanted = filter.kind.map(CaseRowTable.kindCode)
        let minimumSeverity = filter.minimumSeverity.map { $0.rawValue + 1 } ?? 0
        let lowBits = (0..<64).reduce(UInt64(0)) { bits, low in
            let status = low >> 2 & 3
            guard status < 3, statuses?.contains([CaseStatus.open, .placed, .closed][status]) ?? true,
                  kindWanted.map({ low & 3 == $0 }) ?? true, low >> 4 & 3 >= minimumSeverity else { return bits }
            return bits | 1 << UInt64(low)
        }
        // An unknown name matches nothing: a code no case has.
        let userCode = key.mine ? table.counsellorCode(session.user) ?? UInt32.max : nil
        let counsellorCode = filter.counsellor.map { table.counsellorCode($0) ?? UInt32.max }
        var extra: ((Int) -> Bool)?
        if let school = filter.school {
            extra = { slot in
                guard case .graduate(let g)? = session.caseload[table.keys[slot].id]?.details else { return false }
                return g.school.contains(school)
            }
        }
        if let matchingSlots {
            extra = { [extra] slot in matchingSlots[slot] && (extra?(slot) ?? true) }
        }
        let listed: [Int]
        if let userCode, let counsellorCode, userCode != counsellorCode {
            listed = []
        } else {
            listed = table.order(key.sort, admitting: SlotFilter(lowBits: lowBits, counsellor: userCode ?? counsellorCode, extra: extra))
        }
        // Tab 0 is everything listed; the others split it by kind, in the same order.
        var byKind: [[Int]] = []
        table.packed.withUnsafeBufferPointer { packed in
            for kind in UInt32(1)...3 {
                byKind.append(listed.withUnsafeBufferPointer { listed in
                    [Int](unsafeUninitializedCapacity: listed.count) { slots, initialized in
                        var count = 0
                        for slot in listed {
                            slots[count] = slot
                            count &+= packed[slot] & 3 == kind ? 1 : 0
                        }
                        initialized = count
                    }
                })
            }
        }
        self.tabs = [listed] + byKind
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
