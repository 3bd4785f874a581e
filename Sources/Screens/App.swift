import Journal
import Office
import Terminal
import TextCells

/// The app's loop: draw the top screen with the status line and footer, read a key (or
/// time out and pick up colleagues' changes), dispatch, repeat.
public final class App {
    /// Below this the app shows a notice instead of a garbled layout.
    public static let minimumSize = TerminalSize(width: 80, height: 24)
    /// How long a key read waits before the app checks for colleagues' new lines.
    static let idleTickMilliseconds = 250
    /// Ticks between unconditional polls: inotify cannot see other machines' writes to a
    /// network share, so every second the journals are looked at regardless.
    static let pollEveryTicks = 4

    let device: any TerminalDevice
    let state: AppState
    private(set) var stack: [any Screen]
    /// Made on the first idle tick, not with the first frame: until then nothing has been
    /// missed that the unconditional poll (``pollEveryTicks``) would not catch.
    private lazy var watcher = JournalWatcher(directory: state.session.store.directory)
    /// The background word last drawn, to redraw when it changes.
    private var backgroundText: String?

    /// `start` picks the first screen: the caseload, or campus outreach (`caseload outreach`).
    /// Unsaved drafts the user left are offered over it.
    public init(device: any TerminalDevice, state: AppState, start: StartScreen = .caseload) {
        self.device = device
        self.state = state
        state.device = device
        stack = [start.screen(state: state)]
        let drafts = DraftStore(directory: state.session.store.directory).drafts(for: state.session.user)
        if let offer = CaseActions.draftOffer(drafts, beneath: stack[0], state: state) { stack.append(offer) }
    }

    /// The caseload screen's first frame drawn from a preview's session (the user's own cases
    /// while the whole store opens), or nil when the app would open on anything else (a draft
    /// to offer back). Nothing else is done with the session.
    public static func previewFrame(device: any TerminalDevice, state: AppState) -> MemorySurface? {
        let app = App(device: device, state: state, start: .caseload)
        guard app.stack.count == 1 else { return nil }
        return app.renderFrame()
    }

    /// Puts `screen` on top, as a key that opens it would (for a first screen handing over).
    func push(_ screen: any Screen) {
        stack.append(screen)
    }

    /// Runs until the user quits.
    public func run() {
        var running = true
        var needsDraw = true
        var idleTicks = 0
        while running {
            if needsDraw {
                device.present(renderFrame())
                needsDraw = false
                // Only now, with the first screen shown, does the search index take a core.
                state.session.startSearchIndex()
            }
            guard let key = device.readKey(timeoutMilliseconds: App.idleTickMilliseconds) else {
                idleTicks += 1
                if watcher.hasChanges() || idleTicks >= App.pollEveryTicks {
                    idleTicks = 0
                    needsDraw = refreshFromColleagues()
                }
                if idle() { needsDraw = true }
                let word = state.background?.statusText(chinese: state.chinese)
                if word != backgroundText {
                    backgroundText = word
                    needsDraw = true
                }
                continue
            }
            running = handle(key)
            needsDraw = true
        }
    }

    /// Work done while no key is pressed: move to a new day when the app was left open past
    /// midnight, take the search index once its background build is done, and sort one more of the caseload's orders so that F6 never waits for a
    /// sort. Returns whether the screen should be redrawn.
    public func idle() -> Bool {
        let rolled = state.session.rollOver()
        state.session.adoptSearch()
        let finished = stack.last!.idle(state: state)
        state.rowTable.prepareNextOrder(state.session)
        return rolled || finished
    }

    /// Draws the whole frame for the current size into a fresh surface.
    public func renderFrame() -> MemorySurface {
        let size = device.size
        var surface = MemorySurface(width: max(1, size.width), height: max(1, size.height))
        if size.width < App.minimumSize.width || size.height < App.minimumSize.height {
            drawTooSmall(into: &surface, size: size)
            return surface
        }
        let top = stack.last!
        Chrome.drawStatusLine(into: &surface, state: state)
        let area = Rect(row: 1, col: 0, width: size.width, height: size.height - 2)
        surface.cursor = top.render(into: &surface, area: area, state: state)
        Chrome.drawMessage(into: &surface, state: state)
        Chrome.drawFooter(into: &surface, screen: top.kind, strings: state.strings)
        return surface
    }

    /// Handles one key. Returns false when the app should quit.
    public func handle(_ key: Key) -> Bool {
        if key == .resize { return true }
        let size = device.size
        if size.width < App.minimumSize.width || size.height < App.minimumSize.height {
            return !(key == .char("q") || key == .function(10) || key == .ctrl("c"))
        }
        if state.message != nil, key != .resize { state.message = nil }
        state.session.rollOver()
        let top = stack.last!
        if KeyBindings.command(for: key, on: top.kind) == .help, top.kind != .help {
            stack.append(HelpScreen(for: top.kind))
            return true
        }
        return apply(top.handle(key, state: state))
    }

    private func apply(_ transition: Transition) -> Bool {
        switch transition {
        case .stay: return true
        case .push(let screen): stack.append(screen)
        case .pop: if stack.count > 1 { stack.removeLast() }
        case .replace(let screen): stack[stack.count - 1] = screen
        case .dismiss(let then):
            if stack.count > 1 { stack.removeLast() }
            return apply(then)
        case .quit: return false
        }
        return true
    }

    /// Returns whether anything arrived (or failed) and the screen should be redrawn.
    private func refreshFromColleagues() -> Bool {
        do {
            let count = try state.session.refresh()
            guard count > 0 else { return false }
            state.say(state.strings.format(.newEvents, count))
        } catch {
            state.say(error.description, style: Style(.error))
        }
        return true
    }

    private func drawTooSmall(into surface: inout MemorySurface, size: TerminalSize) {
        let s = state.strings
        let lines = [s[.tooSmall], s.format(.tooSmallNeed, App.minimumSize.width, App.minimumSize.height, size.width, size.height)]
        for (index, line) in lines.enumerated() {
            let row = size.height / 2 - 1 + index
            guard row >= 0, row < size.height else { continue }
            let col = max(0, (size.width - line.displayWidth) / 2)
            surface.put(line, at: row, col: col, style: index == 0 ? Style(.warning, .bold) : .normal, maxWidth: size.width - col)
        }
    }
}
