import Cases
import Office
import Terminal

extension AppState {
    /// Appends one event for an action the user may undo later in this session. Returns the
    /// stored event only once it is durable (`record` returned true); nil after a failure,
    /// which `record` has already shown.
    @discardableResult
    func recordAction(_ body: EventBody, caseID: String, effective: LocalDate? = nil) -> Event? {
        guard record(body, caseID: caseID, effective: effective), let event = lastRecorded else { return nil }
        undoable.append(event)
        return event
    }

    /// "Saved · contact by phone, reached: … · 张伟".
    func savedMessage(_ event: Event, name: String) -> String {
        strings.format(.formSaved, EventText.describe(event, chinese: chinese), name)
    }

    /// The user's last action in this session that still counts, if any.
    var lastUndoable: Event? {
        undoable.last { event in
            guard let record = session.caseload[event.caseID] else { return false }  // its opening was undone
            return !record.undone.contains(event.id)
        }
    }

    /// Asks, then appends a compensating `event_undone` for the user's last action.
    func undoDialog(beneath: any Screen) -> Transition {
        guard let event = lastUndoable else {
            say(strings[.undoNothing], style: Style(.warning))
            return .stay
        }
        let name = session.caseload[event.caseID]?.name ?? event.caseID
        let what = EventText.describe(event, chinese: chinese)
        let lines = [strings.format(.undoQuestion, name, event.caseID), what]
        return .push(ConfirmDialog(title: strings[.undoTitle], lines: lines, beneath: beneath) { answer, state in
            guard answer == .yes else { return .pop }
            let reason = "undone by \(state.session.user) in the app"
            if state.record(.eventUndone(eventID: event.id, reason: reason), caseID: event.caseID) {
                state.undoable.removeAll { $0.id == event.id }
                state.say(state.strings.format(.undone, what), style: Style(.ok))
            }
            return .pop
        })
    }
}
