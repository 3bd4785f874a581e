import Dispatch

/// Files an open's events under their cases on every core, moving them out of the runs rather
/// than copying them: a copy retains an event's payload (its note, its person) on the way in and
/// the run releases it again after, two atomic operations on a cold line per event.
///
/// Each thread takes the cases whose id hashes to its share. It first reads every run, finding
/// each of its events' case (a slot) and counting the events of each case; then it makes each
/// case's list once, at its final size (growing ten-event lists an event at a time reallocated and
/// moved most events several times), and moves its events in, in run order, leaving a
/// payload-free stand-in (`Event.vacated`) in each slot. No two threads move the same event or touch the same case,
/// so the lists come out exactly as one thread would file them. The runs keep their length (an
/// array cannot give up slots without destroying them) and hold only stand-ins once the office
/// events are taken too.
enum ParallelGroup {
    /// Each share's cases with their events in merged order, and how many events it kept
    /// (a repeated event id within a case is kept once).
    struct Share: Sendable {
        var cases: [String: CaseEvents] = [:]
        var kept = 0
    }

    /// One share while it is filled: each case's slot, and each slot's events.
    private struct Filing {
        var slots: [String: Int32] = [:]
        var counts: [Int] = []
        var lists: [[Event]] = []
        var kept = 0
    }

    /// The shares, and the office events (no case) in run order.
    static func group(draining batches: inout [[Event]], shares: Int) -> (shares: [Share], office: [Event]) {
        precondition(shares > 0 && shares < Int(Owner.office))
        let total = batches.reduce(0) { $0 + $1.count }
        var filings = [Filing](repeating: Filing(), count: shares)
        for share in filings.indices { filings[share].slots.reserveCapacity(total / 8 / shares) }
        // Per run: which share takes each event (or the office), and its case's slot there.
        var owners = batches.map { [Owner](repeating: Owner(share: Owner.office, slot: 0), count: $0.count) }
        // First pass: slots and counts. Every thread reads every event's case id (nothing moves yet).
        for run in batches.indices where !batches[run].isEmpty {
            batches[run].withUnsafeBufferPointer { events in
                owners[run].withUnsafeMutableBufferPointer { owners in
                    filings.withUnsafeMutableBufferPointer { filings in
                        // Each thread writes only its own share's filing and its own events' owners.
                        let (events, owners, filings) = (SharedAcrossThreads(events), SharedAcrossThreads(owners), SharedAcrossThreads(filings))
                        DispatchQueue.concurrentPerform(iterations: shares) { share in
                            var filing = Filing()
                            swap(&filing, &filings.value[share])
                            for index in events.value.indices {
                                let caseID = events.value[index].caseID
                                guard !caseID.isEmpty, ParallelGroup.share(of: caseID, among: shares) == share else { continue }
                                let next = Int32(filing.counts.count)
                                let slot = filing.slots[caseID, default: next]
                                if slot == next {
                                    filing.slots[caseID] = next
                                    filing.counts.append(0)
                                }
                                filing.counts[Int(slot)] += 1
                                owners.value[index] = Owner(share: UInt8(share), slot: slot)
                            }
                            swap(&filing, &filings.value[share])
                        }
                    }
                }
            }
        }
        filings.withUnsafeMutableBufferPointer { filings in
            let filings = SharedAcrossThreads(filings)
            DispatchQueue.concurrentPerform(iterations: shares) { share in
                filings.value[share].lists = filings.value[share].counts.map { count in
                    var list: [Event] = []
                    list.reserveCapacity(count)
                    return list
                }
            }
        }
        // Second pass: each thread moves its own events into their lists, in run order.
        var office: [Event] = []
        for run in batches.indices where !batches[run].isEmpty {
            // A run that is still shared (a caller kept its own copy) is copied here, once, as
            // `withUnsafeMutableBufferPointer` makes it unique; the caller's copy is untouched.
            batches[run].withUnsafeMutableBufferPointer { events in
                owners[run].withUnsafeBufferPointer { owners in
                    filings.withUnsafeMutableBufferPointer { filings in
                        // Each thread moves only the events its share owns, into its own filing.
                        let (events, owners, filings) = (SharedAcrossThreads(events), SharedAcrossThreads(owners), SharedAcrossThreads(filings))
                        DispatchQueue.concurrentPerform(iterations: shares) { share in
                            let me = UInt8(share)
                            for index in owners.value.indices where owners.value[index].share == me {
                                // Handed straight on: bound to a `let` first, the event was copied (its payload
                                // retained, on a cold line) and the original destroyed after.
                                if CaseEvents.insertIfNew(ParallelGroup.takeOut(events.value, at: index),
                                                          into: &filings.value[share].lists[Int(owners.value[index].slot)]) {
                                    filings.value[share].kept += 1
                                }
                            }
                        }
                    }
                }
                for index in owners[run].indices where owners[run][index].share == Owner.office {
                    office.append(ParallelGroup.takeOut(events, at: index))
                }
            }
        }
        owners = []
        // Each share's lists under their case ids: the slots' table keeps its layout (no rehash).
        var results = [Share](repeating: Share(), count: shares)
        results.withUnsafeMutableBufferPointer { results in
            filings.withUnsafeMutableBufferPointer { filings in
                let (results, filings) = (SharedAcrossThreads(results), SharedAcrossThreads(filings))
                DispatchQueue.concurrentPerform(iterations: shares) { share in
                    var filing = Filing()
                    swap(&filing, &filings.value[share])
                    var lists = filing.lists
                    filing.lists = []
                    results.value[share].cases = filing.slots.mapValues { slot in
                        var list: [Event] = []
                        swap(&list, &lists[Int(slot)])
                        return CaseEvents(list)
                    }
                    results.value[share].kept = filing.kept
                }
            }
        }
        return (results, office)
    }

    /// The event at `index`, moved out, with a stand-in left in its slot.
    @inline(__always)
    private static func takeOut(_ events: UnsafeMutableBufferPointer<Event>, at index: Int) -> Event {
        let slot = events.baseAddress! + index
        let event = slot.move()
        slot.initialize(to: Event.vacated)
        return event
    }

    /// Which share a case belongs to: a cheap sum over its id's bytes rather than a full
    /// `hashValue`, since it is computed for every event (a million at 1M events).
    static func share(of caseID: String, among shares: Int) -> Int {
        var sum: UInt32 = 0
        for byte in caseID.utf8 { sum = sum &* 31 &+ UInt32(byte) }
        return Int(sum % UInt32(shares))
    }

    /// Where one event of a run goes: its share (or `office`) and its case's slot there.
    private struct Owner {
        static let office = UInt8.max
        var share: UInt8
        var slot: Int32
    }
}
