import Terminal

/// What a key asks for. Screens act on commands, never on raw keys, so the binding table
/// below is the one place keys are decided.
public enum Command: String, CaseIterable, Sendable {
    case help, quit, back, open
    case down, up, pageDown, pageUp, top, bottom
    case nextTab, previousTab, search, filter, clear, toggleMine, sort, agenda, home, refresh
    case revealID, revealPhone
}

/// Where a binding applies.
public enum ScreenKind: String, CaseIterable, Sendable {
    case caseload, caseDetail, agenda, help
}

/// One row of the binding table: keys, the command, where it applies, and how it is shown.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    public let command: Command
    public let screens: Set<ScreenKind>
    public let label: TextKey
    /// Shown in the footer, htop-style, when set (e.g. "F1").
    public let footerKey: String?

    init(_ keys: [Key], _ command: Command, _ screens: Set<ScreenKind>, _ label: TextKey, footer: String? = nil) {
        self.keys = keys
        self.command = command
        self.screens = screens
        self.label = label
        self.footerKey = footer
    }
}

public enum KeyBindings {
    private static let lists: Set<ScreenKind> = [.caseload, .agenda]
    private static let browsing: Set<ScreenKind> = [.caseload, .caseDetail, .agenda]

    /// The table. The help screen and every footer are generated from it.
    public static let table: [KeyBinding] = [
        KeyBinding([.function(1), .char("?")], .help, browsing, .actionHelp, footer: "F1"),
        KeyBinding([.function(2), .char("t")], .agenda, [.caseload, .caseDetail], .actionAgenda, footer: "F2"),
        KeyBinding([.char("h")], .home, [.agenda, .caseDetail], .actionHome),
        KeyBinding([.function(3), .char("/")], .search, [.caseload], .actionSearch, footer: "F3"),
        KeyBinding([.function(4), .char("f")], .filter, [.caseload], .actionFilter, footer: "F4"),
        KeyBinding([.function(5), .char("m")], .toggleMine, [.caseload, .agenda], .actionMine, footer: "F5"),
        KeyBinding([.function(6), .char("s")], .sort, [.caseload], .actionSort, footer: "F6"),
        KeyBinding([.char("i")], .revealID, [.caseDetail], .actionRevealID, footer: "i"),
        KeyBinding([.char("p")], .revealPhone, [.caseDetail], .actionRevealPhone, footer: "p"),
        KeyBinding([.enter], .open, lists, .actionOpen, footer: "Enter"),
        KeyBinding([.down, .char("j")], .down, browsing, .actionDown),
        KeyBinding([.up, .char("k")], .up, browsing, .actionUp),
        KeyBinding([.pageDown, .char(" "), .ctrl("f")], .pageDown, browsing, .actionPageDown),
        KeyBinding([.pageUp, .char("b"), .ctrl("b")], .pageUp, browsing, .actionPageUp),
        KeyBinding([.home, .char("g")], .top, browsing, .actionTop),
        KeyBinding([.end, .char("G")], .bottom, browsing, .actionBottom),
        KeyBinding([.tab, .right, .char("l")], .nextTab, [.caseload], .actionNextTab),
        KeyBinding([.backTab, .left], .previousTab, [.caseload], .actionPreviousTab),
        KeyBinding([.escape], .clear, [.caseload], .actionClear),
        KeyBinding([.ctrl("l")], .refresh, browsing, .actionRefresh),
        KeyBinding([.escape, .char("q"), .backspace], .back, [.caseDetail, .agenda, .help], .actionBack, footer: "Esc"),
        KeyBinding([.function(10), .char("q")], .quit, [.caseload], .actionQuit, footer: "F10"),
    ]

    /// The command a key means on a screen; the first matching row wins.
    public static func command(for key: Key, on screen: ScreenKind) -> Command? {
        table.first { $0.screens.contains(screen) && $0.keys.contains(key) }?.command
    }

    /// Footer hints for a screen, in table order.
    public static func footer(for screen: ScreenKind) -> [(key: String, label: TextKey)] {
        table.filter { $0.screens.contains(screen) && $0.footerKey != nil }.map { ($0.footerKey!, $0.label) }
    }

    /// Help rows for a screen: every key name that triggers each command.
    public static func help(for screen: ScreenKind) -> [(keys: String, label: TextKey)] {
        table.filter { $0.screens.contains(screen) }.map { binding in
            (binding.keys.map(keyName).joined(separator: " "), binding.label)
        }
    }

    static func keyName(_ key: Key) -> String {
        switch key {
        case .char(" "): return "Space"
        default: return key.description
        }
    }
}
