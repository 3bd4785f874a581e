import Cases
import Office
import Terminal

/// What the action forms share: the case (or marked cases) they act on, a title naming it,
/// and `apply`, which checks every case before writing anything and then appends one event
/// per case, showing "saved" only after each append was durable.
class CaseActionForm: FormModel {
    var formID: String { "" }
    var titleKey: TextKey { .titleContact }
    /// Cases still to be written: a bulk action interrupted by a write failure retries the rest.
    private(set) var pending: [String]
    var caseIDs: [String] { pending }

    init(caseIDs: [String]) { pending = caseIDs }

    /// The single case, when the form acts on one.
    func record(_ state: AppState) -> CaseRecord? {
        pending.count == 1 ? state.session.caseload[pending[0]] : nil
    }

    func title(state: AppState) -> String {
        let s = state.strings
        if let record = record(state) { return "\(s[titleKey]) · \(record.name) (\(record.id))" }
        return "\(s[titleKey]) · \(s.format(.bulkCases, pending.count))"
    }

    func header(values: [String: String], state: AppState) -> [String] {
        let zh = state.chinese
        if let record = record(state) {
            let s = state.strings
            let status = record.status.label(chinese: zh)
            var lines = ["\(record.kind.label(chinese: zh)) · \(status) · \(s[.counsellor]) \(record.counsellor)"]
            if let flag = state.session.flags(for: record.id).first { lines.append("\(flag.severity.glyph) \(flag.reason(chinese: zh))") }
            return lines
        }
        let names = pending.prefix(6).compactMap { state.session.caseload[$0]?.name }
        return [names.joined(separator: zh ? "、" : ", ") + (pending.count > 6 ? " …" : "")]
    }

    func fields(values: [String: String], state: AppState) -> [FormField] { [] }
    func initialValues(state: AppState) -> [String: String] { [:] }
    func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck { .fine }
    func note(for key: String, values: [String: String], state: AppState) -> FieldNote? { nil }
    func didLeave(_ key: String, form: FormScreen, state: AppState) {}
    func submit(values: [String: String], state: AppState) -> FormOutcome { .failed }
    var style: FormStyle { .standard }
    var keptAfterReset: Set<String> { [] }

    /// Builds each case's event with `build` (which throws the command line's validation
    /// errors), then appends them. One case: an error goes beside its field. Several: cases
    /// that do not qualify are skipped and named; the rest are written.
    func apply(_ state: AppState, allowClosed: Bool = false,
               build: (CaseRecord) throws(ValidationError) -> (body: EventBody, on: LocalDate?)) -> FormOutcome {
        var planned: [(record: CaseRecord, body: EventBody, on: LocalDate?)] = []
        var skipped: [String] = []
        for id in pending {
            guard let record = state.session.caseload[id] else {
                skipped.append("\(id): not found")
                continue
            }
            do throws(ValidationError) {
                if record.status == .closed && !allowClosed {
                    throw ValidationError(field: "case", "\(record.id) is closed; reopen it first")
                }
                let built = try build(record)
                planned.append((record, built.body, built.on))
            } catch {
                if pending.count == 1 { return .invalid(error) }
                skipped.append("\(record.name): \(error.message)")
            }
        }
        guard !planned.isEmpty else { return .invalid(ValidationError(field: "case", skipped.joined(separator: "; "))) }
        var saved: [Event] = []
        for plan in planned {
            guard let event = state.recordAction(plan.body, caseID: plan.record.id, effective: plan.on) else {
                if !saved.isEmpty, let failure = state.message {
                    state.say(state.strings.format(.bulkSaved, saved.count, planned.count) + " — " + failure.text, style: failure.style)
                }
                return .failed
            }
            pending.removeAll { $0 == plan.record.id }
            saved.append(event)
        }
        let s = state.strings
        if planned.count == 1 && skipped.isEmpty { return .saved(state.savedMessage(saved[0], name: planned[0].record.name), .pop) }
        var message = s.format(.bulkSaved, saved.count, saved.count + skipped.count)
        if !skipped.isEmpty { message += " — " + s.format(.bulkSkipped, skipped.count, skipped.joined(separator: "; ")) }
        return .saved(message, .pop)
    }

    /// A work date field (`--date`) as left: a past date, not before the case opened.
    func checkWorkDate(_ text: String?, state: AppState) -> FieldCheck {
        FieldCheck.run { () throws(ValidationError) -> String? in
            try ActionInput.workDate(text, opened: record(state)?.opened, today: state.session.today).iso
        }
    }
}
