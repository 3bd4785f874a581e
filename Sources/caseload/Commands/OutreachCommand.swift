import ArgumentParser
import Cases
import Screens

/// `caseload outreach --school 滨州学院 [--session NAME]`: the app opened straight on campus
/// outreach's quick intake. It only appends to this laptop's own journal, so it works offline;
/// `caseload sync` brings the cases to the office later.
struct OutreachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outreach",
        abstract: "Register graduates at a campus session: a minimal form, Enter saves and clears it for the next person.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The school the session is at (prefilled on every entry).") var school: String
    @Option(help: "Names the session, recorded with each case (default: today's date).") var session: String?
    @Option(help: "Language: zh or en (default $CASELOAD_LANG, then the locale).") var lang: String?
    @Option(help: "Theme name or file (default $CASELOAD_THEME, then config.toml, then default).") var theme: String?

    func validate() throws {
        if let lang, Language(rawValue: lang.lowercased()) == nil {
            throw ValidationError(field: "lang", "'\(lang)' is not zh or en")
        }
        guard !school.trimmingWhitespace().isEmpty else { throw ValidationError(field: "school", "is required") }
        if let session, session.trimmingWhitespace().isEmpty { throw ValidationError(field: "session", "is empty") }
    }

    func run() throws {
        let start = StartScreen.outreach(school: school.trimmingWhitespace(), session: session?.trimmingWhitespace())
        try AppLauncher.run(global, demo: false, lang: lang, theme: theme, start: start)
    }
}
