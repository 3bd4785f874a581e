import Dispatch

/// Writes snapshots on a background queue, one at a time. A failed write only costs the next
/// open some speed (the snapshot is a cache), so errors are kept for inspection, not thrown.
final class SnapshotWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "caseload.snapshot", qos: .utility)
    private let lock = Mutex()
    private var busy = false
    private(set) var lastError: JournalError?

    /// Starts writing unless a write is already under way; returns whether it started.
    func start(_ snapshot: CaseloadSnapshot, to directory: DataDirectory) -> Bool {
        let started = lock.locked { () -> Bool in
            if busy { return false }
            busy = true
            return true
        }
        guard started else { return false }
        queue.async {
            var failure: JournalError?
            do throws(JournalError) { try SnapshotFile.write(snapshot, to: directory) } catch { failure = error }
            self.lock.locked {
                self.lastError = failure
                self.busy = false
            }
        }
        return true
    }

    /// Blocks until the write under way (if any) is done.
    func wait() { queue.sync {} }
}
