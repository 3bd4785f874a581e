import Foundation

/// Work done on a thread of its own while the main thread keeps the terminal (the whole store
/// opening behind the first screen), and its value, or what it threw, handed back once.
///
/// `@unchecked Sendable` because the value (a store, a session: classes that are not Sendable)
/// crosses threads exactly once and is never shared: the worker makes it, stores it under the
/// lock and touches it no more (its thread ends); the main thread takes it only under the same
/// lock, after it was stored. The work closure is `@Sendable`, so it brings nothing of the main
/// thread's with it. The worker must not touch the terminal: only the main thread does.
final class BackgroundWork<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<Value, any Error>?

    /// Starts `work` at once on a new thread named `name`.
    init(name: String, _ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let result = Result { try work() }
            condition.lock()
            outcome = result
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        // As much stack as the main thread has: the work is what the main thread used to do.
        thread.stackSize = 8 << 20
        thread.qualityOfService = .userInitiated
        thread.start()
    }

    /// Whether the work has ended, with a value or an error.
    var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return outcome != nil
    }

    /// Waits for the work to end; its value, or throws what it threw.
    func value() throws -> Value {
        condition.lock()
        while outcome == nil { condition.wait() }
        let result = outcome!
        condition.unlock()
        return try result.get()
    }
}
