import Terminal

/// The first screen of a large office, live while the whole store opens on another thread.
///
/// The caseload screen drawn from a preview's session (the user's own cases, read from the
/// snapshot alone) answers the keys that only read the user's cases at once: up and down, page,
/// top and bottom and the tabs on the list, Enter to open one of the cases, and on that case
/// the moves about its timeline and back (the preview holds the user's cases whole, with what
/// their screens show of a household or the same person). Every other key (F5, a search, an
/// action, a reveal, quitting) needs the whole office or writes, so it is kept, in order, and
/// given to the app proper once that has opened (``handOver(to:)``). Once one key is kept every
/// later key is kept too: after `/` a `j` is typed into the search, and after `c` a Down moves
/// in the contact form, so only the app may have it.
///
/// Quitting (`q`, F10) waits for the handover as well: the open behind the screen may be writing
/// (its journal's torn line set aside, a snapshot), and the app's way out (the hub's last round,
/// the terminal restored) is the one that is tested. The status line says why it waits. Ctrl-C
/// is a signal, as in the app: the terminal is restored and the process ends.
///
/// The preview's session builds no search index and does no idle work: either would take a core
/// from the whole open.
public final class PreviewRun {
    /// How long a key read waits before looking whether the whole open has finished.
    public static let pollMilliseconds = 50
    /// The commands the first screen answers by itself, by the screen on top: moving about the
    /// caseload's list and opening a case, moving about the case's timeline and going back.
    static let answeredAtOnce: [ScreenKind: Set<Command>] = [
        .caseload: [.down, .up, .pageDown, .pageUp, .top, .bottom, .nextTab, .previousTab, .open],
        .caseDetail: [.down, .up, .pageDown, .pageUp, .top, .bottom, .back, .home],
    ]

    let app: App
    /// Keys for the app proper, oldest first.
    public private(set) var kept: [Key] = []

    /// A live first screen on `state` (a preview's), or nil when the app would not open on the
    /// caseload alone (a draft to offer back), as ``App/previewFrame(device:state:)`` is.
    public init?(device: any TerminalDevice, state: AppState) {
        let app = App(device: device, state: state, start: .caseload)
        guard app.stack.count == 1, app.stack[0] is CaseloadScreen else { return nil }
        // The status line says the rest of the office is still opening, so that F5 or Enter
        // waiting is not taken for a frozen app.
        state.background = StillOpening()
        self.app = app
    }

    /// Whether the first screen answers `key` itself (``answeredAtOnce`` on the screen on top),
    /// when no earlier key is waiting for the app proper.
    public func answersAtOnce(_ key: Key) -> Bool {
        guard kept.isEmpty, let top = app.stack.last, let answered = PreviewRun.answeredAtOnce[top.kind],
              let command = KeyBindings.command(for: key, on: top.kind) else { return false }
        return answered.contains(command)
    }

    /// Handles `key` on the first screen or keeps it for the app. Returns whether the screen
    /// should be drawn again.
    @discardableResult
    public func take(_ key: Key) -> Bool {
        if key == .resize { return true }
        guard answersAtOnce(key) else {
            kept.append(key)
            return false
        }
        _ = app.handle(key)
        return true
    }

    /// The first screen as it stands.
    public func renderFrame() -> MemorySurface { app.renderFrame() }

    /// Shows the first screen, then answers keys until `finished` says the whole office is
    /// open. `finished` is asked between key reads, at least every ``pollMilliseconds``.
    public func run(until finished: () -> Bool) {
        let device = app.device
        device.present(renderFrame())
        while !finished() {
            guard let key = device.readKey(timeoutMilliseconds: PreviewRun.pollMilliseconds) else { continue }
            if take(key) { device.present(renderFrame()) }
        }
    }

    /// Gives `app` (the app proper, on the whole store) what the first screen showed (its tab,
    /// selected case and scroll, and the case open over it, at the same place in its timeline)
    /// and then the kept keys, in order, each after a frame as the app's loop draws one (a
    /// screen learns its page size and row count as it draws, and a Down after Enter moves in a
    /// case drawn once). Returns false when one of them quit the app: the rest are dropped, as
    /// the app would never have read them.
    ///
    /// When the app proper does not open on the caseload alone (a draft to offer back, saved by
    /// another window meanwhile), nothing is carried and the kept keys are dropped: they were
    /// meant for screens the user saw, not for a question they have not read.
    public func handOver(to app: App) -> Bool {
        guard let shown = self.app.stack.first as? CaseloadScreen, let home = app.stack.first as? CaseloadScreen,
              app.stack.count == 1 else { return true }
        home.carry(from: shown, state: app.state)
        // The case by its id: the list's selection may have moved if the case left the list.
        for case let reading as CaseScreen in self.app.stack.dropFirst() {
            let carried = CaseScreen(caseID: reading.caseID)
            carried.carry(from: reading)
            app.push(carried)
        }
        for key in kept {
            _ = app.renderFrame()
            guard app.handle(key) else { return false }
        }
        return true
    }
}

/// The first screen's word on the status line.
private final class StillOpening: StatusLineProvider {
    func statusText(chinese: Bool) -> String? { Strings(chinese ? .zh : .en)[.stillOpening] }
}
