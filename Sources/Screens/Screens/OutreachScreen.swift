import Cases
import Terminal

/// Campus outreach: quick intake of graduates at a school's session, on a laptop that may be
/// offline (it only appends to its own journal). A minimal form — name, ID, phone, major,
/// degree, graduation date, intention — with the school and session prefilled. Enter saves once
/// the required fields are filled (else moves to the next required empty one) and clears the
/// form for the next person; a counter shows how many this session has registered.
enum OutreachScreen {
    /// The outreach form, ready to push (or to be the app's only screen).
    static func make(school: String, session: String?, state: AppState, draft: Draft? = nil) -> FormScreen {
        FormScreen(model: OutreachForm(school: school, session: session), state: state, draft: draft)
    }
}

/// The outreach form's fields and rules. The session is recorded in `CaseOpened.source` as
/// `{"session": …, "school": …}`, which is also how the counter finds this session's cases.
final class OutreachForm: FormModel {
    let formID = "outreach"
    let style = FormStyle.outreach
    let keptAfterReset: Set<String> = ["school", "session", "degree", "graduated"]
    private let school: String
    private let session: String?
    private var counted: (revision: Int, school: String, session: String, count: Int)?

    init(school: String, session: String?) {
        self.school = school
        self.session = session
    }

    func title(state: AppState) -> String { state.strings[.titleOutreach] }

    private func sessionName(_ values: [String: String], state: AppState) -> String {
        values.text("session") ?? state.session.today.iso
    }

    /// How many cases this school's session has registered, from the journal (so it survives
    /// a restart and includes colleagues' laptops once synced).
    func count(school: String, session: String, state: AppState) -> Int {
        if let counted, counted.revision == state.session.revision, counted.school == school, counted.session == session {
            return counted.count
        }
        let count = state.session.caseload.cases.values.filter { record in
            record.source?["session"]?.stringValue == session && record.source?["school"]?.stringValue == school
        }.count
        counted = (state.session.revision, school, session, count)
        return count
    }

    func header(values: [String: String], state: AppState) -> [String] {
        let school = values.text("school") ?? self.school
        let name = sessionName(values, state: state)
        let count = self.count(school: school, session: name, state: state)
        return [state.strings.format(.outreachCount, count) + "  ·  \(school.isEmpty ? "—" : school) · \(name)"]
    }

    func initialValues(state: AppState) -> [String: String] {
        ["school": school, "session": session ?? state.session.today.iso, "left_without_job": "yes"]
    }

    func fields(values: [String: String], state: AppState) -> [FormField] {
        let field = { (intake: IntakeField, required: Bool) in IntakeFields.field(intake, required: required) }
        return [field(.school, true), FormField("session", .fieldSession, .text(width: 24)),
                field(.name, true), field(.id, true), field(.phone, false), field(.major, true), field(.degree, true),
                field(.graduated, true), FormField(IntakeField.intentionSector.rawValue, .fieldIntention, .text(width: 24))]
    }

    func check(_ key: String, values: [String: String], state: AppState) -> FieldCheck {
        var result = IntakeFields.check(key, values: values, today: state.session.today)
        // Warn about a duplicate as soon as the ID is left, not only on save.
        if key == IntakeField.id.rawValue, result.error == nil, let existing = IntakeFields.duplicate(values, kind: .graduate, state: state) {
            result.error = IntakeFields.duplicateText(existing, state: state)
        }
        return result
    }

    func note(for key: String, values: [String: String], state: AppState) -> FieldNote? {
        key == IntakeField.id.rawValue ? IntakeFields.idNote(values, state: state) : nil
    }

    func submit(values: [String: String], state: AppState) -> FormOutcome {
        var fields = IntakeFields.intakeValues(values)
        fields[.leftWithoutJob] = "yes"
        var opened: CaseOpened
        do {
            opened = try Intake.validate(kind: .graduate, fields: fields, counsellor: state.session.user, today: state.session.today)
        } catch {
            return .invalid(error)
        }
        if let existing = state.session.caseload.openDuplicate(of: opened.person.residentID, kind: .graduate) {
            return .invalid(ValidationError(field: IntakeField.id.rawValue, IntakeFields.duplicateText(existing, state: state)))
        }
        let school = values.text("school") ?? self.school
        let session = sessionName(values, state: state)
        opened.source = JSONObject([("session", .string(session)), ("school", .string(school))])
        let caseID = state.session.store.newCaseID(kind: .graduate)
        guard state.recordAction(.caseOpened(opened), caseID: caseID) != nil else { return .failed }
        let count = self.count(school: school, session: session, state: state)
        return .savedAndReset(state.strings.format(.outreachSaved, opened.person.name, caseID, count))
    }
}
