import Cases
import Office
import Terminal

/// Corrects the person's or the case's details: the kind's intake fields prefilled with the
/// current values, plus a reason. Saving appends one `case_corrected` holding only the fields
/// that changed, keyed as in the journal's `person` and `details` objects.
final class CorrectionForm: FormModel {
    let formID = "correct"
    let caseID: String
    var caseIDs: [String] { [caseID] }

    init(caseID: String) { self.caseID = caseID }

    private func record(_ state: AppState) -> CaseRecord? { state.session.caseload[caseID] }

    func title(state: AppState) -> String {
        let name = record(state).map { "\($0.name) (\($0.id))" } ?? caseID
        return "\(state.strings[.titleCorrect]) · \(name)"
    }

    /// The form starts from the full ID number and phone, so opening it is a reveal and is
    /// journaled; when that cannot be recorded the form opens empty.
    func initialValues(state: AppState) -> [String: String] {
        guard let record = record(state) else { return [:] }
        let fields = ["id_number"] + (record.person.phone == nil ? [] : ["phone"])
        guard state.record(.personalDataRevealed(fields: fields, purpose: "correction form"), caseID: caseID) else { return [:] }
        return IntakeFields.values(of: record)
    }

    func fields(values: [String: String], state: AppState) -> [FormField] {
        guard let kind = record(state)?.kind else { return [] }
        // Education sits beside `person` in `case_opened`, where a correction cannot reach it.
        let fields = IntakeFields.fields(for: kind).filter { $0.key != IntakeField.education.rawValue }
        return fields + [FormField("reason", .fieldReason, .longText)]
    }

    func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        if key == "reason" { return FieldCheck.run { () throws(ValidationError) -> String? in _ = try ActionInput.optionalText(values["reason"], field: key); return nil } }
        return IntakeFields.check(key, values: values, today: state.session.today)
    }

    func note(for key: String, values: [String: String], state: AppState) -> FieldNote? {
        guard key == IntakeField.id.rawValue, let record = record(state) else { return nil }
        if let existing = IntakeFields.duplicate(values, kind: record.kind, state: state, except: caseID) {
            return FieldNote(text: "⚠ " + IntakeFields.duplicateText(existing, state: state), role: .warning)
        }
        return IntakeFields.idNote(values, state: state)
    }

    /// The journal keys whose values differ between two encoded objects; a key that is gone
    /// becomes `null`, which the fold reads as "no longer set".
    static func changes(from old: JSONObject, to new: JSONObject) -> JSONObject {
        var patch = JSONObject()
        for (key, value) in new where old[key] != value { patch[key] = value }
        for key in old.keys where new[key] == nil { patch[key] = .null }
        return patch
    }

    func submit(values: [String: String], state: AppState) -> FormOutcome {
        guard let record = record(state) else { return .invalid(ValidationError(field: "case", "\(caseID) is not in the caseload")) }
        let corrected: CaseOpened
        let reason: String?
        do {
            corrected = try Intake.validate(kind: record.kind, fields: IntakeFields.intakeValues(values), counsellor: record.counsellor,
                                            today: state.session.today)
            reason = try ActionInput.optionalText(values["reason"], field: "reason")
        } catch {
            return .invalid(error)
        }
        if let existing = state.session.caseload.openDuplicate(of: corrected.person.residentID, kind: record.kind), existing.id != caseID {
            return .invalid(ValidationError(field: "id", IntakeFields.duplicateText(existing, state: state)))
        }
        let person = CorrectionForm.changes(from: EventCodec.encode(record.person), to: EventCodec.encode(corrected.person))
        let details = CorrectionForm.changes(from: EventCodec.encode(record.details), to: EventCodec.encode(corrected.details))
        guard !person.isEmpty || !details.isEmpty else {
            return .invalid(ValidationError(field: "reason", state.strings[.formNothingChanged]))
        }
        let body = EventBody.caseCorrected(CaseCorrected(person: person, details: details, reason: reason))
        guard let event = state.recordAction(body, caseID: caseID) else { return .failed }
        return .saved(state.savedMessage(event, name: record.name), .pop)
    }
}
