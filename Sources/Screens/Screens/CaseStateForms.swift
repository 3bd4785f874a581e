import Cases
import Rules
import Terminal

/// Snooze one of the case's current flags until a date, with a reason supervisors see.
final class SnoozeForm: CaseActionForm {
    override var formID: String { "snooze" }
    override var titleKey: TextKey { .titleSnooze }

    /// The rules flagged on the case now, most urgent first, as options.
    private func rules(_ state: AppState) -> [ChoiceOption] {
        var seen: Set<RuleID> = []
        return caseIDs.flatMap { state.session.flags(for: $0) }.filter { seen.insert($0.rule).inserted }.map { flag in
            ChoiceOption(id: flag.rule.rawValue, english: "\(flag.rule.english) (\(flag.dueDate.iso))",
                         chinese: "\(flag.rule.chinese)（\(flag.dueDate.iso)）")
        }
    }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        [FormField("rule", .fieldRule, .choice(rules(state), multiple: false), required: true),
         FormField("until", .fieldUntil, .date, required: true),
         FormField("reason", .fieldReason, .longText, required: true)]
    }

    override func initialValues(state: AppState) -> [String: String] { ["rule": rules(state).first?.id ?? ""] }

    private static func until(_ text: String, today: LocalDate) throws(ValidationError) -> LocalDate {
        let date = try DateInput.parse(text, today: today, field: "until")
        guard date > today else { throw ValidationError(field: "until", "\(date.iso) is not after today") }
        return date
    }

    override func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        guard key == "until" else { return .fine }
        return FieldCheck.run { () throws(ValidationError) -> String? in try SnoozeForm.until(values["until"] ?? "", today: state.session.today).iso }
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        let today = state.session.today
        return apply(state) { _ throws(ValidationError) in
            guard let rule = RuleID(rawValue: (values["rule"] ?? "").lowercased()) else {
                throw ValidationError(field: "rule", "'\(values["rule"] ?? "")' is not one of \(RuleID.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let until = try SnoozeForm.until(values["until"] ?? "", today: today)
            let reason = try ActionInput.requireText(values["reason"], field: "reason")
            return (.flagSnoozed(rule: rule.rawValue, until: until, reason: reason), nil)
        }
    }
}

/// Reassign the case (or every marked case) to another counsellor.
final class ReassignForm: CaseActionForm {
    override var formID: String { "reassign" }
    override var titleKey: TextKey { caseIDs.count > 1 ? .titleBulkAssign : .titleReassign }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        [FormField("to", .fieldTo, .text(width: 20), required: true)]
    }

    override func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        FieldCheck.run { () throws(ValidationError) -> String? in
            let to = try ActionInput.counsellorID(values["to"] ?? "", field: "to")
            if let record = record(state), record.counsellor == to { throw ValidationError(field: "to", "\(record.id) is already \(to)'s case") }
            return to
        }
    }

    override func note(for key: String, values: [String: String], state: AppState) -> FieldNote? {
        let known = state.session.caseload.counsellors
        return known.isEmpty ? nil : FieldNote(text: state.strings.format(.formKnownCounsellors, known.prefix(8).joined(separator: ", ")))
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        apply(state) { record throws(ValidationError) in
            let to = try ActionInput.counsellorID(values["to"] ?? "", field: "to")
            guard to != record.counsellor else { throw ValidationError(field: "to", "\(record.id) is already \(to)'s case") }
            return (.caseReassigned(to: to, from: record.counsellor), nil)
        }
    }
}

/// Close the case, with the reason.
final class CloseForm: CaseActionForm {
    override var formID: String { "close" }
    override var titleKey: TextKey { .titleClose }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        [FormField("reason", .fieldReason, .longText, required: true)]
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        apply(state) { _ throws(ValidationError) in (.caseClosed(reason: try ActionInput.requireText(values["reason"], field: "reason")), nil) }
    }
}

/// Reopen a closed or placed case.
final class ReopenForm: CaseActionForm {
    override var formID: String { "reopen" }
    override var titleKey: TextKey { .titleReopen }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        [FormField("reason", .fieldReason, .longText)]
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        apply(state, allowClosed: true) { record throws(ValidationError) in
            guard record.status != .open else { throw ValidationError(field: "case", "\(record.id) is already open") }
            return (.caseReopened(reason: try ActionInput.optionalText(values["reason"], field: "reason")), nil)
        }
    }
}

/// Add a note (closed cases too).
final class NoteForm: CaseActionForm {
    override var formID: String { "note" }
    override var titleKey: TextKey { .titleNote }

    override func fields(values: [String: String], state: AppState) -> [FormField] {
        [FormField("text", .fieldText, .longText, required: true)]
    }

    override func submit(values: [String: String], state: AppState) -> FormOutcome {
        apply(state, allowClosed: true) { _ throws(ValidationError) in (.noteAdded(text: try ActionInput.requireText(values["text"], field: "text")), nil) }
    }
}
