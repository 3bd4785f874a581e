/// A role's final look on a particular terminal: curses colour numbers
/// (-1 = terminal default) and attributes.
public struct ResolvedAppearance: Hashable, Sendable {
    /// Curses colour number of the text, -1 for the terminal default.
    public var foreground: Int
    /// Curses colour number of the background, -1 for the terminal default.
    public var background: Int
    /// Video attributes to apply.
    public var attributes: TextAttributes

    /// Creates a resolved appearance.
    public init(foreground: Int = -1, background: Int = -1, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A ``Theme`` fitted to a terminal's ``ColorSupport``; a pure value so the
/// degradation rules can be tested without a terminal.
///
/// Rules:
/// - Colours degrade as ``ThemeColor/colorNumber(for:)`` describes.
/// - If degrading makes foreground and background the same colour, or turns
///   an explicit foreground into the terminal default over an explicit
///   background, the foreground becomes black or white for contrast.
/// - Without colour, a role whose look depends on colour also gets the
///   attributes of the same role in ``Theme/builtInMono``, so that, say,
///   the selection bar is still visible (reverse) on a vt100 or with NO_COLOR.
public struct ResolvedPalette: Hashable, Sendable {
    /// The colour support the palette was fitted to.
    public let support: ColorSupport
    private let appearances: [Role: ResolvedAppearance]

    /// Fits `theme` to `support`.
    public init(theme: Theme, support: ColorSupport) {
        self.support = support
        var appearances: [Role: ResolvedAppearance] = [:]
        for role in Role.allCases {
            appearances[role] = ResolvedPalette.resolve(theme[role], role: role, support: support)
        }
        self.appearances = appearances
    }

    /// The look of `role`.
    public subscript(role: Role) -> ResolvedAppearance {
        appearances[role] ?? ResolvedAppearance()
    }

    /// The look of `style`: its role's, plus the style's extra attributes.
    public func appearance(for style: Style) -> ResolvedAppearance {
        var appearance = self[style.role]
        appearance.attributes.formUnion(style.extraAttributes)
        return appearance
    }

    private static func resolve(_ wanted: RoleAppearance, role: Role, support: ColorSupport) -> ResolvedAppearance {
        var foreground = wanted.foreground.colorNumber(for: support)
        let background = wanted.background.colorNumber(for: support)
        var attributes = wanted.attributes
        if support == .none && wanted.usesColor {
            attributes.formUnion(Theme.builtInMono[role].attributes)
        }
        let contrasting = lightBackgrounds.contains(background) ? BasicColor.black.rawValue : BasicColor.white.rawValue
        if foreground == background && foreground != -1 && wanted.foreground != wanted.background {
            foreground = contrasting
        }
        // A grey foreground that degraded to "default" could match an explicit
        // background (default black text on a black bar): pick a contrast.
        if foreground == -1 && background != -1 && wanted.foreground != .terminalDefault {
            foreground = contrasting
        }
        return ResolvedAppearance(foreground: foreground, background: background, attributes: attributes)
    }

    /// Basic and bright colours light enough to need black text.
    private static let lightBackgrounds: Set<Int> = [
        BasicColor.green.rawValue, BasicColor.yellow.rawValue,
        BasicColor.cyan.rawValue, BasicColor.white.rawValue,
        10, 11, 14, 15,  // bright green, yellow, cyan, white
    ]
}
