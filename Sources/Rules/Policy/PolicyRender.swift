extension Policy {
    /// The effective policy as TOML, for `caseload policy show`: the bundled
    /// default file with its comments, each setting the office changed
    /// rewritten in place and marked with the file and line that set it.
    /// The output parses back to the same policy.
    public func render() -> String {
        let defaults = Policy.default
        var lines = Policy.defaultText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (section, settings) in PolicySchema.all {
            for setting in settings {
                guard let mine = entry(section, setting.slot),
                      let original = defaults.entry(section, setting.slot),
                      mine != original,
                      original.line >= 1, original.line <= lines.count
                else { continue }
                let old = lines[original.line - 1]
                let indent = String(old.prefix(while: { $0 == " " || $0 == "\t" }))
                lines[original.line - 1] = "\(indent)\(mine.key) = \(Self.toml(mine.value))  # set by \(mine.file):\(mine.line)"
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A value as a TOML right-hand side.
    static func toml(_ value: PolicyValue) -> String {
        switch value {
        case .bool(let b): String(b)
        case .count(let n): String(n)
        case .kinds(let kinds): "[" + kinds.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]"
        case .span(let s): String(s.count)
        case .spans(let list): "[" + list.map { String($0.count) }.joined(separator: ", ") + "]"
        }
    }

    /// One line per setting that differs from the defaults, e.g.
    /// `rules.regular_contact.days = 21  (policy.toml:3)`; empty when none.
    public func differencesFromDefault() -> [String] {
        let defaults = Policy.default
        var out: [String] = []
        for (section, settings) in PolicySchema.all {
            for setting in settings {
                guard let mine = entry(section, setting.slot), mine.value != defaults.entry(section, setting.slot)?.value
                else { continue }
                out.append("\(section).\(mine.key) = \(Self.toml(mine.value))  (\(mine.file):\(mine.line))")
            }
        }
        return out
    }
}
