import Toml

/// `config.toml` in the data directory: the office's name and this desk's writer id.
///
/// A desk sharing a data directory on a network share sets its own writer with
/// `--writer` or `$CASELOAD_WRITER`, which override the file.
public struct OfficeConfig: Equatable, Sendable {
    public var office: String
    public var writer: String
    public var theme: String?
    /// The PostgreSQL hub this desk replicates through (`postgres://user@host/db`), if any.
    /// A password belongs in `~/.pgpass` or `PGPASSWORD`, not here.
    public var hub: String?

    public init(office: String, writer: String, theme: String? = nil, hub: String? = nil) {
        self.office = office
        self.writer = writer
        self.theme = theme
        self.hub = hub
    }

    public static func parse(_ text: String, file: String) throws(TomlError) -> OfficeConfig {
        let reader = try TomlReader(parsing: text, file: file)
        try reader.requireKnownKeys(["office", "writer", "theme", "hub"])
        guard let writer = try reader.string("writer") else { throw reader.missing("writer") }
        return OfficeConfig(office: try reader.string("office") ?? "", writer: writer, theme: try reader.string("theme"),
                            hub: try reader.string("hub"))
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
        if let hub { text += "hub = \(quoted(hub))\n" }
        return text
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    private func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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
