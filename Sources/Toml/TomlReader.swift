/// A typed cursor over one table of a parsed document, for config loaders.
///
/// Every accessor returns `nil` when the key is absent and throws a
/// ``TomlError`` naming file, line and full dotted key when it has the wrong
/// type, e.g. `policy.toml:14: rules.regular_contact.every_days: expected an
/// integer, found a string`.
public struct TomlReader: Sendable {
    /// The table being read.
    public let table: TomlTable
    /// File name used in errors.
    public let file: String
    /// Display path of `table` from the document root (e.g. `["rules", "first_contact"]`).
    public let path: [String]

    /// A reader on `table`, whose keys are shown prefixed by `path` in errors.
    public init(_ table: TomlTable, file: String, path: [String] = []) {
        self.table = table
        self.file = file
        self.path = path
    }

    /// Parses `text` and returns a reader on its root table.
    public init(parsing text: String, file: String) throws(TomlError) {
        self.init(try Toml.parse(text, file: file), file: file)
    }

    /// Keys of the table in document order.
    public var keys: [String] { table.keys }

    /// Whether `key` is present.
    public func has(_ key: String) -> Bool { table[key] != nil }

    /// The full dotted key of `key` in this table, as shown in errors.
    public func fullKey(_ key: String) -> String {
        path.isEmpty ? Toml.dottedKey([key]) : dottedPath + "." + Toml.dottedKey([key])
    }

    private var dottedPath: String {
        // Array-of-tables elements carry a display suffix like "targets[2]"; keep it verbatim.
        path.map { $0.hasSuffix("]") && $0.contains("[") ? $0 : Toml.dottedKey([$0]) }
            .joined(separator: ".")
    }

    /// The line of `key`, falling back to the table's own line.
    public func line(of key: String) -> Int {
        table.line(of: key) ?? table.line
    }

    /// An error about `key` (pass nil for the table itself), located at its line.
    /// Loaders use this for their own validation messages ("unknown colour").
    public func error(at key: String?, _ message: String) -> TomlError {
        guard let key else {
            return TomlError(file: file, line: table.line, key: path.isEmpty ? nil : dottedPath, message: message)
        }
        return TomlError(file: file, line: line(of: key), key: fullKey(key), message: message)
    }

    /// An error saying a required key is missing, located at the table header.
    public func missing(_ key: String) -> TomlError {
        TomlError(file: file, line: table.line, key: fullKey(key), message: "missing required key")
    }

    /// Fails if the table has any key outside `known`, naming the first one.
    public func requireKnownKeys(_ known: some Sequence<String>) throws(TomlError) {
        let allowed = Set(known)
        for key in table.keys where !allowed.contains(key) {
            let list = allowed.sorted().joined(separator: ", ")
            throw error(at: key, "unknown key (expected one of: \(list))")
        }
    }

    private func mismatch(_ key: String, _ expected: String, _ found: TomlValue) -> TomlError {
        error(at: key, "expected \(expected), found \(found.kindDescription)")
    }

    /// The raw value of `key`, if present.
    public func value(_ key: String) -> TomlValue? { table[key] }

    /// A string value; nil when absent.
    public func string(_ key: String) throws(TomlError) -> String? {
        guard let v = table[key] else { return nil }
        guard case .string(let s) = v else { throw mismatch(key, "a string", v) }
        return s
    }

    /// An integer value; nil when absent.
    public func int(_ key: String) throws(TomlError) -> Int? {
        guard let v = table[key] else { return nil }
        guard case .integer(let n) = v else { throw mismatch(key, "an integer", v) }
        return n
    }

    /// An integer that must be zero or more.
    public func nonNegativeInt(_ key: String) throws(TomlError) -> Int? {
        guard let n = try int(key) else { return nil }
        guard n >= 0 else { throw error(at: key, "must not be negative, found \(n)") }
        return n
    }

    /// A float; integers are accepted and converted.
    public func double(_ key: String) throws(TomlError) -> Double? {
        guard let v = table[key] else { return nil }
        switch v {
        case .float(let x): return x
        case .integer(let n): return Double(n)
        default: throw mismatch(key, "a number", v)
        }
    }

    /// A boolean value; nil when absent.
    public func bool(_ key: String) throws(TomlError) -> Bool? {
        guard let v = table[key] else { return nil }
        guard case .bool(let b) = v else { throw mismatch(key, "a boolean (true or false)", v) }
        return b
    }

    /// A local date value (`YYYY-MM-DD`); nil when absent.
    public func date(_ key: String) throws(TomlError) -> TomlDate? {
        guard let v = table[key] else { return nil }
        guard case .date(let y, let m, let d) = v else { throw mismatch(key, "a date (YYYY-MM-DD)", v) }
        return TomlDate(year: y, month: m, day: d)
    }

    /// Elements of an array, each checked by `convert` (which returns nil to reject).
    private func array<T>(
        _ key: String, _ expected: String, _ convert: (TomlValue) -> T?
    ) throws(TomlError) -> [T]? {
        guard let v = table[key] else { return nil }
        guard case .array(let items) = v else { throw mismatch(key, "an array of \(expected)", v) }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let x = convert(item) else {
                throw error(at: key, "element \(i + 1): expected \(expected), found \(item.kindDescription)")
            }
            out.append(x)
        }
        return out
    }

    /// An array whose elements are all strings; nil when absent.
    public func stringArray(_ key: String) throws(TomlError) -> [String]? {
        try array(key, "strings") { if case .string(let s) = $0 { s } else { nil } }
    }

    /// An array whose elements are all integers; nil when absent.
    public func intArray(_ key: String) throws(TomlError) -> [Int]? {
        try array(key, "integers") { if case .integer(let n) = $0 { n } else { nil } }
    }

    /// An array whose elements are all dates; nil when absent.
    public func dateArray(_ key: String) throws(TomlError) -> [TomlDate]? {
        try array(key, "dates") {
            if case .date(let y, let m, let d) = $0 { TomlDate(year: y, month: m, day: d) } else { nil }
        }
    }

    /// A sub-table (`[a.b]`, dotted keys or inline), as a reader.
    public func table(_ key: String) throws(TomlError) -> TomlReader? {
        guard let v = table[key] else { return nil }
        guard case .table(let t) = v else { throw mismatch(key, "a table", v) }
        return TomlReader(t, file: file, path: path + [key])
    }

    /// An array of tables (`[[a]]` or an inline array of inline tables);
    /// element readers' keys show as `a[1].x`, `a[2].x`.
    public func tableArray(_ key: String) throws(TomlError) -> [TomlReader]? {
        guard let v = table[key] else { return nil }
        guard case .array(let items) = v else { throw mismatch(key, "an array of tables", v) }
        var out: [TomlReader] = []
        for (i, item) in items.enumerated() {
            guard case .table(let t) = item else {
                throw error(at: key, "element \(i + 1): expected a table, found \(item.kindDescription)")
            }
            out.append(TomlReader(t, file: file, path: path + ["\(Toml.dottedKey([key]))[\(i + 1)]"]))
        }
        return out
    }

    /// Readers for every sub-table, in order; fails on a non-table entry.
    public func subtables() throws(TomlError) -> [(key: String, reader: TomlReader)] {
        var out: [(key: String, reader: TomlReader)] = []
        for key in table.keys {
            guard let r = try table(key) else { continue }
            out.append((key, r))
        }
        return out
    }
}
