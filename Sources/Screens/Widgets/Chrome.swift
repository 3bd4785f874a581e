import Office
import Rules
import Terminal
import TextCells

/// The parts around every screen: the status line on top and the key hints at the bottom.
enum Chrome {
    /// Office, user, writer, the user's overdue and escalated counts, and the date.
    static func drawStatusLine(into surface: inout MemorySurface, state: AppState) {
        let s = state.strings
        surface.fillRow(0, style: .statusLine)
        let counts = state.session.caseCounts(for: state.session.user)
        let escalated = " ▲\(counts.escalated) \(s[.escalatedCount]) "
        let overdue = " ●\(counts.overdue) \(s[.overdueCount]) "
        let date = " \(state.session.today.iso) "
        // The hub's state (when a hub is set) sits before the counts and, like them, always shows.
        let background = state.background?.statusText(chinese: state.chinese).map { " \($0) " } ?? ""
        // The counts and the date always show; the office name gives way on narrow terminals.
        let rightWidth = background.displayWidth + escalated.displayWidth + overdue.displayWidth + date.displayWidth
        var who = " · \(state.session.user) · \(state.writerLabel)"
        who += " · \(state.accessLabel)"
        // The app's name gives way first, then the office name; the user, writer and access stay.
        let fullApp = " \(s[.appName]) · "
        let app = surface.width - rightWidth - 1 - fullApp.displayWidth - who.displayWidth >= 4 ? fullApp : " "
        let officeRoom = surface.width - rightWidth - 1 - app.displayWidth - who.displayWidth
        let left = officeRoom >= 4 ? app + truncated(state.officeName, to: officeRoom) + who
            : truncated(" \(state.session.user) · \(state.writerLabel) · \(state.accessLabel)", to: max(0, surface.width - rightWidth - 1))
        var col = surface.put(left, at: 0, col: 0, style: .statusLine) + 1
        if !background.isEmpty { col = surface.put(background, at: 0, col: col, style: .statusLine) }
        col = surface.put(escalated, at: 0, col: col, style: Style(.escalated))
        surface.put(overdue, at: 0, col: col, style: Style(.overdue))
        surface.put(date, at: 0, col: max(0, surface.width - date.displayWidth), style: .statusLine)
    }

    /// htop-style hints generated from the binding table: `F1Help F2Today …`.
    static func drawFooter(into surface: inout MemorySurface, screen: ScreenKind, strings: Strings) {
        let row = surface.height - 1
        surface.fillRow(row, style: .footer)
        var col = 0
        for hint in KeyBindings.footer(for: screen) {
            let label = strings[hint.label]
            let needed = hint.key.displayWidth + label.displayWidth + 1
            guard col + needed <= surface.width else { break }
            col = surface.put(hint.key, at: row, col: col, style: .footerKey)
            col = surface.put(label + " ", at: row, col: col, style: .footer)
        }
    }

    /// The transient message line just above the footer (saved, errors, notices).
    static func drawMessage(into surface: inout MemorySurface, state: AppState) {
        guard let message = state.message else { return }
        let row = surface.height - 2
        surface.fillRow(row, style: message.style)
        surface.put(" " + message.text, at: row, col: 0, style: message.style, maxWidth: surface.width)
    }

    static func severityStyle(_ severity: Severity?) -> Style {
        switch severity {
        case .escalated: Style(.escalated)
        case .overdue: Style(.overdue)
        case .dueSoon: Style(.dueSoon)
        case nil: Style(.ok)
        }
    }

    static func glyph(_ severity: Severity?) -> String { severity?.glyph ?? " " }
}
