#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// The two yardsticks the app's own figures are divided by, run in the same process on the
/// same journal files:
///
/// - the **I/O floor**: reading every journal's bytes into memory and nothing else;
/// - the **naive replay**: the same read, then Foundation's `JSONSerialization` on every line,
///   with no checksum, hash chain, decoding into events or folding into cases.
///
/// The page cache cannot be dropped without root, so both (like the cold open) read from a
/// warm cache: they measure the CPU work, not the disk.
enum Baselines {
    /// Errors a baseline can meet; both only read.
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every byte of the file at `path`: one `open`, `fstat` and as many `read`s as it takes.
    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(description: "cannot open \(path): errno \(errno)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ReadError(description: "cannot stat \(path): errno \(errno)") }
        let size = Int(info.st_size)
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var filled = 0
            while filled < size {
                let got = read(fd, buffer.baseAddress! + filled, size - filled)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw ReadError(description: "short read of \(path) at \(filled) of \(size) bytes") }
                filled += got
            }
            initialized = filled
        }
    }

    /// The I/O floor: reads every journal whole. Returns the bytes read, so the work is kept.
    @inline(never)
    static func readAll(_ paths: [String]) throws -> Int {
        var total = 0
        for path in paths { total += try readFile(path).count }
        return total
    }

    /// The naive replay: reads every journal and parses each `\n`-terminated line with
    /// `JSONSerialization`, discarding the result. Returns the number of objects parsed.
    /// Lines are handed over without copying (`Data(bytesNoCopy:)`), so the baseline is as
    /// fast as the naive approach can honestly be.
    @inline(never)
    static func jsonSerializationReplay(_ paths: [String]) throws -> Int {
        var objects = 0
        for path in paths {
            let bytes = try readFile(path)
            try bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                var start = 0
                while start < buffer.count {
                    guard let found = memchr(base + start, 0x0A, buffer.count - start) else { break }
                    let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    let line = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base + start), count: end - start,
                                    deallocator: .none)
                    if try JSONSerialization.jsonObject(with: line) is [String: Any] { objects += 1 }
                    start = end + 1
                }
            }
        }
        return objects
    }
}
