import ArgumentParser

/// `caseload`: with no subcommand, opens the app; every report and action also has a
/// subcommand for scripts.
struct CaseloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseload",
        abstract: "Case management for the counsellors of a public employment service.",
        discussion: """
        Run with no subcommand to open the app. Exit codes: 0 success, 1 the operation failed \
        (I/O error, damaged or busy journal), 2 bad input (nothing was written).
        """,
        subcommands: [
            OpenCommand.self, InitCommand.self, DemoCommand.self,
            OutreachCommand.self,
            AddCommand.self, LogCommand.self, ServiceCommand.self, OutcomeCommand.self, ScheduleCommand.self,
            NoteCommand.self, AssignCommand.self, CloseCommand.self, ReopenCommand.self,
            SnoozeCommand.self, ListCommand.self, ShowCommand.self, OverdueCommand.self, AgendaCommand.self,
            PolicyCommand.self, VerifyCommand.self, SealCommand.self, RepairCommand.self, EraseCommand.self, AuditCommand.self,
            ReportCommand.self,
            ImportCommand.self, SyncCommand.self, HubCommand.self, DuplicatesCommand.self, MergeCommand.self, WatchCommand.self,
        ],
        defaultSubcommand: OpenCommand.self
    )
}
