/// What one role looks like: foreground, background and attributes.
public struct RoleAppearance: Hashable, Sendable {
    /// Text colour (`fg` in theme files).
    public var foreground: ThemeColor
    /// Background colour (`bg`).
    public var background: ThemeColor
    /// Video attributes (`attrs`).
    public var attributes: TextAttributes

    /// Creates an appearance; colours default to the terminal's own.
    public init(
        foreground: ThemeColor = .terminalDefault,
        background: ThemeColor = .terminalDefault,
        attributes: TextAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// Whether the appearance relies on colour (either colour is not the
    /// terminal default).
    public var usesColor: Bool {
        foreground != .terminalDefault || background != .terminalDefault
    }
}

/// A mapping from every ``Role`` to a ``RoleAppearance``.
///
/// Themes are loaded from TOML files with ``ThemeLoader``; ``builtInDefault``
/// and ``builtInMono`` are compiled in so the app works without a `themes/`
/// folder.
public struct Theme: Hashable, Sendable {
    /// Display name.
    public var name: String
    /// The appearance of each role; roles missing here draw plainly.
    public var appearances: [Role: RoleAppearance]

    /// Creates a theme.
    public init(name: String, appearances: [Role: RoleAppearance]) {
        self.name = name
        self.appearances = appearances
    }

    /// The appearance of `role` (plain when the theme does not define it).
    public subscript(role: Role) -> RoleAppearance {
        get { appearances[role] ?? RoleAppearance() }
        set { appearances[role] = newValue }
    }
}

extension Theme {
    /// The default theme: works on dark and light backgrounds, keeps the
    /// terminal's own background, and degrades to 8 colours sensibly.
    /// `themes/default.toml` is a copy of it for people to edit.
    public static let builtInDefault = Theme(name: "default", appearances: [
        .normal: RoleAppearance(),
        .title: RoleAppearance(attributes: .bold),
        .header: RoleAppearance(foreground: .basic(.cyan), attributes: .bold),
        .label: RoleAppearance(foreground: .basic(.cyan)),
        .muted: RoleAppearance(foreground: .indexed(244)),
        .border: RoleAppearance(foreground: .indexed(244)),
        .selection: RoleAppearance(foreground: .basic(.black), background: .basic(.cyan)),
        .selectionInactive: RoleAppearance(foreground: .basic(.cyan), attributes: .underline),
        .highlight: RoleAppearance(foreground: .basic(.black), background: .basic(.yellow)),
        .tab: RoleAppearance(foreground: .basic(.cyan)),
        .tabActive: RoleAppearance(foreground: .basic(.black), background: .basic(.cyan), attributes: .bold),
        .footer: RoleAppearance(foreground: .basic(.black), background: .basic(.white)),
        .footerKey: RoleAppearance(foreground: .basic(.blue), background: .basic(.white), attributes: .bold),
        .statusLine: RoleAppearance(foreground: .basic(.white), background: .basic(.blue)),
        .input: RoleAppearance(attributes: .underline),
        .inputFocused: RoleAppearance(foreground: .basic(.yellow), attributes: [.bold, .underline]),
        .placeholder: RoleAppearance(foreground: .indexed(244)),
        .overdue: RoleAppearance(foreground: .basic(.red), attributes: .bold),
        .escalated: RoleAppearance(foreground: .basic(.white), background: .basic(.red), attributes: .bold),
        .dueSoon: RoleAppearance(foreground: .basic(.yellow)),
        .ok: RoleAppearance(foreground: .basic(.green)),
        .warning: RoleAppearance(foreground: .basic(.yellow), attributes: .bold),
        .error: RoleAppearance(foreground: .basic(.red), attributes: .bold),
        .notice: RoleAppearance(foreground: .basic(.cyan)),
        .dialog: RoleAppearance(),
        .dialogTitle: RoleAppearance(foreground: .basic(.cyan), attributes: .bold),
    ])

    /// The monochrome theme: attributes only. Also the source of attributes
    /// for colour-dependent roles when a terminal has no colour (see
    /// ``ResolvedPalette``). `themes/mono.toml` is a copy of it.
    public static let builtInMono = Theme(name: "mono", appearances: [
        .normal: RoleAppearance(),
        .title: RoleAppearance(attributes: .bold),
        .header: RoleAppearance(attributes: [.bold, .underline]),
        .label: RoleAppearance(),
        .muted: RoleAppearance(attributes: .dim),
        .border: RoleAppearance(),
        .selection: RoleAppearance(attributes: .reverse),
        .selectionInactive: RoleAppearance(attributes: .underline),
        .highlight: RoleAppearance(attributes: [.bold, .underline]),
        .tab: RoleAppearance(),
        .tabActive: RoleAppearance(attributes: [.bold, .reverse]),
        .footer: RoleAppearance(attributes: .reverse),
        .footerKey: RoleAppearance(attributes: [.bold, .reverse]),
        .statusLine: RoleAppearance(attributes: .reverse),
        .input: RoleAppearance(attributes: .underline),
        .inputFocused: RoleAppearance(attributes: [.bold, .underline]),
        .placeholder: RoleAppearance(attributes: .dim),
        .overdue: RoleAppearance(attributes: .bold),
        .escalated: RoleAppearance(attributes: [.bold, .underline]),
        .dueSoon: RoleAppearance(),
        .ok: RoleAppearance(),
        .warning: RoleAppearance(attributes: .bold),
        .error: RoleAppearance(attributes: [.bold, .reverse]),
        .notice: RoleAppearance(attributes: .bold),
        .dialog: RoleAppearance(),
        .dialogTitle: RoleAppearance(attributes: .bold),
    ])

    /// The compiled-in theme called `name` ("default" or "mono"), if any.
    public static func builtIn(named name: String) -> Theme? {
        switch name {
        case builtInDefault.name: return builtInDefault
        case builtInMono.name: return builtInMono
        default: return nil
        }
    }
}
