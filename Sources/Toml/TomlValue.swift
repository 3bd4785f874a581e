/// An error in a TOML document or in how a loader reads it, always pinned to a
/// file and line so that an office clerk editing a config file can find it.
public struct TomlError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file name as the caller wants it shown (e.g. `themes/light.toml`).
    public let file: String
    /// 1-based line number.
    public let line: Int
    /// Full dotted key the error is about, when there is one.
    public let key: String?
    /// Human-readable explanation.
    public let message: String

    /// An error at `file:line`, about `key` when there is one.
    public init(file: String, line: Int, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key: message`, the key part omitted when `key` is nil.
    public var description: String {
        if let key { return "\(file):\(line): \(key): \(message)" }
        return "\(file):\(line): \(message)"
    }
}

/// A TOML value. Dates are local dates only (`YYYY-MM-DD`); times and
/// date-times are rejected by the parser because no config needs them.
public indirect enum TomlValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case date(year: Int, month: Int, day: Int)
    case array([TomlValue])
    case table(TomlTable)

    /// The kind of value with its article, for messages: "a string", "an integer".
    public var kindDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .bool: "a boolean"
        case .date: "a date"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table: entries in document order, each remembering the line it was
/// defined on. Equality is semantic (same keys and values); lines are ignored.
public struct TomlTable: Equatable, Sendable {
    private struct Entry: Sendable {
        var value: TomlValue
        var line: Int
    }

    /// Keys in the order they were first defined.
    public private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]
    /// Line of the table's header (`[a.b]`), of its `{` for inline tables, or
    /// of its first mention for implicitly created tables; 1 for the root.
    public let line: Int

    /// An empty table whose header is on `line`.
    public init(line: Int = 1) {
        self.line = line
    }

    /// The value stored under `key`, if any.
    public subscript(key: String) -> TomlValue? {
        entries[key]?.value
    }

    /// The line on which `key` was defined, if the key exists.
    public func line(of key: String) -> Int? {
        entries[key]?.line
    }

    /// Whether the table has no entries.
    public var isEmpty: Bool { keys.isEmpty }

    /// Sets `key` to `value`, keeping the original position of an existing key.
    public mutating func set(_ key: String, _ value: TomlValue, line: Int) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = Entry(value: value, line: line)
    }

    public static func == (lhs: TomlTable, rhs: TomlTable) -> Bool {
        lhs.keys.count == rhs.keys.count
            && lhs.keys.allSatisfy { lhs.entries[$0]?.value == rhs.entries[$0]?.value }
    }
}

/// A local date as read from TOML, before a caller turns it into its own date type.
public struct TomlDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The parts as written; the parser only produces real calendar dates.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: TomlDate, rhs: TomlDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO form `YYYY-MM-DD`.
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// Entry point of the TOML parser.
public enum Toml {
    /// Parses a whole document. `file` is only used to label errors.
    /// Never traps or loops forever, whatever the input.
    public static func parse(_ text: String, file: String) throws(TomlError) -> TomlTable {
        var parser = TomlParser(text: text, file: file)
        return try parser.parseDocument()
    }

    /// Renders a key path the way it would be written in TOML, quoting
    /// components that are not bare keys (`a."b c".d`).
    public static func dottedKey(_ path: [String]) -> String {
        path.map { component in
            let bare = !component.isEmpty && component.utf8.allSatisfy(isBareKeyByte)
            if bare { return component }
            var quoted = "\""
            for scalar in component.unicodeScalars {
                switch scalar {
                case "\"": quoted += "\\\""
                case "\\": quoted += "\\\\"
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            return quoted + "\""
        }.joined(separator: ".")
    }

    static func isBareKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || b == 0x5F || b == 0x2D
    }
}
