import Dispatch

/// Folds many cases on every core. Each fold reads only its own case's events, so the results
/// are the same as folding one after another.
enum ParallelFold {
    static func fold(_ caseIDs: [String], _ eventsByCase: [String: CaseEvents]) -> [CaseRecord?] {
        var records = [CaseRecord?](repeating: nil, count: caseIDs.count)
        records.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(buffer: buffer)
            let pieces = 16
            DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                let range = (piece * caseIDs.count / pieces)..<((piece + 1) * caseIDs.count / pieces)
                for index in range {
                    slots.buffer[index] = eventsByCase[caseIDs[index]].flatMap { CaseFold.fold($0.array) }
                }
            }
        }
        return records
    }

    /// Disjoint slots of one buffer, each written by exactly one thread.
    private struct Slots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<CaseRecord?>
    }
}

/// Files an open's events under their cases on every core: each thread takes the cases whose
/// id hashes to its share, reads every run and copies out only its own events, so no two
/// threads touch the same case and the lists come out exactly as one thread would file them.
enum ParallelGroup {
    /// Each share's cases with their events in merged order, and how many events it kept
    /// (a repeated event id within a case is kept once).
    struct Share: Sendable {
        var cases: [String: CaseEvents] = [:]
        var kept = 0
    }

    static func group(_ batches: [[Event]], shares: Int) -> [Share] {
        let total = batches.reduce(0) { $0 + $1.count }
        var results = [Share](repeating: Share(), count: shares)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = ShareSlots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: shares) { share in
                var mine = Share()
                mine.cases.reserveCapacity(total / 8 / shares)
                for batch in batches {
                    for index in batch.indices {
                        let caseID = batch[index].caseID
                        guard !caseID.isEmpty, ParallelGroup.share(of: caseID, among: shares) == share else { continue }
                        if mine.cases[caseID, default: CaseEvents()].insertIfNew(batch[index]) { mine.kept += 1 }
                    }
                }
                slots.buffer[share] = mine
            }
        }
        return results
    }

    /// Which share a case belongs to: a cheap sum over its id's bytes rather than a full
    /// `hashValue`, since every thread computes it for every event (two million at 1M events).
    static func share(of caseID: String, among shares: Int) -> Int {
        var sum: UInt32 = 0
        for byte in caseID.utf8 { sum = sum &* 31 &+ UInt32(byte) }
        return Int(sum % UInt32(shares))
    }

    /// Disjoint slots of one buffer, each written by exactly one thread.
    private struct ShareSlots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Share>
    }
}
