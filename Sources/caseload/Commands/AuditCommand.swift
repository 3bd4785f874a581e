import ArgumentParser
import Cases
import Journal
import Office

/// `caseload audit`: who revealed, exported, reported, reassigned, merged or erased what.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List the audit trail: reveals, unmasked exports, report runs, reassignments, merges, erasures.",
        discussion: "Dates compare with each event's `on` day. With a staff file, counsellors see only their own entries.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only what this counsellor did.") var who: String?
    @Option(parsing: .unconditional, help: "From this day (YYYY-MM-DD, -7…).") var from: String?
    @Option(parsing: .unconditional, help: "Up to this day, included.") var to: String?
    @Option(name: .customLong("case"), help: "Only this case (id, prefix or resident ID).") var caseReference: String?
    @Option(help: "text or json.") var format: AuditFormat = .text

    enum AuditFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let context = try CommandContext(global)
        var filter = AuditTrail.Filter()
        if let who { filter.who = try ActionInput.counsellorID(who, field: "who") }
        if let from { filter.from = try DateInput.parse(from, today: context.today, field: "from") }
        if let to { filter.to = try DateInput.parse(to, today: context.today, field: "to") }
        if let start = filter.from, let end = filter.to, end < start {
            throw ValidationError(field: "to", "\(end.iso) is before --from \(start.iso)")
        }
        let access = try Access.load(context)
        let store = try context.openStore(forWriting: false)
        if let caseReference { filter.caseID = try store.caseload.resolve(caseReference).id }
        if access.staff != nil, access.role == .counsellor || access.role == nil {
            if let who = filter.who, who != context.actor {
                throw CommandFailure(message: "\(context.actor) may list only their own audit entries (\(access.label))")
            }
            filter.who = context.actor
        }
        let entries = AuditTrail.entries(store.caseload.allEvents, filter)
        switch format {
        case .json:
            print(JSONWriter.string(.array(entries.map { event in
                .object(JSONObject([
                    ("ts", .string(event.recorded.iso)), ("on", .string(event.effective.iso)), ("by", .string(event.actor)),
                    ("writer", .string(event.writer)), ("seq", .int(Int64(event.seq))), ("case", .string(event.caseID)),
                    ("type", .string(event.type)), ("data", .object(EventCodec.encode(event.body))),
                ]))
            }), pretty: true))
        case .text:
            for event in entries {
                let what = EventText.describe(event, chinese: false)
                print("\(event.recorded.localDate.iso) \(event.recorded.localTime)  \(event.actor)  \(event.writer)#\(event.seq)  "
                    + "\(event.caseID.isEmpty ? "(office)" : event.caseID)  \(what)")
            }
            if entries.isEmpty { print("no audit entries match") }
        }
    }
}
