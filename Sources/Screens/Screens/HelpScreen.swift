import Terminal
import TextCells

/// `?`: the key bindings of the screen it was opened from, straight from the binding table.
final class HelpScreen: Screen {
    let kind = ScreenKind.help
    let forScreen: ScreenKind

    init(for screen: ScreenKind) { forScreen = screen }

    func handle(_ key: Key, state: AppState) -> Transition { .pop }

    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position? {
        let s = state.strings
        surface.fillRow(area.row, style: .title)
        surface.put(" \(s[.helpTitle])", at: area.row, col: 0, style: .title)
        let rows = KeyBindings.help(for: forScreen)
        let keyWidth = min(24, (rows.map { $0.keys.displayWidth }.max() ?? 8) + 2)
        // Two columns when one does not fit (the caseload has many bindings).
        let perColumn = max(1, area.height - 3)
        let columnWidth = rows.count > perColumn ? area.width / 2 : area.width
        for (index, row) in rows.enumerated() {
            let y = area.row + 2 + index % perColumn
            let x = (index / perColumn) * columnWidth
            guard x + keyWidth + 3 < area.width else { break }
            surface.put("  " + padded(row.keys, to: keyWidth), at: y, col: x, style: .footerKey)
            surface.put(s[row.label], at: y, col: x + keyWidth + 3, style: .normal, maxWidth: columnWidth - keyWidth - 4)
        }
        surface.put(" " + s[.helpFooter], at: area.row + area.height - 1, col: 0, style: .muted, maxWidth: area.width)
        return nil
    }
}
