import Cases
import Office
import Rules
import Terminal
import TextCells

/// "Today": the counsellor's morning view. What is overdue, what is due today, then each of
/// the next seven days. Enter opens the case.
final class AgendaScreen: Screen {
    let kind = ScreenKind.agenda
    static let daysAhead = 7

    /// A heading or a flag; only flags can be selected.
    enum Item: Equatable {
        case heading(String)
        case flag(Flag)
    }

    private(set) var items: [Item] = []
    private var selectable: [Int] = []
    private var cursor = ListCursor()
    private var top = 0
    private var cacheKey: (revision: Int, mine: Bool)?

    var selectedFlag: Flag? {
        guard selectable.indices.contains(cursor.selected), case .flag(let flag) = items[selectable[cursor.selected]] else { return nil }
        return flag
    }

    private func rebuild(_ state: AppState) {
        if let key = cacheKey, key.revision == state.session.revision, key.mine == state.mineOnly { return }
        cacheKey = (state.session.revision, state.mineOnly)
        let s = state.strings
        let session = state.session
        let today = session.today
        let horizon = today.adding(days: AgendaScreen.daysAhead)
        let flags = session.flagsByCase.values.joined().filter { flag in
            guard let record = session.caseload[flag.caseID] else { return false }
            return (!state.mineOnly || record.counsellor == session.user) && flag.dueDate <= horizon
        }
        var built: [Item] = []
        let overdue = flags.filter { $0.daysOverdue > 0 }.sorted(by: Flag.urgentFirst)
        built.append(.heading("\(s[.agendaOverdue]) (\(overdue.count))"))
        built += overdue.map(Item.flag)
        for offset in 0...AgendaScreen.daysAhead {
            let day = today.adding(days: offset)
            let due = flags.filter { $0.daysOverdue == 0 && $0.dueDate == day }.sorted(by: Flag.urgentFirst)
            guard offset == 0 || !due.isEmpty else { continue }
            let title = offset == 0 ? s[.agendaToday] : s.format(.agendaDueOn, "\(day.iso) \(weekday(day, chinese: state.chinese))")
            built.append(.heading("\(title) (\(due.count))"))
            built += due.map(Item.flag)
        }
        let previous = selectedFlag?.id
        items = built
        selectable = built.indices.filter { if case .flag = built[$0] { true } else { false } }
        cursor.count = selectable.count
        if let previous, let index = selectable.firstIndex(where: { if case .flag(let f) = items[$0] { f.id == previous } else { false } }) {
            cursor.select(index)
        }
    }

    private func weekday(_ day: LocalDate, chinese: Bool) -> String {
        chinese ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][day.weekday - 1]
            : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.weekday - 1]
    }

    func handle(_ key: Key, state: AppState) -> Transition {
        rebuild(state)
        guard let command = KeyBindings.command(for: key, on: kind) else { return .stay }
        switch command {
        case .back, .home: return .pop
        case .down, .up, .pageDown, .pageUp, .top, .bottom: cursor.move(command)
        case .open:
            if let flag = selectedFlag { return .push(CaseScreen(caseID: flag.caseID)) }
        case .toggleMine:
            state.mineOnly.toggle()
            cursor.select(0)
        case .refresh: _ = try? state.session.refresh()
        default: break
        }
        return .stay
    }

    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position? {
        rebuild(state)
        let s = state.strings
        surface.fillRow(area.row, style: .title)
        let scope = state.mineOnly ? s[.mine] : s[.everyone]
        surface.put(" \(s[.agendaTitle]) · \(state.session.today.iso) · \(scope)", at: area.row, col: 0, style: .title, maxWidth: area.width)
        let height = area.height - 2
        guard height > 0 else { return nil }
        // Scroll so the selected item, and the heading just above it, stay in view.
        let selectedItem = selectable.indices.contains(cursor.selected) ? selectable[cursor.selected] : 0
        if selectedItem < top + 1 { top = max(0, selectedItem - 1) }
        if selectedItem >= top + height { top = selectedItem - height + 1 }
        if items.count == selectable.count + 1 && selectable.isEmpty {
            surface.put("  \(s[.agendaNothing])", at: area.row + 2, col: 0, style: Style(.ok))
        }
        for (offset, index) in (top..<min(items.count, top + height)).enumerated() {
            let row = area.row + 1 + offset
            switch items[index] {
            case .heading(let text):
                surface.put(" " + text, at: row, col: 0, style: .header, maxWidth: area.width)
            case .flag(let flag):
                let selected = index == selectedItem && !selectable.isEmpty
                let style: Style = selected ? .selection : .normal
                if selected { surface.fillRow(row, style: style) }
                let record = state.session.caseload[flag.caseID]
                var col = surface.put("  " + flag.severity.glyph + " ", at: row, col: 0,
                                      style: selected ? style : Chrome.severityStyle(flag.severity))
                col = surface.put(padded(record?.name ?? flag.caseID, to: 10) + " ", at: row, col: col, style: style)
                col = surface.put(padded(record?.counsellor ?? "", to: 10) + " ", at: row, col: col, style: selected ? style : .muted)
                surface.put(flag.reason(chinese: state.chinese), at: row, col: col, style: style, maxWidth: max(0, area.width - col))
            }
        }
        return nil
    }
}
