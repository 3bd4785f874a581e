import Cases
import Office
import Rules
import Search
import Terminal
import TextCells

/// Home: every case the user is responsible for, overdue first, in tabs by kind, with live
/// search (`/`) and a filter (`f`).
final class CaseloadScreen: Screen {
    let kind = ScreenKind.caseload
    static let tabs: [CaseKind?] = [nil, .graduate, .difficulty, .unemployed]

    private(set) var tab = 0
    private(set) var sort = SortOrder.urgency
    private(set) var search = LineEditor()
    private var filterEditor = LineEditor()
    private(set) var filter = CaseFilter.empty
    /// Set when this screen was opened for one purpose (a supervisor looking at a
    /// counsellor's cases): it then keeps its own "everyone's" choice instead of the app's.
    private var showsEveryone: Bool?

    /// `filter` and `everyone` preset the screen; the home screen uses the defaults.
    init(filter: CaseFilter = .empty, everyone: Bool? = nil) {
        self.filter = filter
        showsEveryone = everyone
    }

    private func mineOnly(_ state: AppState) -> Bool { showsEveryone.map { !$0 } ?? state.mineOnly }
    private enum Focus { case list, search, filter }
    private var focus = Focus.list
    private var list = ListCursor()
    private var listing: CaseListing?
    /// Search results by query text for the current revision, so Backspace is a lookup and
    /// a longer query narrows the shorter one's results instead of scanning every case.
    private var searchResults: (revision: Int, byText: [String: Set<String>], lastText: String?) = (-1, [:], nil)
    /// Rows marked with Space for a bulk action.
    var marked: Set<String> = []

    /// The rows of the current tab, made on demand: only the rows drawn need their text.
    private(set) var rows = VisibleRows()
    private var tabCounts: [Int] { listing?.counts ?? [0, 0, 0, 0] }

    var selectedCaseID: String? { rows.indices.contains(list.selected) ? rows.caseID(at: list.selected) : nil }

    // MARK: Rows

    private func refreshRows(_ state: AppState) {
        let session = state.session
        let table = state.rowTable
        table.sync(session)
        let key = CaseListing.Key(revision: session.revision, mine: mineOnly(state), search: search.text, filter: filter, sort: sort)
        if listing?.key != key {
            listing = CaseListing(key: key, table: table, session: session, matches: matches(search.text, session: session))
        }
        let slots = listing!.tabs[tab]
        guard rows.slots != slots || rows.chinese != state.chinese || rows.revision != session.revision else { return }
        let previousSelection = selectedCaseID
        rows = VisibleRows(slots: slots, table: table, session: session, chinese: state.chinese, access: state.access)
        list.count = rows.count
        // Keep the same case selected across refreshes when it is still listed.
        if let previousSelection, let slot = session.slots[previousSelection], let index = slots.firstIndex(of: slot) {
            list.select(index)
        } else {
            list.select(min(list.selected, max(0, rows.count - 1)))
        }
    }

    /// Ids matching the search text, or nil when there is no search.
    private func matches(_ text: String, session: OfficeSession) -> Set<String>? {
        let query = SearchQuery(text)
        guard !query.isEmpty else { return nil }
        if searchResults.revision != session.revision { searchResults = (session.revision, [:], nil) }
        if let known = searchResults.byText[text] { return known }
        let found: Set<String>
        if let lastText = searchResults.lastText, let previous = searchResults.byText[lastText], query.narrows(SearchQuery(lastText)) {
            found = session.search.narrowing(previous, to: query)
        } else {
            found = session.search.matchingIDs(query)
        }
        searchResults.byText[text] = found
        searchResults.lastText = text
        return found
    }

    // MARK: Keys

    func handle(_ key: Key, state: AppState) -> Transition {
        refreshRows(state)
        switch focus {
        case .search:
            return handleSearchKey(key, state: state)
        case .filter:
            return handleFilterKey(key, state: state)
        case .list:
            break
        }
        guard let command = KeyBindings.command(for: key, on: kind) else { return .stay }
        switch command {
        case .quit: return .quit
        case .down, .up, .pageDown, .pageUp, .top, .bottom: list.move(command)
        case .open:
            if let id = selectedCaseID { return .push(CaseScreen(caseID: id)) }
        case .nextTab: tab = (tab + 1) % CaseloadScreen.tabs.count; list.select(0)
        case .previousTab: tab = (tab + CaseloadScreen.tabs.count - 1) % CaseloadScreen.tabs.count; list.select(0)
        case .search:
            focus = .search
            state.message = nil
        case .filter:
            focus = .filter
            filterEditor.set(filterText)
            state.message = nil
        case .clear:
            if !search.isEmpty || !filter.isEmpty {
                search = LineEditor()
                filter = .empty
                state.say(state.strings[.filterCleared])
            }
        case .toggleMine:
            if let everyone = showsEveryone { showsEveryone = !everyone } else { state.mineOnly.toggle() }
            list.select(0)
        case .sort:
            sort = sort.next
            list.select(0)
        case .agenda: return .push(AgendaScreen())
        case .dashboard: return .push(DashboardScreen())
        case .refresh: _ = try? state.session.refresh()
        case .mark:
            guard let id = selectedCaseID else { break }
            if marked.remove(id) == nil { marked.insert(id) }
            state.say(state.strings.format(.marked, marked.count))
            list.move(.down)
        default:
            if let transition = action(command, state: state) { return transition }
        }
        return .stay
    }

    /// Takes over what `preview` showed, the first screen drawn from a preview's session while
    /// the whole store opened: its tab, its selected case and where that row sat on the screen.
    /// The case is found by id, since the whole store's rows need not be the preview's; a case
    /// no longer listed leaves the selection at the same row, within the list.
    func carry(from preview: CaseloadScreen, state: AppState) {
        tab = preview.tab
        list.pageSize = preview.list.pageSize
        refreshRows(state)
        let index = preview.selectedCaseID.flatMap { id in state.session.slots[id].flatMap { rows.slots.firstIndex(of: $0) } }
        list.select(index ?? preview.list.selected)
        list.scroll(toTop: list.selected - (preview.list.selected - preview.list.top))
    }

    private func handleSearchKey(_ key: Key, state: AppState) -> Transition {
        switch key {
        case .enter: focus = .list
        case .escape:
            search = LineEditor()
            focus = .list
        case .down, .up, .pageDown, .pageUp:
            list.move(KeyBindings.command(for: key, on: kind) ?? .down)
        default:
            if search.handle(key) { list.select(0) }
        }
        return .stay
    }

    private func handleFilterKey(_ key: Key, state: AppState) -> Transition {
        switch key {
        case .enter:
            do {
                filter = try CaseFilter.parse(filterEditor.text)
                focus = .list
                list.select(0)
            } catch {
                state.say(error.description, style: Style(.error))
            }
        case .escape: focus = .list
        default: filterEditor.handle(key)
        }
        return .stay
    }

    private var filterText: String {
        var tokens: [String] = []
        if let kind = filter.kind { tokens.append("kind:\(kind.rawValue)") }
        if let severity = filter.minimumSeverity { tokens.append("severity:\(severity.identifier)") }
        if let counsellor = filter.counsellor { tokens.append("counsellor:\(counsellor)") }
        if filter.statuses == nil { tokens.append("status:any") } else if let statuses = filter.statuses, statuses.count == 1 {
            tokens.append("status:\(statuses.first!.rawValue)")
        }
        if let school = filter.school { tokens.append("school:\(school)") }
        return tokens.joined(separator: " ")
    }

    // MARK: Drawing

    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position? {
        refreshRows(state)
        drawTabs(into: &surface, row: area.row, state: state)
        let columns = CaseloadColumns(width: area.width, strings: state.strings)
        columns.drawHeader(into: &surface, row: area.row + 1)
        let listTop = area.row + 2
        let listHeight = area.height - 3
        list.pageSize = max(1, listHeight)
        list.keepVisible()
        if rows.isEmpty {
            let text = search.isEmpty && filter.isEmpty ? state.strings[.noCases] : state.strings[.noMatches]
            surface.put("  " + text, at: listTop + 1, col: 0, style: .muted)
        }
        for (offset, index) in list.visibleRange.enumerated() {
            columns.drawRow(rows[index], into: &surface, row: listTop + offset, selected: index == list.selected, state: state)
            if marked.contains(rows.caseID(at: index)) { surface.put("*", at: listTop + offset, col: 1, style: Style(.highlight, .bold)) }
        }
        return drawPromptLine(into: &surface, row: area.row + area.height - 1, state: state)
    }

    private func drawTabs(into surface: inout MemorySurface, row: Int, state: AppState) {
        let s = state.strings
        let names: [TextKey] = [.tabAll, .tabGraduates, .tabDifficulty, .tabUnemployed]
        surface.fillRow(row, style: .tab)
        var col = 1
        for (index, name) in names.enumerated() {
            let label = " \(s[name]) \(tabCounts[index]) "
            col = surface.put(label, at: row, col: col, style: index == tab ? .tabActive : .tab, maxWidth: max(0, surface.width - col))
            col += 1
        }
        let right = "\(mineOnly(state) ? s[.mine] : s[.everyone]) · \(s[.sortedBy]) \(s[sort.label]) "
        if surface.width - col > right.displayWidth {
            surface.put(right, at: row, col: surface.width - right.displayWidth, style: .tab)
        }
    }

    private func drawPromptLine(into surface: inout MemorySurface, row: Int, state: AppState) -> Position? {
        let s = state.strings
        if focus == .search || (focus == .list && !search.isEmpty) {
            let label = "\(s[.searchPrompt]): "
            let col = surface.put(label, at: row, col: 1, style: .label)
            let count = " " + s.format(.matches, rows.count)
            let width = max(1, surface.width - col - count.displayWidth - 1)
            let cursor = search.draw(into: &surface, row: row, col: col, width: width, style: focus == .search ? .inputFocused : .input)
            surface.put(count, at: row, col: col + width, style: .muted)
            return focus == .search ? Position(row: row, col: cursor) : nil
        }
        switch focus {
        case .search:
            return nil
        case .filter:
            let label = "\(s[.filterPrompt]): "
            let col = surface.put(label, at: row, col: 1, style: .label)
            let cursor = filterEditor.draw(into: &surface, row: row, col: col, width: surface.width - col - 1, style: .inputFocused)
            return Position(row: row, col: cursor)
        case .list:
            if !filter.isEmpty {
                surface.put(" \(s[.filterPrompt]): \(filterText)", at: row, col: 0, style: .muted, maxWidth: surface.width)
            }
            return nil
        }
    }
}
