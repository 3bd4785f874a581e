import Dispatch
import Cases

/// An office's caseload as read from every journal in its data directory, plus (when opened
/// for writing) this desk's own journal writer.
///
/// Reading takes no lock and stops at each journal's last complete line. Damage in the middle
/// of any journal stops the open with its file, line and byte offset: nothing is skipped.
public final class CaseStore {
    public let directory: DataDirectory
    public let config: OfficeConfig
    public private(set) var caseload: Caseload
    /// How far each writer's journal has been read.
    public private(set) var positions: [String: JournalPosition] = [:]
    /// This desk's journal; nil when opened read-only.
    public let writer: JournalWriter?
    /// Things worth telling the user that did not stop the open (a recovered torn tail of our
    /// own journal, lines from a newer version).
    public private(set) var notices: [String] = []
    /// The person keys (`keys/`): opens sealed fields on read, seals them on append, erases.
    public let keys: PersonKeyStore
    private let clock: any WallClock
    private var random: SeededGenerator
    private let snapshotUse: SnapshotUse
    /// Events read or appended since the snapshot this store started from (all of them without one).
    private var eventsSinceSnapshot = 0
    /// Whether the open started from a snapshot rather than a full replay.
    public private(set) var openedFromSnapshot = false
    private let snapshotWriter = SnapshotWriter()
    /// Set once a colleague's erasure arrives while open: this store still holds the person's
    /// opened fields in memory, so it must not write them into a new snapshot.
    private var snapshotsSuspended = false
    /// Keys of sealed lines that could not be opened. A correction opened without its key is
    /// folded as if it changed nothing, and a snapshot cannot tell that apart from a real no-op
    /// (only a case opening records `keyMissing`), so none is written while this holds a key
    /// no `keyMissing` opening explains: the warm open would miss the correction for good.
    private var missingKeyIDs: Set<String> = []
    /// The snapshot the open started from, which still holds the restored cases' events.
    private var snapshotEvents: SnapshotEventSource?
    /// Whether `refresh` has already reported that the snapshot's events could not be read.
    private var reportedSnapshotProblem = false

    public var writerID: String { writer?.writer ?? previewWriter ?? config.writer }
    /// Whether this is a preview (`CaseStore.preview`): a part of the caseload, read-only, for
    /// the first screen while the whole store opens; the desk it previews writes as `writerID`.
    public var isPreview: Bool { previewWriter != nil }
    private var previewWriter: String?

    /// How the store uses the snapshot cache (`snapshots/caseload.snapshot`).
    public enum SnapshotUse: Sendable, Equatable {
        /// Replay every journal in full (the benchmark's cold open, `verify`-like needs).
        case ignore
        /// Start from a valid snapshot and read only the journals' tails; never write one.
        case read
        /// Read, and write a new snapshot in the background whenever at least `every` events
        /// have arrived that the current snapshot does not hold (the app).
        case readAndWrite(every: Int)
    }

    /// Opens the store. `writerID` overrides the config's writer (a desk on a shared folder).
    ///
    /// With a snapshot whose recorded journal positions and chain hashes still match the
    /// journals, only the lines after those positions are read; anything else about the
    /// snapshot (missing, damaged, stale) means a full replay, with a notice when it was unusable.
    public init(directory: DataDirectory, writerID: String? = nil, forWriting: Bool, clock: any WallClock,
                randomSeed: UInt64? = nil, snapshots: SnapshotUse = .read) throws(JournalError) {
        guard let config = try OfficeConfig.load(directory) else {
            throw .config("no Caseload data in \(directory.root): run `caseload init` (or `caseload demo`) first")
        }
        self.directory = directory
        self.config = config
        self.clock = clock
        self.snapshotUse = snapshots
        self.caseload = Caseload()
        // The snapshot is read on another thread while the key files are read here: neither
        // needs the other until the snapshot's people are checked against the keys.
        let loading = SnapshotLoad(snapshots == .ignore ? nil : directory)
        let keys: PersonKeyStore
        do throws(JournalError) { keys = try PersonKeyStore(directory: directory) } catch {
            _ = loading.result()
            throw error
        }
        self.keys = keys
        var system = SystemRandomNumberGenerator()
        self.random = SeededGenerator(seed: randomSeed ?? system.next())
        let ownWriter = writerID ?? config.writer
        var notices: [String] = []
        var snapshot = CaseStore.usableSnapshot(loading.result(), directory, except: forWriting ? ownWriter : nil,
                                                keys: keys, notices: &notices)
        if forWriting {
            let resume = snapshot.map { $0.positions[ownWriter] ?? .start }
            let opened = try JournalWriter(directory: directory, writer: ownWriter, now: clock.now(), resumingAt: resume)
            opened.keys = keys
            if let tail = opened.recoveredTail { notices.append("recovered a torn last line; the fragment is in \(tail)") }
            if snapshot != nil && !opened.resumed {
                notices.append("ignored the snapshot: journal \(ownWriter) no longer matches it; replaying the journals in full")
                snapshot = nil
            }
            writer = opened
        } else {
            writer = nil
        }
        var batches: [[Event]] = []
        var tailEvents = 0
        if let writer {
            batches.append(writer.takeExistingEvents())
            positions[writer.writer] = writer.position
        }
        // One journal at a time, each decoded on every core; its bytes are freed before the next is read.
        for name in directory.writers() where name != writer?.writer {
            let scan = try JournalScanner.scanJournal(name, in: directory, from: snapshot?.positions[name] ?? .start)
            if let damage = scan.damage { throw .damaged(damage) }
            if scan.newerVersionLines > 0 {
                notices.append("\(scan.newerVersionLines) lines in \(name) are from a newer Caseload; unknown parts are kept and shown as unknown")
            }
            batches.append(scan.events)
            positions[name] = scan.position
        }
        // Sealed person fields are opened with the key store before the fold.
        var missing = KeyRing.Opened()
        for index in batches.indices { missing.add(keys.open(&batches[index])) }
        if let note = CaseStore.missingKeysNote(missing) { notices.append(note) }
        missingKeyIDs = Set(missing.missing.map(\.key))
        for batch in batches { tailEvents += batch.count }
        openedFromSnapshot = snapshot != nil
        snapshotEvents = snapshot?.eventSource
        let snapshotPeople = snapshot?.casePeople
        caseload = snapshot?.caseload ?? Caseload()
        snapshot = nil
        if let people = snapshotPeople { keys.learn(from: people) }
        caseload.apply(draining: &batches)
        self.notices = notices
        eventsSinceSnapshot = tailEvents
        scheduleSnapshotIfDue()
    }

    /// A preview's store: `caseload` is part of the office's. It cannot append, read new lines
    /// (`refresh`) or write a snapshot.
    init(preview caseload: Caseload, directory: DataDirectory, config: OfficeConfig, writerID: String,
         keys: PersonKeyStore, positions: [String: JournalPosition], clock: any WallClock) {
        self.directory = directory
        self.config = config
        self.caseload = caseload
        self.positions = positions
        self.keys = keys
        self.clock = clock
        writer = nil
        random = SeededGenerator(seed: 0)
        snapshotUse = .read
        previewWriter = writerID
        openedFromSnapshot = true
    }

    static func missingKeysNote(_ opened: KeyRing.Opened) -> String? {
        guard let first = opened.missing.first else { return nil }
        return "⚠ \(opened.missing.count) personal records cannot be read: key \(first.key) (\(first.writer) seq \(first.seq)) "
            + "is missing from keys/ and not recorded as erased — run `caseload verify`"
    }

    /// Whether `event` is sealed under a key this store neither holds nor knows to be destroyed.
    private func lacksKey(_ event: Event) -> Bool {
        guard let key = event.personKeyID else { return false }
        return !keys.hasKey(key) && !keys.isErased(key)
    }

    private func noteMissingKeys(_ opened: KeyRing.Opened) {
        if let note = CaseStore.missingKeysNote(opened) { notices.append(note) }
        missingKeyIDs.formUnion(opened.missing.map(\.key))
    }

    /// Whether a correction was folded without its key (see `missingKeyIDs`).
    private var holdsUnopenedCorrections: Bool {
        guard !missingKeyIDs.isEmpty else { return false }
        var unexplained = missingKeyIDs
        for record in caseload.cases.values {
            if case .keyMissing(let key) = record.person.protection { unexplained.remove(key) }
        }
        return !unexplained.isEmpty
    }

    /// The snapshot in the directory if every journal it covers still has, at the recorded
    /// offset, the recorded chain hash. `except` is this desk's journal, checked by its writer.
    private static func usableSnapshot(_ loaded: (snapshot: CaseloadSnapshot?, note: String?), _ directory: DataDirectory,
                                       except ownWriter: String?, keys: PersonKeyStore,
                                       notices: inout [String]) -> CaseloadSnapshot? {
        let (snapshot, note) = loaded
        if let note { notices.append(note) }
        guard let snapshot else { return nil }
        let people = snapshot.casePeople
        if let stale = keys.staleProtection(of: people) {
            // Written before a key arrived or was destroyed: what it holds of that person is no
            // longer what the key store says. One older than an erasure still holds the erased
            // person's opened ID and phone in the clear (an app wrote it after `erase` deleted the
            // cache, or the tombstone came by sync), so it goes rather than waiting to be replaced.
            if keys.holdsErased(people) { FileIO.unlink(SnapshotFile.path(in: directory)) }
            notices.append("ignored the snapshot: \(stale); replaying the journals in full")
            return nil
        }
        if let (name, position) = JournalPrefix.firstMismatch(in: snapshot.positions, of: directory, except: ownWriter) {
            notices.append("ignored the snapshot: journal \(name) no longer matches it at byte \(position.offset); replaying the journals in full")
            return nil
        }
        return snapshot
    }

    /// Reads lines other writers have appended since the last read. Returns the new events.
    ///
    /// Each journal's events are applied together with its new read position, so a problem in
    /// one journal (thrown after the others were read) never loses what was read before it.
    @discardableResult
    public func refresh() throws(JournalError) -> [Event] {
        // A preview holds part of the office: new lines for cases it never read would be
        // folded from the tail alone.
        guard !isPreview else { throw .stopped(reason: "a preview of the caseload does not read new lines") }
        var fresh: [Event] = []
        var problem: JournalError?
        for name in directory.writers() where name != writer?.writer {
            let path = directory.journal(writer: name)
            let from = positions[name] ?? .start
            guard let size = FileIO.fileSize(path), size != from.offset else { continue }
            if size < from.offset {
                // A journal only grows; one that shrank was cut or replaced behind our back.
                problem = problem ?? .damaged(JournalDamage(file: path, line: from.lines, offset: size,
                                                            problem: "the journal shrank from \(from.offset) to \(size) bytes while open"))
                continue
            }
            let bytes: [UInt8]
            do { bytes = try FileIO.read(path, from: from.offset) } catch {
                problem = problem ?? error
                continue
            }
            var scan = JournalScanner.scan(bytes, file: path, writer: name, from: from)
            // Lines before a damaged one are sound and are kept; the damage is reported.
            if let damage = scan.damage { problem = problem ?? .damaged(damage) }
            // A colleague's new person may come with a key written since we opened; an erasure
            // destroyed a key this store still holds, and a new case or correction of that person
            // must not be sealed under it (it would be unreadable at once). Only then is `keys/`
            // read again: at 100,000 people it is megabytes, and most refreshes bring known keys.
            if scan.events.contains(where: { $0.isErasure || lacksKey($0) }),
               let reread = try? PersonKeyStore(directory: directory) {
                keys.adopt(reread)
            }
            if scan.events.contains(where: \.mayBeSealed) { noteMissingKeys(keys.open(&scan.events)) }
            if scan.events.contains(where: \.isErasure) {
                // A snapshot this app wrote may hold the person in the clear, and one written
                // between the erase's cleanup and this read certainly does: remove it.
                snapshotsSuspended = true
                snapshotWriter.wait()
                FileIO.unlink(SnapshotFile.path(in: directory))
            }
            caseload.apply(scan.events)
            fresh += scan.events
            positions[name] = scan.position
        }
        eventsSinceSnapshot += fresh.count
        scheduleSnapshotIfDue()
        if !reportedSnapshotProblem, let trouble = snapshotEvents?.problem {
            // Only possible if the snapshot file was changed in place while open (it is only ever
            // replaced by rename): say so once; a restart replays the journals.
            reportedSnapshotProblem = true
            problem = problem ?? .config("the snapshot changed on disk while open (\(trouble)); restart Caseload to read the journals again")
        }
        if let problem { throw problem }
        return fresh
    }

    /// A new event with a fresh id, stamped now; `effective` is the day it counts for.
    public func makeEvent(caseID: String, actor: String, effective: LocalDate, body: EventBody) -> Event {
        Event(id: Identifiers.eventID(using: &random), recorded: clock.now(), effective: effective,
              actor: actor, caseID: caseID, body: body)
    }

    /// A case id not used yet in this office.
    public func newCaseID(kind: CaseKind) -> String {
        while true {
            let id = Identifiers.caseID(kind: kind, using: &random)
            if caseload[id] == nil && caseload.events(forCase: id).isEmpty { return id }
        }
    }

    /// Appends durably, then applies. Nothing is applied if the append fails.
    @discardableResult
    public func append(_ events: [Event]) throws(JournalError) -> [Event] {
        guard let writer else { throw .stopped(reason: "the store was opened read-only") }
        let stored = try writer.append(events)
        positions[writer.writer] = writer.position
        caseload.apply(stored)
        eventsSinceSnapshot += stored.count
        scheduleSnapshotIfDue()
        return stored
    }

    @discardableResult
    public func append(_ event: Event) throws(JournalError) -> Event { try append([event])[0] }
}

extension CaseStore {
    /// Writes a snapshot of the current state now, on this thread (the benchmark, tests,
    /// `caseload snapshot`).
    public func writeSnapshot() throws(JournalError) {
        // A snapshot of part of the office, under positions that match the journals, would
        // drop everyone else's cases from every later warm open.
        guard !isPreview else { throw .stopped(reason: "a preview of the caseload cannot be written as a snapshot") }
        try SnapshotFile.write(CaseloadSnapshot(positions: positions, caseload: caseload), to: directory)
        eventsSinceSnapshot = 0
    }

    /// Waits until a background snapshot write, if any, has finished.
    public func waitForSnapshotWrites() { snapshotWriter.wait() }

    /// Starts a background snapshot write when the store may write them and enough events are
    /// not in the current one. The state is copied (values), so the app goes on meanwhile.
    private func scheduleSnapshotIfDue() {
        guard !isPreview, case .readAndWrite(let every) = snapshotUse, eventsSinceSnapshot >= every, !snapshotsSuspended,
              !holdsUnopenedCorrections else { return }
        if snapshotWriter.start(CaseloadSnapshot(positions: positions, caseload: caseload), to: directory) {
            eventsSinceSnapshot = 0
        }
    }
}

extension Event {
    /// A `person_erased` record.
    var isErasure: Bool {
        if case .personErased = body { return true }
        return false
    }

    /// The key an opening's person or a correction's person fields are sealed under, if any.
    var personKeyID: String? {
        switch body {
        case .caseOpened(let opened): opened.person.protection.keyID
        case .caseCorrected(let correction): correction.person["key"]?.stringValue
        default: nil
        }
    }
}

/// A snapshot being read on another thread (none when `directory` is nil: a full replay).
private final class SnapshotLoad: @unchecked Sendable {
    private let group = DispatchGroup()
    private var loaded: (snapshot: CaseloadSnapshot?, note: String?) = (nil, nil)

    init(_ directory: DataDirectory?) {
        guard let directory else { return }
        DispatchQueue.global().async(group: group) { self.loaded = SnapshotFile.load(from: directory) }
    }

    /// Waits for the read; what it found, and why it could not be used if so. Handed over, not
    /// kept: a second reference to the caseload's tables would make the first change after the
    /// open (the journals' tails) copy all of them.
    func result() -> (snapshot: CaseloadSnapshot?, note: String?) {
        group.wait()
        defer { loaded = (nil, nil) }
        return loaded
    }
}
