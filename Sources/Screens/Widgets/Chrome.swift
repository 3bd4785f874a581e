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
        var left = " \(s[.appName]) · \(state.officeName) · \(state.session.user) · \(state.writerLabel)"
        if state.accessLabel != nil { left += " · \(s[.fullAccess])" }
        var col = surface.put(left, at: 0, col: 0, style: .statusLine, maxWidth: surface.width)
        col += 1
        col = surface.put(" ▲\(counts.escalated) \(s[.escalatedCount]) ", at: 0, col: col, style: Style(.escalated), maxWidth: max(0, surface.width - col))
        col = surface.put(" ●\(counts.overdue) \(s[.overdueCount]) ", at: 0, col: col, style: Style(.overdue), maxWidth: max(0, surface.width - col))
        let date = " \(state.session.today.iso) "
        if surface.width - col > date.displayWidth {
            surface.put(date, at: 0, col: surface.width - date.displayWidth, style: .statusLine)
        }
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
