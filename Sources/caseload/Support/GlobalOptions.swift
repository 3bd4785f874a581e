import ArgumentParser
import Cases
import Foundation
import Journal

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("Data directory (default $CASELOAD_DATA, then $XDG_DATA_HOME/caseload).", valueName: "dir"))
    var dataDirectory: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this counsellor (default $CASELOAD_USER, then $USER).", valueName: "counsellor"))
    var actor: String?

    @Option(help: ArgumentHelp("Act as on this date (YYYY-MM-DD): events count for it, rules evaluate on it.", valueName: "date"))
    var today: String?

    @Option(help: ArgumentHelp("This desk's writer id, overriding config.toml ($CASELOAD_WRITER).", valueName: "id"))
    var writer: String?
}

/// What a command runs with: the resolved directory, user, date and clock.
struct CommandContext {
    let directory: DataDirectory
    let actor: String
    let today: LocalDate
    let clock: any WallClock
    let writerOverride: String?
    let environment: [String: String]

    init(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
         defaultActor: String? = nil) throws(ValidationError) {
        self.environment = environment
        directory = DataDirectory.resolve(flag: options.dataDirectory, environment: environment)
        let clock = SystemClock()
        self.clock = clock
        if let text = options.today {
            guard let date = LocalDate(iso: text) else { throw ValidationError(field: "today", "'\(text)' is not a date (YYYY-MM-DD)") }
            today = date
        } else {
            today = clock.now().localDate
        }
        let candidates = [options.actor, environment["CASELOAD_USER"], defaultActor, environment["USER"]]
        let chosen = candidates.compactMap { $0?.trimmingWhitespace() }.first { !$0.isEmpty } ?? "counsellor"
        try ActionInput.counsellorID(chosen, field: "as")
        actor = chosen
        writerOverride = options.writer ?? environment["CASELOAD_WRITER"].flatMap { $0.isEmpty ? nil : $0 }
        if let writerOverride {
            do { try DataDirectory.validateWriterID(writerOverride) } catch { throw ValidationError(field: "writer", error.description) }
        }
    }

    /// Commands read a valid snapshot but never write one (they are short-lived); the app
    /// also writes them, in the background (`snapshots: .readAndWrite`).
    /// The office's store, kept until the process ends (`KeptUntilExit`): a command at 1M events
    /// would otherwise spend a quarter of a second freeing it after its output.
    func openStore(forWriting: Bool, snapshots: CaseStore.SnapshotUse = .read) throws(JournalError) -> CaseStore {
        let store = try makeStore(forWriting: forWriting, snapshots: snapshots)
        KeptUntilExit.keep(store)
        return store
    }

    /// The office's store, not kept: for a store opened off the main thread (the app's whole
    /// store behind its first screen), which its caller keeps on the main thread.
    func makeStore(forWriting: Bool, snapshots: CaseStore.SnapshotUse = .read) throws(JournalError) -> CaseStore {
        try CaseStore(directory: directory, writerID: writerOverride, forWriting: forWriting, clock: clock, snapshots: snapshots)
    }
}
