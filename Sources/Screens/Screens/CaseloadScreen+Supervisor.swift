/// Opening the caseload from the supervisor's dashboard.
extension CaseloadScreen {
    /// Everyone's caseload, narrowed to one counsellor's open and placed cases when given.
    /// The app's own "mine / everyone's" choice is left as it was.
    static func supervising(_ counsellor: String?, state: AppState) -> CaseloadScreen {
        var filter = CaseFilter.empty
        filter.counsellor = counsellor
        return CaseloadScreen(filter: filter, everyone: true)
    }
}
