import Cases
import Terminal

/// Log a contact: channel, reached, note, next follow-up, and when it happened. With several
/// marked cases, the same contact (an outreach call round) is logged once per case.
final class ContactForm: CaseActionForm {
    override var formID: String { "contact" }
    override var titleKey: TextKey { caseIDs.count > 1 ? .titleBulkContact : .titleContact }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        [FormField("channel", .fieldChannel, .choice(ChoiceOption.all(ContactChannel.self), multiple: false), required: true),
         FormField("reached", .fieldReached, .choice(ChoiceOption.yesNo, multiple: false), required: true),
         FormField("note", .fieldNote, .longText, required: true),
         FormField("next", .fieldNext, .date),
         FormField("date", .fieldDate, .date)]
    }

    override func initialValues(state: AppState) -> [String: String] { ["reached": "yes", "date": state.session.today.iso] }

    override func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        let today = state.session.today
        switch key {
        case "note": return FieldCheck.run { () throws(ValidationError) -> String? in _ = try ActionInput.requireText(values["note"], field: key); return nil }
        case "date": return checkWorkDate(values.text("date"), state: state)
        case "next":
            return FieldCheck.run { () throws(ValidationError) -> String? in
                let next = try DateInput.parse(values["next"] ?? "", today: today, field: key)
                let when = (try? ActionInput.workDate(values.text("date"), opened: nil, today: today)) ?? today
                guard next > when else { throw ValidationError(field: key, "\(next.iso) must be after the contact date \(when.iso)") }
                return next.iso
            }
        default: return .fine
        }
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        let today = state.session.today
        return apply(state) { record throws(ValidationError) in
            let channel = try ContactChannel.parse(values["channel"] ?? "")
            let reached = try Intake.parseYesNo(values["reached"] ?? "", field: "reached")
            let note = try ActionInput.requireText(values["note"], field: "note")
            let when = try ActionInput.workDate(values.text("date"), opened: record.opened, today: today)
            var next: LocalDate?
            if let text = values.text("next") {
                let parsed = try DateInput.parse(text, today: today, field: "next")
                guard parsed > when else { throw ValidationError(field: "next", "\(parsed.iso) must be after the contact date \(when.iso)") }
                next = parsed
            }
            return (.contactLogged(ContactLogged(channel: channel, reached: reached, note: note, next: next)), when)
        }
    }
}

/// Record a service: kind, employer (required for a job recommendation), position, note,
/// programme end, and when it was given.
final class ServiceForm: CaseActionForm {
    override var formID: String { "service" }
    override var titleKey: TextKey { .titleService }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        let recommending = values["kind"] == ServiceKind.job_recommendation.rawValue
        return [FormField("kind", .fieldService, .choice(ChoiceOption.all(ServiceKind.self), multiple: false), required: true, reshapes: true),
                FormField("employer", .fieldEmployer, .text(width: 28), required: recommending),
                FormField("position", .fieldPosition, .text(width: 24)),
                FormField("note", .fieldNote, .longText),
                FormField("ends", .fieldEnds, .date),
                FormField("date", .fieldDate, .date)]
    }

    override func initialValues(state: AppState) -> [String: String] { ["date": state.session.today.iso] }

    override func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        switch key {
        case "date": return checkWorkDate(values.text("date"), state: state)
        case "ends":
            let today = state.session.today
            return FieldCheck.run { () throws(ValidationError) -> String? in
                let when = (try? ActionInput.workDate(values.text("date"), opened: nil, today: today)) ?? today
                return try ServiceForm.ends(values["ends"] ?? "", kind: values["kind"], when: when, today: today).iso
            }
        case "employer", "position", "note":
            return FieldCheck.run { () throws(ValidationError) -> String? in _ = try ActionInput.optionalText(values[key], field: key); return nil }
        default: return .fine
        }
    }

    /// `--ends`: after the service date; a public welfare post's subsidy lasts at most 3 years.
    static func ends(_ text: String, kind: String?, when: LocalDate, today: LocalDate) throws(ValidationError) -> LocalDate {
        let parsed = try DateInput.parse(text, today: today, field: "ends")
        guard parsed > when else { throw ValidationError(field: "ends", "\(parsed.iso) must be after the service date \(when.iso)") }
        if kind == ServiceKind.public_welfare_post.rawValue, parsed > when.adding(months: 36) {
            throw ValidationError(field: "ends", "a public welfare post subsidy lasts at most 3 years")
        }
        return parsed
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        let today = state.session.today
        return apply(state) { record throws(ValidationError) in
            let kind = try ServiceKind.parse(values["kind"] ?? "")
            if kind == .job_recommendation, values.text("employer") == nil {
                throw ValidationError(field: "employer", "is required for a job recommendation")
            }
            let when = try ActionInput.workDate(values.text("date"), opened: record.opened, today: today)
            let ends = try values.text("ends").map { (text: String) throws(ValidationError) in
                try ServiceForm.ends(text, kind: kind.rawValue, when: when, today: today)
            }
            let service = ServiceRecorded(kind: kind, employer: values.text("employer"), position: values.text("position"),
                                          note: try ActionInput.optionalText(values["note"], field: "note"), ends: ends)
            return (.serviceRecorded(service), when)
        }
    }
}

/// Record an outcome: a placement (which starts the post-placement checks) or why the case ends.
final class OutcomeForm: CaseActionForm {
    override var formID: String { "outcome" }
    override var titleKey: TextKey { .titleOutcome }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        [FormField("kind", .fieldOutcome, .choice(ChoiceOption.all(OutcomeKind.self), multiple: false), required: true),
         FormField("employer", .fieldEmployer, .text(width: 28)),
         FormField("date", .fieldOutcomeDate, .date)]
    }

    override func initialValues(state: AppState) -> [String: String] { ["date": state.session.today.iso] }

    override func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        key == "date" ? ActionChecks.date(values["date"] ?? "", today: state.session.today, field: key, past: true) : .fine
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        let today = state.session.today
        return apply(state) { _ throws(ValidationError) in
            let kind = try OutcomeKind.parse(values["kind"] ?? "")
            let when = try values.text("date").map { (text: String) throws(ValidationError) in
                try DateInput.parsePast(text, today: today, field: "date")
            } ?? today
            return (.outcomeRecorded(OutcomeRecorded(kind: kind, employer: values.text("employer"), date: when)), nil)
        }
    }
}

/// Schedule a follow-up: a date from today on, and what it is about.
final class ScheduleForm: CaseActionForm {
    override var formID: String { "schedule" }
    override var titleKey: TextKey { .titleSchedule }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        [FormField("date", .fieldFollowUpDate, .date, required: true), FormField("note", .fieldNote, .longText)]
    }

    private static func date(_ text: String, today: LocalDate) throws(ValidationError) -> LocalDate {
        let when = try DateInput.parse(text, today: today, field: "date")
        guard when >= today else { throw ValidationError(field: "date", "\(when.iso) is in the past") }
        return when
    }

    override func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        guard key == "date" else { return .fine }
        return FieldCheck.run { () throws(ValidationError) -> String? in try ScheduleForm.date(values["date"] ?? "", today: state.session.today).iso }
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        let today = state.session.today
        return apply(state) { _ throws(ValidationError) in
            let when = try ScheduleForm.date(values["date"] ?? "", today: today)
            return (.followUpScheduled(date: when, note: try ActionInput.optionalText(values["note"], field: "note")), nil)
        }
    }
}
