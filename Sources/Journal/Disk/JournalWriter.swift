#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases
import SystemPackage

/// Appends to one writer's journal, durably, as the only process doing so.
///
/// Opening takes an exclusive `flock` on `journals/<writer>.lock`, verifies the journal, and
/// moves a torn last line to quarantine. `append` returns only after the bytes (and, for a new
/// file, its folder entry) are fsynced. After any failed write or fsync the writer refuses all
/// further appends: retrying an fsync after failure can report success for lost data.
public final class JournalWriter {
    public let writer: String
    public let directory: DataDirectory
    public let path: String
    public private(set) var position: JournalPosition
    /// Set when a write failed; every later append throws `.stopped`.
    public private(set) var stoppedReason: String?
    /// Events read from the journal at open (already verified).
    public private(set) var existingEvents: [Event]
    /// Quarantined fragment path when the open recovered a torn tail.
    public private(set) var recoveredTail: String?
    /// Seals person fields before they are written (see `PersonKeyStore`); without it lines are
    /// written in the clear, as before encryption (tests of the line format use that).
    public var keys: PersonKeyStore?

    private let lockDescriptor: FileDescriptor
    /// Opened on first append, so a command that fails validation leaves no trace.
    private var descriptor: FileDescriptor?
    private var needsDirectorySync = false
    private var closed = false

    /// Whether the open read only the lines after a snapshot's position (`resumingAt`), because
    /// the journal still matched it there; false after a full read.
    public private(set) var resumed = false

    /// Opens the journal for appending. With `resumingAt` (a snapshot's position for this
    /// journal) only the lines after it are read and verified, provided the journal still has
    /// that chain hash at that offset; otherwise the whole journal is read.
    public init(directory: DataDirectory, writer: String, now: Timestamp,
                resumingAt resume: JournalPosition? = nil) throws(JournalError) {
        try DataDirectory.validateWriterID(writer)
        try directory.prepare()
        self.writer = writer
        self.directory = directory
        self.path = directory.journal(writer: writer)
        self.lockDescriptor = try JournalWriter.acquireLock(directory: directory, writer: writer)
        do throws(JournalError) {
            let isNew = !FileIO.exists(path)
            var scan = JournalScan(position: .start)
            // Checked after taking the lock, so no repair can cut the journal in between.
            let path = directory.journal(writer: writer)
            let start = resume.flatMap { isNew || !JournalPrefix.matches(path, $0) ? nil : $0 } ?? .start
            resumed = resume != nil && (start == resume || isNew && resume == .start)
            if !isNew {
                let bytes = try FileIO.read(path, from: start.offset)
                scan = JournalScanner.scan(bytes, file: path, writer: writer, from: start)
                if let damage = scan.damage { throw JournalError.damaged(damage) }
                if let tail = scan.tail {
                    let fragment = Array(bytes[(tail.offset - start.offset)...])
                    recoveredTail = try Quarantine.store(fragment, from: path, offset: tail.offset,
                                                         reason: "torn last line (incomplete append)", at: now, in: directory)
                    try FileIO.truncate(path, to: tail.offset)
                }
            }
            self.position = scan.position
            self.existingEvents = scan.events
        } catch {
            try? lockDescriptor.close()
            throw error
        }
    }

    deinit { close() }

    /// Hands over the events read at open and lets go of them, so a store that has folded them
    /// does not keep a second copy alive for as long as the writer is open.
    public func takeExistingEvents() -> [Event] {
        defer { existingEvents = [] }
        return existingEvents
    }

    /// Releases the lock. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        try? descriptor?.close()
        try? lockDescriptor.close()
    }

    /// Appends events atomically as one write and one fsync. Assigns writer and seq, and returns
    /// the events as stored. Throws without writing anything once the writer has stopped.
    @discardableResult
    public func append(_ events: [Event]) throws(JournalError) -> [Event] {
        if let stoppedReason { throw .stopped(reason: stoppedReason) }
        guard !events.isEmpty else { return [] }
        var bytes: [UInt8] = []
        var stored: [Event] = []
        var next = position
        for var event in events {
            event.writer = writer
            event.seq = next.seq + 1
            let sealed = keys?.seal(event) ?? (disk: event, stored: event)
            event = sealed.stored
            let line = JournalLine.encode(sealed.disk, prev: next.hash)
            next = JournalPosition(offset: next.offset + line.count + 1, seq: event.seq,
                                   hash: JournalLine.hash(line), lines: next.lines + 1)
            bytes.append(contentsOf: line)
            bytes.append(0x0A)
            stored.append(event)
        }
        do throws(JournalError) {
            // The keys are on disk before any line sealed under them.
            try keys?.persist(writer: writer)
            let descriptor = try openForAppend()
            try FileIO.writeAll(descriptor, bytes, path: path)
            try FileIO.sync(descriptor, path: path)
            if needsDirectorySync {
                try FileIO.syncDirectory(directory.journals)
                needsDirectorySync = false
            }
        } catch {
            stoppedReason = error.description
            // Take back whatever part of the batch reached the file, so lines the user was
            // told were not saved cannot reappear on the next open and be entered twice.
            if let descriptor, (try? FileIO.truncate(descriptor, to: position.offset, path: path)) != nil {
                try? FileIO.sync(descriptor, path: path)
            }
            throw error
        }
        position = next
        return stored
    }

    @discardableResult
    public func append(_ event: Event) throws(JournalError) -> Event { try append([event])[0] }

    private func openForAppend() throws(JournalError) -> FileDescriptor {
        if let descriptor { return descriptor }
        needsDirectorySync = !FileIO.exists(path)
        let opened = try FileIO.open(path, .writeOnly, options: [.append], create: true)
        descriptor = opened
        return opened
    }

    /// Takes the writer's exclusive lock. Nothing is written into the lock file, so a command
    /// that fails validation after taking it leaves the data directory byte-identical.
    static func acquireLock(directory: DataDirectory, writer: String) throws(JournalError) -> FileDescriptor {
        let lockPath = directory.lock(writer: writer)
        let fd = try FileIO.open(lockPath, .readWrite, create: true)
        if flock(fd.rawValue, LOCK_EX | LOCK_NB) != 0 {
            let errno = currentErrno()
            let holder = lockHolder(of: fd)
            try? fd.close()
            if errno == .wouldBlock || errno == .resourceTemporarilyUnavailable {
                throw .inUse(writer: writer, pid: holder)
            }
            throw FileIO.fail("lock", lockPath, errno)
        }
        return fd
    }

    /// The process holding a flock on the file, from Linux's /proc/locks
    /// (`1: FLOCK  ADVISORY  WRITE 4121 08:01:1234567 0 EOF`); nil where that is unavailable.
    static func lockHolder(of fd: FileDescriptor) -> Int32? {
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0, let table = FileIO.readStream("/proc/locks") else { return nil }
        let inode = String(info.st_ino)
        for line in String(decoding: table, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // Lines for waiters carry "->" after the number; the holder's line does not.
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE" else { continue }
            if fields[5].split(separator: ":").last.map(String.init) == inode { return Int32(fields[4]) }
        }
        return nil
    }
}
