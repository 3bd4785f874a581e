import Cases

/// Collects every case's events into its writer's journal, then orders each journal by the
/// day events were logged, gives them office-hour timestamps that strictly increase, and ids.
///
/// Within a writer's day, each case's events form one sitting (a call, then the
/// recommendation it led to, a minute or two apart); sittings are spread over the office
/// day in a per-day shuffled order, so the timeline does not read case by case in id order.
///
/// Events are large (hundreds of bytes), so they are built once, in place, and reordered by
/// swapping rather than copied through intermediate arrays: a million-event demo then needs
/// little more memory than its output.
struct JournalLayout {
    private let calendar: DemoCalendar
    private let seed: UInt64
    private var journals: [[Event]]
    private var slots: [[Slot]]

    /// Where an event goes in its journal; small, so it is what gets sorted.
    private struct Slot: Comparable {
        var day: Int32
        var sittingKey: UInt32
        var caseIndex: Int32
        /// Position in the writer's unsorted journal.
        var index: Int32

        static func < (lhs: Slot, rhs: Slot) -> Bool {
            (lhs.day, lhs.sittingKey, lhs.caseIndex, lhs.index) < (rhs.day, rhs.sittingKey, rhs.caseIndex, rhs.index)
        }
    }

    init(calendar: DemoCalendar, seed: UInt64, writers: Int, expectedEvents: Int) {
        self.calendar = calendar
        self.seed = seed
        journals = Array(repeating: [], count: writers)
        slots = Array(repeating: [], count: writers)
        // Desks carry most of the work; reserving generously avoids regrowing (copying) large arrays.
        let share = expectedEvents * 3 / 5 + 16
        for writer in 0..<writers {
            journals[writer].reserveCapacity(share)
            slots[writer].reserveCapacity(share)
        }
    }

    /// Adds one case's events (id and time of day still to come).
    mutating func add(_ events: [PlacedEvent], caseIndex: Int, caseID: String) {
        let placeholder = Timestamp(millisecondsSinceEpoch: 0, offsetMinutes: DemoCalendar.offsetMinutes)
        for event in events {
            let key = UInt32(truncatingIfNeeded: mix(seed, UInt64(caseIndex) << 24 ^ UInt64(event.recordedDay)))
            slots[event.writer].append(Slot(day: Int32(event.recordedDay), sittingKey: key, caseIndex: Int32(caseIndex),
                                            index: Int32(journals[event.writer].count)))
            journals[event.writer].append(Event(id: "", recorded: placeholder, effective: LocalDate(daysSinceEpoch: event.day),
                                                actor: OfficeStaff.counsellors[event.actor].id, caseID: caseID, body: event.body))
        }
    }

    /// The finished journals by writer id.
    mutating func assemble(writers: [String], rng: inout SeededGenerator) -> [String: [Event]] {
        var result: [String: [Event]] = [:]
        for writer in writers.indices {
            slots[writer].sort()
            reorder(writer)
            stamp(writer, rng: &rng)
            result[writers[writer]] = journals[writer]
            journals[writer] = []
            slots[writer] = []
        }
        return result
    }

    /// Puts the journal in slot order in place, following each cycle of the permutation with
    /// buffer swaps (which move bytes, where copying would retain and release every string).
    private mutating func reorder(_ writer: Int) {
        let order = slots[writer]
        var placed = [Bool](repeating: false, count: order.count)
        journals[writer].withUnsafeMutableBufferPointer { events in
            for start in order.indices where !placed[start] {
                var position = start
                while Int(order[position].index) != start {
                    let source = Int(order[position].index)
                    events.swapAt(position, source)
                    placed[position] = true
                    position = source
                }
                placed[position] = true
            }
        }
    }

    private mutating func stamp(_ writer: Int, rng: inout SeededGenerator) {
        let order = slots[writer]
        var start = 0
        while start < order.count {
            var end = start
            var sittings = 0
            while end < order.count, order[end].day == order[start].day {
                if end == start || order[end].caseIndex != order[end - 1].caseIndex { sittings += 1 }
                end += 1
            }
            // Each sitting gets its own stretch of the office day and starts in its first half.
            let stretch = DemoCalendar.workingMillisPerDay / sittings
            var sitting = -1
            var step = 0
            var previous = -1
            for index in start..<end {
                var millis: Int
                if index == start || order[index].caseIndex != order[index - 1].caseIndex {
                    sitting += 1
                    millis = sitting * stretch + rng.int(0...max(0, stretch / 2 - 1))
                    step = max(1, min(rng.int(20_000...180_000), stretch / 16))
                } else {
                    millis = previous + step
                }
                millis = max(millis, previous + 1)
                previous = millis
                journals[writer][index].id = Identifiers.eventID(using: &rng)
                journals[writer][index].recorded = calendar.timestamp(day: Int(order[index].day), workingMillis: millis)
            }
            start = end
        }
    }
}
