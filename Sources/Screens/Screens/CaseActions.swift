import Cases
import Terminal

/// Starts an action on a case from the case screen, or on the selected (or marked) rows of
/// the caseload: the form for the command, the undo question, or a plain message when the
/// case cannot take the action (closed, already open, nothing to snooze).
enum CaseActions {
    /// The transition for an action command; nil for commands that are not actions.
    static func transition(for command: Command, caseIDs: [String], state: AppState, beneath: any Screen,
                           onSaved: (() -> Void)? = nil) -> Transition? {
        let s = state.strings
        let model: any FormModel
        switch command {
        case .undo: return state.undoDialog(beneath: beneath)
        case .logContact, .bulkContact: model = ContactForm(caseIDs: caseIDs)
        case .recordService: model = ServiceForm(caseIDs: caseIDs)
        case .recordOutcome: model = OutcomeForm(caseIDs: caseIDs)
        case .scheduleFollowUp: model = ScheduleForm(caseIDs: caseIDs)
        case .snooze: model = SnoozeForm(caseIDs: caseIDs)
        case .reassign, .bulkAssign: model = ReassignForm(caseIDs: caseIDs)
        case .closeCase: model = CloseForm(caseIDs: caseIDs)
        case .reopen: model = ReopenForm(caseIDs: caseIDs)
        case .addNote: model = NoteForm(caseIDs: caseIDs)
        case .correct: model = CorrectionForm(caseID: caseIDs.first ?? "")
        default: return nil
        }
        guard !caseIDs.isEmpty else {
            state.say(s[.noCases], style: Style(.warning))
            return .stay
        }
        // Refuse at once what saving would refuse anyway, as the command line does.
        if caseIDs.count == 1, let record = state.session.caseload[caseIDs[0]] {
            switch command {
            case .reopen where record.status == .open:
                state.say(s.format(.caseAlreadyOpen, record.id), style: Style(.warning))
                return .stay
            case .addNote, .reopen:
                break
            default:
                if record.status == .closed {
                    state.say(s.format(.caseClosedReopen, record.id), style: Style(.warning))
                    return .stay
                }
            }
            if command == .snooze, state.session.flags(for: record.id).isEmpty {
                state.say(s[.nothingToSnooze], style: Style(.warning))
                return .stay
            }
        }
        let form = FormScreen(model: model, state: state)
        form.onSaved = onSaved
        return .push(form)
    }

    /// The form a draft belongs to, rebuilt from what the draft kept.
    static func model(for draft: Draft) -> (any FormModel)? {
        let ids = draft.caseIDs
        let values = draft.dictionary
        switch draft.form {
        case "intake": return IntakeForm(kind: IntakeForm.kind(of: values) ?? .graduate)
        case "outreach": return OutreachForm(school: values["school"] ?? "", session: values.text("session"))
        case "correct": return ids.first.map(CorrectionForm.init(caseID:))
        case "contact": return ContactForm(caseIDs: ids)
        case "service": return ServiceForm(caseIDs: ids)
        case "outcome": return OutcomeForm(caseIDs: ids)
        case "schedule": return ScheduleForm(caseIDs: ids)
        case "snooze": return SnoozeForm(caseIDs: ids)
        case "reassign": return ReassignForm(caseIDs: ids)
        case "close": return CloseForm(caseIDs: ids)
        case "reopen": return ReopenForm(caseIDs: ids)
        case "note": return NoteForm(caseIDs: ids)
        default: return nil
        }
    }

    /// Asks about the user's unsaved drafts one at a time: y resumes the form with the typed
    /// values, n discards the draft, Esc keeps it (and the rest) for next time.
    static func draftOffer(_ drafts: [Draft], beneath: any Screen, state: AppState) -> ConfirmDialog? {
        guard let draft = drafts.first, let model = model(for: draft) else {
            return drafts.isEmpty ? nil : draftOffer(Array(drafts.dropFirst()), beneath: beneath, state: state)
        }
        let s = state.strings
        let values = draft.dictionary
        let summary = [values.text("name"), values.text("channel"), values.text("note") ?? values.text("text") ?? values.text("reason")]
            .compactMap { $0 }.joined(separator: " · ")
        let lines = [s.format(.draftQuestion, model.title(state: state), draft.on), summary.isEmpty ? "—" : summary, s[.draftChoices]]
        return ConfirmDialog(title: s[.draftTitle], lines: lines, beneath: beneath) { answer, state in
            switch answer {
            case .yes:
                return .replace(FormScreen(model: model, state: state, draft: draft))
            case .no:
                DraftStore(directory: state.session.store.directory).delete(draft.name)
                state.say(s[.draftDiscarded])
                return draftOffer(Array(drafts.dropFirst()), beneath: beneath, state: state).map(Transition.replace) ?? .pop
            case .cancel:
                return .pop
            }
        }
    }
}
