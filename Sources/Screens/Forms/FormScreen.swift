import Cases
import Journal
import Terminal
import TextCells

/// A form on screen: labelled fields, each checked as it is left with the error beside it;
/// pickers for closed lists; a draft on disk after every change; Ctrl-S (or Enter on the last
/// field) to save. What the fields are and what saving does comes from its `FormModel`.
final class FormScreen: Screen {
    let model: any FormModel
    var kind: ScreenKind { model.style == .outreach ? .outreach : .form }
    /// Where leaving the form goes: back, or quit when the form is the app's only screen.
    var exitTransition: Transition = .pop
    /// Runs after each successful save (a bulk action clears the caseload's marks).
    var onSaved: (() -> Void)?

    private(set) var fields: [FormField] = []
    private var editors: [String: FieldValue] = [:]
    private(set) var focus = 0
    /// Messages shown beside fields, by field key.
    private(set) var errors: [String: String] = [:]
    /// The values the form started with (or was reset to): any difference is unsaved work.
    private var pristine: [String: String]
    /// The draft file holding this form's unsaved values, once there are any.
    private(set) var draftName: String?
    private var top = 0

    /// A fresh form, or one resumed from `draft`.
    init(model: any FormModel, state: AppState, draft: Draft? = nil) {
        self.model = model
        let initial = model.initialValues(state: state)
        pristine = initial
        draftName = draft?.name
        load(draft?.dictionary ?? initial, state: state)
        // Outreach starts on the first required empty field: the school and session are prefilled.
        if model.style == .outreach { focus = fields.firstIndex { $0.required && value($0.key).isEmpty } ?? 0 }
    }

    // MARK: Values

    /// The value of every field the form has now.
    var values: [String: String] {
        Dictionary(fields.map { ($0.key, editors[$0.key]?.string ?? "") }, uniquingKeysWith: { $1 })
    }

    func value(_ key: String) -> String { editors[key]?.string ?? "" }

    /// Whether anything differs from how the form started.
    var isDirty: Bool { fields.contains { value($0.key) != (pristine[$0.key] ?? "") } }

    var focusedField: FormField? { fields.indices.contains(focus) ? fields[focus] : nil }

    /// Replaces a field's value (a normalised date, a prefill).
    func setValue(_ key: String, _ text: String) {
        guard let field = fields.first(where: { $0.key == key }) else { return }
        if case .choice(var picker) = editors[key] {
            picker.set(text)
            editors[key] = .choice(picker)
        } else {
            editors[key] = FieldValue(field.kind, value: text)
        }
    }

    /// Highlights an option of a choice field without choosing it: an offer Space accepts.
    func offer(_ key: String, option id: String) {
        guard case .choice(var picker) = editors[key] else { return }
        picker.highlight(id: id)
        editors[key] = .choice(picker)
    }

    private func load(_ values: [String: String], state: AppState) {
        editors = [:]
        fields = model.fields(values: values, state: state)
        for field in fields { editors[field.key] = FieldValue(field.kind, value: values[field.key] ?? "") }
        focus = min(focus, max(0, fields.count - 1))
    }

    /// Rebuilds the field list after a reshaping field changed; typed values are kept by key.
    private func reshape(_ state: AppState) {
        var all = Dictionary(editors.map { ($0.key, $0.value.string) }, uniquingKeysWith: { $1 })
        all.merge(values) { $1 }
        let key = focusedField?.key
        fields = model.fields(values: all, state: state)
        for field in fields where editors[field.key] == nil { editors[field.key] = FieldValue(field.kind, value: all[field.key] ?? "") }
        focus = key.flatMap { k in fields.firstIndex { $0.key == k } } ?? min(focus, max(0, fields.count - 1))
    }

    // MARK: Keys

    func handle(_ key: Key, state: AppState) -> Transition {
        guard let field = focusedField else { return exitTransition }
        // A text field takes its editing keys (arrows, Space, Ctrl-A…) before the binding table.
        if field.kind.isText, case .text(var editor) = editors[field.key], editor.handle(key) {
            let before = value(field.key)
            editors[field.key] = .text(editor)
            if editor.text != before { changed(state) }
            return .stay
        }
        if let command = KeyBindings.command(for: key, on: kind) { return perform(command, state: state) }
        guard case .choice(var picker) = editors[field.key] else { return .stay }
        switch key {
        case .char(let character):
            if !picker.type(character) {
                state.say(state.strings.format(.formNoMatch, picker.typed + String(character)), style: Style(.warning))
                return .stay
            }
        case .backspace, .delete: picker.backspace()
        default: return .stay
        }
        editors[field.key] = .choice(picker)
        changed(state)
        return .stay
    }

    private func perform(_ command: Command, state: AppState) -> Transition {
        switch command {
        case .nextField: move(to: focus + 1, state: state)
        case .previousField: move(to: focus - 1, state: state)
        case .submitOrNext: return submitOrNext(state)
        case .save: return save(state)
        case .cancel: return cancel(state)
        case .nextChoice, .previousChoice, .toggleChoice:
            guard let field = focusedField, case .choice(var picker) = editors[field.key] else { break }
            switch command {
            case .nextChoice: picker.cycle(by: 1)
            case .previousChoice: picker.cycle(by: -1)
            default: picker.toggle()
            }
            editors[field.key] = .choice(picker)
            changed(state)
        case .externalEditor: openEditor(state)
        default: break
        }
        return .stay
    }

    /// Leaves the focused field (checking it) and focuses another, wrapping around.
    private func move(to index: Int, state: AppState) {
        leave(state)
        guard !fields.isEmpty else { return }
        focus = (index % fields.count + fields.count) % fields.count
    }

    /// Checks the focused field as it is left: the error goes beside it, a date is normalised.
    /// An empty field is not an error yet; required fields are checked on save.
    private func leave(_ state: AppState) {
        guard let field = focusedField else { return }
        if case .choice(var picker) = editors[field.key] {
            picker.resetTyped()
            editors[field.key] = .choice(picker)
        }
        check(field, state: state)
        if errors[field.key] == nil { model.didLeave(field.key, form: self, state: state) }
        if field.reshapes { reshape(state) }
    }

    private func check(_ field: FormField, state: AppState) {
        let text = value(field.key)
        guard !text.trimmingWhitespace().isEmpty else {
            errors[field.key] = nil
            return
        }
        let result = model.check(field.key, values: values, state: state)
        errors[field.key] = result.error
        if let normalised = result.normalised, normalised != text {
            setValue(field.key, normalised)
            changed(state)
        }
    }

    private func submitOrNext(_ state: AppState) -> Transition {
        switch model.style {
        case .standard:
            if focus == fields.count - 1 { return save(state) }
            move(to: focus + 1, state: state)
        case .outreach:
            leave(state)
            let missing = fields.indices.filter { fields[$0].required && value(fields[$0].key).trimmingWhitespace().isEmpty }
            guard let first = missing.first else { return save(state) }
            focus = missing.first { $0 > focus } ?? first
        }
        return .stay
    }

    // MARK: Saving

    /// Checks every field; with any error the cursor goes to the first bad one and nothing is
    /// written. Otherwise the model appends, and only then is "saved" shown.
    func save(_ state: AppState) -> Transition {
        let s = state.strings
        leave(state)
        for field in fields where field.key != focusedField?.key { check(field, state: state) }
        for field in fields where field.required && value(field.key).trimmingWhitespace().isEmpty {
            errors[field.key] = s[.formRequired]
        }
        if let bad = fields.firstIndex(where: { errors[$0.key] != nil }) {
            focus = bad
            let count = fields.filter { errors[$0.key] != nil }.count
            let message = errors[fields[bad].key].map { state.chinese ? FieldMessages.chinese($0) : $0 } ?? ""
            state.say(s.format(.formFixFields, count) + " — \(s[fields[bad].label]): \(message)", style: Style(.error))
            return .stay
        }
        switch model.submit(values: values, state: state) {
        case .saved(let message, let transition):
            finishSaved(state)
            state.say(message, style: Style(.ok))
            return transition
        case .savedAndReset(let message):
            finishSaved(state)
            reset(state)
            state.say(message, style: Style(.ok))
            return .stay
        case .invalid(let error):
            if let index = fields.firstIndex(where: { $0.key == error.field }) {
                errors[error.field] = error.message
                focus = index
                state.say("\(s[fields[index].label]): \(state.describe(error))", style: Style(.error))
            } else {
                state.say(error.description, style: Style(.error))
            }
            return .stay
        case .duplicate(let existing):
            return .push(duplicateDialog(existing, state: state))
        case .failed:
            // Nothing was written: the typed input stays, on screen and as a draft. The reason is
            // taken before the draft is written, so a draft that cannot be written either (a full
            // disk) does not hide why the save failed.
            let failure = state.message?.text ?? ""
            state.message = nil
            writeDraft(state, force: true)
            if let draftProblem = state.message?.text {
                state.say("\(failure) — \(draftProblem); \(s[.formDraftKeptOnScreen])", style: Style(.error))
            } else {
                state.say("\(s[.formKeptDraft]): \(failure)", style: Style(.error))
            }
            return .stay
        }
    }

    private func finishSaved(_ state: AppState) {
        discardDraft(state)
        onSaved?()
    }

    /// Outreach: start again for the next person, keeping the session's fields.
    private func reset(_ state: AppState) {
        var next = model.initialValues(state: state)
        for key in model.keptAfterReset { next[key] = value(key) }
        pristine = next
        errors = [:]
        load(next, state: state)
        focus = fields.firstIndex { $0.required && value($0.key).isEmpty } ?? 0
    }

    private func cancel(_ state: AppState) -> Transition {
        guard isDirty else {
            discardDraft(state)
            return exitTransition
        }
        let s = state.strings
        return .push(ConfirmDialog(title: s[.formDiscardTitle], lines: [s[.formDiscardQuestion]], beneath: self) { answer, state in
            guard answer == .yes else { return .pop }
            self.discardDraft(state)
            return .dismiss(then: self.exitTransition)
        })
    }

    private func duplicateDialog(_ existing: CaseRecord, state: AppState) -> ConfirmDialog {
        let s = state.strings
        let text = s.format(.formDuplicate, existing.residentID.masked, existing.kind.label(chinese: state.chinese), existing.id, existing.name)
        return ConfirmDialog(title: s[.formDuplicateTitle], lines: [text, s[.formOpenInstead]], beneath: self) { answer, state in
            guard answer == .yes else {
                if let index = self.fields.firstIndex(where: { $0.key == IntakeField.id.rawValue }) {
                    self.errors[IntakeField.id.rawValue] = text
                    self.focus = index
                }
                return .pop
            }
            self.discardDraft(state)
            return .dismiss(then: .replace(CaseScreen(caseID: existing.id)))
        }
    }

    // MARK: Drafts

    /// Called after every change: the draft on disk follows the form (deleted when the form is
    /// back to how it started).
    private func changed(_ state: AppState) { writeDraft(state) }

    private func writeDraft(_ state: AppState, force: Bool = false) {
        let store = DraftStore(directory: state.session.store.directory)
        guard force || isDirty else {
            discardDraft(state)
            return
        }
        let name = draftName ?? DraftStore.newName(writer: state.session.store.writerID)
        draftName = name
        let draft = Draft(name: name, form: model.formID, caseIDs: model.caseIDs, user: state.session.user,
                          on: state.session.today.iso, values: fields.map { ($0.key, value($0.key)) })
        do {
            try store.save(draft)
        } catch {
            state.say("\(state.strings[.formDraftFailed]): \(error.description)", style: Style(.warning))
        }
    }

    private func discardDraft(_ state: AppState) {
        guard let name = draftName else { return }
        DraftStore(directory: state.session.store.directory).delete(name)
        draftName = nil
    }

    // MARK: $EDITOR

    private func openEditor(_ state: AppState) {
        guard let field = focusedField, field.kind.isText, case .text(var editor) = editors[field.key] else { return }
        guard let device = state.device else {
            state.say(state.strings[.formNoEditor], style: Style(.warning))
            return
        }
        switch ExternalEditor.edit(editor.text, device: device) {
        case .success(let text):
            guard text != editor.text else { return }
            editor.set(text)
            editors[field.key] = .text(editor)
            changed(state)
        case .failure(let failure):
            state.say(failure.description, style: Style(.error))
        }
    }

    // MARK: Drawing

    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position? {
        FormLayout(form: self, editors: editors, area: area, state: state).draw(into: &surface, top: &top)
    }
}
