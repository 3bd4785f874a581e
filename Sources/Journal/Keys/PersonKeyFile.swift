import Cases

/// One writer's key file, `keys/<writer>.keys`: a text file of records, one a line.
///
/// ```
/// # caseload person keys v1
/// k K-0123456789ABCDEF <base64 of a 256-bit AES key>
/// x K-FEDCBA9876543210 2026-11-29
/// ```
/// `k` is a person's key; `x` a tombstone: that key was destroyed by `caseload erase`. A
/// tombstone anywhere wins over the key everywhere, so an erasure survives every sync. New keys
/// are appended and fsynced by the writer that owns the file (before the journal line that uses
/// them); an erasure rewrites the file atomically. A torn last line (a crash mid-append, before
/// any journal line could use that key) is ignored.
struct PersonKeyFile: Equatable, Sendable {
    static let header = "# caseload person keys v1"

    var keys: [String: [UInt8]] = [:]
    /// Key id → the day it was destroyed.
    var tombstones: [String: String] = [:]
    /// Key ids in file order, for a stable rewrite.
    var order: [String] = []

    static func parse(_ bytes: [UInt8], file: String) throws(JournalError) -> PersonKeyFile {
        var result = PersonKeyFile()
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last != 0x0A { lines.removeLast() }  // a torn last record
        else if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, raw) in lines.enumerated() {
            let line = String(decoding: raw, as: UTF8.self)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: " ")
            func bad(_ why: String) -> JournalError { .config("keys: \(file):\(index + 1): \(why)") }
            guard fields.count == 3, fields[1].hasPrefix("K-") else { throw bad("not a key record (`k ID KEY` or `x ID DATE`)") }
            let id = String(fields[1])
            switch fields[0] {
            case "k":
                guard let key = Base64.decode(fields[2]), key.count == 32 else { throw bad("key \(id) is not 32 bytes of base64") }
                if result.keys[id] == nil && result.tombstones[id] == nil { result.order.append(id) }
                result.keys[id] = key
            case "x":
                if result.keys[id] == nil && result.tombstones[id] == nil { result.order.append(id) }
                result.tombstones[id] = String(fields[2])
            default:
                throw bad("unknown record '\(fields[0])'")
            }
        }
        return result
    }

    static func keyLine(_ id: String, _ key: [UInt8]) -> String { "k \(id) \(Base64.encode(key))\n" }

    /// The whole file, with no key that has a tombstone.
    func render() -> [UInt8] {
        var text = PersonKeyFile.header + "\n"
        for id in order {
            if let day = tombstones[id] { text += "x \(id) \(day)\n" } else if let key = keys[id] { text += PersonKeyFile.keyLine(id, key) }
        }
        return Array(text.utf8)
    }

    /// Drops the keys in `erased` (their tombstones are kept where they are).
    mutating func dropKeys(in erased: Set<String>) -> Bool {
        let doomed = keys.keys.filter { erased.contains($0) }
        for id in doomed { keys[id] = nil }
        order.removeAll { keys[$0] == nil && tombstones[$0] == nil }
        return !doomed.isEmpty
    }

    /// Adds every record of `other` this file lacks; a tombstone replaces a key.
    mutating func absorb(_ other: PersonKeyFile) -> Bool {
        var changed = false
        for id in other.order {
            if let day = other.tombstones[id], tombstones[id] == nil {
                if keys[id] == nil { order.append(id) }
                tombstones[id] = day
                keys[id] = nil
                changed = true
            } else if let key = other.keys[id], keys[id] == nil, tombstones[id] == nil {
                order.append(id)
                keys[id] = key
                changed = true
            }
        }
        return changed
    }
}
