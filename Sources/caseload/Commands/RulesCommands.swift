import ArgumentParser
import Cases
import Journal
import Office
import Rules
import TextCells

struct OverdueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overdue", abstract: "The follow-up queue: flags that are due soon, overdue or escalated, most urgent first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this counsellor's cases (default: yours).") var counsellor: String?
    @ArgumentParser.Flag(help: "Everyone's cases.") var all = false
    @Option(help: ArgumentHelp("Only this kind: \(CaseKind.helpList).")) var kind: String?
    @Option(help: "Only this severity or worse: due, overdue or escalated.") var severity: String?
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    func validate() throws {
        if all && counsellor != nil { throw ValidationError(field: "all", "cannot be combined with --counsellor") }
    }

    func run() throws {
        let context = try CommandContext(global)
        let kindFilter = try kind.map { (k: String) throws(ValidationError) in try CaseKind.parse(k) }
        let minimum = try severity.map { (s: String) throws(ValidationError) in try Severity.parse(s) }
        let setup = try OfficeRules(directory: context.directory)
        let store = try context.openStore(forWriting: false)
        let owner = all ? nil : (counsellor ?? context.actor)
        let flags = setup.flags(store.caseload, today: context.today).filter { flag in
            guard let record = store.caseload[flag.caseID] else { return false }
            return (owner == nil || record.counsellor == owner) && (kindFilter == nil || record.kind == kindFilter)
                && (minimum == nil || flag.severity >= minimum!)
        }.sorted(by: Rules.Flag.urgentFirst)
        FlagOutput.print(flags, caseload: store.caseload, format: format, emptyHint: owner.map { "nothing due for \($0); try --all" })
    }
}

struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda", abstract: "What is overdue now and what falls due in the next days, by day.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "How many days ahead.") var days: Int = 7
    @Option(help: "Only this counsellor's cases (default: yours).") var counsellor: String?
    @ArgumentParser.Flag(help: "Everyone's cases.") var all = false
    @Option(help: "table, json or csv.") var format: OutputFormat = .table

    func validate() throws {
        guard (0...366).contains(days) else { throw ValidationError(field: "days", "must be between 0 and 366") }
        if all && counsellor != nil { throw ValidationError(field: "all", "cannot be combined with --counsellor") }
    }

    func run() throws {
        let context = try CommandContext(global)
        let setup = try OfficeRules(directory: context.directory)
        let store = try context.openStore(forWriting: false)
        let owner = all ? nil : (counsellor ?? context.actor)
        let horizon = context.today.adding(days: days)
        let flags = setup.flags(store.caseload, today: context.today).filter { flag in
            guard let record = store.caseload[flag.caseID] else { return false }
            return (owner == nil || record.counsellor == owner) && flag.dueDate <= horizon
        }.sorted { ($0.dueDate, $1.severity, $0.caseID) < ($1.dueDate, $0.severity, $1.caseID) }
        if format != .table {
            FlagOutput.print(flags, caseload: store.caseload, format: format, emptyHint: nil)
            return
        }
        let overdue = flags.filter { $0.daysOverdue > 0 }
        print("Overdue (\(overdue.count))")
        FlagOutput.printTable(overdue, caseload: store.caseload)
        for offset in 0...days {
            let day = context.today.adding(days: offset)
            let due = flags.filter { $0.daysOverdue == 0 && $0.dueDate == day }
            guard !due.isEmpty || offset == 0 else { continue }
            print("\n\(day.iso) \(weekdayName(day))\(offset == 0 ? " (today)" : "") — \(due.count)")
            FlagOutput.printTable(due, caseload: store.caseload)
        }
    }

    private func weekdayName(_ day: LocalDate) -> String {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.weekday - 1]
    }
}

enum FlagOutput {
    static func print(_ flags: [Rules.Flag], caseload: Caseload, format: OutputFormat, emptyHint: String?) {
        switch format {
        case .json:
            Swift.print(JSONWriter.string(.array(flags.map { .object(FlagRendering.object($0, record: caseload[$0.caseID])) }), pretty: true))
        case .csv:
            Swift.print(CSV.line(FlagRendering.csvHeader))
            for flag in flags {
                let o = FlagRendering.object(flag, record: caseload[flag.caseID])
                Swift.print(CSV.line(FlagRendering.csvHeader.map { key in
                    if case .int(let n) = o[key] ?? .null { return String(n) }
                    return o[key]?.stringValue ?? ""
                }))
            }
        case .table:
            if flags.isEmpty, let emptyHint { Output.warn(emptyHint); return }
            printTable(flags, caseload: caseload)
            Swift.print("\(flags.count) flags: \(flags.filter { $0.severity == .escalated }.count) escalated, "
                        + "\(flags.filter { $0.severity == .overdue }.count) overdue, \(flags.filter { $0.severity == .dueSoon }.count) due soon")
        }
    }

    static func printTable(_ flags: [Rules.Flag], caseload: Caseload) {
        guard !flags.isEmpty else { return }
        var table = TextTable(headers: ["", "Case", "Name", "Counsellor", "Rule", "Due", "Late", "Reason"],
                              alignments: [.left, .left, .left, .left, .left, .left, .right, .left])
        for flag in flags {
            let record = caseload[flag.caseID]
            table.append([flag.severity.glyph, flag.caseID, record?.name ?? "", record?.counsellor ?? "", flag.rule.rawValue,
                          flag.dueDate.iso, flag.daysOverdue > 0 ? "\(flag.daysOverdue)d" : "", flag.reason])
        }
        Swift.print(table.render())
    }
}

struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snooze", abstract: "Snooze a flag until a date, with a reason (journaled).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: ArgumentHelp("Rule id: \(RuleID.allCases.map(\.rawValue).joined(separator: ", ")).")) var rule: String
    @Option(parsing: .unconditional, help: "Until this date (YYYY-MM-DD, +7…).") var until: String
    @Option(help: "Why.") var reason: String

    func run() throws {
        let context = try CommandContext(global)
        guard let ruleID = RuleID(rawValue: rule.trimmingWhitespace().lowercased()) else {
            throw ValidationError(field: "rule", "'\(rule)' is not one of \(RuleID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let untilDate = try DateInput.parse(until, today: context.today, field: "until")
        guard untilDate > context.today else { throw ValidationError(field: "until", "\(untilDate.iso) is not after today") }
        let why = reason.trimmingWhitespace()
        guard !why.isEmpty else { throw ValidationError(field: "reason", "is required") }
        let store = try context.openStore(forWriting: true)
        let record = try store.caseload.resolve(caseReference)
        guard record.status != .closed else { throw ValidationError(field: "case", "\(record.id) is closed; reopen it first") }
        try store.append(store.makeEvent(caseID: record.id, actor: context.actor, effective: context.today,
                                         body: .flagSnoozed(rule: ruleID.rawValue, until: untilDate, reason: why)))
        print("snoozed \(ruleID.rawValue) for \(record.id) \(record.name) until \(untilDate.iso)")
    }
}

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Show or check the follow-up policy.", subcommands: [Show.self, Check.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the policy in force: the default with this office's changes.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let context = try CommandContext(global)
            print(try OfficeRules(directory: context.directory).policy.render())
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a policy file.")
        @Argument(help: "The policy file.") var file: String
        func run() throws {
            let text: String
            do {
                guard let read = try DataDirectory(".").readText(file) else { throw ValidationError(field: "file", "\(file) does not exist") }
                text = read
            } catch let error as JournalError {
                throw ValidationError(field: "file", error.description)
            }
            do {
                let policy = try Policy.parse(text: text, file: file)
                let changes = policy.differencesFromDefault()
                print("\(file): ok" + (changes.isEmpty ? " (same as the default)" : "; changes from the default:"))
                for change in changes { print("  \(change)") }
            } catch {
                throw ValidationError(field: "policy", error.description)
            }
        }
    }
}
