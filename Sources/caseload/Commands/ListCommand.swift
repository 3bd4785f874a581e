import ArgumentParser
import Cases
import Journal
import Office
import Rules
import TextCells

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cases.")
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only this kind: \(CaseKind.helpList).")) var kind: String?
    @Option(help: "Only this counsellor's cases (default: yours).") var counsellor: String?
    @ArgumentParser.Flag(help: "Everyone's cases.") var all = false
    @Option(help: "open, placed, closed or any.") var status: String = "open"
    @Option(help: "table, json or csv.") var format: OutputFormat = .table
    @ArgumentParser.Flag(help: "Only cases with a flag (due soon, overdue or escalated).") var flagged = false
    @ArgumentParser.Flag(help: "Show full ID and phone numbers (audited).") var unmasked = false

    func validate() throws {
        if all && counsellor != nil { throw ValidationError(field: "all", "cannot be combined with --counsellor") }
    }

    func run() throws {
        let context = try CommandContext(global)
        let access = try Access.load(context)
        let kindFilter = try kind.map { (k: String) throws(ValidationError) in try CaseKind.parse(k) }
        let statusFilter: CaseStatus? = status.lowercased() == "any" ? nil : try CaseStatus.parse(status)
        let setup = try OfficeRules(directory: context.directory)
        let store = try context.openStore(forWriting: unmasked)
        let owner = all ? nil : (counsellor ?? context.actor)
        let flagsByCase = Dictionary(grouping: setup.flags(store.caseload, today: context.today), by: \.caseID)
        let records = store.caseload.allCases.filter { record in
            (kindFilter == nil || record.kind == kindFilter) && (statusFilter == nil || record.status == statusFilter)
                && (owner == nil || record.counsellor == owner) && (!flagged || flagsByCase[record.id] != nil)
        }
        if unmasked {
            try store.append(store.makeEvent(caseID: "", actor: context.actor, effective: context.today,
                                             body: .personalDataRevealed(fields: ["id_number", "phone"],
                                                                         purpose: "list --unmasked (\(records.filter(access.seesFull).count) cases)")))
        }
        switch format {
        case .json:
            print(JSONWriter.string(.array(records.map { record in
                guard access.seesFull(record) else { return .object(CaseRendering.stubObject(record)) }
                var o = CaseRendering.listObject(record, unmasked: unmasked)
                o["flags"] = .array((flagsByCase[record.id] ?? []).sorted(by: Rules.Flag.urgentFirst).map { .object(FlagRendering.object($0, record: record)) })
                return .object(o)
            }), pretty: true))
        case .csv:
            let columns = ["id", "kind", "name", "status", "counsellor", "opened", "id_number", "phone", "summary", "last_contact", "next_follow_up"]
            print(CSV.line(columns + ["flags"]))
            for record in records {
                let full = access.seesFull(record)
                let o = full ? CaseRendering.listObject(record, unmasked: unmasked) : CaseRendering.stubObject(record)
                let flags = (full ? flagsByCase[record.id] ?? [] : []).map(\.rule.rawValue).sorted().joined(separator: " ")
                print(CSV.line(columns.map { o[$0]?.stringValue ?? "" } + [flags]))
            }
        case .table:
            if records.isEmpty, let owner {
                Output.warn("no \(statusFilter?.rawValue ?? "") cases for \(owner); try --all")
                return
            }
            // Unmasked runs add the numbers they were asked to reveal; masked tables leave them out.
            let personal = unmasked ? ["ID number", "Phone"] : []
            var table = TextTable(headers: ["", "ID", "Name"] + personal + ["Kind", "Summary", "Counsellor", "Opened", "Last contact", "Status", "Flags"])
            for record in records {
                // A case outside the user's team is a stub: name, the ID's last four, whom to ask.
                let full = access.seesFull(record)
                let flags = full ? flagsByCase[record.id] ?? [] : []
                let worst = flags.map(\.severity).max()
                let numbers = !unmasked ? [] : full ? [record.residentID.value, record.person.phone?.value ?? "—"]
                    : [Access.stubID(record.residentID), "—"]
                table.append([worst?.glyph ?? " ", record.id, record.name] + numbers
                             + [record.kind.english, full ? truncated(record.summary(chinese: true), to: 30) : "(\(access.label))",
                                record.counsellor, record.opened.iso, record.lastContact?.date.iso ?? "—", record.status.rawValue,
                                flags.map(\.rule.rawValue).sorted().joined(separator: " ")])
            }
            print(table.render())
            print(records.count == 1 ? "1 case" : "\(records.count) cases")
        }
    }
}
