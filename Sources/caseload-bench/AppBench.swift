import Cases
import Journal
import Office
import Rules
import Screens
import Search
import Terminal

/// The rows measured on an open app: the office is opened once as `caseload` opens it
/// (store, rules, session with its flags and search index, the app on a 100×30 fake terminal,
/// first frame), then the rules, search and screens are timed beside it.
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
        self.store = store
        self.rules = rules
        self.session = session
        self.app = app
        self.terminal = terminal
        let memory = Memory.status()
        let breakdown = [("store", storeMs), ("policy", rulesMs), ("session: flags + search index", sessionMs),
                         ("app", appMs), ("first frame", frameMs)]
            .map { "\($0.0) \(Format.milliseconds($0.1))" }.joined(separator: ", ")
        bench.add(Row("open to first frame", Samples(milliseconds: [total]), peak: memory?.peak, note: breakdown))
        bench.add(Row("peak RSS after opening",
                      value: memory.map { "\(Format.bytes($0.peak)) peak, \(Format.bytes($0.resident)) now" } ?? "n/a",
                      peak: memory?.peak, note: "VmHWM / VmRSS from /proc/self/status, store + session + app open"))
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
            let samples = Samples.collect(minimum: bench.options.renders, maximum: bench.options.renders, budgetSeconds: 0) {
                found = index.filter(ids, matching: query).count
            }
            bench.add(Row("search keystroke: \(label)", samples, peak: bench.peak(),
                          note: "SearchIndex.filter over \(Format.count(ids.count)) ids, \"\(query)\" → \(Format.count(found))"))
        }
    }

    // MARK: Screens

    private func measureScreens() {
        let renders = bench.options.renders
        let firstRuns = max(3, min(10, renders / 5))
        let state = AppState(session: session, language: .zh)
        let terminal = terminal

        // The caseload: a fresh App has a fresh CaseloadScreen, whose first frame builds its rows.
        Memory.resetPeak()
        let first = Samples.collect(minimum: firstRuns, maximum: firstRuns, budgetSeconds: 0) {
            app = App(device: terminal, state: state)
            _ = app.renderFrame()
        }
        let rowsNote = "my open cases (\(bench.options.user)), 100×30, Chinese"
        bench.add(Row("render: caseload, first", first, peak: bench.peak(), note: "fresh App: builds and sorts rows; " + rowsNote))
        bench.add(renderRow("render: caseload", note: "rows cached; " + rowsNote))

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
                      note: "caseload search: \"\(character)\" then Backspace, handle + renderFrame (rows rebuilt)"))
        _ = app.handle(.escape)
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
