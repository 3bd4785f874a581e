/// The data directory's layout. Everything the app keeps lives here:
///
/// ```
/// config.toml          office name, default writer id, theme
/// policy.toml          office overrides of the follow-up policy (optional)
/// journals/<writer>.jsonl   one append-only journal per desk or laptop
/// journals/<writer>.lock    held by the process writing that journal
/// quarantine/          torn tails and repaired damage, never deleted
/// snapshots/ drafts/   caches and unsaved forms
/// ```
public struct DataDirectory: Sendable, Hashable {
    public let root: String

    public init(_ root: String) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// `--data`, else `$CASELOAD_DATA`, else `$XDG_DATA_HOME/caseload`, else `~/.local/share/caseload`.
    public static func resolve(flag: String?, environment: [String: String]) -> DataDirectory {
        if let flag, !flag.isEmpty { return DataDirectory(flag) }
        if let value = environment["CASELOAD_DATA"], !value.isEmpty { return DataDirectory(value) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return DataDirectory(xdg + "/caseload") }
        return DataDirectory((environment["HOME"] ?? ".") + "/.local/share/caseload")
    }

    public var journals: String { root + "/journals" }
    public var quarantine: String { root + "/quarantine" }
    public var snapshots: String { root + "/snapshots" }
    /// The caseload snapshot: a cache of the replayed journals (README "Snapshots"). Safe to delete.
    public var snapshot: String { snapshots + "/caseload.snapshot" }
    public var drafts: String { root + "/drafts" }
    public var config: String { root + "/config.toml" }
    public var policy: String { root + "/policy.toml" }
    public var calendar: String { root + "/calendar.toml" }

    public func journal(writer: String) -> String { "\(journals)/\(writer).jsonl" }
    public func lock(writer: String) -> String { "\(journals)/\(writer).lock" }

    /// Whether `init` has been run here.
    public var exists: Bool { FileIO.exists(config) }

    /// Creates the folders, 0700.
    public func prepare() throws(JournalError) {
        for path in [root, journals, quarantine, snapshots, drafts] { try FileIO.makeDirectory(path) }
    }

    /// Writers that have a journal here, sorted.
    public func writers() -> [String] {
        FileIO.listDirectory(journals).filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }
    }

    /// The draft files in `drafts/` (`*.json`), sorted; a missing folder has none.
    public func draftFileNames() -> [String] {
        FileIO.listDirectory(drafts).filter { $0.hasSuffix(".json") }
    }

    /// What an open reads, near enough, in bytes: the snapshot when there is one (the journals'
    /// tails after it are usually small), else every journal.
    public var bytesAnOpenReads: Int {
        if let snapshot = FileIO.fileSize(snapshot), snapshot > 0 { return snapshot }
        return writers().reduce(0) { $0 + (FileIO.fileSize(journal(writer: $1)) ?? 0) }
    }

    /// Reads a small text file in the directory, or nil when it does not exist.
    public func readText(_ path: String) throws(JournalError) -> String? {
        guard FileIO.exists(path) else { return nil }
        return String(decoding: try FileIO.read(path), as: UTF8.self)
    }

    /// Replaces a small file atomically, 0600.
    public func writeText(_ path: String, _ text: String) throws(JournalError) {
        try FileIO.writeAtomically(path, Array(text.utf8))
    }

    /// A writer id names a file, so it is kept to a safe alphabet.
    public static func validateWriterID(_ id: String) throws(JournalError) {
        let allowed = id.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }
        guard (1...32).contains(id.utf8.count), allowed, id.first != "-" else { throw .invalidWriterID(id) }
    }
}

/// Files outside the data directory that still hold personal data (an import's rejected
/// rows, an export): written like the journal's own files, 0600 and atomically.
public enum PrivateFile {
    public static func write(_ path: String, _ bytes: [UInt8]) throws(JournalError) {
        try FileIO.writeAtomically(path, bytes)
    }
}
