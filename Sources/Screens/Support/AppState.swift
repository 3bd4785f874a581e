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
    /// Set on a single-desk install with no staff file: everyone has full access.
    let accessLabel: String?
    /// Show only the user's own cases (the default) or everyone's.
    var mineOnly = true
    var message: (text: String, style: Style)?
    /// The terminal, for screens that lend it to another program for a while ($EDITOR).
    weak var device: (any TerminalDevice)?
    /// The event the last successful `record` appended.
    private(set) var lastRecorded: Event?
    /// Actions the user recorded through forms in this session, oldest first: what `u` undoes.
    var undoable: [Event] = []
    /// Shown on the status line when set (the hub sync's state).
    public var background: (any StatusLineProvider)?

    public init(session: OfficeSession, language: Language, notices: [String] = []) {
        self.session = session
        self.strings = Strings(language)
        officeName = session.store.config.office
        writerLabel = session.store.writer?.writer ?? "\(session.store.writerID) (read-only)"
        accessLabel = "full"
        if let notice = notices.first { message = (notice, Style(.notice)) }
    }

    var chinese: Bool { strings.language.isChinese }

    func say(_ text: String, style: Style = Style(.notice)) { message = (text, style) }

    /// Appends through the session; a failure is shown plainly and nothing changes.
    @discardableResult
    func record(_ body: EventBody, caseID: String, effective: LocalDate? = nil) -> Bool {
        do {
            lastRecorded = try session.record(body, caseID: caseID, effective: effective)
            return true
        } catch {
            say(error.description, style: Style(.error))
            return false
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
}
