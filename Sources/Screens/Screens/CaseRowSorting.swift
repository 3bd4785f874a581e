/// Sorting and filtering slots without touching the keys' strings for every case.
///
/// Each slot gets a 64-bit prefix that never contradicts the sort (``Prefix``), so most
/// comparisons are one integer compare over a dense array; equal prefixes are compared in full
/// by ``CaseRowTable/precedes(_:_:_:)``. When the prefix is also *exact* (equal prefixes mean
/// equal keys but for the id) and slot order is id order (a snapshot's slots are), ties are
/// broken by slot, so a stable radix sort fed in slot order gives the same order with no
/// comparison at all.
extension CaseRowTable {
    /// `slots` (ascending) in `sort` order. `slotsFollowIDs`: slot order is id order.
    static func sorted(_ slots: [Int], keys: UnsafeBufferPointer<Keys>, prefixes: PrefixColumn?, by sort: SortOrder,
                       slotsFollowIDs: Bool) -> [Int] {
        // A key no prefix could follow: compare whole keys.
        guard let prefixes, prefixes.fits else { return slots.sorted { precedes(keys[$0], keys[$1], sort) } }
        // `.opened` breaks ties by id descending, every other order ascending.
        let descending = sort == .opened
        var pairs = prefixes.values.withUnsafeBufferPointer { values in
            slots.withUnsafeBufferPointer { slots in
                [PrefixedSlot](unsafeUninitializedCapacity: slots.count) { pairs, initialized in
                    for index in slots.indices {
                        let slot = slots[descending ? slots.count - 1 - index : index]
                        pairs[index] = PrefixedSlot(prefix: values[slot], slot: slot)
                    }
                    initialized = slots.count
                }
            }
        }
        if slotsFollowIDs && prefixes.exact {
            radixSort(&pairs)
        } else {
            pairs.sort { $0.prefix != $1.prefix ? $0.prefix < $1.prefix : precedes(keys[$0.slot], keys[$1.slot], sort) }
        }
        return pairs.map(\.slot)
    }

    /// Every slot's prefix for one order, read in slot order (a dense column, where the keys
    /// are 96 bytes a slot and a listing's slots would each miss the cache).
    struct PrefixColumn {
        let sort: SortOrder
        private(set) var values: [UInt64] = []
        /// False once any key had no prefix: sorts by this order then compare whole keys.
        private(set) var fits = true
        /// False once any key's prefix was not exact: no radix sort by this order.
        private(set) var exact = true

        init(sort: SortOrder, capacity: Int) {
            self.sort = sort
            values.reserveCapacity(capacity)
        }

        mutating func append(_ key: Keys) {
            values.append(prefix(key))
        }

        mutating func set(_ slot: Int, _ key: Keys) {
            values[slot] = prefix(key)
        }

        private mutating func prefix(_ key: Keys) -> UInt64 {
            switch CaseRowTable.sortPrefix(key, sort) {
            case .exact(let value):
                return value
            case .monotone(let value):
                exact = false
                return value
            case .none:
                fits = false
                exact = false
                return 0
            }
        }
    }

    /// A key's prefix in one order. Either kind never contradicts the order: `p(a) < p(b)`
    /// only when `a` precedes `b`.
    enum Prefix: Equatable {
        /// Equal prefixes also mean keys equal in every field the order reads before the id.
        case exact(UInt64)
        /// Equal prefixes say nothing: the keys are compared in full.
        case monotone(UInt64)
        /// No prefix can follow this key.
        case none
    }

    static func sortPrefix(_ key: Keys, _ sort: SortOrder) -> Prefix {
        switch sort {
        case .urgency:
            // Worst severity first (3 bits), then most days late (20 bits), then soonest due (41
            // bits); real dates and day counts are far inside those widths.
            guard (-1...6).contains(key.severity), (0..<(1 << 20)).contains(key.daysOverdue),
                  key.nextDue == Int.max || (-(1 << 40)...((1 << 40) - 2)).contains(key.nextDue) else { return .none }
            let severity = UInt64(6 - key.severity)
            let late = UInt64((1 << 20) - 1 - key.daysOverdue)
            let due = key.nextDue == Int.max ? UInt64((1 << 41) - 1) : UInt64(key.nextDue + (1 << 40))
            return .exact(severity << 61 | late << 41 | due)
        case .name: return namePrefix(key.name)
        case .nextDue: return .exact(ordered(key.nextDue))
        case .lastContact: return .exact(ordered(key.lastContact))
        case .opened: return .exact(~ordered(key.opened))
        }
    }

    /// The first three scalars of a name, 21 bits each, zero-padded. Swift orders strings by
    /// the scalars of their NFC form; a name made only of scalars below U+0300 and CJK
    /// ideographs is its own NFC form (nothing there composes or decomposes), so its scalars
    /// are the ones compared. Any other name gets no prefix.
    private static func namePrefix(_ name: String) -> Prefix {
        var prefix: UInt64 = 0
        var taken = 0
        for scalar in name.unicodeScalars {
            let value = scalar.value
            guard value < 0x300 || (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) else { return .none }
            if taken < 3 {
                prefix |= UInt64(value) << UInt64(42 - 21 * taken)
                taken += 1
            }
        }
        return .monotone(prefix)
    }

    /// Int to UInt64, keeping the order.
    private static func ordered(_ value: Int) -> UInt64 { UInt64(bitPattern: Int64(value)) ^ (1 << 63) }

    struct PrefixedSlot {
        var prefix: UInt64
        var slot: Int
    }

    /// Sorts by prefix, stably: least significant digit first, 11 bits a pass, skipping the
    /// passes in which every prefix has the same digit (the high bits, mostly).
    static func radixSort(_ pairs: inout [PrefixedSlot]) {
        let count = pairs.count
        guard count > 1 else { return }
        let bits = 11
        let buckets = 1 << bits
        // Every pass that runs writes all of it before reading it.
        var other = [PrefixedSlot](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var histogram = [Int](repeating: 0, count: buckets)
        for shift in stride(from: 0, to: 64, by: bits) {
            let mask = UInt64(buckets - 1)
            histogram.withUnsafeMutableBufferPointer { histogram in
                for index in 0..<buckets { histogram[index] = 0 }
                pairs.withUnsafeBufferPointer { pairs in
                    for pair in pairs { histogram[Int(pair.prefix >> UInt64(shift) & mask)] += 1 }
                }
            }
            let firstDigit = Int(pairs[0].prefix >> UInt64(shift) & mask)
            if histogram[firstDigit] == count { continue }
            histogram.withUnsafeMutableBufferPointer { histogram in
                var start = 0
                for index in 0..<buckets {
                    let size = histogram[index]
                    histogram[index] = start
                    start += size
                }
                pairs.withUnsafeBufferPointer { pairs in
                    other.withUnsafeMutableBufferPointer { other in
                        for pair in pairs {
                            let digit = Int(pair.prefix >> UInt64(shift) & mask)
                            other[histogram[digit]] = pair
                            histogram[digit] += 1
                        }
                    }
                }
            }
            swap(&pairs, &other)
        }
    }
}

/// What a listing lets through, decided on each slot's packed word (``CaseRowTable/packed``),
/// with any check the word cannot make (search matches, school) after it.
struct SlotFilter {
    /// Bit n set: a word whose low six bits (kind, status, severity) are n passes.
    var lowBits: UInt64
    /// The counsellor code every listed case has, or nil for anyone's.
    var counsellor: UInt32?
    /// Checks beyond the word, or nil.
    var extra: ((Int) -> Bool)?
}

extension CaseRowTable {
    /// The slots of `slots` that `filter` lets through, in the same order.
    func select<Slots: Collection<Int>>(_ slots: Slots, _ filter: SlotFilter) -> [Int] {
        let low = filter.lowBits
        var chosen = packed.withUnsafeBufferPointer { packed in
            [Int](unsafeUninitializedCapacity: slots.count) { chosen, initialized in
                var count = 0
                if let code = filter.counsellor {
                    for slot in slots {
                        let word = packed[slot]
                        chosen[count] = slot
                        count &+= word >> 8 == code && low >> UInt64(word & 63) & 1 != 0 ? 1 : 0
                    }
                } else {
                    for slot in slots {
                        chosen[count] = slot
                        count &+= low >> UInt64(packed[slot] & 63) & 1 != 0 ? 1 : 0
                    }
                }
                initialized = count
            }
        }
        if let extra = filter.extra { chosen.removeAll { !extra($0) } }
        return chosen
    }
}
