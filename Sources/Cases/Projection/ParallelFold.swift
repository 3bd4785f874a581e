import Dispatch

/// Folds many cases on every core. Each fold reads only its own case's events, so the results
/// are the same as folding one after another.
enum ParallelFold {
    static func fold(_ caseIDs: [String], _ eventsByCase: [String: CaseEvents]) -> [CaseRecord?] {
        var records = [CaseRecord?](repeating: nil, count: caseIDs.count)
        records.withUnsafeMutableBufferPointer { buffer in
            // Disjoint slots, each written by exactly one thread.
            let slots = SharedAcrossThreads(buffer)
            let pieces = 16
            DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                let range = (piece * caseIDs.count / pieces)..<((piece + 1) * caseIDs.count / pieces)
                for index in range {
                    slots.value[index] = eventsByCase[caseIDs[index]].flatMap { CaseFold.fold($0.array) }
                }
            }
        }
        return records
    }
}
