import Cases
import Terminal

/// How a form behaves around its fields.
enum FormStyle: Sendable {
    /// Enter moves to the next field and saves on the last; Ctrl-S saves anywhere.
    case standard
    /// Quick intake at a campus session: Enter saves once the required fields are filled
    /// (else moves to the next required empty one), then the form clears for the next person.
    case outreach
}

/// How an attempt to save ended.
enum FormOutcome {
    /// Saved durably: the message to show and where to go next.
    case saved(String, Transition)
    /// Saved durably; the form starts again for the next entry, keeping some fields.
    case savedAndReset(String)
    /// A field is wrong: the message goes beside it and the cursor moves there. Errors
    /// naming no field of the form (a closed case) go to the message line only.
    case invalid(ValidationError)
    /// The person already has an open case of this kind: offer to open it instead.
    case duplicate(CaseRecord)
    /// The journal could not be written; the error is already on the message line.
    case failed
}

/// What a form is about: its fields, the checks made as each is left, what is derived and
/// shown beside them, and what saving does. `FormScreen` does the editing, drawing and drafts.
protocol FormModel: AnyObject {
    /// Names the form in drafts: `intake`, `contact`, `outreach`…
    var formID: String { get }
    /// The cases the form acts on (none for an intake), kept in its draft.
    var caseIDs: [String] { get }
    var style: FormStyle { get }
    /// Fields that survive a reset after an outreach save (school, session…).
    var keptAfterReset: Set<String> { get }
    func title(state: AppState) -> String
    /// Lines under the title: the case it acts on, a counter.
    func header(values: [String: String], state: AppState) -> [String]
    /// The fields, which may depend on the values (an intake's kind).
    func fields(values: [String: String], state: AppState) -> [FormField]
    /// The values a fresh form starts with (a correction's current values, today's date).
    func initialValues(state: AppState) -> [String: String]
    /// Checks one non-empty field as it is left.
    func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck
    /// Derived information for a field, shown beside it when it has no error.
    func note(for key: String, values: [String: String], state: AppState) -> FieldNote?
    /// Runs after a field was left without error (to derive or offer something elsewhere).
    func didLeave(_ key: String, form: FormScreen, state: AppState)
    /// Validates everything and appends the event(s).
    func submit(values: [String: String], state: AppState) -> FormOutcome
}

extension FormModel {
    var caseIDs: [String] { [] }
    var style: FormStyle { .standard }
    var keptAfterReset: Set<String> { [] }
    func header(values: [String: String], state: AppState) -> [String] { [] }
    func initialValues(state: AppState) -> [String: String] { [:] }
    func note(for key: String, values: [String: String], state: AppState) -> FieldNote? { nil }
    func didLeave(_ key: String, form: FormScreen, state: AppState) {}
}

extension [String: String] {
    /// The trimmed value of a field, nil when empty.
    func text(_ key: String) -> String? {
        guard let value = self[key]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }
}

/// Checks shared by the action forms, mirroring the command line's rules
/// (`Sources/caseload/Commands/CaseActionCommands.swift`) so a form accepts exactly what
/// `caseload log`, `service`… accept.
enum ActionChecks {
    /// A date field as typed, checked and shown normalised.
    static func date(_ text: String, today: LocalDate, field: String, past: Bool = false) -> FieldCheck {
        FieldCheck.run { () throws(ValidationError) -> String? in
            (past ? try DateInput.parsePast(text, today: today, field: field) : try DateInput.parse(text, today: today, field: field)).iso
        }
    }
}
