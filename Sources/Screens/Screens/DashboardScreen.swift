import Cases
import Journal
import Office
import Reports
import Rules
import Terminal
import TextCells

/// The supervisor's dashboard: one row per counsellor (open cases, overdue, escalated,
/// placements this year, contact rate), a row for the whole team, the year's targets as text
/// bars, and the age of overdue cases. Enter on a counsellor opens their caseload; Enter on a
/// figure lists the cases behind it.
final class DashboardScreen: Screen {
    let kind = ScreenKind.dashboard

    /// A selectable row.
    enum Item: Equatable {
        case counsellor(String)
        case team
        case measure(Measure)
    }

    /// Measures in the targets panel: the results, and the health shares that take targets.
    static let targetMeasures = Measure.targetable
    static let columns: [(Measure, TextKey)] = [
        (.open_cases, .dashboardOpen), (.overdue_cases, .dashboardOverdue), (.escalated_cases, .dashboardEscalated),
        (.placements, .dashboardPlaced), (.contact_rate, .dashboardContactRate),
    ]

    private(set) var report: Report?
    /// The engine `report` came from, for the cases behind a figure.
    private var engine: ReportEngine?
    private(set) var items: [Item] = []
    private var cursor = ListCursor()
    /// The revision `report` is of.
    private var cachedRevision: Int?
    /// The report being made on another thread, and the revision it is of.
    private var pending: (build: BackgroundBuild<(ReportEngine, Report)>, revision: Int)?
    private var counsellorTop = 0

    /// From this many cases a frame waits only `waitMilliseconds` for a report before showing
    /// the last one (or a word that it is being made): a city's report takes seconds and must
    /// not freeze the screen, on opening or after each change. A smaller office's is ready
    /// within a frame or two, and is waited for.
    var backgroundFrom = 20_000
    static let waitMilliseconds = 150

    var selectedItem: Item? { items.indices.contains(cursor.selected) ? items[cursor.selected] : nil }

    /// Starts a new report when the caseload changed since the one shown (on another thread:
    /// the caseload is a value, so the report is of it as it was), and takes it when it is ready,
    /// waiting briefly (`waitMilliseconds`). Targets come from the data directory's
    /// `targets.toml`; a broken file is reported on the message line and the targets left out.
    private func rebuild(_ state: AppState) {
        let session = state.session
        guard cachedRevision != session.revision else { return }
        if pending?.revision != session.revision {
            let targets = Self.loadTargets(session.store.directory, state: state)
            let (caseload, policy, calendar, today) = (session.caseload, session.rules.policy, session.rules.calendar, session.today)
            // The engine too is made there: its snapshots of past days are most of the work.
            pending = (BackgroundBuild {
                let engine = ReportEngine(caseload: caseload, policy: policy, calendar: calendar, period: .yearToDate(today), today: today)
                return (engine, engine.report(scope: .office, targets: targets))
            }, session.revision)
        }
        let wait = session.caseload.cases.count >= backgroundFrom ? Self.waitMilliseconds : nil
        guard let (build, revision) = pending, let (engine, report) = build.wait(milliseconds: wait) else { return }
        pending = nil
        cachedRevision = revision
        self.engine = engine
        let previous = selectedItem
        self.report = report
        items = report.counsellors.map { .counsellor($0.counsellor) } + [.team]
            + (Self.targetMeasures + Measure.aging).map(Item.measure)
        cursor.count = items.count
        if let previous, let index = items.firstIndex(of: previous) { cursor.select(index) }
    }

    static func loadTargets(_ directory: DataDirectory, state: AppState) -> Targets {
        let path = directory.root + "/" + Targets.fileName
        do {
            guard let text = try directory.readText(path) else { return .none }
            return try Targets.parse(text: text, file: path)
        } catch {
            state.say("\(error)", style: Style(.error))
            return .none
        }
    }

    /// Takes a report made meanwhile; true when the screen needs drawing again.
    func idle(state: AppState) -> Bool {
        guard let pending, pending.build.wait(milliseconds: 0) != nil else { return false }
        rebuild(state)
        return true
    }

    func handle(_ key: Key, state: AppState) -> Transition {
        rebuild(state)
        guard let command = KeyBindings.command(for: key, on: kind) else { return .stay }
        switch command {
        case .back: return .pop
        case .down, .up, .pageDown, .pageUp, .top, .bottom: cursor.move(command)
        case .open:
            switch selectedItem {
            case .counsellor(let id): return .push(CaseloadScreen.supervising(id, state: state))
            case .team: return .push(CaseloadScreen.supervising(nil, state: state))
            case .measure(let measure):
                return .push(MeasureCasesScreen(measure: measure, engine: engine.flatMap { engine in cachedRevision.map { (engine, $0) } }))
            case nil: break
            }
        case .refresh: _ = try? state.session.refresh()
        default: break
        }
        return .stay
    }

    // MARK: Drawing

    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position? {
        rebuild(state)
        let s = state.strings
        surface.fillRow(area.row, style: .title)
        guard let report else {
            surface.put(" \(s[.dashboardTitle]) · \(s[.dashboardComputing])", at: area.row, col: 0, style: .title, maxWidth: area.width)
            return nil
        }
        let updating = pending == nil ? "" : " · " + s[.dashboardComputing]
        surface.put(" \(s[.dashboardTitle]) · \(report.period) · \(s[.everyone])\(updating)", at: area.row, col: 0, style: .title,
                    maxWidth: area.width)
        // Bottom panel: targets on the left, aging on the right; counsellors take what is left.
        let panelHeight = Self.targetMeasures.count + 1
        let panelTop = area.row + area.height - panelHeight - 1
        drawCounsellors(report, into: &surface, top: area.row + 1, bottom: panelTop - 1, width: area.width, state: state)
        let agingWidth = 24
        drawTargets(report, into: &surface, top: panelTop, width: area.width - agingWidth - 1, state: state)
        drawAging(report, into: &surface, top: panelTop, col: area.width - agingWidth, state: state)
        surface.put(" " + s[.dashboardHint], at: area.row + area.height - 1, col: 0, style: .muted, maxWidth: area.width)
        return nil
    }

    private func style(for item: Item) -> Style? { selectedItem == item ? .selection : nil }

    private func drawCounsellors(_ report: Report, into surface: inout MemorySurface, top: Int, bottom: Int, width: Int, state: AppState) {
        let s = state.strings
        let nameWidth = 14, cell = 11
        surface.fillRow(top, style: .header)
        var col = surface.put(" " + padded(s[.columnCounsellor], to: nameWidth), at: top, col: 0, style: .header)
        for (_, key) in Self.columns {
            col = surface.put(padded(s[key], to: cell, align: .right), at: top, col: col, style: .header, maxWidth: max(0, width - col))
        }
        func row(_ y: Int, _ name: String, item: Item, figure: (Measure) -> Figure, base: Style) {
            let style = self.style(for: item) ?? base
            if style == .selection { surface.fillRow(y, style: style) }
            var x = surface.put(" " + padded(truncated(name, to: nameWidth - 1), to: nameWidth), at: y, col: 0, style: style)
            for (measure, _) in Self.columns {
                let f = figure(measure)
                var cellStyle = style
                if style != .selection, measure == .escalated_cases || measure == .overdue_cases, (f.value ?? 0) > 0 {
                    cellStyle = Style(measure == .escalated_cases ? .escalated : .overdue)
                }
                x = surface.put(padded(FigureText.value(f.value, measure), to: cell, align: .right), at: y, col: x, style: cellStyle,
                                maxWidth: max(0, width - x))
            }
        }
        // Counsellor rows scroll so the selected one stays in view; the team row stays put.
        let visible = max(1, bottom - top - 1)
        let selected = cursor.selected < report.counsellors.count ? cursor.selected : nil
        if let selected {
            if selected < counsellorTop { counsellorTop = selected }
            if selected >= counsellorTop + visible { counsellorTop = selected - visible + 1 }
        }
        let shown = counsellorTop..<min(report.counsellors.count, counsellorTop + visible)
        for (offset, index) in shown.enumerated() {
            let c = report.counsellors[index]
            row(top + 1 + offset, c.counsellor, item: .counsellor(c.counsellor), figure: { c[$0] }, base: .normal)
        }
        // The team row sits under the last counsellor, or at the bottom when they scroll.
        row(min(bottom, top + 1 + shown.count), s[.dashboardTeam], item: .team, figure: { report[$0] }, base: Style(.normal, .bold))
    }

    private func drawTargets(_ report: Report, into surface: inout MemorySurface, top: Int, width: Int, state: AppState) {
        let s = state.strings
        surface.put(" " + s[.dashboardTargets] + (report.targetsFile == nil ? " — " + s[.dashboardNoTargets] : ""), at: top, col: 0,
                    style: .header, maxWidth: width)
        let labelWidth = max(8, width - 32)
        for (offset, measure) in Self.targetMeasures.enumerated() {
            let y = top + 1 + offset
            let figure = report[measure]
            let style = self.style(for: .measure(measure)) ?? .normal
            if style == .selection { surface.fill(Rect(row: y, col: 0, width: width, height: 1), style: style) }
            var x = surface.put(" " + padded(truncated(measure.label(chinese: state.chinese), to: labelWidth - 1), to: labelWidth), at: y, col: 0,
                                style: style)
            let amount = figure.target == nil ? FigureText.value(figure.value, measure)
                : "\(FigureText.value(figure.value, measure))/\(FigureText.target(figure))"
            x = surface.put(padded(amount, to: 12, align: .right) + "  ", at: y, col: x, style: style, maxWidth: max(0, width - x))
            let bar = figure.target == nil ? FigureText.missing : FigureText.bar(figure.completion)
            let barStyle = style == .selection ? style : (figure.completion ?? 0) >= 100 ? Style(.ok) : style
            surface.put(bar, at: y, col: x, style: barStyle, maxWidth: max(0, width - x))
        }
    }

    private func drawAging(_ report: Report, into surface: inout MemorySurface, top: Int, col: Int, state: AppState) {
        let s = state.strings
        surface.put(s[.dashboardAging], at: top, col: col, style: .header)
        let biggest = max(1, Measure.aging.compactMap { report[$0].value }.max() ?? 1)
        for (offset, measure) in Measure.aging.enumerated() {
            let y = top + 1 + offset
            let value = report[measure].value ?? 0
            let style = self.style(for: .measure(measure)) ?? (measure == .overdue_1_7 ? Style(.overdue) : Style(.escalated))
            let label = padded(Self.agingLabel(measure, chinese: state.chinese), to: 9)
            let bar = String(repeating: "█", count: Int((value / biggest * 8).rounded(.up)))
            surface.put("\(label)\(padded(FigureText.number(value), to: 5, align: .right)) \(padded(bar, to: 8))", at: y, col: col, style: style)
        }
    }

    static func agingLabel(_ measure: Measure, chinese: Bool) -> String {
        let days = chinese ? "天" : "d"
        return switch measure {
        case .overdue_1_7: "1–7\(days)"
        case .overdue_8_30: "8–30\(days)"
        case .overdue_31_90: "31–90\(days)"
        default: ">90\(days)"
        }
    }
}
