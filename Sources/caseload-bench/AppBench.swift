import Cases
import Journal
import Office
import Rules
import Screens
import Search
import Terminal

/// The rows measured on an open app: the office is opened once as `caseload` opens it
/// (store, rules, session with its summaries and flags, the app on a 100×30 fake terminal,
/// first frame, then the search index started in the background), then the rules, search and
/// screens are timed beside it.
final class AppBench {
    private let bench: Bench
    private let store: CaseStore
    private let rules: OfficeRules
    private let session: OfficeSession
    private let terminal: FakeTerminal
    private var app: App
    /// A case of the user's, for the searches and the appends.
    let sampleCaseID: String
    private let sample: CaseRecord

    /// Opens the office and records the open-to-first-frame row and the peak after opening.
    init(bench: Bench) throws {
        self.bench = bench
        let options = bench.options
        let directory = bench.directory
        Memory.resetPeak()
        let start = Monotonic.nanoseconds()
        let (store, storeMs) = try Monotonic.time { try CaseStore(directory: directory, forWriting: false, clock: SystemClock()) }
        let (rules, rulesMs) = try Monotonic.time { try OfficeRules(directory: directory) }
        let (session, sessionMs) = Monotonic.time { OfficeSession(store: store, rules: rules, user: options.user, today: options.today) }
        let terminal = FakeTerminal(width: 100, height: 30)
        let (app, appMs) = Monotonic.time { App(device: terminal, state: AppState(session: session, language: .zh)) }
        let frameMs = Monotonic.time { app.renderFrame() }.milliseconds
        let total = Double(Monotonic.nanoseconds() - start) / 1_000_000
        // As the app does once its first screen is shown; the peak below includes the index.
        session.startSearchIndex()
        session.adoptSearch(waiting: true)
        self.store = store
        self.rules = rules
        self.session = session
        self.app = app
        self.terminal = terminal
        let memory = Memory.status()
        let breakdown = [("store", storeMs), ("policy", rulesMs), ("session: summaries + flags (the search index starts after the first frame)", sessionMs),
                         ("app", appMs), ("first frame", frameMs)]
            .map { "\($0.0) \(Format.milliseconds($0.1))" }.joined(separator: ", ")
        bench.add(Row("open to first frame", Samples(milliseconds: [total]), peak: memory?.peak, note: breakdown))
        bench.add(Row("peak RSS after opening",
                      value: memory.map { "\(Format.bytes($0.peak)) peak, \(Format.bytes($0.resident)) now" } ?? "n/a",
                      peak: memory?.peak, note: "VmHWM / VmRSS from /proc/self/status, store + session + app open + search index"))
        let mine = store.caseload.allCases.filter { $0.counsellor == options.user && $0.status != .closed }
        guard let sample = mine.first(where: { $0.name.unicodeScalars.first.map { $0.value >= 0x4E00 } ?? false }) ?? mine.first
            ?? store.caseload.allCases.first else {
            throw Baselines.ReadError(description: "the generated caseload has no cases")
        }
        self.sample = sample
        sampleCaseID = sample.id
    }

    func run() throws {
        measureRules()
        measureSearch()
        measureScreens()
    }

    // MARK: Rules and search

    private func measureRules() {
        let caseload = store.caseload
        let today = bench.options.today
        var flags = 0
        Memory.resetPeak()
        let samples = Samples.collect(minimum: 5, maximum: 20, budgetSeconds: 20) {
            flags = rules.flags(caseload, today: today).count
        }
        bench.add(Row("rules: all flags", samples, peak: bench.peak(),
                      note: "RuleEngine over \(Format.count(caseload.cases.count)) cases → \(Format.count(flags)) flags"))
    }

    private func measureSearch() {
        let caseload = store.caseload
        Memory.resetPeak()
        let build = Samples.collect(minimum: 3, maximum: 10, budgetSeconds: 20) { _ = SearchIndex(caseload) }
        bench.add(Row("search: index build", build, peak: bench.peak(), note: "SearchIndex(caseload), once per open"))

        let index = session.search
        let ids = caseload.allCases.map(\.id)
        let name = sample.name
        let initials = String(decoding: Pinyin.syllables(of: name).compactMap { $0.utf8.first }, as: UTF8.self)
        let digits = String(sample.residentID.value.suffix(4))
        for (label, query) in [("name", name), ("pinyin initials", initials), ("ID digits", digits)] {
            var found = 0
            Memory.resetPeak()
            // What a keystroke in the app runs: one pass over every case in the index.
            let samples = Samples.collect(minimum: bench.options.renders, maximum: bench.options.renders, budgetSeconds: 0) {
                found = index.matchingIDs(SearchQuery(query)).count
            }
            bench.add(Row("search keystroke: \(label)", samples, peak: bench.peak(),
                          note: "SearchIndex.matchingIDs over all \(Format.count(index.count)) cases, \"\(query)\" → \(Format.count(found))"))
            Memory.resetPeak()
            let listed = Samples.collect(minimum: bench.options.renders, maximum: bench.options.renders, budgetSeconds: 0) {
                found = index.filter(ids, matching: query).count
            }
            bench.add(Row("search filter of a list: \(label)", listed, peak: bench.peak(),
                          note: "SearchIndex.filter of \(Format.count(ids.count)) ids in a given order (a lookup per id); not what the app's keystroke runs"))
        }
    }

    // MARK: Screens

    private func measureScreens() {
        let renders = bench.options.renders
        let firstRuns = max(3, min(10, renders / 5))
        Memory.resetPeak()
        let (state, stateMs) = Monotonic.time { AppState(session: session, language: .zh) }
        bench.add(Row("app state: the list's row keys", Samples(milliseconds: [stateMs]), peak: bench.peak(),
                      note: "AppState(session:): every case's row keys, once per open (part of opening, in the first-screen rows)"))
        let terminal = terminal

        // The caseload: the first frame of a fresh App on that state lists and draws my cases.
        Memory.resetPeak()
        let rowsNote = "my open cases (\(bench.options.user)), 100×30, Chinese"
        // The app draws its opening frame on an office this size before anything else, so the
        // first caseload frame never pays for the process's first drawing (lazy tables).
        _ = OpeningFrame.render(size: terminal.size, language: .zh, office: "滨城区就业服务中心", bytes: 1 << 30)
        // The app opened above is let go after the clock stops: the app never frees a state on
        // its way to a first frame (the preview's is released on another thread).
        let openedApp = app
        let appInitMs = Monotonic.time { app = App(device: terminal, state: state) }.milliseconds
        let coldFrameMs = Monotonic.time { _ = app.renderFrame() }.milliseconds
        let coldFirst = appInitMs + coldFrameMs
        withExtendedLifetime(openedApp) {}
        bench.add(Row("render: caseload, first of a session", Samples(milliseconds: [coldFirst]), peak: bench.peak(),
                      note: "the first App on a fresh AppState, after the opening frame as in the app: my cases sorted by urgency (the whole order waits for idle ticks), listed, drawn; App \(Format.milliseconds(appInitMs)) + frame \(Format.milliseconds(coldFrameMs))"))
        let first = Samples.collect(minimum: firstRuns, maximum: firstRuns, budgetSeconds: 0) {
            app = App(device: terminal, state: state)
            _ = app.renderFrame()
        }
        bench.add(Row("render: caseload, first", first, peak: bench.peak(), note: "fresh App on the open session; " + rowsNote))
        bench.add(renderRow("render: caseload", note: "rows cached; " + rowsNote))
        try? measureFirstFrames(firstRuns: firstRuns)

        // Everyone's caseload (F5), the supervisor's view: each toggle rebuilds the rows.
        Memory.resetPeak()
        var everyone = Samples()
        for _ in 0..<firstRuns {
            _ = app.handle(.function(5))
            everyone.milliseconds.append(Monotonic.time { _ = app.renderFrame() }.milliseconds)
            _ = app.handle(.function(5))
            _ = app.renderFrame()
        }
        bench.add(Row("render: caseload everyone (F5), first", everyone, peak: bench.peak(),
                      note: "rows rebuilt for all \(Format.count(store.caseload.cases.count)) cases"))

        // The case screen: Enter on the selected row, first frame, then steady frames.
        Memory.resetPeak()
        var caseFirst = Samples()
        for _ in 0..<firstRuns {
            _ = app.handle(.escape)
            _ = app.renderFrame()
            _ = app.handle(.enter)
            caseFirst.milliseconds.append(Monotonic.time { _ = app.renderFrame() }.milliseconds)
        }
        bench.add(Row("render: case screen, first", caseFirst, peak: bench.peak(), note: "Enter on the first row, first frame"))
        bench.add(renderRow("render: case screen", note: "the same case, frame after frame"))

        // A keystroke in the app's live search: the key, then the frame it causes.
        _ = app.handle(.escape)
        _ = app.handle(.char("/"))
        _ = app.renderFrame()
        let character = sample.name.first ?? "张"
        Memory.resetPeak()
        var typing = Samples()
        for index in 0..<renders {
            let key: Key = index % 2 == 0 ? .char(character) : .backspace
            typing.milliseconds.append(Monotonic.time {
                _ = app.handle(key)
                _ = app.renderFrame()
            }.milliseconds)
        }
        bench.add(Row("search keystroke: in the app", typing, peak: bench.peak(),
                      note: "caseload search: \"\(character)\" then Backspace, handle + renderFrame (results kept per query text until the next change)"))
        _ = app.handle(.escape)
    }

    /// First frames after what a user does on the caseload: a colleague's save arriving, a
    /// tab switch, each sort order (F6), a filter. Each is the frame right after the change.
    private func measureFirstFrames(firstRuns: Int) throws {
        func firstFrames(_ name: String, note: String, before: () throws -> Void) rethrows {
            Memory.resetPeak()
            var samples = Samples()
            for _ in 0..<firstRuns {
                try before()
                samples.milliseconds.append(Monotonic.time { _ = app.renderFrame() }.milliseconds)
            }
            bench.add(Row(name, samples, peak: bench.peak(), note: note))
        }
        // A colleague's contact on one of my cases: written by another writer, picked up by refresh.
        let clock = SystemClock()
        let writer = try JournalWriter(directory: bench.directory, writer: "bench-colleague", now: clock.now())
        defer { writer.close() }
        var random = SeededGenerator(seed: bench.options.seed &+ 7)
        var refresh = Samples()
        try firstFrames("render: caseload, first after a save", note: "a colleague's contact on one of my cases, refreshed; then this frame") {
            let event = Event(id: Identifiers.eventID(using: &random), recorded: clock.now(), effective: bench.options.today,
                              actor: bench.options.user, caseID: sample.id,
                              body: .contactLogged(ContactLogged(channel: .phone, note: "基准测试：同事电话回访")))
            try writer.append(event)
            refresh.milliseconds.append(try Monotonic.time { _ = try session.refresh() }.milliseconds)
        }
        bench.add(Row("session refresh after a save", refresh, peak: bench.peak(),
                      note: "read the new line, re-index and re-flag only the touched case (+ household, same person)"))
        firstFrames("render: caseload, first after tab switch", note: "Tab: the next kind's tab, my cases") { _ = app.handle(.tab) }
        _ = app.handle(.function(5))
        _ = app.renderFrame()
        firstFrames("render: everyone's, first after tab switch", note: "Tab on everyone's \(Format.count(store.caseload.cases.count)) cases") {
            _ = app.handle(.tab)
        }
        for _ in 0..<((4 - (2 * firstRuns) % 4) % 4) { _ = app.handle(.tab) }  // back to All
        // The app sorts the other orders on its idle ticks (250 ms without a key) after opening.
        var idle = Samples()
        for _ in 0..<4 { idle.milliseconds.append(Monotonic.time { _ = app.idle() }.milliseconds) }
        bench.add(Row("idle tick: sort one more order", idle, peak: bench.peak(),
                      note: "App.idle(): the 4 sort orders besides urgency, one per idle tick, once per session"))
        firstFrames("render: everyone's, first after sort change", note: "F6: the next sort order (sorted on idle ticks, patched after saves)") {
            _ = app.handle(.function(6))
        }
        for _ in 0..<((5 - firstRuns % 5) % 5) { _ = app.handle(.function(6)) }  // back to urgency
        var filtered = false
        firstFrames("render: everyone's, first after filter change", note: "f severity:overdue ⏎, then f (cleared) ⏎, alternately") {
            _ = app.handle(.char("f"))
            _ = app.handle(.ctrl("u"))
            if !filtered { for key in Key.typing("severity:overdue") { _ = app.handle(key) } }
            _ = app.handle(.enter)
            filtered.toggle()
        }
        if filtered {
            _ = app.handle(.char("f"))
            _ = app.handle(.ctrl("u"))
            _ = app.handle(.enter)
        }
        _ = app.handle(.function(5))
        _ = app.renderFrame()
    }

    /// `renders` frames of whatever screen is on top, with nothing changed between them.
    private func renderRow(_ name: String, note: String) -> Row {
        Memory.resetPeak()
        let samples = Samples.collect(minimum: bench.options.renders, maximum: bench.options.renders, budgetSeconds: 0) {
            _ = app.renderFrame()
        }
        return Row(name, samples, peak: bench.peak(), note: note)
    }
}
