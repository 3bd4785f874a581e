/// Sorting and filtering slots without touching the keys' strings for every case.
///
/// Each slot gets a 64-bit prefix that orders as the sort does (ties allowed). When slot order
/// is id order (a snapshot's slots are) ties are broken by slot, so a stable radix sort of
/// the prefixes, fed in slot order, gives exactly the order ``CaseRowTable/precedes(_:_:_:)``
/// gives; no comparison is needed at all. Otherwise equal prefixes are compared in full.
extension CaseRowTable {
    /// `slots` (ascending) in `sort` order. `slotsFollowIDs`: slot order is id order.
    static func sorted(_ slots: [Int], keys: UnsafeBufferPointer<Keys>, prefixes: PrefixColumn?, by sort: SortOrder,
                       slotsFollowIDs: Bool) -> [Int] {
        // An order with no prefix, or a key the prefix cannot hold faithfully: compare whole keys.
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
        if slotsFollowIDs {
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
        /// False once any key did not fit a prefix: sorts by this order then compare whole keys.
        private(set) var fits = true

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
            guard let prefix = CaseRowTable.sortPrefix(key, sort) else {
                fits = false
                return 0
            }
            return prefix
        }
    }

    /// A prefix `p` with `p(a) < p(b)` only when `a` precedes `b`, or nil when this key's
    /// fields do not fit it (or the order is by name, which a prefix cannot follow cheaply).
    static func sortPrefix(_ key: Keys, _ sort: SortOrder) -> UInt64? {
        switch sort {
        case .urgency:
            // Worst severity first (3 bits), then most days late (20 bits), then soonest due (41 bits).
            guard (-1...6).contains(key.severity), (0..<(1 << 20)).contains(key.daysOverdue) else { return nil }
            let severity = UInt64(6 - key.severity)
            let late = UInt64((1 << 20) - 1 - key.daysOverdue)
            // The last field may saturate: equal prefixes are compared in full.
            let due = key.nextDue == Int.max ? UInt64((1 << 41) - 1) : UInt64(min(max(key.nextDue + (1 << 40), 0), (1 << 41) - 2))
            return severity << 61 | late << 41 | due
        case .name: return nil
        case .nextDue: return ordered(key.nextDue)
        case .lastContact: return ordered(key.lastContact)
        case .opened: return ~ordered(key.opened)
        }
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
