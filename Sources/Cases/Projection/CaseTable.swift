/// The caseload's records: one array, and the slot of each case id in it.
///
/// A dictionary of records hands out a copy of a record on every read, and a copy retains each
/// of a record's arrays and strings: at 100,000 cases that was a third of the rules and of the
/// list's summaries, and filing a warm open's records into it a fifth of the open. An array is
/// read in place (`values[index].field` copies only the field), and a warm open's records, which
/// arrive in an array, become the table as they are.
///
/// It answers the parts of the dictionary interface the code used (`count`, `keys`, `values`,
/// look-up by id). The order of `values` is not meaningful: removing a case moves the last
/// record into its slot.
public struct CaseTable: Sendable {
    /// The records, in no meaningful order.
    public private(set) var values: [CaseRecord] = []
    /// Each case id's index in `values`.
    public private(set) var slots: [String: Int] = [:]

    public init() {}

    /// The table of `records`, moved in (not copied), whose ids are given in the same order.
    public init(moving records: inout [CaseRecord], ids: [String]) {
        values = records
        records = []
        slots.reserveCapacity(ids.count)
        for index in ids.indices { slots[ids[index]] = index }
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    /// Every case id, in the order of `values`: a new array on each call (not a lazy view: a
    /// filter over one keeps the view's indices, so its `[0]` would be the first case, not the
    /// first match). To ask whether an id is here, use `contains(_:)`.
    public var keys: [String] { values.map(\.id) }

    /// The record of case `id`, copied out.
    public subscript(id: String) -> CaseRecord? { slots[id].map { values[$0] } }

    /// Whether case `id` has a record, without copying it.
    public func contains(_ id: String) -> Bool { slots[id] != nil }

    /// `body` of case `id`'s record, read in place; nil when there is none.
    public func withRecord<T>(_ id: String, _ body: (CaseRecord) throws -> T) rethrows -> T? {
        guard let slot = slots[id] else { return nil }
        return try values.withUnsafeBufferPointer { try body($0[slot]) }
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        values.reserveCapacity(capacity)
        slots.reserveCapacity(capacity)
    }

    /// Stores `record` under `id`, returning the record it replaces.
    @discardableResult
    public mutating func updateValue(_ record: consuming CaseRecord, forKey id: String) -> CaseRecord? {
        if let slot = slots[id] {
            // Swapped, not assigned: the old record is handed back rather than copied out first.
            var replaced = record
            swap(&replaced, &values[slot])
            return replaced
        }
        slots[id] = values.count
        values.append(record)
        return nil
    }

    /// Takes case `id` out, returning its record; the last record moves into its slot.
    @discardableResult
    public mutating func removeValue(forKey id: String) -> CaseRecord? {
        guard let slot = slots.removeValue(forKey: id) else { return nil }
        let last = values.count - 1
        if slot != last {
            values.swapAt(slot, last)
            slots[values[slot].id] = slot
        }
        return values.removeLast()
    }
}

extension CaseTable: Equatable {
    /// The same cases with the same records, in whatever order they were filed.
    public static func == (lhs: CaseTable, rhs: CaseTable) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in lhs.values.indices {
            guard let slot = rhs.slots[lhs.values[index].id], rhs.values[slot] == lhs.values[index] else { return false }
        }
        return true
    }
}
