#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases
import SystemPackage

/// Another writer's journal kept here as a read-only mirror, extended with lines that arrive
/// from elsewhere (the hub) after they pass the same checks a journal's own lines do.
///
/// Reading the tip costs one read of the file's last few kilobytes, so a replicator can look
/// at every mirror every few seconds even when the journals hold a million lines.
public enum MirrorJournal {
    /// Where the journal's verified lines end: the last whole line's seq and hash, and the byte
    /// offset after it. `lines` equals `seq` (a journal's seqs run from 1 without gaps).
    /// An incomplete last line (a crashed append) is not counted. A missing file is `.start`.
    public static func tip(directory: DataDirectory, writer: String) throws(JournalError) -> JournalPosition {
        let path = directory.journal(writer: writer)
        guard let size = FileIO.fileSize(path), size > 0 else { return .start }
        var window = min(size, 65_536)
        while true {
            let bytes = try FileIO.read(path, from: size - window)
            let end = bytes.lastIndex(of: 0x0A)
            guard let end else {
                if window == size { return .start }  // one torn line and nothing else
                window = min(size, window * 4)
                continue
            }
            let start = bytes[..<end].lastIndex(of: 0x0A).map { $0 + 1 }
            if start == nil && window < size {
                window = min(size, window * 4)
                continue
            }
            let line = Array(bytes[(start ?? 0)..<end])
            let decoded: JournalLine.Decoded
            do {
                decoded = try line.withUnsafeBufferPointer { buffer throws(JournalLine.Problem) in try JournalLine.decode(buffer) }
            } catch {
                throw .damaged(JournalDamage(file: path, line: 0, offset: size - window + (start ?? 0), problem: "last line: \(error.description)"))
            }
            guard decoded.event.writer == writer else {
                throw .damaged(JournalDamage(file: path, line: 0, offset: size - window + (start ?? 0),
                                             problem: "last line belongs to writer \"\(decoded.event.writer)\", not \"\(writer)\""))
            }
            return JournalPosition(offset: size - window + end + 1, seq: decoded.event.seq, hash: JournalLine.hash(line),
                                   lines: decoded.event.seq)
        }
    }

    /// Why an append to a mirror did not happen. Nothing was written.
    public enum Outcome: Sendable, Equatable {
        case appended
        /// Another process writes this journal (a desk on the same share): its own copy wins.
        case busy
        /// The journal moved since `expecting` was read (another sync got there first).
        case moved
    }

    /// Appends `bytes` — whole lines, each ending in a newline, already verified to continue
    /// `expecting` — under the writer's lock, as one write and one fsync. A torn last line left by
    /// a crashed earlier append is quarantined and cut first.
    public static func append(_ bytes: [UInt8], writer: String, expecting: JournalPosition, in directory: DataDirectory,
                              now: Timestamp) throws(JournalError) -> Outcome {
        try DataDirectory.validateWriterID(writer)
        try directory.prepare()
        let lock: FileDescriptor
        do {
            lock = try JournalWriter.acquireLock(directory: directory, writer: writer)
        } catch {
            if case .inUse = error { return .busy }
            throw error
        }
        defer { try? lock.close() }
        let path = directory.journal(writer: writer)
        let current = try tip(directory: directory, writer: writer)
        guard current.seq == expecting.seq, current.hash == expecting.hash else { return .moved }
        let size = FileIO.fileSize(path) ?? 0
        if size > current.offset {
            let fragment = try FileIO.read(path, from: current.offset)
            try Quarantine.store(fragment, from: path, offset: current.offset, reason: "torn last line found by the hub sync",
                                 at: now, in: directory)
            try JournalSync.truncate(path, to: current.offset)
        }
        let isNew = !FileIO.exists(path)
        let fd = try FileIO.open(path, .writeOnly, options: [.append], create: true)
        defer { try? fd.close() }
        do throws(JournalError) {
            try FileIO.writeAll(fd, bytes, path: path)
            try FileIO.sync(fd, path: path)
        } catch {
            // Take back a partial write so the mirror ends on a whole line.
            if ftruncate(fd.rawValue, off_t(current.offset)) == 0 { _ = fsync(fd.rawValue) }
            throw error
        }
        if isNew { try FileIO.syncDirectory(directory.journals) }
        return .appended
    }
}
