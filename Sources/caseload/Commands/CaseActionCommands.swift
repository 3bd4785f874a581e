import ArgumentParser
import Cases
import Journal
import Office

/// Resolves CASE, validates, and appends one event. Validation happens before anything is
/// written; the journal is only touched by the final append.
private func act(_ global: GlobalOptions, caseReference: String, allowClosed: Bool = false,
                 build: (CaseRecord, CommandContext) throws -> CaseAction) throws {
    let context = try CommandContext(global)
    let store = try context.openStore(forWriting: true)
    let record = try store.caseload.resolve(caseReference)
    try Access.load(context).requireWrite(record, action: "changing the case")
    if record.status == .closed && !allowClosed {
        throw ValidationError(field: "case", "\(record.id) is closed; reopen it first")
    }
    let action = try build(record, context)
    try store.append(store.makeEvent(caseID: record.id, actor: context.actor, effective: action.effective ?? context.today,
                                     body: action.body))
    print("saved \(action.body.typeName) for \(record.id) \(record.name)")
}

/// What a command decided to record, and the day it counts for when that is not today
/// (`--date` for work done earlier).
private struct CaseAction {
    var body: EventBody
    var effective: LocalDate?
    init(_ body: EventBody, on effective: LocalDate? = nil) {
        self.body = body
        self.effective = effective
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Log a contact with the person.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: ArgumentHelp("Channel: \(ContactChannel.helpList).")) var channel: String
    @Option(help: "Whether the person was reached: yes or no.") var reached: String = "yes"
    @Option(help: "What was said or done.") var note: String
    @Option(parsing: .unconditional, help: "Next follow-up date (YYYY-MM-DD, +7…).") var next: String?
    @Option(parsing: .unconditional, help: "When the contact happened, if not today.") var date: String?

    func run() throws {
        try act(global, caseReference: caseReference) { record, context in
            let channel = try ContactChannel.parse(self.channel)
            let reached = try Intake.parseYesNo(self.reached, field: "reached")
            let note = try ActionInput.requireText(self.note, field: "note")
            let when = try ActionInput.workDate(date, opened: record.opened, today: context.today, todayField: "today")
            var nextDate: LocalDate?
            if let next {
                let parsed = try DateInput.parse(next, today: context.today, field: "next")
                guard parsed > when else { throw ValidationError(field: "next", "\(parsed.iso) must be after the contact date \(when.iso)") }
                nextDate = parsed
            }
            return CaseAction(.contactLogged(ContactLogged(channel: channel, reached: reached, note: note, next: nextDate)), on: when)
        }
    }
}

struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "service", abstract: "Record a service given to the person.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: ArgumentHelp("Service: \(ServiceKind.helpList).")) var kind: String
    @Option(help: "Employer (required for a job recommendation).") var employer: String?
    @Option(help: "Position.") var position: String?
    @Option(help: "Note.") var note: String?
    @Option(parsing: .unconditional, help: "Planned end of a traineeship or subsidy end of a public welfare post.") var ends: String?
    @Option(parsing: .unconditional, help: "When the service was given, if not today.") var date: String?

    func run() throws {
        try act(global, caseReference: caseReference) { record, context in
            let kind = try ServiceKind.parse(self.kind)
            if kind == .job_recommendation, (employer ?? "").trimmingWhitespace().isEmpty {
                throw ValidationError(field: "employer", "is required for a job recommendation")
            }
            let when = try ActionInput.workDate(date, opened: record.opened, today: context.today, todayField: "today")
            var endDate: LocalDate?
            if let ends {
                let parsed = try DateInput.parse(ends, today: context.today, field: "ends")
                guard parsed > when else { throw ValidationError(field: "ends", "\(parsed.iso) must be after the service date \(when.iso)") }
                if kind == .public_welfare_post, parsed > when.adding(months: 36) {
                    throw ValidationError(field: "ends", "a public welfare post subsidy lasts at most 3 years")
                }
                endDate = parsed
            }
            return CaseAction(.serviceRecorded(ServiceRecorded(kind: kind, employer: employer?.trimmingWhitespace(),
                                                               position: position?.trimmingWhitespace(),
                                                               note: note?.trimmingWhitespace(), ends: endDate)), on: when)
        }
    }
}

struct OutcomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outcome", abstract: "Record an outcome (a placement, or why the case ends).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: ArgumentHelp("Outcome: \(OutcomeKind.helpList).")) var kind: String
    @Option(help: "Employer.") var employer: String?
    @Option(parsing: .unconditional, help: "The outcome's date, e.g. the first day at work (default today).") var date: String?

    func run() throws {
        try act(global, caseReference: caseReference) { record, context in
            let kind = try OutcomeKind.parse(self.kind)
            let when = try date.map { (text: String) throws(ValidationError) in try DateInput.parsePast(text, today: context.today, field: "date") } ?? context.today
            return CaseAction(.outcomeRecorded(OutcomeRecorded(kind: kind, employer: employer?.trimmingWhitespace(), date: when)))
        }
    }
}

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schedule", abstract: "Schedule a follow-up.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(parsing: .unconditional, help: "Follow-up date (YYYY-MM-DD, +7…).") var date: String
    @Option(help: "What to follow up on.") var note: String?

    func run() throws {
        try act(global, caseReference: caseReference) { _, context in
            let when = try DateInput.parse(date, today: context.today, field: "date")
            guard when >= context.today else { throw ValidationError(field: "date", "\(when.iso) is in the past") }
            return CaseAction(.followUpScheduled(date: when, note: note?.trimmingWhitespace()))
        }
    }
}

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to a case.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: "The note.") var text: String

    func run() throws {
        try act(global, caseReference: caseReference, allowClosed: true) { _, _ in
            CaseAction(.noteAdded(text: try ActionInput.requireText(text, field: "text")))
        }
    }
}

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Reassign a case to another counsellor.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: "The counsellor taking the case.") var to: String

    func run() throws {
        try act(global, caseReference: caseReference) { record, _ in
            let target = to.trimmingWhitespace()
            try ActionInput.counsellorID(target, field: "to")
            guard target != record.counsellor else { throw ValidationError(field: "to", "\(record.id) is already \(target)'s case") }
            return CaseAction(.caseReassigned(to: target, from: record.counsellor))
        }
    }
}

struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a case, with the reason.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: "Why the case is closed.") var reason: String

    func run() throws {
        try act(global, caseReference: caseReference) { _, _ in
            CaseAction(.caseClosed(reason: try ActionInput.requireText(reason, field: "reason")))
        }
    }
}

struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a closed or placed case.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Case id, unique id prefix, or resident ID number.") var caseReference: String
    @Option(help: "Why it is reopened.") var reason: String?

    func run() throws {
        try act(global, caseReference: caseReference, allowClosed: true) { record, _ in
            guard record.status != .open else { throw ValidationError(field: "case", "\(record.id) is already open") }
            return CaseAction(.caseReopened(reason: reason?.trimmingWhitespace()))
        }
    }
}
