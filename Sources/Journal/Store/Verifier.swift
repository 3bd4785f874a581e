import Cases

/// What `caseload verify` found in one journal.
public struct JournalReport: Sendable {
    public var writer: String
    public var path: String
    public var lines: Int
    public var bytes: Int
    public var lastSeq: Int
    /// SHA-256 of the last verified line: the journal's head, which `seal` prints.
    public var head: String
    public var tail: (offset: Int, length: Int)?
    public var damage: JournalDamage?
    public var newerVersionLines: Int

    public var isHealthy: Bool { damage == nil && tail == nil }
}

/// Checks every journal in a data directory: each line's checksum, its writer, the gapless
/// sequence and the hash chain. Reads only; takes no lock.
public enum Verifier {
    public static func verify(_ directory: DataDirectory) throws(JournalError) -> [JournalReport] {
        var reports: [JournalReport] = []
        for writer in directory.writers() {
            let path = directory.journal(writer: writer)
            let bytes = try FileIO.read(path)
            let scan = JournalScanner.scan(bytes, file: path, writer: writer)
            reports.append(JournalReport(writer: writer, path: path, lines: scan.position.lines, bytes: bytes.count,
                                         lastSeq: scan.position.seq, head: scan.position.hash, tail: scan.tail,
                                         damage: scan.damage, newerVersionLines: scan.newerVersionLines))
        }
        return reports
    }
}

/// What a repair moved to quarantine.
public struct RepairResult: Sendable {
    public var writer: String
    /// Where the damaged or torn bytes now are.
    public var fragment: String
    /// The full copy of the journal taken before anything was changed.
    public var brokenCopy: String?
    public var offset: Int
    public var length: Int
    /// Lines moved to quarantine: the damaged line and every line after it.
    public var linesMoved: Int
}

/// `caseload repair`: with the user's consent, moves a journal's damaged part to quarantine so
/// the office can keep working. A `.broken` copy of the whole file is saved first (etcd's habit);
/// the journal is cut at the first bad line; nothing is deleted.
public enum Repairer {
    public static func repair(_ directory: DataDirectory, writer: String, now: Timestamp) throws(JournalError) -> RepairResult? {
        try DataDirectory.validateWriterID(writer)
        let lock = try JournalWriter.acquireLock(directory: directory, writer: writer)
        defer { try? lock.close() }
        let path = directory.journal(writer: writer)
        let bytes = try FileIO.read(path)
        let scan = JournalScanner.scan(bytes, file: path, writer: writer)
        let cut: Int
        var brokenCopy: String?
        var linesMoved = 0
        if let damage = scan.damage {
            cut = damage.offset
            brokenCopy = try Quarantine.store(bytes, from: path, offset: 0, reason: "copy of the whole journal before repair",
                                              at: now, in: directory, suffix: "broken")
            linesMoved = bytes[cut...].split(separator: 0x0A, omittingEmptySubsequences: true).count
        } else if let tail = scan.tail {
            cut = tail.offset
        } else {
            return nil
        }
        let reason = scan.damage.map { "repair: \($0.problem) at line \($0.line)" } ?? "repair: torn last line"
        let fragment = try Quarantine.store(Array(bytes[cut...]), from: path, offset: cut, reason: reason, at: now, in: directory)
        try FileIO.truncate(path, to: cut)
        return RepairResult(writer: writer, fragment: fragment, brokenCopy: brokenCopy, offset: cut,
                            length: bytes.count - cut, linesMoved: linesMoved)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
