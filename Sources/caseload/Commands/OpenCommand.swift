import ArgumentParser
import Cases
import Demo
import Foundation
import Hub
import Journal
import Office
import Screens
import Terminal

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open the app (the default).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Open on the demo caseload (created on first use in its own directory, kept afterwards).") var demo = false
    @Option(help: "Language: zh or en (default $CASELOAD_LANG, then the locale).") var lang: String?
    @Option(help: "Theme name or file (default $CASELOAD_THEME, then config.toml, then default).") var theme: String?
    @OptionGroup var hubOptions: HubOptions

    func validate() throws {
        if let lang, Language(rawValue: lang.lowercased()) == nil {
            throw ValidationError(field: "lang", "'\(lang)' is not zh or en")
        }
    }

    func run() throws {
        try AppLauncher.run(global, demo: demo, lang: lang, theme: theme, start: .caseload, hub: hubOptions.url)
    }
}

/// What `caseload` (open) and `caseload outreach` share: resolve the office, create the demo on
/// first use, open the store (read-only when another process holds the journal), load the
/// theme and the language, and run the app on the terminal from `start`.
enum AppLauncher {
    static func run(_ global: GlobalOptions, demo: Bool, lang: String?, theme: String?, start: StartScreen, hub: String? = nil) throws {
        let environment = ProcessInfo.processInfo.environment
        var options = global
        if demo && options.dataDirectory == nil { options.dataDirectory = DemoDirectory.path(environment: environment) }
        let context = try CommandContext(options, environment: environment, defaultActor: demo ? DemoGenerator.firstCounsellor : nil)
        if demo && !context.directory.exists {
            let caseload = DemoGenerator.generate(DemoOptions(cases: 2000, seed: 2024, today: context.today))
            try DemoWriter.write(caseload, to: context.directory, now: context.clock.now())
        }
        let rules = try OfficeRules(directory: context.directory)
        let access = try Access.load(context)
        // A large office takes the terminal before the caseload is read, to show that it is
        // opening instead of a frozen prompt (config.toml, a few hundred bytes, is read twice for
        // its name). Otherwise the terminal is taken last, after any error in the data.
        let config = try? OfficeConfig.load(context.directory)
        let themeName = theme ?? environment["CASELOAD_THEME"] ?? config?.theme ?? "default"
        let (loadedTheme, themeNotice) = ThemeLoader.load(name: themeName, searchPaths: ThemePaths.search(directory: context.directory,
                                                                                                       environment: environment))
        let language = Language.resolve(flag: lang, environment: environment)
        var early: NCursesTerminal?
        defer { early?.shutdown() }
        let bytes = context.directory.bytesAnOpenReads
        let worthShowing = environment["CASELOAD_OPENING_FRAME_BYTES"].flatMap(Int.init) ?? OpeningFrame.worthShowingBytes
        // With --today the day stays put; otherwise it follows the clock past midnight.
        let days: any DaySource = global.today == nil ? ClockDays(context.clock) : FixedDay(context.today)
        // What the app proper runs on: the whole store, its session and the app's state. None
        // of it touches the terminal, so on a large office it is made on another thread.
        let openWhole: @Sendable () throws -> OpenedOffice = {
            var notices: [String] = []
            let store = try openStoreOrReadOnly(context, notices: &notices)
            notices += store.notices
            if let themeNotice { notices.insert(themeNotice, at: 0) }
            let session = OfficeSession(store: store, rules: rules, user: context.actor, days: days)
            return OpenedOffice(store: store, state: AppState(session: session, language: language, notices: notices, access: access))
        }
        var preview: PreviewRun?
        var opening: BackgroundWork<OpenedOffice>?
        if bytes >= worthShowing, let office = config?.office {
            let terminal = try NCursesTerminal(options: .init(), environment: environment)
            early = terminal
            terminal.apply(loadedTheme)
            terminal.present(OpeningFrame.render(size: terminal.size, language: language, office: office, bytes: bytes))
            // The user's own cases, read from the snapshot alone, are their first screen while the
            // whole store opens on another thread: it moves about its list at once and keeps every
            // other key for the app proper (PreviewRun).
            if case .caseload = start,
               let state = previewState(context, rules: rules, days: days, language: language, notice: themeNotice, access: access) {
                if let run = PreviewRun(device: terminal, state: state) {
                    // Tests hold the whole open back until a file of theirs appears (two minutes
                    // at most), to press keys on the first screen for sure, on any machine.
                    let gate = environment["CASELOAD_WHOLE_OPEN_GATE"].flatMap { $0.isEmpty ? nil : $0 }
                    let work = BackgroundWork(name: "caseload-open") {
                        if let gate { waitForFile(gate, seconds: 120) }
                        return try openWhole()
                    }
                    run.run(until: { work.isFinished })
                    preview = run
                    opening = work
                } else {
                    KeptUntilExit.releaseAside(consume state)
                }
            }
        }
        let opened: OpenedOffice
        do {
            opened = try opening?.value() ?? openWhole()
        } catch {
            if let run = preview.take() { KeptUntilExit.releaseAside(consume run) }
            throw error
        }
        // Kept here, on the main thread, which alone touches KeptUntilExit.
        KeptUntilExit.keep(opened.store)
        let store = opened.store
        // The hub, when one is set, replicates in the background while the app runs.
        let live = try HubSetup.address(flag: hub, context: context, config: store.config).map { address in
            HubLiveSync(address: address, environment: environment, directory: context.directory,
                        localWriter: store.writerID, clock: context.clock)
        }
        live?.start()
        // On the way out, an online hub gets one last round (a second or two at most), so a save
        // made just before quitting reaches colleagues now.
        defer { live?.stop(finishingWithin: 2) }
        let terminal = try early ?? NCursesTerminal(options: .init(), environment: environment)
        defer { terminal.shutdown() }
        terminal.apply(loadedTheme)
        let state = opened.state
        state.background = live.map(HubStatusLine.init)
        let app = App(device: terminal, state: state, start: start)
        // The first screen's tab, selection and kept keys go to the app; a kept quit ends here.
        var running = true
        if let run = preview.take() {
            running = run.handOver(to: app)
            KeptUntilExit.releaseAside(consume run)
        }
        if running { app.run() }
        // The app holds the state, the session and the store: none of it is freed on the way out.
        KeptUntilExit.keep(app)
    }
}

/// Returns once `path` exists, or after `seconds`.
private func waitForFile(_ path: String, seconds: Double) {
    let deadline = Date().addingTimeInterval(seconds)
    while !FileManager.default.fileExists(atPath: path) && Date() < deadline { usleep(10_000) }
}

/// The whole office as the app proper runs on it.
private struct OpenedOffice {
    let store: CaseStore
    let state: AppState
}

/// The first screen's state from `CaseStore.preview`, or nil when there is none. It shows this
/// desk as writable: if another process holds the journal, the app that follows says it opened
/// read-only (its status line and a notice), as it always has.
private func previewState(_ context: CommandContext, rules: OfficeRules, days: any DaySource, language: Language,
                          notice: String?, access: Access?) -> AppState? {
    guard let preview = CaseStore.preview(directory: context.directory, counsellor: context.actor,
                                          writerID: context.writerOverride, clock: context.clock) else { return nil }
    let session = OfficeSession(store: preview, rules: rules, user: context.actor, days: days)
    return AppState(session: session, language: language, notices: notice.map { [$0] } ?? [], access: access)
}

/// The hub sync's word for the status line.
final class HubStatusLine: StatusLineProvider {
    let live: HubLiveSync
    init(_ live: HubLiveSync) { self.live = live }
    func statusText(chinese: Bool) -> String? { live.status.text(chinese: chinese) }
}

/// Opens this desk's journal for writing; when another process holds it, opens read-only
/// and says so rather than refusing to start. Safe off the main thread: the caller keeps the
/// store (`KeptUntilExit` is the main thread's).
///
/// The app keeps the snapshot cache fresh: it writes a new one in the background once this
/// many events are not in the one it opened from (or at open, when the tail is that long).
private func openStoreOrReadOnly(_ context: CommandContext, notices: inout [String]) throws(JournalError) -> CaseStore {
    let snapshots = CaseStore.SnapshotUse.readAndWrite(every: 5_000)
    do {
        return try context.makeStore(forWriting: true, snapshots: snapshots)
    } catch {
        guard case .inUse = error else { throw error }
        notices.append("\(error.description); opened read-only")
        return try context.makeStore(forWriting: false, snapshots: snapshots)
    }
}

/// Where the demo caseload lives, apart from real data.
enum DemoDirectory {
    static func path(environment: [String: String]) -> String {
        if let explicit = environment["CASELOAD_DEMO_DATA"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/caseload-demo" }
        return (environment["HOME"] ?? ".") + "/.local/share/caseload-demo"
    }
}

/// Theme folders, first match wins: `$CASELOAD_THEMES`, the data directory's `themes/`,
/// `./themes`, and the repository's `themes/` beside the built binary (`swift run`).
enum ThemePaths {
    static func search(directory: DataDirectory, environment: [String: String]) -> [String] {
        var paths: [String] = []
        if let explicit = environment["CASELOAD_THEMES"], !explicit.isEmpty { paths.append(explicit) }
        paths.append(directory.root + "/themes")
        paths.append(FileManager.default.currentDirectoryPath + "/themes")
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var folder = executable.deletingLastPathComponent()
            for _ in 0..<4 {
                paths.append(folder.appendingPathComponent("themes").path)
                folder = folder.deletingLastPathComponent()
            }
        }
        paths.append("/usr/share/caseload/themes")
        return paths
    }
}
