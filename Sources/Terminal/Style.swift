/// What a piece of text *is*, as far as colour and emphasis go.
///
/// Screens only ever name roles; a ``Theme`` decides what each role looks like,
/// so the same screen works in colour, in high contrast and on a monochrome
/// vt100. In theme files a role is written in snake_case (``tomlKey``), e.g.
/// `[roles.due_soon]`.
public enum Role: String, CaseIterable, Hashable, Sendable {
    /// Ordinary body text.
    case normal
    /// A screen or panel title.
    case title
    /// Column headers of tables and lists.
    case header
    /// Field labels, e.g. "Phone:" in a detail view.
    case label
    /// Secondary text: timestamps, hints, disabled items.
    case muted
    /// Box-drawing lines and separators.
    case border
    /// The selected row of the focused list.
    case selection
    /// The selected row of a list that does not have focus.
    case selectionInactive
    /// Text matching the current search.
    case highlight
    /// An inactive tab in the tab bar.
    case tab
    /// The active tab.
    case tabActive
    /// The footer bar listing key bindings.
    case footer
    /// A key name inside the footer, e.g. "F2".
    case footerKey
    /// The status line (counts, filter, clock).
    case statusLine
    /// A text input field.
    case input
    /// The text input field that has focus.
    case inputFocused
    /// Hint text shown in an empty input field.
    case placeholder
    /// A case past its due date.
    case overdue
    /// A case escalated to a supervisor.
    case escalated
    /// A case due within the warning window.
    case dueSoon
    /// A case or check that is in order.
    case ok
    /// A warning message.
    case warning
    /// An error message.
    case error
    /// An informational message, e.g. "Saved." or a theme notice.
    case notice
    /// The body of a modal dialog.
    case dialog
    /// The title of a modal dialog.
    case dialogTitle

    /// The role's key in theme files: the case name in snake_case
    /// (`tabActive` → `tab_active`).
    public var tomlKey: String {
        var key = ""
        for character in rawValue {
            if character.isUppercase {
                key += "_" + character.lowercased()
            } else {
                key.append(character)
            }
        }
        return key
    }

    /// The role whose theme key is `key`, if any.
    public init?(tomlKey key: String) {
        guard let role = Role.allCases.first(where: { $0.tomlKey == key }) else { return nil }
        self = role
    }
}

/// Video attributes a terminal can apply on top of colours.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    /// One bit per attribute.
    public let rawValue: UInt8

    /// Creates a set from its bits.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Bold or bright text.
    public static let bold = TextAttributes(rawValue: 1 << 0)
    /// Dim (half-bright) text; not supported by every terminal.
    public static let dim = TextAttributes(rawValue: 1 << 1)
    /// Foreground and background swapped.
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    /// Underlined text.
    public static let underline = TextAttributes(rawValue: 1 << 3)
    /// The terminal's "best highlighting" mode (often reverse).
    public static let standout = TextAttributes(rawValue: 1 << 4)

    /// Each attribute with its name in theme files, in a fixed order.
    public static let named: [(name: String, attribute: TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("reverse", .reverse),
        ("underline", .underline), ("standout", .standout),
    ]

    /// The attribute called `name` in theme files, if any.
    public init?(name: String) {
        guard let match = TextAttributes.named.first(where: { $0.name == name }) else { return nil }
        self = match.attribute
    }

    /// Theme-file names of the attributes in this set.
    public var names: [String] {
        TextAttributes.named.filter { contains($0.attribute) }.map(\.name)
    }
}

/// How a cell is drawn: a semantic ``Role`` plus optional extra attributes
/// (e.g. bold for the matched part of a name) added to what the theme gives.
public struct Style: Hashable, Sendable {
    /// The role; the theme maps it to colours and attributes.
    public var role: Role
    /// Attributes added on top of the role's own.
    public var extraAttributes: TextAttributes

    /// Creates a style.
    public init(_ role: Role = .normal, _ extraAttributes: TextAttributes = []) {
        self.role = role
        self.extraAttributes = extraAttributes
    }

    /// This style with `attributes` added.
    public func adding(_ attributes: TextAttributes) -> Style {
        Style(role, extraAttributes.union(attributes))
    }
}

// Shorthands so call sites can write `style: .overdue`.
extension Style {
    public static let normal = Style(.normal)
    public static let title = Style(.title)
    public static let header = Style(.header)
    public static let label = Style(.label)
    public static let muted = Style(.muted)
    public static let border = Style(.border)
    public static let selection = Style(.selection)
    public static let selectionInactive = Style(.selectionInactive)
    public static let highlight = Style(.highlight)
    public static let tab = Style(.tab)
    public static let tabActive = Style(.tabActive)
    public static let footer = Style(.footer)
    public static let footerKey = Style(.footerKey)
    public static let statusLine = Style(.statusLine)
    public static let input = Style(.input)
    public static let inputFocused = Style(.inputFocused)
    public static let placeholder = Style(.placeholder)
    public static let overdue = Style(.overdue)
    public static let escalated = Style(.escalated)
    public static let dueSoon = Style(.dueSoon)
    public static let ok = Style(.ok)
    public static let warning = Style(.warning)
    public static let error = Style(.error)
    public static let notice = Style(.notice)
    public static let dialog = Style(.dialog)
    public static let dialogTitle = Style(.dialogTitle)
}
