import Dispatch

/// A value made once on another thread (the search index, the dashboard's report), taken
/// when it is ready. `make` works on values handed to it (a caseload as it was), so what it
/// makes is of that moment; the taker catches up with what changed since.
public final class BackgroundBuild<Value: Sendable>: @unchecked Sendable {
    // Written once on the build thread before `done.leave()`, read only after a wait on `done`.
    private var built: Value?
    private let done = DispatchGroup()

    public init(_ make: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            built = make()
            done.leave()
        }
    }

    /// The value, if it is ready within `milliseconds` (0: now; nil: however long it takes).
    public func wait(milliseconds: Int?) -> Value? {
        guard let milliseconds else {
            done.wait()
            return built
        }
        return done.wait(timeout: .now() + .milliseconds(milliseconds)) == .success ? built : nil
    }
}
