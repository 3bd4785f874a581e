import Cases

/// `verify`'s check of the key store against the journals: every sealed person has a key that
/// opens it, or a recorded destruction (a tombstone in `keys/`, or a `person_erased` event).
/// Anything else is data nobody can read any more, reported loudly with where it is.
public enum KeyCheck {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var writer: String
        public var seq: Int
        public var key: String
        public var description: String {
            "\(writer) seq \(seq): person key \(key) is missing from keys/ and not recorded as erased — "
                + "that person's name, ID and phone cannot be read (restore keys/ from a backup or sync it from another desk)"
        }
    }

    /// Reads every journal's verified lines. A key file that does not parse throws.
    public static func check(_ directory: DataDirectory) throws(JournalError) -> [Problem] {
        let store = try PersonKeyStore(directory: directory)
        var scans: [JournalScan] = []
        for writer in directory.writers() {
            let path = directory.journal(writer: writer)
            scans.append(JournalScanner.scan(try FileIO.read(path), file: path, writer: writer))
        }
        var ring = store.ring
        for scan in scans {
            for event in scan.events {
                if case .personErased(let keys, _, _) = event.body { ring.erased.formUnion(keys) }
            }
        }
        var problems: [Problem] = []
        for scan in scans {
            var events = scan.events.filter(\.mayBeSealed)
            problems += ring.open(&events).missing.map { Problem(writer: $0.writer, seq: $0.seq, key: $0.key) }
        }
        return problems
    }
}

extension KeyCheck {
    /// What the journals on disk say about some cases' person fields: the keys they are sealed
    /// under, and which cases have any in the clear. Read from the lines themselves, so it holds
    /// however the caseload in memory was built (a full replay or a snapshot).
    public static func keys(ofCases cases: Set<String>, in directory: DataDirectory) throws(JournalError)
        -> (keys: Set<String>, plaintextCases: Set<String>) {
        var keys = Set<String>(), plaintext = Set<String>()
        for writer in directory.writers() {
            let path = directory.journal(writer: writer)
            for event in JournalScanner.scan(try FileIO.read(path), file: path, writer: writer).events where cases.contains(event.caseID) {
                switch event.body {
                case .caseOpened(let opened):
                    if let key = opened.person.protection.keyID { keys.insert(key) } else { plaintext.insert(event.caseID) }
                case .caseCorrected(let correction) where !correction.person.isEmpty:
                    if let key = correction.person["key"]?.stringValue { keys.insert(key) } else { plaintext.insert(event.caseID) }
                default:
                    continue
                }
            }
        }
        return (keys, plaintext)
    }
}
