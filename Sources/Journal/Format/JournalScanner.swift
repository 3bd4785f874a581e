import Cases
import Dispatch

/// Where a reader has got to in one journal: enough to continue from there, and to check
/// that a snapshot or a sync source agrees with the file.
public struct JournalPosition: Hashable, Sendable {
    /// Bytes of complete, verified lines.
    public var offset: Int
    /// Sequence number of the last verified line (0 before the first).
    public var seq: Int
    /// SHA-256 of the last verified line (the genesis hash before the first).
    public var hash: String
    /// Number of verified lines.
    public var lines: Int

    public static let start = JournalPosition(offset: 0, seq: 0, hash: JournalLine.genesisHash, lines: 0)

    public init(offset: Int, seq: Int, hash: String, lines: Int) {
        self.offset = offset
        self.seq = seq
        self.hash = hash
        self.lines = lines
    }
}

/// The result of reading a run of journal bytes.
public struct JournalScan: Sendable {
    public var events: [Event] = []
    /// Raw bytes of each verified line (without newline), kept only when asked for (sync).
    public var rawLines: [[UInt8]] = []
    public var position: JournalPosition
    /// Bytes after the last newline: a torn append, or one still being written.
    public var tail: (offset: Int, length: Int)?
    /// The first bad complete line; nothing after it was read.
    public var damage: JournalDamage?
    /// Lines from a newer format version, read as far as this version understands them.
    public var newerVersionLines = 0
}

/// Verifies and decodes journal lines: checksum, writer, gapless sequence and hash chain.
///
/// A large run of bytes is cut at newlines into chunks that are decoded and verified on every
/// core — the checksum, the line's own SHA-256, the JSON, the codec, and the sequence and chain
/// between lines of the same chunk. Only where one chunk meets the next is checked in order
/// afterwards. The result is exactly the sequential one: the same events, position, tail and
/// first damage (with its line number and offset).
public enum JournalScanner {
    /// Below this many bytes a scan stays on the calling thread.
    static let parallelThreshold = 256 * 1024

    /// Scans `bytes`, which start at `from.offset` in the file.
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, file: String, writer: String,
                            from: JournalPosition = .start, keepRawLines: Bool = false) -> JournalScan {
        let chunks = chunkBounds(bytes)
        let shared = SharedBytes(bytes: bytes)
        // Each chunk's complete lines are counted first (a memchr per line), so that every chunk
        // decodes straight into its place in the one array of events. Decoding into an array per
        // chunk and then gathering them wrote every event twice, the second time into fresh pages
        // (a twentieth of a cold open's CPU went to those page faults and copies).
        let counts = ChunkCounts(count: chunks.count)
        forEachChunk(chunks.count) { index in counts.set(index, lineCount(shared.bytes, chunks[index])) }
        let starts = chunks.indices.reduce(into: [0]) { starts, index in starts.append(starts[index] + counts[index]) }

        var result = JournalScan(position: from)
        let startDigest = ChainDigest(hex: from.hash)
        var lastDigest: ChainDigest?
        let events = [Event](unsafeUninitializedCapacity: starts[chunks.count]) { buffer, initialized in
            let slots = SharedSlots(base: buffer.baseAddress)
            let decoded = ChunkSlots(count: chunks.count)
            forEachChunk(chunks.count) { index in
                decoded.set(index, decodeChunk(shared.bytes, chunks[index], writer: writer, keepLineStarts: keepRawLines,
                                               into: slots.base.map { $0 + starts[index] }, capacity: counts[index]))
            }
            let walked = chunks.indices.map { decoded.take($0) }
            // The events accepted so far: always a prefix of the buffer, since the walk stops at the first damage.
            var accepted = 0
            walk: for (index, chunk) in walked.enumerated() {
                if let first = chunk.first, chunk.failure?.index != 0 {
                    // The chunk's first line against the line before it (the previous chunk's last).
                    func damage(_ problem: String) -> JournalDamage {
                        JournalDamage(file: file, line: result.position.lines + 1, offset: from.offset + first.start, problem: problem)
                    }
                    if first.seq != result.position.seq + 1 {
                        result.damage = damage("sequence \(first.seq) follows \(result.position.seq): lines are missing, repeated or out of order")
                        break walk
                    }
                    let chained = if let prev = first.prev, let previous = lastDigest ?? startDigest { prev == previous }
                        else { (first.prevText ?? first.prev?.hex) == (lastDigest?.hex ?? from.hash) }
                    if !chained {
                        result.damage = damage(JournalScanner.chainBroken)
                        break walk
                    }
                }
                let taken = chunk.failure?.index ?? chunk.count
                precondition(chunk.failure != nil || chunk.count == counts[index], "a whole chunk decodes every line it counted")
                accepted += taken
                result.newerVersionLines += chunk.newerVersionLines
                if keepRawLines {
                    for line in 0..<taken {
                        let end = line + 1 < chunk.lineStarts.count ? chunk.lineStarts[line + 1] - 1 : chunk.end - 1
                        result.rawLines.append(Array(bytes[chunk.lineStarts[line]..<end]))
                    }
                }
                if taken > 0 {
                    result.position.offset = from.offset + chunk.end
                    result.position.seq = chunk.lastSeq
                    result.position.lines += taken
                    lastDigest = chunk.lastHash
                }
                if let failure = chunk.failure {
                    result.damage = JournalDamage(file: file, line: result.position.lines + 1, offset: from.offset + failure.start,
                                                  problem: failure.problem)
                    break walk
                }
                if let tail = chunk.tail { result.tail = (from.offset + tail, bytes.count - tail) }
            }
            // Events decoded past the first damage are dropped.
            if let base = buffer.baseAddress {
                for (index, chunk) in walked.enumerated() {
                    let first = max(starts[index], accepted), end = starts[index] + chunk.count
                    if first < end { (base + first).deinitialize(count: end - first) }
                }
            }
            initialized = accepted
        }
        result.events = events
        if let lastDigest { result.position.hash = lastDigest.hex }
        return result
    }

    static let chainBroken = "chain broken: prev does not match the hash of the line before"

    /// Runs `body` for every chunk: on this thread for one, else on every core.
    private static func forEachChunk(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
    }

    /// The complete (newline-ended) lines in `range`.
    static func lineCount(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        var start = range.lowerBound
        while start < range.upperBound, let newline = findNewline(bytes, from: start), newline < range.upperBound {
            count += 1
            start = newline + 1
        }
        return count
    }

    /// Chunk boundaries at line starts: one chunk for small inputs, else a few per core.
    static func chunkBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let count = bytes.count
        let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        guard count >= parallelThreshold, cores > 1 else { return [0..<count] }
        let pieces = min(cores * 4, count / (parallelThreshold / 2))
        var starts = [0]
        for piece in 1..<pieces {
            guard let newline = findNewline(bytes, from: max(starts.last!, piece * count / pieces)) else { break }
            if newline + 1 < count, newline + 1 > starts.last! { starts.append(newline + 1) }
        }
        return starts.indices.map { starts[$0]..<($0 + 1 < starts.count ? starts[$0 + 1] : count) }
    }

    /// Decodes and verifies every complete line of one chunk, stopping at the first bad one.
    /// The first line's sequence and `prev` are left for the caller, who knows the line before.
    /// Events go to `slots`, which has room for the `capacity` complete lines of the chunk.
    static func decodeChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, writer: String,
                            keepLineStarts: Bool, into slots: UnsafeMutablePointer<Event>?, capacity: Int) -> DecodedChunk {
        var chunk = DecodedChunk()
        chunk.end = range.lowerBound
        // Every line of a journal names its writer, and most a counsellor seen on lines before.
        var strings = RepeatedStrings([writer])
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            guard let newline = findNewline(bytes, from: lineStart), newline < range.upperBound else {
                chunk.tail = lineStart
                break
            }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<newline])
            let index = chunk.count
            func fail(_ problem: String) { chunk.failure = (index, lineStart, problem) }
            var decoded: FastDecodedLine
            do {
                decoded = try JournalLine.decodeForScan(line, reusing: &strings)
            } catch {
                fail(error.description)
                break
            }
            let seq = decoded.event.seq
            if decoded.event.writer != writer {
                fail("line belongs to writer \"\(decoded.event.writer)\", not \"\(writer)\"")
                break
            }
            if index == 0 {
                chunk.first = (seq, decoded.prev, decoded.prevText, lineStart)
            } else {
                if seq != chunk.lastSeq + 1 {
                    fail("sequence \(seq) follows \(chunk.lastSeq): lines are missing, repeated or out of order")
                    break
                }
                let chained = if let prev = decoded.prev { prev == chunk.lastHash } else { decoded.prevText == chunk.lastHash.hex }
                if !chained {
                    fail(chainBroken)
                    break
                }
            }
            if decoded.version > JournalLine.formatVersion { chunk.newerVersionLines += 1 }
            if keepLineStarts { chunk.lineStarts.append(lineStart) }
            guard index < capacity, let slots else { preconditionFailure("more lines than were counted") }
            // Moved, not copied: a copy and the line's release cost a retain and a release per line.
            (slots + index).initialize(to: decoded.takeEvent())
            chunk.count += 1
            chunk.lastSeq = seq
            chunk.lastHash = ChainDigest(hashing: line)
            chunk.end = newline + 1
            lineStart = newline + 1
        }
        return chunk
    }

    public static func scan(_ bytes: [UInt8], file: String, writer: String, from: JournalPosition = .start,
                            keepRawLines: Bool = false) -> JournalScan {
        bytes.withUnsafeBufferPointer { scan($0, file: file, writer: writer, from: from, keepRawLines: keepRawLines) }
    }

    /// Reads writer `name`'s journal in `directory` from `from` on and scans it: what an open
    /// reads of each journal (all of it, or the tail after a snapshot).
    static func scanJournal(_ name: String, in directory: DataDirectory, from: JournalPosition) throws(JournalError) -> JournalScan {
        let path = directory.journal(writer: name)
        return scan(try FileIO.read(path, from: from.offset), file: path, writer: name, from: from)
    }

    static func findNewline(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One chunk's verified lines, and what its first line needs checked against the line before.
struct DecodedChunk: Sendable {
    /// Events decoded (into the scan's array) and verified.
    var count = 0
    /// The first line's seq and `prev`, and where it starts.
    var first: (seq: Int, prev: ChainDigest?, prevText: String?, start: Int)?
    var lastSeq = 0
    var lastHash = ChainDigest.genesis
    /// Offset just past the last verified line's newline.
    var end = 0
    var newerVersionLines = 0
    /// Start of each verified line, kept only when raw lines are asked for.
    var lineStarts: [Int] = []
    /// The first bad line (its index in the chunk), where it starts, and why; nothing after it was read.
    var failure: (index: Int, start: Int, problem: String)?
    /// Where bytes without a final newline start (only ever in the last chunk).
    var tail: Int?
}

/// The scanned bytes, shared read-only with the decoding threads for the duration of a scan.
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}

/// The scan's array of events while the decoding threads fill it, each chunk its own part.
private struct SharedSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<Event>?
}

/// Each chunk's line count, set by the counting threads behind a lock.
private final class ChunkCounts: @unchecked Sendable {
    private var items: [Int]
    private let lock = Mutex()

    init(count: Int) { items = Array(repeating: 0, count: count) }

    func set(_ index: Int, _ count: Int) { lock.locked { items[index] = count } }

    subscript(index: Int) -> Int { lock.locked { items[index] } }
}

/// Slots the decoding threads fill, one per chunk, behind a lock; taken out once each in order.
private final class ChunkSlots: @unchecked Sendable {
    private var items: [DecodedChunk]
    private let lock = Mutex()

    init(count: Int) { items = Array(repeating: DecodedChunk(), count: count) }

    func set(_ index: Int, _ chunk: DecodedChunk) { lock.locked { items[index] = chunk } }

    /// The chunk, leaving an empty one behind so its memory goes as soon as it is walked.
    func take(_ index: Int) -> DecodedChunk {
        lock.locked {
            let chunk = items[index]
            items[index] = DecodedChunk()
            return chunk
        }
    }
}
