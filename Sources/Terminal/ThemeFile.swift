import Toml

/// Reading and writing the TOML theme format:
///
/// ```toml
/// name = "light"                 # optional display name
/// description = "For light backgrounds"   # optional
///
/// [roles.overdue]
/// fg = "red"                     # basic name, 0–255 palette index, or "default"
/// bg = "default"
/// attrs = ["bold"]               # bold, dim, reverse, underline, standout
/// ```
///
/// Roles are the snake_case ``Role/tomlKey`` names. Within a role, omitted
/// `fg`/`bg` mean the terminal default and omitted `attrs` means none; a role
/// left out entirely keeps its ``Theme/builtInDefault`` look.
extension Theme {
    /// Top-level keys a theme file may contain.
    static let fileKeys = ["name", "description", "roles"]
    /// Keys a `[roles.x]` table may contain.
    static let roleKeys = ["fg", "bg", "attrs"]

    /// Parses a theme file. `file` labels errors, which name file, line and
    /// key, e.g. `themes/light.toml:12: roles.overdue.fg: unknown colour "rde"`.
    /// `defaultName` is used when the file has no `name`.
    public static func parse(toml text: String, file: String, defaultName: String) throws(TomlError) -> Theme {
        let document = try TomlReader(parsing: text, file: file)
        try document.requireKnownKeys(fileKeys)
        var theme = Theme.builtInDefault
        theme.name = try document.string("name") ?? defaultName
        _ = try document.string("description")
        guard let roles = try document.table("roles") else { return theme }
        for key in roles.keys {
            guard let role = Role(tomlKey: key) else {
                let known = Role.allCases.map(\.tomlKey).joined(separator: ", ")
                throw roles.error(at: key, "unknown role (expected one of: \(known))")
            }
            guard let table = try roles.table(key) else { continue }
            theme[role] = try parseAppearance(table)
        }
        return theme
    }

    private static func parseAppearance(_ table: TomlReader) throws(TomlError) -> RoleAppearance {
        try table.requireKnownKeys(roleKeys)
        var attributes: TextAttributes = []
        for name in try table.stringArray("attrs") ?? [] {
            guard let attribute = TextAttributes(name: name) else {
                let known = TextAttributes.named.map(\.name).joined(separator: ", ")
                throw table.error(at: "attrs", "unknown attribute \"\(name)\" (expected \(known))")
            }
            attributes.insert(attribute)
        }
        return RoleAppearance(
            foreground: try parseColor(table, key: "fg"),
            background: try parseColor(table, key: "bg"),
            attributes: attributes
        )
    }

    private static func parseColor(_ table: TomlReader, key: String) throws(TomlError) -> ThemeColor {
        let expected = "default, " + BasicColor.allCases.map(\.name).joined(separator: ", ") + " or 0–255"
        switch table.value(key) {
        case nil:
            return .terminalDefault
        case .string(let name):
            if name == "default" { return .terminalDefault }
            if let basic = BasicColor(name: name) { return .basic(basic) }
            throw table.error(at: key, "unknown colour \"\(name)\" (expected \(expected))")
        case .integer(let index):
            guard (0...255).contains(index) else {
                throw table.error(at: key, "colour index \(index) is out of range (expected 0–255)")
            }
            return .indexed(index)
        case .some(let other):
            throw table.error(at: key, "expected a colour (\(expected)), found \(other.kindDescription)")
        }
    }

    /// The theme as TOML in the format ``parse(toml:file:defaultName:)`` reads,
    /// listing every role; useful for writing a starting point for a new theme.
    public func tomlText(description: String? = nil) -> String {
        var lines = ["name = \(quoted(name))"]
        if let description { lines.append("description = \(quoted(description))") }
        for role in Role.allCases {
            let appearance = self[role]
            lines.append("")
            lines.append("[roles.\(role.tomlKey)]")
            lines.append("fg = \(tomlValue(appearance.foreground))")
            lines.append("bg = \(tomlValue(appearance.background))")
            lines.append("attrs = [\(appearance.attributes.names.map(quoted).joined(separator: ", "))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func tomlValue(_ color: ThemeColor) -> String {
        if case .indexed(let index) = color { return String(index) }
        return quoted(color.description)
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingBackslashesAndQuotes() + "\""
    }
}

extension String {
    fileprivate func replacingBackslashesAndQuotes() -> String {
        var escaped = ""
        for character in self {
            if character == "\\" || character == "\"" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
