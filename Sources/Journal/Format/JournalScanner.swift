import Cases

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
public enum JournalScanner {
    /// Scans `bytes`, which start at `from.offset` in the file.
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, file: String, writer: String,
                            from: JournalPosition = .start, keepRawLines: Bool = false) -> JournalScan {
        var result = JournalScan(position: from)
        var lineStart = 0
        let count = bytes.count
        while lineStart < count {
            // memchr is much faster than a Swift byte loop over hundreds of megabytes.
            guard let newline = findNewline(bytes, from: lineStart) else {
                result.tail = (from.offset + lineStart, count - lineStart)
                break
            }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<newline])
            let lineNumber = result.position.lines + 1
            let fileOffset = from.offset + lineStart
            func damage(_ problem: String) -> JournalDamage {
                JournalDamage(file: file, line: lineNumber, offset: fileOffset, problem: problem)
            }
            let decoded: JournalLine.Decoded
            do {
                decoded = try JournalLine.decode(line)
            } catch {
                result.damage = damage(error.description)
                return result
            }
            let event = decoded.event
            if event.writer != writer {
                result.damage = damage("line belongs to writer \"\(event.writer)\", not \"\(writer)\"")
                return result
            }
            if event.seq != result.position.seq + 1 {
                result.damage = damage("sequence \(event.seq) follows \(result.position.seq): lines are missing, repeated or out of order")
                return result
            }
            if decoded.prev != result.position.hash {
                result.damage = damage("chain broken: prev does not match the hash of the line before")
                return result
            }
            if decoded.version > JournalLine.formatVersion { result.newerVersionLines += 1 }
            result.events.append(event)
            if keepRawLines { result.rawLines.append(Array(line)) }
            result.position = JournalPosition(offset: from.offset + newline + 1, seq: event.seq,
                                              hash: JournalLine.hash(line), lines: lineNumber)
            lineStart = newline + 1
        }
        return result
    }

    public static func scan(_ bytes: [UInt8], file: String, writer: String, from: JournalPosition = .start,
                            keepRawLines: Bool = false) -> JournalScan {
        bytes.withUnsafeBufferPointer { scan($0, file: file, writer: writer, from: from, keepRawLines: keepRawLines) }
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
