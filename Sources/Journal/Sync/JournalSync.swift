#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases
import SystemPackage

/// What sync did, or found nothing to do, for one writer's journal.
public struct SyncEntry: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
        /// The office lacked this journal; it was copied whole.
        case copied
        /// The source had more lines of the same journal; they were appended.
        case appended
        /// Both hold the same lines.
        case upToDate = "up_to_date"
        /// This office holds more lines than the source; nothing to take.
        case aheadHere = "ahead_here"
    }

    public var writer: String
    public var action: Action
    /// Verified lines in the source's journal.
    public var sourceLines: Int
    /// Lines here before the sync.
    public var localLines: Int
    /// Lines added here.
    public var newLines: Int
    /// Bytes of an incomplete last line in the source (a laptop still writing): not taken.
    public var sourceTornTail: Int?
    /// Whether this is the local desk's own journal.
    public var isLocalWriter: Bool
}

/// The outcome of a sync.
public struct SyncReport: Sendable {
    /// The source as given.
    public var source: String
    /// One entry per source journal, by writer id.
    public var entries: [SyncEntry]
    /// Person keys taken in from the source's `keys/`, and keys destroyed here by its tombstones.
    public var keysAdded = 0
    public var keysDestroyed = 0
    /// Lines added here, all journals together.
    public var newEvents: Int { entries.reduce(0) { $0 + $1.newLines } }
    /// Whether anything was written.
    public var changed: Bool { newEvents > 0 || keysAdded > 0 || keysDestroyed > 0 }
}

/// Why a sync was refused. Nothing was written.
public enum SyncError: Error, Sendable, CustomStringConvertible {
    /// Journals that cannot be taken: diverged (one writer, two histories) or damaged. Each
    /// string is one problem, naming the writer, the files and the line.
    case refused([String])
    /// An I/O failure, a damaged local journal, or a journal in use by another process.
    case journal(JournalError)

    public var description: String {
        switch self {
        case .refused(let problems): problems.joined(separator: "\n")
        case .journal(let error): error.description
        }
    }
}

/// Brings another data directory's journals (a laptop's, a USB stick, a mounted share) into
/// this office's.
///
/// A writer's journal only grows, so the rules are few: a journal the office lacks is copied
/// in; a longer copy of a journal the office has is taken if ours is a byte-for-byte prefix of
/// it, and its new lines are appended; anything else — the same writer and sequence number with
/// different content, as when a laptop's disk image was cloned — has diverged and is refused.
///
/// Everything is checked before anything is written: every source journal is verified whole
/// (checksums, gapless sequence, hash chain) and compared with ours, and one problem refuses
/// the whole sync. Then the writer lock of each journal to be written is taken (so a process
/// writing it here makes the sync fail rather than interleave), the comparison is repeated
/// under the locks, and only then are new files created (temporary file, fsync, rename) and
/// extensions appended (one write of whole lines, fsync). A crash part-way leaves every
/// journal verified up to its last whole line; running the sync again completes it.
public enum JournalSync {
    /// Syncs from `source` — a data directory, or a folder of `.jsonl` journals — into `directory`.
    /// `localWriter` is this desk's writer id, for the report.
    public static func sync(from source: String, into directory: DataDirectory, localWriter: String?,
                            now: Timestamp) throws(SyncError) -> SyncReport {
        guard let folder = journalsFolder(of: source) else {
            throw .refused(["\(source) holds no Caseload journals (no journals/ folder and no .jsonl files)"])
        }
        if let here = realPath(directory.journals), realPath(folder) == here {
            throw .refused(["\(source) is this data directory"])
        }
        let sources: [SourceJournal]
        var plans: [Plan]
        do {
            sources = try readSources(folder)
            plans = try sources.map { (source: SourceJournal) throws(JournalError) in try plan(source, directory: directory) }
        } catch {
            throw .journal(error)
        }
        var problems = sources.compactMap(\.problem) + plans.compactMap(\.problem)
        guard problems.isEmpty else { throw .refused(problems) }
        // Keys travel first, so no line arrives before the key that opens it; an erasure's
        // tombstone there removes that key here (see `PersonKeyStore.absorb`).
        let keys: (added: Int, destroyed: Int)
        do { keys = try PersonKeyStore(directory: directory).absorb(from: DataDirectory(source), ownWriter: nil) } catch {
            throw .journal(error)
        }
        // A snapshot may hold the opened fields of a person erased elsewhere: it is only a cache.
        if keys.destroyed > 0 { FileIO.unlink(directory.snapshot) }

        let writes = plans.indices.filter { plans[$0].action == .copied || plans[$0].action == .appended }
        var locks: [FileDescriptor] = []
        defer { for lock in locks { try? lock.close() } }
        do {
            for index in writes {
                locks.append(try JournalWriter.acquireLock(directory: directory, writer: plans[index].source.writer))
            }
            // Under the locks, look again: a writer here may have appended since the first look.
            for index in writes { plans[index] = try plan(plans[index].source, directory: directory) }
        } catch {
            throw .journal(error)
        }
        problems = plans.compactMap(\.problem)
        guard problems.isEmpty else { throw .refused(problems) }
        do {
            try directory.prepare()
            for index in writes { try write(plans[index], directory: directory, now: now) }
        } catch {
            throw .journal(error)
        }
        let entries = plans.map { plan in
            SyncEntry(writer: plan.source.writer, action: plan.action, sourceLines: plan.source.position.lines,
                      localLines: plan.localLines, newLines: plan.newLines, sourceTornTail: plan.source.tail,
                      isLocalWriter: plan.source.writer == localWriter)
        }
        var report = SyncReport(source: source, entries: entries)
        report.keysAdded = keys.added
        report.keysDestroyed = keys.destroyed
        return report
    }

    /// The journals folder of a data directory, or the folder itself when it holds `.jsonl` files
    /// (a USB stick with journals copied onto it).
    public static func journalsFolder(of path: String) -> String? {
        let trimmed = DataDirectory(path)
        if FileIO.isDirectory(trimmed.journals) { return trimmed.journals }
        if FileIO.isDirectory(trimmed.root), FileIO.listDirectory(trimmed.root).contains(where: { $0.hasSuffix(".jsonl") }) {
            return trimmed.root
        }
        return nil
    }

    // MARK: Reading and planning

    /// A source journal read into memory and verified.
    struct SourceJournal {
        var writer: String
        var path: String
        var bytes: [UInt8]
        var position: JournalPosition
        var tail: Int?
        var problem: String?
    }

    static func readSources(_ folder: String) throws(JournalError) -> [SourceJournal] {
        var journals: [SourceJournal] = []
        for name in FileIO.listDirectory(folder) where name.hasSuffix(".jsonl") {
            let writer = String(name.dropLast(6))
            let path = "\(folder)/\(name)"
            guard (try? DataDirectory.validateWriterID(writer)) != nil else {
                journals.append(SourceJournal(writer: writer, path: path, bytes: [], position: .start,
                                              problem: "\(path): '\(writer)' is not a writer id, so this is not a Caseload journal"))
                continue
            }
            let bytes = try FileIO.read(path)
            let scan = JournalScanner.scan(bytes, file: path, writer: writer)
            let problem = scan.damage.map { "source journal \(writer) is damaged: \($0) — run `caseload verify` on the source" }
            // Only verified lines are taken; an incomplete last line (a laptop mid-append) stays behind.
            journals.append(SourceJournal(writer: writer, path: path, bytes: Array(bytes.prefix(scan.position.offset)),
                                          position: scan.position, tail: scan.tail?.length, problem: problem))
        }
        return journals
    }

    /// What to do with one source journal, from the local file as it is now.
    struct Plan {
        var source: SourceJournal
        var action: SyncEntry.Action = .upToDate
        var localLines = 0
        /// Where the local file's verified lines end; new bytes go here.
        var localOffset = 0
        /// Bytes after the local file's last whole line (a sync or write that crashed mid-append).
        var localTail: [UInt8] = []
        var newLines = 0
        var problem: String?
    }

    static func plan(_ source: SourceJournal, directory: DataDirectory) throws(JournalError) -> Plan {
        var plan = Plan(source: source)
        guard source.problem == nil else { return plan }
        let path = directory.journal(writer: source.writer)
        guard FileIO.exists(path) else {
            if source.position.lines > 0 {
                plan.action = .copied
                plan.newLines = source.position.lines
            }
            return plan
        }
        let local = try FileIO.read(path)
        let scan = JournalScanner.scan(local, file: path, writer: source.writer)
        if let damage = scan.damage {
            plan.problem = "journal \(source.writer) here is damaged: \(damage) — run `caseload verify` and `caseload repair`"
            return plan
        }
        plan.localLines = scan.position.lines
        plan.localOffset = scan.position.offset
        plan.localTail = Array(local[scan.position.offset...])
        let common = min(scan.position.offset, source.position.offset)
        if let differ = firstDifference(local, source.bytes, count: common) {
            plan.problem = divergence(writer: source.writer, local: local, localPath: path, source: source, at: differ)
            return plan
        }
        if source.position.offset > scan.position.offset {
            plan.action = .appended
            plan.newLines = source.position.lines - scan.position.lines
        } else if source.position.offset < scan.position.offset {
            plan.action = .aheadHere
        }
        return plan
    }

    static func firstDifference(_ a: [UInt8], _ b: [UInt8], count: Int) -> Int? {
        guard count > 0 else { return nil }
        let same = a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in memcmp(pa.baseAddress!, pb.baseAddress!, count) == 0 } }
        if same { return nil }
        return (0..<count).first { a[$0] != b[$0] }
    }

    /// A report a person can act on: which line, and what each side says it is.
    static func divergence(writer: String, local: [UInt8], localPath: String, source: SourceJournal, at offset: Int) -> String {
        let lineStart = local[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineNumber = local[..<lineStart].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1
        func describe(_ bytes: [UInt8]) -> String {
            let end = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            let line = Array(bytes[lineStart..<end])
            guard let decoded = try? line.withUnsafeBufferPointer({ buffer throws(JournalLine.Problem) in try JournalLine.decode(buffer) }) else {
                return "an unreadable line"
            }
            let event = decoded.event
            return "seq \(event.seq) \(event.type) \(event.caseID.isEmpty ? "" : "for \(event.caseID) ")by \(event.actor) at \(event.recorded.iso) (event \(event.id))"
        }
        return "journal \(writer) has diverged at line \(lineNumber): here it is \(describe(local)) in \(localPath); "
            + "the source has \(describe(source.bytes)) in \(source.path). One writer id wrote two different histories "
            + "(a cloned laptop, or a restored backup that was written to): nothing was synced. Give one of the machines "
            + "a new writer id (`--writer`) and keep both files for the administrator."
    }

    // MARK: Writing

    static func write(_ plan: Plan, directory: DataDirectory, now: Timestamp) throws(JournalError) {
        let path = directory.journal(writer: plan.source.writer)
        switch plan.action {
        case .copied:
            try FileIO.writeAtomically(path, plan.source.bytes)
        case .appended:
            var newBytes = Array(plan.source.bytes[plan.localOffset...])
            if !plan.localTail.isEmpty {
                if newBytes.starts(with: plan.localTail) {
                    // An earlier sync crashed mid-append: finish the line it started.
                    newBytes.removeFirst(plan.localTail.count)
                } else {
                    // Not ours to finish: keep the fragment in quarantine, as a writer opening the journal would.
                    try Quarantine.store(plan.localTail, from: path, offset: plan.localOffset,
                                         reason: "torn last line found by sync", at: now, in: directory)
                    try truncate(path, to: plan.localOffset)
                }
            }
            let fd = try FileIO.open(path, .writeOnly, options: [.append])
            defer { try? fd.close() }
            try FileIO.writeAll(fd, newBytes, path: path)
            try FileIO.sync(fd, path: path)
        case .upToDate, .aheadHere:
            return
        }
    }

    static func truncate(_ path: String, to offset: Int) throws(JournalError) {
        try FileIO.truncate(path, to: offset)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
