import Cases
import Office
import Reports
import Rules
import Terminal
import TextCells

/// The cases behind one figure of the dashboard — exactly as many as it counts — with the
/// date and detail that made each count. Enter opens a case; `a` reassigns the selected case
/// to another counsellor (journaled as `case_reassigned`); Tab switches a rate between its
/// numerator and denominator.
final class MeasureCasesScreen: Screen {
    let kind = ScreenKind.measureCases
    let measure: Measure
    private(set) var part = BasisPart.numerator
    private(set) var entries: [BasisEntry] = []
    private(set) var period: ReportPeriod?
    private var cursor = ListCursor()
    private var cacheKey: (revision: Int, part: BasisPart)?
    /// The counsellor prompt while reassigning; nil otherwise.
    private var reassignEditor: LineEditor?

    /// The report engine of the revision it was made for: the dashboard's, handed over, or
    /// one made here. Its snapshots of past days are most of a drill-down at 1M events.
    private var engine: (engine: ReportEngine, revision: Int)?

    init(measure: Measure, engine: (engine: ReportEngine, revision: Int)? = nil) {
        self.measure = measure
        self.engine = engine
    }

    var selectedCaseID: String? { entries.indices.contains(cursor.selected) ? entries[cursor.selected].caseID : nil }

    private func rebuild(_ state: AppState) {
        let session = state.session
        if let key = cacheKey, key.revision == session.revision, key.part == part { return }
        cacheKey = (session.revision, part)
        if engine?.revision != session.revision {
            engine = (ReportEngine(caseload: session.caseload, policy: session.rules.policy, calendar: session.rules.calendar,
                                   period: .yearToDate(session.today), today: session.today), session.revision)
        }
        let engine = engine!.engine
        let previous = selectedCaseID
        self.period = engine.period
        entries = engine.basis(measure, scope: .office).entries(part)
        cursor.count = entries.count
        if let previous, let index = entries.firstIndex(where: { $0.caseID == previous }) { cursor.select(index) }
    }

    func handle(_ key: Key, state: AppState) -> Transition {
        rebuild(state)
        if reassignEditor != nil { return handleReassignKey(key, state: state) }
        guard let command = KeyBindings.command(for: key, on: kind) else { return .stay }
        switch command {
        case .back: return .pop
        case .down, .up, .pageDown, .pageUp, .top, .bottom: cursor.move(command)
        case .open:
            if let id = selectedCaseID { return .push(CaseScreen(caseID: id)) }
        case .nextTab where measure.shape == .rate:
            part = part == .numerator ? .denominator : .numerator
            cursor.select(0)
        case .reassignToCounsellor:
            if selectedCaseID != nil {
                reassignEditor = LineEditor()
                state.message = nil
            }
        case .refresh: _ = try? state.session.refresh()
        default: break
        }
        return .stay
    }

    private func handleReassignKey(_ key: Key, state: AppState) -> Transition {
        switch key {
        case .escape: reassignEditor = nil
        case .enter:
            guard let id = selectedCaseID, let record = state.session.caseload[id], let text = reassignEditor?.text else { return .stay }
            let to = text.trimmingWhitespace()
            guard !to.isEmpty, to.count <= 32, !to.contains(where: { $0.isWhitespace || $0 == "," }) else {
                state.say(state.strings[.dashboardBadCounsellor], style: Style(.error))
                return .stay
            }
            reassignEditor = nil
            if to == record.counsellor {
                state.say(state.strings.format(.dashboardAlreadyTheirs, id, to))
            } else if state.record(.caseReassigned(to: to, from: record.counsellor), caseID: id) {
                state.say(state.strings.format(.dashboardReassigned, id, record.counsellor, to))
            }
        default: _ = reassignEditor?.handle(key)
        }
        return .stay
    }

    // MARK: Drawing

    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position? {
        rebuild(state)
        let s = state.strings
        let session = state.session
        surface.fillRow(area.row, style: .title)
        var title = " \(measure.label(chinese: state.chinese)) · \(period.map { "\($0)" } ?? "") · \(s.format(.dashboardCaseCount, entries.count))"
        if measure.shape == .rate { title += " · " + s[part == .numerator ? .dashboardNumerator : .dashboardDenominator] }
        surface.put(title, at: area.row, col: 0, style: .title, maxWidth: area.width)
        let widths = (glyph: 2, id: 11, name: 10, counsellor: 10, date: 11)
        surface.fillRow(area.row + 1, style: .header)
        let header = "  " + padded("ID", to: widths.id) + padded(s[.columnName], to: widths.name + 1) + padded(s[.columnCounsellor], to: widths.counsellor + 1)
            + padded(s[.dashboardDate], to: widths.date) + s[.dashboardDetail]
        surface.put(header, at: area.row + 1, col: 0, style: .header, maxWidth: area.width)
        let listTop = area.row + 2
        cursor.pageSize = max(1, area.height - 3)
        cursor.keepVisible()
        if entries.isEmpty { surface.put("  " + s[.noCases], at: listTop + 1, col: 0, style: .muted) }
        for (offset, index) in cursor.visibleRange.enumerated() {
            let entry = entries[index]
            let y = listTop + offset
            let selected = index == cursor.selected
            let style: Style = selected ? .selection : .normal
            if selected { surface.fillRow(y, style: style) }
            let record = session.caseload[entry.caseID]
            let severity = session.worstSeverity(of: entry.caseID)
            var x = surface.put(Chrome.glyph(severity) + " ", at: y, col: 0, style: selected ? style : Chrome.severityStyle(severity))
            x = surface.put(padded(entry.caseID, to: widths.id), at: y, col: x, style: style)
            x = surface.put(padded(truncated(record?.name ?? "", to: widths.name), to: widths.name) + " ", at: y, col: x, style: style)
            x = surface.put(padded(record?.counsellor ?? "", to: widths.counsellor) + " ", at: y, col: x, style: selected ? style : .muted)
            x = surface.put(padded(entry.date?.iso ?? "—", to: widths.date), at: y, col: x, style: style)
            surface.put(entry.detail(chinese: state.chinese), at: y, col: x, style: style, maxWidth: max(0, area.width - x))
        }
        let promptRow = area.row + area.height - 1
        guard let editor = reassignEditor, let id = selectedCaseID else { return nil }
        let label = s.format(.dashboardReassignPrompt, id) + " "
        let col = surface.put(" " + label, at: promptRow, col: 0, style: .label)
        let cursorCol = editor.draw(into: &surface, row: promptRow, col: col, width: max(1, area.width - col - 1), style: .inputFocused)
        return Position(row: promptRow, col: cursorCol)
    }
}
