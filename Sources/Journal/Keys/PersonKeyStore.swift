#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases
import Crypto
import Dispatch
import SystemPackage

/// The data directory's key store, `keys/`: one AES-256 key per person, in one file per writer
/// (`keys/<writer>.keys`, see `PersonKeyFile`), so 100,000 people are a few megabytes read at once.
///
/// Personal fields (the `person` object: name, resident ID, phone, hukou, community) are sealed
/// with AES-GCM under the person's key when a line is written, and opened when it is read.
/// `caseload erase` destroys a key in every file here and leaves a tombstone: the journal lines
/// stay as they are and still verify, but nobody can read those fields again.
public final class PersonKeyStore {
    public let directory: DataDirectory
    public private(set) var ring = KeyRing()
    /// The key files by writer (internal for the replication helpers beside this file).
    var files: [String: PersonKeyFile] = [:]
    /// Keys made since the last `persist`, for the writer's own file.
    private var pending: [(String, PersonKey)] = []
    /// Which key a resident's fields and a case's corrections are sealed under. What opening
    /// lines found (`open`) and, after a warm open, the snapshot's people (see `learn`) are folded
    /// in the first time this is read.
    public internal(set) var opened: KeyRing.Opened {
        get {
            absorbLearnt()
            return openedSoFar
        }
        _modify {
            absorbLearnt()
            yield &openedSoFar
        }
        set {
            learnt = nil
            unfolded = []
            openedSoFar = newValue
        }
    }
    /// `opened` as far as it has been built (internal for `absorbLearnt`, beside this file).
    var openedSoFar = KeyRing.Opened()
    /// A warm open's people, not folded into `opened` yet, with what `opened` held before them.
    var learnt: (people: CasePeople, before: KeyRing.Opened)?
    /// What `open` found, in the order it was opened, not folded into `openedSoFar` yet: at a
    /// cold open the two 100,000-entry dictionaries were about 3% of its CPU, and only sealing a
    /// new opening or a correction reads them.
    var unfolded: [KeyRing.Findings] = []

    public static func folder(of directory: DataDirectory) -> String { directory.root + "/keys" }
    public static func file(of directory: DataDirectory, writer: String) -> String { folder(of: directory) + "/\(writer).keys" }

    /// Reads every key file. A malformed record stops with its file and line.
    public init(directory: DataDirectory) throws(JournalError) {
        self.directory = directory
        files = try PersonKeyStore.readFiles(PersonKeyStore.folder(of: directory))
        rebuildRing()
    }

    /// Reads only the records of the key ids in `only`: enough to check and open the people a
    /// preview shows (`CaseStore.preview`), at a fraction of the cost of every key's record.
    /// Such a store can check and open those people, nothing else.
    init(directory: DataDirectory, only ids: KeyIDFilter) throws(JournalError) {
        self.directory = directory
        files = try PersonKeyStore.readFiles(PersonKeyStore.folder(of: directory), only: ids)
        rebuildRing()
    }

    /// Every desk's file, read on every core (an office of a million people has a few files of
    /// tens of megabytes); the first problem in name order is the one reported.
    static func readFiles(_ folder: String, only: KeyIDFilter? = nil) throws(JournalError) -> [String: PersonKeyFile] {
        let names = FileIO.listDirectory(folder).filter { $0.hasSuffix(".keys") }.sorted()
        let read = ParallelSlots<Result<PersonKeyFile, JournalError>?>(count: names.count, empty: nil)
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let path = folder + "/" + names[index]
            do throws(JournalError) {
                read.set(index, .success(try PersonKeyFile.parse(try FileIO.read(path), file: path, only: only)))
            } catch {
                read.set(index, .failure(error))
            }
        }
        var files: [String: PersonKeyFile] = [:]
        for (name, result) in zip(names, read.all) {
            switch result {
            case .success(let file)?: files[String(name.dropLast(5))] = file
            case .failure(let error)?: throw error
            case nil: continue
            }
        }
        return files
    }

    func rebuildRing() {
        var ring = KeyRing()
        for file in files.values where !file.tombstones.isEmpty { ring.erased.formUnion(file.tombstones.keys) }
        let withKeys = files.values.filter { !$0.keys.isEmpty }
        if withKeys.count == 1 && ring.erased.isEmpty && pending.isEmpty {
            // One desk's file (most offices): the ring shares its storage instead of copying it.
            ring.keys = withKeys[0].keys
        } else {
            ring.keys.reserveCapacity(withKeys.reduce(pending.count) { $0 + $1.keys.count })
            for file in withKeys {
                for (id, key) in file.keys where ring.erased.isEmpty || !ring.erased.contains(id) { ring.keys[id] = key }
            }
            for (id, key) in pending { ring.keys[id] = key }
        }
        self.ring = ring
    }

    /// Opens sealed fields in place and remembers (in `opened`) which keys the people and cases
    /// use. Returns the plaintext cases and the missing keys among `events`; its key dictionaries
    /// are left empty, as no caller needs them and at 100,000 people each copy costs.
    public func open(_ events: inout [Event]) -> KeyRing.Opened {
        // Only openings and person corrections carry sealed fields: a few percent of the lines.
        let indices = events.indices.filter { events[$0].mayBeSealed }
        guard !indices.isEmpty else { return KeyRing.Opened() }
        let runs = ring.openInParallel(&events, at: indices)
        // After what was learnt so far, folded in on the first read of `opened` (a warm open's
        // people, if not folded in yet, stay pending too: they fold in under these later keys
        // either way), so neither an open nor a refresh builds the maps.
        unfolded += runs
        var result = KeyRing.Opened()
        for run in runs {
            result.plaintextCases.formUnion(run.plaintextCases)
            result.missing += run.missing
        }
        return result
    }

    /// Takes the files another instance read (a fresher look at `keys/`), keeping what this one knows.
    public func adopt(_ fresh: PersonKeyStore) {
        files = fresh.files
        rebuildRing()
    }

    /// Records what a parallel open (with `ring`) learnt.
    public func note(_ result: KeyRing.Opened) {
        foldUnfolded()
        openedSoFar.add(result)
    }

    /// Folds what `open` found into `openedSoFar`, in the order it was found.
    func foldUnfolded() {
        guard !unfolded.isEmpty else { return }
        openedSoFar.add(unfolded)
        unfolded = []
    }

    /// Whether the key exists here (not destroyed, not missing).
    public func hasKey(_ id: String) -> Bool { ring.keys[id] != nil }
    public func isErased(_ id: String) -> Bool { ring.erased.contains(id) }

    // MARK: Writing

    /// The event as it goes to disk (person fields sealed) and as it is kept in memory (opened,
    /// with its key id). A person keeps one key across their cases, found by resident ID.
    public func seal(_ event: Event) -> (disk: Event, stored: Event) {
        var disk = event, stored = event
        switch event.body {
        case .caseOpened(var body):
            guard !body.person.isErased else { return (event, event) }
            var id = body.person.protection.keyID.flatMap { hasKey($0) ? $0 : nil }
            if id == nil, let known = opened.keyByResident[body.person.residentID.value], hasKey(known) { id = known }
            let keyID = id ?? makeKey()
            var plain = body.person
            plain.protection = .plain
            let box = KeyRing.seal(EventCodec.encode(plain), key: ring.keys[keyID]!, id: keyID)
            body.person.protection = .key(keyID)
            stored.body = .caseOpened(body)
            opened.keyByResident[body.person.residentID.value] = keyID
            opened.keyByCase[event.caseID] = keyID
            body.person = Person(name: "", residentID: ResidentID(unchecked: ""), protection: .sealed(key: keyID, box: box))
            disk.body = .caseOpened(body)
        case .caseCorrected(var correction):
            guard !correction.person.isEmpty else { return (event, event) }
            let keyID = opened.keyByCase[event.caseID].flatMap { hasKey($0) ? $0 : nil } ?? makeKey()
            opened.keyByCase[event.caseID] = keyID
            let box = KeyRing.seal(correction.person, key: ring.keys[keyID]!, id: keyID)
            var object = JSONObject()
            object["key"] = .string(keyID)
            object["sealed"] = .string(box)
            correction.person = object
            disk.body = .caseCorrected(correction)
        default:
            break
        }
        return (disk, stored)
    }

    private func makeKey() -> String {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let id = "K-" + String((0..<16).map { _ in alphabet[Int(random.next(upperBound: UInt32(32)))] })
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { PersonKey($0)! }
        pending.append((id, key))
        ring.keys[id] = key
        return id
    }

    /// Appends the keys made since the last call to `keys/<writer>.keys` and fsyncs them
    /// (and the folder, for a new file). Called before the journal lines that use them are written.
    public func persist(writer: String) throws(JournalError) {
        guard !pending.isEmpty else { return }
        let folder = PersonKeyStore.folder(of: directory)
        try FileIO.makeDirectory(folder)
        let path = PersonKeyStore.file(of: directory, writer: writer)
        let isNew = !FileIO.exists(path)
        var text = isNew ? PersonKeyFile.header + "\n" : ""
        for (id, key) in pending { text += PersonKeyFile.keyLine(id, key) }
        let fd = try FileIO.open(path, .writeOnly, options: [.append], create: true)
        defer { try? fd.close() }
        // A torn record from a crash mid-append was never used by a journal line: cut it off.
        // Its last byte tells (the file is megabytes at 100,000 people); only a torn one is read whole.
        if !isNew, let size = FileIO.fileSize(path), size > 0, try FileIO.read(path, from: size - 1).last != 0x0A {
            let bytes = try FileIO.read(path)
            if bytes.last != 0x0A {
                let keep = (bytes.lastIndex(of: 0x0A) ?? -1) + 1
                if ftruncate(fd.rawValue, off_t(keep)) != 0 { throw FileIO.fail("truncate", path, currentErrno()) }
            }
        }
        try FileIO.writeAll(fd, Array(text.utf8), path: path)
        try FileIO.sync(fd, path: path)
        if isNew { try FileIO.syncDirectory(folder) }
        // Taken out, not copied: the copy would share the dictionary, and adding a key to it
        // would then copy all 100,000.
        var file = files.removeValue(forKey: writer) ?? PersonKeyFile()
        for (id, key) in pending where file.keys[id] == nil {
            file.keys[id] = key
            file.order.append(id)
        }
        files[writer] = file
        pending.removeAll()
    }

    // MARK: Erasure

    /// Destroys `ids` in every key file here and records tombstones in `writer`'s file. Each other
    /// writer's file is rewritten under that writer's lock (a desk writing it now makes this fail,
    /// before anything changes). Returns the key files rewritten.
    @discardableResult
    public func destroy(_ ids: Set<String>, writer: String, on day: LocalDate) throws(JournalError) -> [String] {
        try FileIO.makeDirectory(PersonKeyStore.folder(of: directory))
        var changed: [String: PersonKeyFile] = [:]
        for (name, var file) in files where file.dropKeys(in: ids) { changed[name] = file }
        var own = changed[writer] ?? files[writer] ?? PersonKeyFile()
        for id in ids.sorted() where own.tombstones[id] == nil {
            if own.keys[id] == nil && !own.order.contains(id) { own.order.append(id) }
            own.keys[id] = nil
            own.tombstones[id] = day.iso
        }
        changed[writer] = own
        try rewrite(changed, ownWriter: writer)
        pending.removeAll { ids.contains($0.0) }
        rebuildRing()
        return changed.keys.sorted().map { PersonKeyStore.file(of: directory, writer: $0) }
    }

    /// Replaces key files atomically, holding each one's writer lock except `ownWriter`'s
    /// (the caller holds it). All locks are taken before the first file changes.
    func rewrite(_ changed: [String: PersonKeyFile], ownWriter: String?) throws(JournalError) {
        var locks: [FileDescriptor] = []
        defer { for lock in locks { try? lock.close() } }
        for name in changed.keys.sorted() where name != ownWriter {
            locks.append(try JournalWriter.acquireLock(directory: directory, writer: name))
        }
        for (name, file) in changed.sorted(by: { $0.key < $1.key }) {
            try FileIO.writeAtomically(PersonKeyStore.file(of: directory, writer: name), file.render())
            files[name] = file
        }
    }

    // MARK: Sync

    /// Brings in another data directory's key files: keys this store lacks are added to the file
    /// of the same writer, and every tombstone on either side removes that key from every file
    /// here, so an erasure reaches each desk the sync touches. Returns (keys added, keys destroyed).
    public func absorb(from source: DataDirectory, ownWriter: String?) throws(JournalError) -> (added: Int, destroyed: Int) {
        try absorb(try PersonKeyStore.readFiles(PersonKeyStore.folder(of: source)), ownWriter: ownWriter, leaving: nil)
    }

    /// Merges `theirs` (key files by writer) into this store, tombstones winning everywhere.
    /// `leaving` names a file not to rewrite (one another part of this process appends to):
    /// its keys stay on disk, but a tombstone in any other file already makes them erased.
    func absorb(_ theirs: [String: PersonKeyFile], ownWriter: String?, leaving: String?) throws(JournalError) -> (added: Int, destroyed: Int) {
        var tombstones = Set<String>()
        for file in files.values { tombstones.formUnion(file.tombstones.keys) }
        for file in theirs.values { tombstones.formUnion(file.tombstones.keys) }
        let before = Set(ring.keys.keys)
        var changed: [String: PersonKeyFile] = [:]
        for (name, other) in theirs {
            var file = files[name] ?? PersonKeyFile()
            if file.absorb(other) || files[name] == nil { changed[name] = file }
        }
        for (name, file) in files where changed[name] == nil { changed[name] = file }
        for name in Array(changed.keys) {
            var file = changed[name]!
            let dropped = file.dropKeys(in: tombstones)
            if dropped || file != files[name] { changed[name] = file } else { changed[name] = nil }
        }
        if let leaving { changed[leaving] = nil }
        guard !changed.isEmpty else { return (0, 0) }
        try FileIO.makeDirectory(PersonKeyStore.folder(of: directory))
        try rewrite(changed, ownWriter: ownWriter)
        rebuildRing()
        let after = Set(ring.keys.keys)
        return (after.subtracting(before).count, before.subtracting(after).count)
    }
}

extension Event {
    /// Whether the event carries person fields (sealed or not), so opening it needs the keys.
    public var mayBeSealed: Bool {
        switch body {
        case .caseOpened: true
        case .caseCorrected(let correction): !correction.person.isEmpty
        default: false
        }
    }
}
