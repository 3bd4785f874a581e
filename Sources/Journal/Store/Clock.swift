#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases

/// The source of "now" for timestamps. Injected everywhere so tests and `--today` runs are
/// reproducible; only `SystemClock` reads the real time.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

/// The real time, in the machine's local offset (China Standard Time at the office).
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var local = tm()
        localtime_r(&seconds, &local)
        let millis = Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec / 1_000_000)
        return Timestamp(millisecondsSinceEpoch: millis, offsetMinutes: Int(local.tm_gmtoff / 60))
    }
}

/// A clock that always says the same instant, or advances by a step per call.
public final class FixedClock: WallClock, @unchecked Sendable {
    private var current: Timestamp
    private let step: Int64
    private let lock = Mutex()

    public init(_ start: Timestamp, stepMilliseconds: Int64 = 0) {
        current = start
        step = stepMilliseconds
    }

    public func now() -> Timestamp {
        lock.locked {
            let value = current
            current = Timestamp(millisecondsSinceEpoch: current.millisecondsSinceEpoch + step, offsetMinutes: current.offsetMinutes)
            return value
        }
    }
}

/// A pthread mutex for the few shared mutable spots (clocks, parallel replay results).
final class Mutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
