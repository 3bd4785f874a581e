import Cases
import Dispatch

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

    public var writerID: String { writer?.writer ?? config.writer }

    /// Opens the store. `writerID` overrides the config's writer (a desk on a shared folder).
    public init(directory: DataDirectory, writerID: String? = nil, forWriting: Bool, clock: any WallClock,
                randomSeed: UInt64? = nil) throws(JournalError) {
        guard let config = try OfficeConfig.load(directory) else {
            throw .config("no Caseload data in \(directory.root): run `caseload init` (or `caseload demo`) first")
        }
        self.directory = directory
        self.config = config
        self.clock = clock
        keys = try PersonKeyStore(directory: directory)
        var system = SystemRandomNumberGenerator()
        self.random = SeededGenerator(seed: randomSeed ?? system.next())
        let ownWriter = writerID ?? config.writer
        if forWriting {
            writer = try JournalWriter(directory: directory, writer: ownWriter, now: clock.now())
            writer?.keys = keys
            if let tail = writer?.recoveredTail { notices.append("recovered a torn last line; the fragment is in \(tail)") }
        } else {
            writer = nil
        }
        caseload = Caseload()
        var events: [Event] = []
        let others = directory.writers().filter { $0 != writer?.writer }
        let scans = CaseStore.scanInParallel(others, in: directory)
        if let writer {
            events += writer.existingEvents
            positions[writer.writer] = writer.position
        }
        for (name, result) in zip(others, scans) {
            let scan = try result.get()
            if let damage = scan.damage { throw .damaged(damage) }
            if scan.newerVersionLines > 0 {
                notices.append("\(scan.newerVersionLines) lines in \(name) are from a newer Caseload; unknown parts are kept and shown as unknown")
            }
            events += scan.events
            positions[name] = scan.position
        }
        noteMissingKeys(keys.open(&events))
        caseload.apply(events)
    }

    private func noteMissingKeys(_ opened: KeyRing.Opened) {
        guard let first = opened.missing.first else { return }
        notices.append("⚠ \(opened.missing.count) personal records cannot be read: key \(first.key) (\(first.writer) seq \(first.seq)) "
            + "is missing from keys/ and not recorded as erased — run `caseload verify`")
    }

    /// Reads and verifies whole journals on every core: decoding and checksumming dominate an
    /// open, and each journal is independent until the fold.
    private static func scanInParallel(_ names: [String], in directory: DataDirectory) -> [Result<JournalScan, JournalError>] {
        let results = ScanResults(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let path = directory.journal(writer: names[index])
            let result: Result<JournalScan, JournalError>
            do throws(JournalError) {
                result = .success(JournalScanner.scan(try FileIO.read(path), file: path, writer: names[index]))
            } catch {
                result = .failure(error)
            }
            results.set(index, result)
        }
        return results.all
    }

    /// Reads lines other writers have appended since the last read. Returns the new events.
    ///
    /// Each journal's events are applied together with its new read position, so a problem in
    /// one journal (thrown after the others were read) never loses what was read before it.
    @discardableResult
    public func refresh() throws(JournalError) -> [Event] {
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
            if scan.events.contains(where: \.mayBeSealed) {
                // A colleague's new person may come with a key written since we opened.
                if let reread = try? PersonKeyStore(directory: directory) { keys.adopt(reread) }
                noteMissingKeys(keys.open(&scan.events))
            }
            caseload.apply(scan.events)
            fresh += scan.events
            positions[name] = scan.position
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
        return stored
    }

    @discardableResult
    public func append(_ event: Event) throws(JournalError) -> Event { try append([event])[0] }
}

/// Slots the parallel scan fills, one per journal, behind a lock.
private final class ScanResults: @unchecked Sendable {
    private var items: [Result<JournalScan, JournalError>?]
    private let lock = Mutex()

    init(count: Int) { items = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<JournalScan, JournalError>) { lock.locked { items[index] = result } }

    var all: [Result<JournalScan, JournalError>] { lock.locked { items.map { $0! } } }
}
