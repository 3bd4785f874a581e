import Cases
import Terminal

/// The new-case form, one per kind: the kind is a picker at the top, and changing it
/// changes the fields (typed values are kept). Saving refuses a second open case of the same
/// kind for the same ID and offers to open the existing one instead.
final class IntakeForm: FormModel {
    let formID = "intake"
    private let initialKind: CaseKind

    init(kind: CaseKind) { initialKind = kind }

    static func kind(of values: [String: String]) -> CaseKind? { values.text("kind").flatMap(CaseKind.init(rawValue:)) }

    func title(state: AppState) -> String { state.strings[.titleNewCase] }

    func initialValues(state: AppState) -> [String: String] {
        var values = ["kind": initialKind.rawValue]
        if initialKind == .graduate { values[IntakeField.leftWithoutJob.rawValue] = "yes" }
        return values
    }

    func fields(values: [String: String], state: AppState) -> [FormField] {
        let kind = IntakeForm.kind(of: values) ?? initialKind
        let picker = FormField("kind", .fieldKind, .choice(ChoiceOption.all(CaseKind.self), multiple: false), required: true, reshapes: true)
        return [picker] + IntakeFields.fields(for: kind)
    }

    func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        IntakeFields.check(key, values: values, today: state.session.today)
    }

    func note(for key: String, values: [String: String], state: AppState) -> FieldNote? {
        switch key {
        case IntakeField.id.rawValue:
            if let kind = IntakeForm.kind(of: values), let existing = IntakeFields.duplicate(values, kind: kind, state: state) {
                return FieldNote(text: "⚠ " + IntakeFields.duplicateText(existing, state: state), role: .warning)
            }
            return IntakeFields.idNote(values, state: state)
        case IntakeField.category.rawValue:
            return offers4050(values, state: state) ? FieldNote(text: state.strings[.formOffer4050], role: .notice) : nil
        default:
            return nil
        }
    }

    /// The ID's age fits "4050" and the category does not have it yet.
    private func offers4050(_ values: [String: String], state: AppState) -> Bool {
        guard IntakeForm.kind(of: values) == .difficulty, let text = values.text(IntakeField.id.rawValue),
              let id = try? ResidentID.parse(text, today: state.session.today),
              Intake.suggestsAge4050(id, today: state.session.today) else { return false }
        let chosen = (values["category"] ?? "").split(separator: ",").map(String.init)
        return !chosen.contains(DifficultyCategory.age_4050.rawValue)
    }

    func didLeave(_ key: String, form: FormScreen, state: AppState) {
        // Offer 4050: the category picker opens on it, so Space takes it.
        if key == IntakeField.id.rawValue, offers4050(form.values, state: state) {
            form.offer(IntakeField.category.rawValue, option: DifficultyCategory.age_4050.rawValue)
        }
    }

    func submit(values: [String: String], state: AppState) -> FormOutcome {
        let kind = IntakeForm.kind(of: values) ?? initialKind
        let opened: CaseOpened
        do {
            opened = try Intake.validate(kind: kind, fields: IntakeFields.intakeValues(values), counsellor: state.session.user,
                                         today: state.session.today)
        } catch {
            return .invalid(error)
        }
        if let existing = state.session.caseload.openDuplicate(of: opened.person.residentID, kind: kind) { return .duplicate(existing) }
        let caseID = state.session.store.newCaseID(kind: kind)
        guard state.recordAction(.caseOpened(opened), caseID: caseID) != nil else { return .failed }
        return .saved(state.strings.format(.formSavedCase, caseID, opened.person.name), .replace(CaseScreen(caseID: caseID)))
    }
}
