import Cases

/// One record of the key store as it replicates through the hub: a person's key, or the
/// tombstone an erasure left. `writer` is the key file it belongs to.
public struct PersonKeyRecord: Sendable, Equatable {
    public var writer: String
    public var id: String
    /// The 32 key bytes; nil for a tombstone. Secret: never logged or printed.
    public var key: [UInt8]?
    /// The day the key was destroyed (`YYYY-MM-DD`); nil for a key.
    public var erasedOn: String?

    public init(writer: String, id: String, key: [UInt8]? = nil, erasedOn: String? = nil) {
        self.writer = writer
        self.id = id
        self.key = key
        self.erasedOn = erasedOn
    }

    /// Whether `id` has the shape `caseload` gives key ids (`K-` and 16 of its base-32 letters).
    public static func isKeyID(_ id: String) -> Bool {
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        return id.count == 18 && id.hasPrefix("K-") && id.dropFirst(2).allSatisfy { alphabet.contains($0) }
    }
}

extension PersonKeyStore {
    /// Every live key (not erased anywhere here), one record each, with the file it is in.
    public func keyRecords() -> [PersonKeyRecord] {
        var seen = Set<String>()
        var out: [PersonKeyRecord] = []
        for (writer, file) in files.sorted(by: { $0.key < $1.key }) {
            for id in file.order where !ring.erased.contains(id) && !seen.contains(id) {
                guard let key = file.keys[id] else { continue }
                seen.insert(id)
                out.append(PersonKeyRecord(writer: writer, id: id, key: key.bytes))
            }
        }
        return out
    }

    /// Every tombstone here, one record each, with the file that holds it.
    public func tombstoneRecords() -> [PersonKeyRecord] {
        var seen = Set<String>()
        var out: [PersonKeyRecord] = []
        for (writer, file) in files.sorted(by: { $0.key < $1.key }) {
            for id in file.order where !seen.contains(id) {
                guard let day = file.tombstones[id] else { continue }
                seen.insert(id)
                out.append(PersonKeyRecord(writer: writer, id: id, erasedOn: day))
            }
        }
        return out
    }

    /// Takes keys and tombstones from the hub, durably, as a directory sync takes another
    /// directory's key files: a tombstone destroys that key in every file here. `leaving` names
    /// a file not to rewrite (this desk's own, while the app appends to it). Returns (keys added,
    /// keys destroyed); the caseload snapshot is deleted when any was destroyed. A key that is not
    /// 32 bytes is not taken (the hub refuses those before they get here).
    public func absorb(records: [PersonKeyRecord], ownWriter: String?, leaving: String?) throws(JournalError) -> (added: Int, destroyed: Int) {
        var theirs: [String: PersonKeyFile] = [:]
        for record in records {
            var file = theirs[record.writer] ?? PersonKeyFile()
            if file.keys[record.id] == nil && file.tombstones[record.id] == nil { file.order.append(record.id) }
            if let day = record.erasedOn {
                file.tombstones[record.id] = day
                file.keys[record.id] = nil
            } else if let key = record.key.flatMap(PersonKey.init), file.tombstones[record.id] == nil {
                file.keys[record.id] = key
            }
            theirs[record.writer] = file
        }
        let result = try absorb(theirs, ownWriter: ownWriter, leaving: leaving)
        // A snapshot may hold the opened fields of a person erased elsewhere: it is only a cache.
        if result.destroyed > 0 { FileIO.unlink(directory.snapshot) }
        return result
    }
}

extension PersonKeyStore {
    /// The size of each key file: it changes with every key appended and every erasure (which
    /// rewrites a 66-byte key record as a 32-byte tombstone), so a sync can tell, without reading
    /// the keys, that nothing has changed here since it last looked.
    public static func fingerprint(of directory: DataDirectory) -> [String: Int] {
        var sizes: [String: Int] = [:]
        let folder = folder(of: directory)
        for name in FileIO.listDirectory(folder) where name.hasSuffix(".keys") {
            sizes[name] = FileIO.fileSize(folder + "/" + name) ?? -1
        }
        return sizes
    }
}

extension PersonKeyStore {
    /// Whether some key file still holds the bytes of a key a tombstone here has erased (a file
    /// left alone while the app was appending to it): the next absorb removes them.
    public var holdsErasedKeyBytes: Bool {
        files.values.contains { file in file.keys.keys.contains { ring.erased.contains($0) } }
    }
}
