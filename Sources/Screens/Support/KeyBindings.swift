import Terminal

/// What a key asks for. Screens act on commands, never on raw keys, so the binding table
/// below is the one place keys are decided.
public enum Command: String, CaseIterable, Sendable {
    case help, quit, back, open
    case down, up, pageDown, pageUp, top, bottom
    case nextTab, previousTab, search, filter, clear, toggleMine, sort, agenda, home, refresh
    case revealID, revealPhone
    // Forms and actions
    case logContact, recordService, recordOutcome, scheduleFollowUp, snooze, correct, reassign, closeCase, reopen, addNote, undo
    case newCase, outreach, mark, bulkAssign, bulkContact
    case nextField, previousField, submitOrNext, save, cancel, nextChoice, previousChoice, toggleChoice, externalEditor, yes, no
    // Supervisor
    case dashboard, reassignToCounsellor
}

/// Where a binding applies.
public enum ScreenKind: String, CaseIterable, Sendable {
    case caseload, caseDetail, agenda, help
    // Forms and actions: every form, the campus outreach form, and yes/no questions.
    case form, outreach, dialog
    // Supervisor: the dashboard and the cases behind one of its figures.
    case dashboard, measureCases
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
    // Forms and actions: where case actions apply, and the screens that edit fields.
    private static let acting: Set<ScreenKind> = [.caseload, .caseDetail]
    private static let forms: Set<ScreenKind> = [.form, .outreach]

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
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, browsing, .actionPageDown),
        KeyBinding([.pageUp, .char("b"), .ctrl("b")], .pageUp, browsing, .actionPageUp),
        KeyBinding([.home, .char("g")], .top, browsing, .actionTop),
        KeyBinding([.end, .char("G")], .bottom, browsing, .actionBottom),
        KeyBinding([.tab, .right, .char("l")], .nextTab, [.caseload], .actionNextTab),
        KeyBinding([.backTab, .left], .previousTab, [.caseload], .actionPreviousTab),
        KeyBinding([.escape], .clear, [.caseload], .actionClear),
        KeyBinding([.ctrl("l")], .refresh, browsing, .actionRefresh),
        KeyBinding([.escape, .char("q"), .backspace], .back, [.caseDetail, .agenda, .help], .actionBack, footer: "Esc"),
        KeyBinding([.function(10), .char("q")], .quit, [.caseload], .actionQuit, footer: "F10"),
        // Forms and actions
        KeyBinding([.char("c")], .logContact, [.caseDetail], .actionContact, footer: "c"),
        KeyBinding([.char("v")], .recordService, [.caseDetail], .actionService, footer: "v"),
        KeyBinding([.char("o")], .recordOutcome, [.caseDetail], .actionOutcome, footer: "o"),
        // The same keys on the caseload's selected row, without footer hints (no room there).
        KeyBinding([.char("c")], .logContact, [.caseload], .actionContact),
        KeyBinding([.char("v")], .recordService, [.caseload], .actionService),
        KeyBinding([.char("o")], .recordOutcome, [.caseload], .actionOutcome),
        KeyBinding([.char("w")], .scheduleFollowUp, acting, .actionSchedule),
        KeyBinding([.char("z")], .snooze, acting, .actionSnooze),
        KeyBinding([.char("e")], .correct, acting, .actionCorrect),
        KeyBinding([.char("a")], .reassign, acting, .actionReassign),
        KeyBinding([.char("x")], .closeCase, acting, .actionCloseCase),
        KeyBinding([.char("r")], .reopen, acting, .actionReopen),
        KeyBinding([.char("n")], .addNote, acting, .actionNote),
        KeyBinding([.char("u")], .undo, acting, .actionUndo),
        KeyBinding([.function(8), .char("N")], .newCase, [.caseload], .actionNewCase, footer: "F8"),
        KeyBinding([.char("O")], .outreach, [.caseload], .actionOutreach),
        KeyBinding([.char(" ")], .mark, [.caseload], .actionMark),
        KeyBinding([.char(" ")], .pageDown, [.caseDetail, .agenda], .actionPageDown),
        KeyBinding([.char("A")], .bulkAssign, [.caseload], .actionBulkAssign),
        KeyBinding([.char("C")], .bulkContact, [.caseload], .actionBulkContact),
        KeyBinding([.function(1)], .help, forms, .actionHelp, footer: "F1"),
        KeyBinding([.ctrl("s")], .save, forms, .actionSave, footer: "Ctrl-S"),
        KeyBinding([.enter], .submitOrNext, forms, .actionSubmitOrNext, footer: "Enter"),
        KeyBinding([.tab, .down], .nextField, forms, .actionNextField, footer: "Tab"),
        KeyBinding([.backTab, .up], .previousField, forms, .actionPreviousField),
        KeyBinding([.right], .nextChoice, forms, .actionNextChoice),
        KeyBinding([.left], .previousChoice, forms, .actionPreviousChoice),
        KeyBinding([.char(" ")], .toggleChoice, forms, .actionToggleChoice),
        KeyBinding([.function(9), .ctrl("x")], .externalEditor, forms, .actionExternalEditor, footer: "F9"),
        KeyBinding([.escape], .cancel, forms, .actionCancel, footer: "Esc"),
        KeyBinding([.char("y"), .char("Y")], .yes, [.dialog], .actionYes, footer: "y"),
        KeyBinding([.char("n"), .char("N")], .no, [.dialog], .actionNo, footer: "n"),
        KeyBinding([.escape], .cancel, [.dialog], .actionCancel, footer: "Esc"),
        // Supervisor: F7 / d on the caseload opens the dashboard (help lists it; no footer room).
        KeyBinding([.function(7), .char("d")], .dashboard, [.caseload], .actionDashboard),
        KeyBinding([.function(1), .char("?")], .help, [.dashboard, .measureCases], .actionHelp, footer: "F1"),
        KeyBinding([.char("a")], .reassignToCounsellor, [.measureCases], .actionReassignTo, footer: "a"),
        KeyBinding([.tab], .nextTab, [.measureCases], .actionRatePart, footer: "Tab"),
        KeyBinding([.enter], .open, [.dashboard, .measureCases], .actionOpen, footer: "Enter"),
        KeyBinding([.down, .char("j")], .down, [.dashboard, .measureCases], .actionDown),
        KeyBinding([.up, .char("k")], .up, [.dashboard, .measureCases], .actionUp),
        KeyBinding([.pageDown, .char(" "), .ctrl("f")], .pageDown, [.dashboard, .measureCases], .actionPageDown),
        KeyBinding([.pageUp, .char("b"), .ctrl("b")], .pageUp, [.dashboard, .measureCases], .actionPageUp),
        KeyBinding([.home, .char("g")], .top, [.dashboard, .measureCases], .actionTop),
        KeyBinding([.end, .char("G")], .bottom, [.dashboard, .measureCases], .actionBottom),
        KeyBinding([.ctrl("l")], .refresh, [.dashboard, .measureCases], .actionRefresh),
        KeyBinding([.escape, .char("q"), .backspace], .back, [.dashboard, .measureCases], .actionBack, footer: "Esc"),
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
