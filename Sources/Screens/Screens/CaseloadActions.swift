import Cases
import Terminal

extension CaseloadScreen {
    /// Actions from the caseload: a new case (of the current tab's kind), campus outreach, and
    /// case actions on the selected row — or, for the bulk ones, on every marked row.
    func action(_ command: Command, state: AppState) -> Transition? {
        switch command {
        case .newCase:
            let kind = CaseloadScreen.tabs[tab] ?? .graduate
            return .push(FormScreen(model: IntakeForm(kind: kind), state: state))
        case .outreach:
            return .push(OutreachScreen.make(school: "", session: nil, state: state))
        case .bulkAssign, .bulkContact:
            let ids = marked.isEmpty ? [selectedCaseID].compactMap { $0 } : marked.sorted()
            return CaseActions.transition(for: command, caseIDs: ids, state: state, beneath: self) { [weak self] in self?.marked = [] }
        default:
            return CaseActions.transition(for: command, caseIDs: [selectedCaseID].compactMap { $0 }, state: state, beneath: self)
        }
    }
}
