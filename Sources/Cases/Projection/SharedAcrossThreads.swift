/// A value handed to the threads of one `DispatchQueue.concurrentPerform`, usually a buffer
/// pointer whose parts the threads read, or write without overlap.
///
/// `@unchecked Sendable` because the compiler cannot see that contract: each use says which
/// thread writes what, and the value does not outlive the call it was made for.
struct SharedAcrossThreads<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
