import ArgumentParser
import Cases
import Journal
import Office
import Reports

/// The period and scope options `report` and `report cases` share.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day counted (YYYY-MM-DD, with --to). Default: January 1 of --today's year.", valueName: "date"))
    var from: String?
    @Option(help: ArgumentHelp("Last day counted, inclusive (with --from). Default: --today.", valueName: "date"))
    var to: String?
    @Option(help: "Only the cases of this team's members (a [teams.<name>] table in targets.toml).") var team: String?
    @Option(help: "Only this counsellor's cases.") var counsellor: String?
}

/// Everything a report command needs: the store, the engine over the period, the scope and
/// the targets. A broken `targets.toml` stops the command with its file, line and key.
struct ReportSetup {
    let context: CommandContext
    let store: CaseStore
    let engine: ReportEngine
    let scope: ReportScope
    let targets: Targets
    /// Why targets are not shown ("no targets.toml"), when they are not.
    let targetsNote: String?

    private static func openStore(_ context: CommandContext, forWriting: Bool, bestEffort: Bool) throws -> CaseStore {
        do {
            return try context.openStore(forWriting: forWriting)
        } catch {
            guard forWriting, bestEffort, case .inUse = error else { throw error }
            // The desk's own app holds the journal: the report still runs, and says it went unrecorded.
            Output.warn("report run not recorded in the audit trail: \(error.description)")
            return try context.openStore(forWriting: false)
        }
    }

    /// `bestEffort`: open read-only when this desk's journal is in use (a report run is recorded
    /// when it can be; an unmasked list must be recorded before it is shown, so it is not best-effort).
    init(global: GlobalOptions, options: ReportOptions, forWriting: Bool, bestEffort: Bool = false) throws {
        let context = try CommandContext(global)
        let period = try Self.period(options, today: context.today)
        if options.team != nil && options.counsellor != nil {
            throw ValidationError(field: "team", "cannot be combined with --counsellor")
        }
        let rules = try OfficeRules(directory: context.directory)
        let targets = try Self.loadTargets(context.directory)
        let scope: ReportScope
        if let name = options.team {
            guard let team = targets.team(named: name) else {
                let known = targets.teams.map(\.name)
                let hint = known.isEmpty ? "targets.toml defines no [teams.<name>]" : "teams: \(known.joined(separator: ", "))"
                throw ValidationError(field: "team", "no team '\(name)' in \(Targets.fileName) (\(hint))")
            }
            scope = .team(name: team.name, members: team.members)
        } else if let counsellor = options.counsellor?.trimmingWhitespace() {
            guard !counsellor.isEmpty else { throw ValidationError(field: "counsellor", "is required") }
            scope = .counsellor(counsellor)
        } else {
            scope = .office
        }
        self.context = context
        self.store = try Self.openStore(context, forWriting: forWriting, bestEffort: bestEffort)
        self.engine = ReportEngine(caseload: store.caseload, policy: rules.policy, calendar: rules.calendar, period: period, today: context.today)
        self.scope = scope
        self.targets = targets
        if targets.file == nil {
            targetsNote = "no \(Targets.fileName)"
        } else if !targets.apply(to: period) {
            targetsNote = "\(Targets.fileName) is for \(targets.year.map(String.init) ?? "another year")"
        } else {
            targetsNote = nil
        }
    }

    var officeName: String { store.config.office }

    func report() -> Report { engine.report(scope: scope, targets: targets) }

    /// The path of the office's targets file.
    static func targetsPath(_ directory: DataDirectory) -> String { directory.root + "/" + Targets.fileName }

    static func loadTargets(_ directory: DataDirectory) throws -> Targets {
        let path = targetsPath(directory)
        guard let text = try directory.readText(path) else { return .none }
        do {
            return try Targets.parse(text: text, file: path)
        } catch {
            throw ValidationError(field: "targets", error.description)
        }
    }

    static func period(_ options: ReportOptions, today: LocalDate) throws(ValidationError) -> ReportPeriod {
        switch (options.from, options.to) {
        case (nil, nil):
            return .yearToDate(today)
        case (let from?, let to?):
            let start = try DateInput.parse(from, today: today, field: "from")
            let end = try DateInput.parse(to, today: today, field: "to")
            guard let period = ReportPeriod(from: start, to: end) else {
                throw ValidationError(field: "to", "\(end.iso) is before --from \(start.iso)")
            }
            return period
        case (nil, _?): throw ValidationError(field: "to", "needs --from as well")
        case (_?, nil): throw ValidationError(field: "from", "needs --to as well")
        }
    }

    /// `office`, `team east (wangfang, liuyang)`, `counsellor wangfang`.
    static func scopeText(_ scope: ReportScope) -> String {
        switch scope {
        case .office: "office 全部"
        case .team(let name, let members): "team 小组 \(name) (\(members.joined(separator: ", ")))"
        case .counsellor(let id): "counsellor 专员 \(id)"
        }
    }
}

/// Names as a report that may be passed on shows them: `张*`, `欧阳*娜`, `W******i`.
enum NameMask {
    static func mask(_ name: String) -> String {
        let characters = Array(name)
        switch characters.count {
        case 0, 1: return name
        case 2: return String(characters[0]) + "*"
        default: return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }
}
