import Dispatch

/// Arrays made on every core: element `i` is `make(i)`, each made exactly once, on some
/// thread, with no order between them. For per-case passes over 100,000 cases at open (the
/// list's row keys), and for a few large independent pieces (a report's scopes and days);
/// below `threshold` elements it stays on the calling thread. `make` is called through a
/// closure: a value it copies out of a collection stays a copy.
public enum ParallelArray {
    public static func make<Element>(count: Int, threshold: Int = 2_000, _ make: @Sendable (Int) -> Element) -> [Element] {
        guard count >= threshold else { return (0..<count).map(make) }
        let chunks = 16
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each thread writes a disjoint range.
            let slots = SharedAcrossThreads(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for index in (chunk * count / chunks)..<((chunk + 1) * count / chunks) {
                    (slots.value.baseAddress! + index).initialize(to: make(index))
                }
            }
            initialized = count
        }
    }
}
