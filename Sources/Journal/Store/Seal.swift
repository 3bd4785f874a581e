import Cases

/// A journal's head as a supervisor records it: after line `seq`, ending at byte `offset`, the
/// chain hash is `head`. Because every line carries the hash of the one before, a journal that
/// still has that hash at that position has only grown since: no line up to it was edited,
/// deleted, inserted or reordered.
public struct SealEntry: Equatable, Sendable {
    public var writer: String
    public var seq: Int
    public var offset: Int
    public var head: String

    public init(writer: String, seq: Int, offset: Int, head: String) {
        self.writer = writer
        self.seq = seq
        self.offset = offset
        self.head = head
    }
}

/// What a check against a recorded seal found for one journal.
public struct SealCheck: Sendable, Equatable {
    public var entry: SealEntry
    /// nil when the journal has only grown since the seal; otherwise what is wrong.
    public var problem: String?
    /// The journal's last seq now (0 when missing).
    public var seqNow: Int

    public var holds: Bool { problem == nil }
}

/// `caseload seal` and `caseload verify --seal`.
public enum Seal {
    /// One entry per healthy journal (a torn tail is left out: it is not part of the chain).
    public static func entries(_ reports: [JournalReport]) -> [SealEntry] {
        reports.map { SealEntry(writer: $0.writer, seq: $0.lastSeq, offset: $0.tail?.offset ?? $0.bytes, head: $0.head) }
    }

    /// The seal as text, one `key=value` line per journal; `#` lines are comments.
    public static func text(_ entries: [SealEntry], header: [String]) -> String {
        (header.map { "# " + $0 } + entries.map { "writer=\($0.writer) seq=\($0.seq) offset=\($0.offset) head=\($0.head)" })
            .joined(separator: "\n") + "\n"
    }

    public static func json(_ entries: [SealEntry], sealedAt: String, directory: String) -> String {
        var object = JSONObject()
        object["sealed_at"] = .string(sealedAt)
        object["data"] = .string(directory)
        object["journals"] = .array(entries.map { entry in
            .object(JSONObject([("writer", .string(entry.writer)), ("seq", .int(Int64(entry.seq))),
                                ("offset", .int(Int64(entry.offset))), ("head", .string(entry.head))]))
        })
        return JSONWriter.string(.object(object), pretty: true) + "\n"
    }

    /// Reads a seal in either form. Errors name the line (text) or the entry (JSON) and the problem.
    public static func parse(_ text: String) throws(JournalError) -> [SealEntry] {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        if trimmed.first == "{" { return try parseJSON(String(trimmed)) }
        var entries: [SealEntry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            var fields: [String: String] = [:]
            for pair in line.split(separator: " ", omittingEmptySubsequences: true) {
                guard let equals = pair.firstIndex(of: "=") else {
                    throw .config("seal line \(index + 1): '\(pair)' is not key=value")
                }
                fields[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entries.append(try entry(fields, where: "seal line \(index + 1)"))
        }
        guard !entries.isEmpty else { throw .config("seal: no journal heads in it") }
        return entries
    }

    private static func parseJSON(_ text: String) throws(JournalError) -> [SealEntry] {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { throw .config("seal: not valid JSON: \(error)") }
        guard let journals = value.objectValue?["journals"]?.arrayValue, !journals.isEmpty else {
            throw .config("seal: JSON without a \"journals\" array")
        }
        var entries: [SealEntry] = []
        for (index, item) in journals.enumerated() {
            var fields: [String: String] = [:]
            for (key, field) in item.objectValue ?? JSONObject() {
                fields[key] = field.stringValue ?? field.intValue.map { String($0) }
            }
            entries.append(try entry(fields, where: "seal journals[\(index)]"))
        }
        return entries
    }

    private static func entry(_ fields: [String: String], where place: String) throws(JournalError) -> SealEntry {
        guard let writer = fields["writer"] else { throw .config("\(place): writer is missing") }
        do { try DataDirectory.validateWriterID(writer) } catch { throw .config("\(place): \(error)") }
        guard let seq = fields["seq"].flatMap({ Int($0) }), seq >= 0 else { throw .config("\(place): seq must be a whole number") }
        guard let offset = fields["offset"].flatMap({ Int($0) }), offset >= 0 else {
            throw .config("\(place): offset must be a whole number")
        }
        guard let head = fields["head"], head.count == 64, head.allSatisfy({ $0.isHexDigit }) else {
            throw .config("\(place): head must be 64 hex digits")
        }
        return SealEntry(writer: writer, seq: seq, offset: offset, head: head.lowercased())
    }

    /// Checks one recorded head against the journal as it is now: the first `offset` bytes must
    /// be whole verified lines ending at `seq` with chain hash `head`.
    public static func check(_ entry: SealEntry, in directory: DataDirectory) throws(JournalError) -> SealCheck {
        let path = directory.journal(writer: entry.writer)
        guard FileIO.exists(path) else {
            return SealCheck(entry: entry, problem: "journal \(entry.writer) is missing (\(path))", seqNow: 0)
        }
        let bytes = try FileIO.read(path)
        let whole = JournalScanner.scan(bytes, file: path, writer: entry.writer)
        let seqNow = whole.position.seq
        func fail(_ problem: String) -> SealCheck { SealCheck(entry: entry, problem: problem, seqNow: seqNow) }
        guard bytes.count >= entry.offset else {
            return fail("journal \(entry.writer) is \(bytes.count) bytes, shorter than the \(entry.offset) sealed: lines were removed")
        }
        let prefix = JournalScanner.scan(Array(bytes[..<entry.offset]), file: path, writer: entry.writer)
        if let damage = prefix.damage { return fail("the sealed part has changed: \(damage)") }
        if prefix.tail != nil { return fail("byte \(entry.offset) is no longer the end of line \(entry.seq): lines were changed") }
        guard prefix.position.seq == entry.seq else {
            return fail("the sealed part ends at seq \(prefix.position.seq), not \(entry.seq): lines were changed")
        }
        guard prefix.position.hash == entry.head else {
            return fail("the head at seq \(entry.seq) is \(prefix.position.hash.prefix(16))…, not the sealed \(entry.head.prefix(16))…: lines were edited")
        }
        if let damage = whole.damage { return fail("grown since the seal, but damaged after it: \(damage)") }
        return SealCheck(entry: entry, problem: nil, seqNow: seqNow)
    }
}
