import ArgumentParser
import Cases
import Journal
import Office
import Rules
import TextCells

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one case with its history.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: "text or json.") var format: ShowFormat = .text
    @ArgumentParser.Flag(help: "Show full ID and phone numbers (audited).") var unmasked = false

    enum ShowFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let context = try CommandContext(global)
        let access = try Access.load(context)
        let setup = try OfficeRules(directory: context.directory)
        let store = try context.openStore(forWriting: unmasked)
        let record = try store.caseload.resolve(caseReference)
        guard access.seesFull(record) else {
            if unmasked { try access.requireFull(record, what: "--unmasked") }
            printStub(record, access: access)
            return
        }
        let flags = setup.flags(for: record, in: store.caseload, today: context.today).sorted(by: Rules.Flag.urgentFirst)
        let progress = setup.packageProgress(record)
        if unmasked {
            try store.append(store.makeEvent(caseID: record.id, actor: context.actor, effective: context.today,
                                             body: .personalDataRevealed(fields: ["id_number", "phone"], purpose: "show --unmasked")))
        }
        switch format {
        case .json:
            var o = CaseRendering.detailObject(record, unmasked: unmasked)
            o["flags"] = .array(flags.map { .object(FlagRendering.object($0, record: record)) })
            if let progress {
                o["package"] = .object(JSONObject([
                    ("progress", .string(progress.description)), ("complete", .bool(progress.isComplete)),
                    ("deadline", progress.deadline.map { .string($0.iso) } ?? .null),
                ]))
            }
            print(JSONWriter.string(.object(o), pretty: true))
        case .text:
            print(text(record, flags: flags, progress: progress))
        }
    }

    private func printStub(_ record: CaseRecord, access: Access) {
        switch format {
        case .json: print(JSONWriter.string(.object(CaseRendering.stubObject(record)), pretty: true))
        case .text:
            print("\(record.id)  \(record.name)  \(record.kind.chinese) / \(record.kind.english)  [\(record.status.rawValue)]")
            print("ID \(Access.stubID(record.residentID))  counsellor \(record.counsellor)  opened \(record.opened.iso)")
            print("(a stub: details are for \(record.counsellor)'s team; you are \(access.user), \(access.label))")
        }
    }

    private func text(_ record: CaseRecord, flags: [Rules.Flag], progress: PackageProgress?) -> String {
        let id = unmasked ? record.residentID.value : record.residentID.masked
        let phone = record.person.phone.map { unmasked ? $0.value : $0.masked } ?? "—"
        var lines = [
            "\(record.id)  \(record.name)  \(record.kind.chinese) / \(record.kind.english)  [\(record.status.rawValue)\(record.closeReason.map { ": \($0)" } ?? "")]",
            record.person.isErased ? "ID —  phone —  (personal data erased)"
                : "ID \(id)  \(record.person.sex == .female ? "female" : "male")  born \(record.person.birthDate?.iso ?? "?")  phone \(phone)",
            "counsellor \(record.counsellor)  opened \(record.opened.iso)",
        ]
        switch record.details {
        case .graduate(let g):
            lines.append("school \(g.school) · \(g.major) · \(g.degree.chinese)  graduated \(g.graduated.iso)")
            if !g.difficulty.isEmpty { lines.append("graduate in difficulty: \(g.difficulty.map(\.chinese).joined(separator: "、"))") }
            if !g.intention.isEmpty { lines.append("intention: \(g.intention.summary)") }
        case .difficulty(let d):
            lines.append("categories \(d.categories.map(\.chinese).joined(separator: "、"))  identified \(d.identified.iso)")
            if let household = d.household { lines.append("household \(household)") }
        case .unemployed(let u):
            lines.append("registered \(u.registered.iso)" + (u.benefitUntil.map { "  benefit until \($0.iso)" } ?? ""))
            if let employer = u.previousEmployer { lines.append("previously \(employer)" + (u.industry.map { " (\($0))" } ?? "")) }
        }
        if let progress {
            lines.append("1+3+1+1 package: \(progress.description)" + (progress.deadline.map { " (deadline \($0.iso))" } ?? "")
                         + (progress.isComplete ? " complete" : ""))
        }
        if !flags.isEmpty { lines.append("") }
        for flag in flags {
            lines.append("\(flag.severity.glyph) \(flag.severity.english): \(flag.reason) [\(flag.rule.rawValue), due \(flag.dueDate.iso)]")
        }
        for conflict in record.conflicts {
            lines.append("conflict: \(conflict.field) set to \(conflict.keptText(unmasked: unmasked)) by \(conflict.keptBy), "
                         + "over \(conflict.overwrittenText(unmasked: unmasked)) by \(conflict.overwrittenBy)")
        }
        lines.append("")
        lines.append("Timeline (newest first):")
        for event in record.events.reversed() {
            let struck = record.undone.contains(event.id) ? " (undone)" : ""
            lines.append("  \(event.effective.iso)  \(padded(event.actor, to: 10))  \(EventText.describe(event, chinese: false))\(struck)")
        }
        return lines.joined(separator: "\n")
    }
}
