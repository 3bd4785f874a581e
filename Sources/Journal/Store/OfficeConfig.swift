import Toml

/// `config.toml` in the data directory: the office's name and this desk's writer id.
///
/// A desk sharing a data directory on a network share sets its own writer with
/// `--writer` or `$CASELOAD_WRITER`, which override the file.
public struct OfficeConfig: Equatable, Sendable {
    public var office: String
    public var writer: String
    public var theme: String?

    public init(office: String, writer: String, theme: String? = nil) {
        self.office = office
        self.writer = writer
        self.theme = theme
    }

    public static func parse(_ text: String, file: String) throws(TomlError) -> OfficeConfig {
        let reader = try TomlReader(parsing: text, file: file)
        try reader.requireKnownKeys(["office", "writer", "theme"])
        guard let writer = try reader.string("writer") else { throw reader.missing("writer") }
        return OfficeConfig(office: try reader.string("office") ?? "", writer: writer, theme: try reader.string("theme"))
    }

    public func render() -> String {
        var text = """
        # Caseload data directory settings. Written by `caseload init`; safe to edit.
        # office: shown on the status line and in reports.
        # writer: this desk's journal (journals/<writer>.jsonl). Each desk or laptop needs its own.
        office = \(quoted(office))
        writer = \(quoted(writer))

        """
        if let theme { text += "theme = \(quoted(theme))\n" }
        return text
    }

    private func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    public static func load(_ directory: DataDirectory) throws(JournalError) -> OfficeConfig? {
        guard let text = try directory.readText(directory.config) else { return nil }
        do {
            return try parse(text, file: directory.config)
        } catch {
            throw .config(error.description)
        }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
