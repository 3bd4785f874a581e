import Cases
import Journal
import Office
import Terminal

/// Something running beside the app with a word for the status line (the hub sync). The app
/// asks on every idle tick and redraws when the word changes.
public protocol StatusLineProvider: AnyObject, Sendable {
    func statusText(chinese: Bool) -> String?
}

/// What every screen shares: the open office, the language, the "mine / everyone's"
/// choice and the message line.
public final class AppState {
    public let session: OfficeSession
    public let strings: Strings
    let officeName: String
    let writerLabel: String
    /// What the user may see and do (the staff file; without one, everything).
    public let access: Access
    /// Show only the user's own cases (the default) or everyone's.
    var mineOnly = true
    var message: (text: String, style: Style)?
    /// The terminal, for screens that lend it to another program for a while ($EDITOR).
    weak var device: (any TerminalDevice)?
    /// The event the last successful `record` appended.
    private(set) var lastRecorded: Event?
    /// Actions the user recorded through forms in this session, oldest first: what `u` undoes.
    var undoable: [Event] = []
    /// The caseload list's sort and filter keys for every case, shared by every caseload
    /// screen and kept up to date revision by revision.
    let rowTable = CaseRowTable()
    /// Shown on the status line when set (the hub sync's state).
    public var background: (any StatusLineProvider)?

    /// `access`: from `Access.load` (the staff file); nil means no staff file, full access.
    public init(session: OfficeSession, language: Language, notices: [String] = [], access: Access? = nil) {
        self.session = session
        self.strings = Strings(language)
        officeName = session.store.config.office
        // A preview (the first screen while the store opens) shows the desk as it will be.
        let store = session.store
        writerLabel = store.writer?.writer ?? (store.isPreview ? store.writerID : "\(store.writerID) (read-only)")
        self.access = access ?? Access(user: session.user, staff: nil)
        if let notice = notices.first { message = (notice, Style(.notice)) }
        // The list's keys for every case are made with the session, as part of opening (on both
        // cores, about 10 ms at 100,000 cases). Sorting them all is left to idle ticks: the first
        // frame sorts only the cases it lists (the user's own), the rest would be wasted start-up.
        rowTable.sync(session)
    }

    var chinese: Bool { strings.language.isChinese }

    func say(_ text: String, style: Style = Style(.notice)) { message = (text, style) }

    /// Appends through the session; a failure is shown plainly and nothing changes.
    @discardableResult
    func record(_ body: EventBody, caseID: String, effective: LocalDate? = nil) -> Bool {
        if let why = refusal(body, caseID: caseID) {
            say(why, style: Style(.error))
            return false
        }
        do {
            lastRecorded = try session.record(body, caseID: caseID, effective: effective)
            return true
        } catch {
            say(error.description, style: Style(.error))
            return false
        }
    }
}

extension AppState {
    /// Whether the user sees the case in full (else the screens show a stub).
    func seesFull(_ caseID: String) -> Bool {
        session.caseload[caseID].map(access.seesFull) ?? true
    }

    /// The staff file's verdict on recording `body`: a reveal needs full sight of the case
    /// (auditors may reveal, and are audited); anything else needs write access.
    func refusal(_ body: EventBody, caseID: String) -> String? {
        let record = session.caseload[caseID]
        if case .personalDataRevealed = body {
            guard let record, !access.seesFull(record) else { return nil }
            return "\(record.id): \(strings[.stubNotice]) (\(record.counsellor))"
        }
        if case .caseOpened(let opened) = body, record == nil, !access.seesFull(counsellor: opened.counsellor) {
            return access.refusal(nil, action: "add") ?? "\(opened.counsellor) is outside your team; add refused (\(access.label))"
        }
        return access.refusal(record, action: body.typeName)
    }

    /// The status line's access part: role and team, or full access without a staff file.
    var accessLabel: String {
        let s = strings
        guard access.staff != nil else { return s[.fullAccess] }
        guard let member = access.member else { return s[.roleNone] }
        switch member.role {
        case .auditor: return s[.roleAuditor]
        case .counsellor: return s[.roleCounsellor] + " · " + s[.team] + " " + (member.team ?? "—")
        case .supervisor: return s[.roleSupervisor] + " · " + s[.team] + " " + (member.team ?? "—")
        }
    }
}

/// What a screen asks the app to do after a key.
enum Transition {
    case stay
    case push(any Screen)
    case pop
    /// Replaces the top screen (a saved intake becomes its case screen).
    case replace(any Screen)
    /// Pops the top screen (a dialog), then does `then` for the screen below it.
    indirect case dismiss(then: Transition)
    case quit
}

/// One screen of the app. Screens draw into the area between the status line and the
/// footer, and act on commands from the binding table.
protocol Screen: AnyObject {
    var kind: ScreenKind { get }
    /// Draws into rows `area.row ..< area.row + area.height`. Returns the cursor position
    /// when a text field has focus.
    func render(into surface: inout MemorySurface, area: Rect, state: AppState) -> Position?
    func handle(_ key: Key, state: AppState) -> Transition
    /// Work finished in the background since the last frame (a report); true to draw again.
    func idle(state: AppState) -> Bool
}

extension Screen {
    func idle(state: AppState) -> Bool { false }
}
