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
