#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The monotonic clock every figure is taken with (`clock_gettime(CLOCK_MONOTONIC)`): it never
/// jumps with NTP or a changed wall clock, so short intervals are trustworthy.
enum Monotonic {
    /// Nanoseconds since an arbitrary fixed point.
    static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// CPU time of the whole process (every thread), in milliseconds: steadier than wall time
    /// on a shared machine.
    static func processCPUMilliseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
    }

    /// CPU time of the calling thread, in milliseconds: the share of single-threaded work,
    /// without what other threads (a background build) spend meanwhile.
    static func threadCPUMilliseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
    }

    /// Runs `body` once and returns its result with the time it took, in milliseconds.
    static func time<T>(_ body: () throws -> T) rethrows -> (value: T, milliseconds: Double) {
        let start = nanoseconds()
        let value = try body()
        return (value, Double(nanoseconds() - start) / 1_000_000)
    }
}

/// Timings of repeated runs of one operation, in milliseconds.
struct Samples: Sendable {
    var milliseconds: [Double] = []

    var count: Int { milliseconds.count }

    /// The middle value (the mean of the two middle values for an even count).
    var median: Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The 99th percentile by nearest rank: with fewer than 100 runs this is the slowest run.
    var p99: Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((0.99 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    /// Runs `body` at least `minimum` and at most `maximum` times, stopping early once
    /// `budgetSeconds` have been spent, so a slow operation at 1M events does not take all day
    /// while a fast one still gets enough runs for a stable median.
    /// Whatever `body` returns is released after its run is timed: an opened store is timed to
    /// the moment it is open, not to the end of freeing it, which the app never waits for.
    static func collect<Kept>(minimum: Int, maximum: Int, budgetSeconds: Double, _ body: () throws -> Kept) rethrows -> Samples {
        var samples = Samples()
        var spent = 0.0
        while samples.count < maximum && (samples.count < minimum || spent < budgetSeconds * 1000) {
            let (kept, run) = try Monotonic.time(body)
            withExtendedLifetime(kept) {}
            samples.milliseconds.append(run)
            spent += run
        }
        return samples
    }
}

/// Resident memory of this process, from `/proc/self/status`.
enum Memory {
    /// `VmHWM` (peak resident set) and `VmRSS` (current), in bytes; nil where /proc is missing.
    static func status() -> (peak: Int, resident: Int)? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var peak: Int?
        var resident: Int?
        var buffer = [CChar](repeating: 0, count: 256)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if line.hasPrefix("VmHWM:") { peak = kilobytes(line) }
            if line.hasPrefix("VmRSS:") { resident = kilobytes(line) }
        }
        guard let peak, let resident else { return nil }
        return (peak * 1024, resident * 1024)
    }

    /// glibc's `malloc_trim(0)`, looked up at run time (the Glibc module does not export
    /// `<malloc.h>`): without it, memory freed by an earlier row stays resident and counts
    /// towards the next row's peak.
    private static func trimHeap() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    private static func kilobytes(_ line: String) -> Int? {
        // "VmHWM:\t  123456 kB": a tab, then spaces that run out once the figure reaches 10 GB.
        Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.map(String.init) ?? "")
    }

    /// Hands freed heap back to the kernel and resets the peak (`echo 5 > /proc/self/clear_refs`),
    /// so the next `status().peak` is the peak of what runs after this call rather than of the
    /// generator that ran before. Returns false when the kernel refused the reset; the peak
    /// then stays the lifetime peak, and the report says so.
    @discardableResult
    static func resetPeak() -> Bool {
        trimHeap()
        guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
        defer { fclose(file) }
        return fputs("5", file) >= 0 && fflush(file) == 0
    }
}

/// The machine the figures were taken on, for the report.
enum Machine {
    static var processors: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// The first `model name` in /proc/cpuinfo.
    static var cpuModel: String {
        guard let text = readText("/proc/cpuinfo") else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters() } ?? "unknown"
        }
        return "unknown"
    }

    /// `MemTotal` from /proc/meminfo, in bytes.
    static var memory: Int {
        guard let text = readText("/proc/meminfo") else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0) * 1024
        }
        return 0
    }

    /// The filesystem type of `path` (ext4, tmpfs…): fsync on tmpfs would prove nothing.
    static func filesystem(of path: String) -> String {
        guard let text = readText("/proc/self/mounts") else { return "unknown" }
        var best = ("", "unknown")
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mount = String(fields[1])
            let covers = path == mount || path.hasPrefix(mount == "/" ? "/" : mount + "/")
            if covers, mount.count >= best.0.count { best = (mount, String(fields[2])) }
        }
        return best.1
    }

    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = fread(&buffer, 1, buffer.count, file)
            if got <= 0 { break }
            bytes.append(contentsOf: buffer[0..<got])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
