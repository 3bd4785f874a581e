import Terminal
import TextCells

/// A yes/no question drawn over the screen that asked it: discard changes, open the existing
/// case instead, undo, resume a draft. `y` answers yes, `n` no, Esc cancels; the answer
/// decides the transition (usually `.pop` to close the dialog, or `.dismiss(then:)`).
final class ConfirmDialog: Screen {
    enum Answer: Equatable { case yes, no, cancel }

    let kind = ScreenKind.dialog
    let title: String
    let lines: [String]
    /// Drawn first, so the question appears over what it is about.
    private let beneath: (any Screen)?
    private let onAnswer: (Answer, AppState) -> Transition

    init(title: String, lines: [String], beneath: (any Screen)?, onAnswer: @escaping (Answer, AppState) -> Transition) {
        self.title = title
        self.lines = lines
        self.beneath = beneath
        self.onAnswer = onAnswer
    }

    func handle(_ key: Key, state: AppState) -> Transition {
        switch KeyBindings.command(for: key, on: kind) {
        case .yes: onAnswer(.yes, state)
        case .no: onAnswer(.no, state)
        case .cancel: onAnswer(.cancel, state)
        default: .stay
        }
    }

    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position? {
        if let beneath { _ = beneath.render(into: &surface, area: area, state: state) }
        let s = state.strings
        let answers = "y \(s[.actionYes])   n \(s[.actionNo])   Esc \(s[.actionCancel])"
        let content = lines + ["", answers]
        let inner = min(area.width - 8, max(title.displayWidth + 2, content.map(\.displayWidth).max() ?? 0))
        let width = inner + 4
        let height = content.count + 3
        let col = area.col + max(0, (area.width - width) / 2)
        let top = area.row + max(0, (area.height - height) / 2)
        surface.fill(Rect(row: top, col: col, width: width, height: height), style: .dialog)
        surface.put("┌" + String(repeating: "─", count: width - 2) + "┐", at: top, col: col, style: .dialog)
        surface.put(" \(title) ", at: top, col: col + 2, style: .dialogTitle, maxWidth: width - 4)
        for (index, line) in content.enumerated() {
            let y = top + 1 + index
            surface.put("│", at: y, col: col, style: .dialog)
            surface.put(line, at: y, col: col + 2, style: index == content.count - 1 ? Style(.dialog, .bold) : .dialog, maxWidth: inner)
            surface.put("│", at: y, col: col + width - 1, style: .dialog)
        }
        surface.put("│", at: top + height - 2, col: col, style: .dialog)
        surface.put("│", at: top + height - 2, col: col + width - 1, style: .dialog)
        surface.put("└" + String(repeating: "─", count: width - 2) + "┘", at: top + height - 1, col: col, style: .dialog)
        return nil
    }
}
