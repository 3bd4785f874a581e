/// The screen the app opens on.
public enum StartScreen: Sendable {
    /// The caseload (home).
    case caseload
    /// Campus outreach at `school`; `session` names the session (default: today's date).
    /// Leaving the form quits the app.
    case outreach(school: String, session: String?)

    func screen(state: AppState) -> any Screen {
        switch self {
        case .caseload:
            return CaseloadScreen()
        case .outreach(let school, let session):
            let form = OutreachScreen.make(school: school, session: session, state: state)
            form.exitTransition = .quit
            return form
        }
    }
}
