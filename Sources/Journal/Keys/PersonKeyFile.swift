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

    var keys: [String: PersonKey] = [:]
    /// Key id → the day it was destroyed.
    var tombstones: [String: String] = [:]
    /// Key ids in file order, for a stable rewrite.
    var order: [String] = []

    /// Reads the records of a file. A well-formed line of plain ASCII (all of them, as `caseload`
    /// writes them) is taken straight from the bytes; any other line goes through `parse(line:)`,
    /// which also says what is wrong with a bad one.
    ///
    /// `only`, when given, keeps just the records of those key ids (a preview's check of the
    /// people it shows); the other records are skipped unchecked, as the whole open reads them.
    static func parse(_ bytes: [UInt8], file: String, only: KeyIDFilter? = nil) throws(JournalError) -> PersonKeyFile {
        var result = PersonKeyFile()
        // A key record is 66 bytes: room for all of them at once, not a regrowth every doubling.
        let expected = only.map { min($0.count, bytes.count / 66) } ?? bytes.count / 66
        result.keys.reserveCapacity(expected)
        result.order.reserveCapacity(expected)
        try bytes.withUnsafeBufferPointer { buffer throws(JournalError) in
            var start = 0, number = 0
            // Only lines ended by a newline: a torn last record is ignored.
            while let end = buffer[start...].firstIndex(of: 0x0A) {
                number += 1
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                if !result.parse(ascii: line, only: only) {
                    try result.parse(line: String(decoding: line, as: UTF8.self), number: number, file: file, only: only)
                }
                start = end + 1
            }
        }
        return result
    }

    /// `k K-… KEY` or `x K-… DATE`, single spaces, printable ASCII: the lines `caseload` writes.
    /// False for anything else (comments, blank or bad lines), left to `parse(line:)`.
    private mutating func parse(ascii line: UnsafeBufferPointer<UInt8>, only: KeyIDFilter?) -> Bool {
        guard line.count > 5, line[1] == 0x20, line[2] == UInt8(ascii: "K"), line[3] == UInt8(ascii: "-"),
              let space = line[4...].firstIndex(of: 0x20), space + 1 < line.count else { return false }
        for index in 2..<line.count where index != space {
            guard line[index] > 0x20 && line[index] < 0x7F else { return false }
        }
        let idBytes = UnsafeBufferPointer(rebasing: line[2..<space])
        // Another person's record: skipped before its id becomes a string (a million of them at 10M events).
        if let only, !only.contains(idBytes) { return line[0] == UInt8(ascii: "k") || line[0] == UInt8(ascii: "x") }
        let id = String(decoding: idBytes, as: UTF8.self)
        let value = UnsafeBufferPointer(rebasing: line[(space + 1)...])
        switch line[0] {
        case UInt8(ascii: "k"):
            guard let key = Base64.decodeKey(value) else { return false }
            if keys.updateValue(key, forKey: id) == nil && (tombstones.isEmpty || tombstones[id] == nil) { order.append(id) }
        case UInt8(ascii: "x"):
            if tombstones.updateValue(String(decoding: value, as: UTF8.self), forKey: id) == nil && keys[id] == nil { order.append(id) }
        default:
            return false
        }
        return true
    }

    /// One line in full generality (any Unicode, runs of spaces); throws naming the file and line.
    private mutating func parse(line: String, number: Int, file: String, only: KeyIDFilter?) throws(JournalError) {
        if line.isEmpty || line.hasPrefix("#") { return }
        let fields = line.split(separator: " ")
        func bad(_ why: String) -> JournalError { .config("keys: \(file):\(number): \(why)") }
        guard fields.count == 3, fields[1].hasPrefix("K-") else { throw bad("not a key record (`k ID KEY` or `x ID DATE`)") }
        let id = String(fields[1])
        if let only, !only.contains(id), fields[0] == "k" || fields[0] == "x" { return }
        switch fields[0] {
        case "k":
            guard let bytes = Base64.decode(fields[2]), let key = PersonKey(bytes) else { throw bad("key \(id) is not 32 bytes of base64") }
            if keys[id] == nil && tombstones[id] == nil { order.append(id) }
            keys[id] = key
        case "x":
            if keys[id] == nil && tombstones[id] == nil { order.append(id) }
            tombstones[id] = String(fields[2])
        default:
            throw bad("unknown record '\(fields[0])'")
        }
    }

    static func keyLine(_ id: String, _ key: [UInt8]) -> String { "k \(id) \(Base64.encode(key))\n" }
    static func keyLine(_ id: String, _ key: PersonKey) -> String { keyLine(id, key.bytes) }

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

/// The key ids a preview needs (`PersonKeyStore(directory:only:)`), looked up by their bytes: a
/// key file's other records are skipped without making a string of each id. An id as `caseload`
/// writes it (`K-` and 16 characters) is packed into three words; a longer one is kept whole.
struct KeyIDFilter: Sendable {
    private let packed: Set<PackedKeyID>
    private let long: Set<[UInt8]>
    let count: Int

    init(_ ids: some Sequence<String>) {
        var packed = Set<PackedKeyID>(minimumCapacity: ids.underestimatedCount), long = Set<[UInt8]>()
        for var id in ids {
            id.makeContiguousUTF8()
            id.utf8.withContiguousStorageIfAvailable { bytes in
                if let key = PackedKeyID(bytes) { packed.insert(key) } else { long.insert(Array(bytes)) }
            }
        }
        self.packed = packed
        self.long = long
        count = packed.count + long.count
    }

    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let key = PackedKeyID(bytes) { return packed.contains(key) }
        return long.contains(Array(bytes))
    }

    func contains(_ id: String) -> Bool {
        var id = id
        id.makeContiguousUTF8()
        return id.utf8.withContiguousStorageIfAvailable { contains($0) } ?? false
    }
}

/// Up to 24 bytes of a key id, zero-padded, with the length: hashed and compared as words.
private struct PackedKeyID: Hashable, Sendable {
    var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var length: UInt8 = 0

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 24 else { return nil }
        length = UInt8(bytes.count)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
    }

    static func == (a: PackedKeyID, b: PackedKeyID) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.length == b.length
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(length)
    }
}
