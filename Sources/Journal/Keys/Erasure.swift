#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases

/// Removing what key destruction cannot reach: plaintext copies of a person's resident ID and
/// phone in the data directory's other files.
///
/// - `snapshots/` is a cache derived from the journals: deleted whole.
/// - `drafts/`: a draft that mentions the person is deleted (it is an unsaved form about them).
/// - everything else outside `journals/` and `keys/` (quarantined fragments and `.broken` copies,
///   logs): each occurrence is overwritten in place with `#`, atomically, keeping the rest.
/// - `journals/` are never edited (that would break their chains): plaintext written there
///   before encryption is reported by `find`, not removed.
public enum Erasure {
    public struct Scrubbed: Sendable, Equatable {
        /// Paths relative to the data directory.
        public var deleted: [String] = []
        public var rewritten: [String] = []
    }

    /// The byte strings to look for: the number as stored and with a lower-case x, the phone.
    public static func needles(residentIDs: [String], phones: [String]) -> [[UInt8]] {
        var out = Set<[UInt8]>()
        for id in residentIDs where !id.isEmpty && !id.hasPrefix(ResidentID.erasedPrefix) {
            out.insert(Array(id.utf8))
            out.insert(Array(id.lowercased().utf8))
        }
        for phone in phones where !phone.isEmpty { out.insert(Array(phone.utf8)) }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    public static func scrub(_ directory: DataDirectory, needles: [[UInt8]]) throws(JournalError) -> Scrubbed {
        var result = Scrubbed()
        // The caches of opened people go; the hub's sync bookkeeping (writers and line counts,
        // nothing personal) stays, so "N events waiting" survives an erasure.
        for name in FileIO.listDirectory(directory.snapshots).sorted() where !keptThroughErasure.contains(name) {
            let path = directory.snapshots + "/" + name
            if FileIO.isDirectory(path) {
                try removeTree(path)
            } else if unlink(path) != 0 {
                throw FileIO.fail("unlink", path, currentErrno())
            }
            result.deleted.append("snapshots/" + name)
        }
        if FileIO.isDirectory(directory.snapshots) { try FileIO.syncDirectory(directory.snapshots) }
        for path in files(under: directory.root) {
            let relative = String(path.dropFirst(directory.root.count + 1))
            if relative.hasPrefix("journals/") || relative.hasPrefix("keys/") || relative.hasPrefix("snapshots/") { continue }
            var bytes = try FileIO.read(path)
            guard needles.contains(where: { contains(bytes, $0) }) else { continue }
            if relative.hasPrefix("drafts/") {
                if unlink(path) != 0 { throw FileIO.fail("unlink", path, currentErrno()) }
                try FileIO.syncDirectory(FileIO.parentDirectory(path))
                result.deleted.append(relative)
            } else {
                for needle in needles { overwrite(&bytes, needle) }
                try FileIO.writeAtomically(path, bytes)
                result.rewritten.append(relative)
            }
        }
        return result
    }

    /// Files under the data directory that still hold any needle (relative paths).
    public static func find(_ directory: DataDirectory, needles: [[UInt8]]) -> [String] {
        files(under: directory.root).filter { path in
            guard let bytes = try? FileIO.read(path) else { return false }
            return needles.contains { contains(bytes, $0) }
        }.map { String($0.dropFirst(directory.root.count + 1)) }
    }

    static func files(under root: String) -> [String] {
        var out: [String] = []
        for name in FileIO.listDirectory(root) {
            let path = root + "/" + name
            if FileIO.isDirectory(path) { out += files(under: path) } else { out.append(path) }
        }
        return out
    }

    /// Files in `snapshots/` that hold no personal data: the hub sync's last round (`Hub.HubSyncRecord`).
    static let keptThroughErasure: Set<String> = ["hub-sync"]

    static func removeTree(_ path: String) throws(JournalError) {
        for name in FileIO.listDirectory(path) {
            let child = path + "/" + name
            if FileIO.isDirectory(child) { try removeTree(child) } else if unlink(child) != 0 { throw FileIO.fail("unlink", child, currentErrno()) }
        }
        if rmdir(path) != 0 { throw FileIO.fail("rmdir", path, currentErrno()) }
        try FileIO.syncDirectory(FileIO.parentDirectory(path))
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool { firstIndex(haystack, needle, from: 0) != nil }

    static func firstIndex(_ haystack: [UInt8], _ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    static func overwrite(_ bytes: inout [UInt8], _ needle: [UInt8]) {
        var from = 0
        while let at = firstIndex(bytes, needle, from: from) {
            for offset in at..<(at + needle.count) { bytes[offset] = UInt8(ascii: "#") }
            from = at + needle.count
        }
    }
}
