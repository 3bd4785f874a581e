import Cases

/// Turns placed events into each writer's journal: ordered by the day they were logged,
/// given office-hour timestamps that strictly increase, and given event ids.
///
/// Within a writer's day, each case's events form one sitting (a call, then the
/// recommendation it led to, a minute or two apart); sittings are spread over the office
/// day in a per-day shuffled order, so the timeline does not read case by case in id order.
struct JournalLayout {
    let calendar: DemoCalendar
    let seed: UInt64

    /// One event's place in a journal; sorted instead of the (large) events themselves.
    private struct Slot: Comparable {
        var day: Int32
        var sittingKey: UInt32
        var caseIndex: Int32
        var eventIndex: Int32

        static func < (lhs: Slot, rhs: Slot) -> Bool {
            (lhs.day, lhs.sittingKey, lhs.caseIndex, lhs.eventIndex) < (rhs.day, rhs.sittingKey, rhs.caseIndex, rhs.eventIndex)
        }
    }

    /// `events` holds every case's events in case order; `caseOfEvent` names each one's case.
    func layout(events: [PlacedEvent], caseOfEvent: [Int32], caseIDs: [String], writers: [String],
                rng: inout SeededGenerator) -> [String: [Event]] {
        var slots = Array(repeating: [Slot](), count: writers.count)
        for index in events.indices {
            let event = events[index]
            let caseIndex = caseOfEvent[index]
            let key = UInt32(truncatingIfNeeded: mix(seed, UInt64(caseIndex) << 24 ^ UInt64(event.recordedDay)))
            slots[event.writer].append(Slot(day: Int32(event.recordedDay), sittingKey: key, caseIndex: caseIndex,
                                            eventIndex: Int32(index)))
        }
        var result: [String: [Event]] = [:]
        for writer in writers.indices {
            slots[writer].sort()
            result[writers[writer]] = stamp(slots[writer], events: events, caseIDs: caseIDs, rng: &rng)
        }
        return result
    }

    private func stamp(_ slots: [Slot], events: [PlacedEvent], caseIDs: [String], rng: inout SeededGenerator) -> [Event] {
        var journal: [Event] = []
        journal.reserveCapacity(slots.count)
        var start = 0
        while start < slots.count {
            var end = start
            var sittings = 0
            while end < slots.count, slots[end].day == slots[start].day {
                if end == start || slots[end].caseIndex != slots[end - 1].caseIndex { sittings += 1 }
                end += 1
            }
            // Each sitting gets its own stretch of the office day and starts in its first half.
            let stretch = DemoCalendar.workingMillisPerDay / sittings
            var sitting = -1
            var sittingStart = 0
            var step = 0
            var previous = -1
            for index in start..<end {
                let slot = slots[index]
                var millis: Int
                if index == start || slot.caseIndex != slots[index - 1].caseIndex {
                    sitting += 1
                    sittingStart = sitting * stretch + rng.int(0...max(0, stretch / 2 - 1))
                    step = max(1, min(rng.int(20_000...180_000), stretch / 2 / 8))
                    millis = sittingStart
                } else {
                    millis = previous + step
                }
                millis = max(millis, previous + 1)
                previous = millis
                let placed = events[Int(slot.eventIndex)]
                journal.append(Event(id: Identifiers.eventID(using: &rng), recorded: calendar.timestamp(day: Int(slot.day), workingMillis: millis),
                                     effective: LocalDate(daysSinceEpoch: placed.day),
                                     actor: OfficeStaff.counsellors[placed.actor].id, caseID: caseIDs[Int(slot.caseIndex)],
                                     body: placed.body))
            }
            start = end
        }
        return journal
    }
}
