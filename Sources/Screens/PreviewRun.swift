import Terminal

/// The first screen of a large office, live while the whole store opens on another thread.
///
/// The caseload screen drawn from a preview's session (the user's own cases, read from the
/// snapshot alone) answers the keys that only move about its list at once: up and down, page,
/// top and bottom, and the tabs. Every other key (F5, Enter, a search, an action, quitting) needs
/// the whole office, so it is kept, in order, and given to the app proper once that has opened
/// (``handOver(to:)``). Once one key is kept every later key is kept too: after `/` a `j` is
/// typed into the search, and after Enter a Down moves in the case, so only the app may have it.
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
    /// The commands the first screen answers by itself: moving about the caseload's list.
    static let answeredAtOnce: Set<Command> = [.down, .up, .pageDown, .pageUp, .top, .bottom, .nextTab, .previousTab]

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

    /// Whether the first screen answers `key` itself: a move about the caseload's list, when no
    /// earlier key is waiting for the app proper.
    public func answersAtOnce(_ key: Key) -> Bool {
        guard kept.isEmpty, let command = KeyBindings.command(for: key, on: .caseload) else { return false }
        return PreviewRun.answeredAtOnce.contains(command)
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
    /// selected case and scroll) and then the kept keys, in order. Returns false when one of
    /// them quit the app: the rest are dropped, as the app would never have read them.
    public func handOver(to app: App) -> Bool {
        if let shown = self.app.stack.first as? CaseloadScreen, let home = app.stack.first as? CaseloadScreen {
            home.carry(from: shown, state: app.state)
        }
        for key in kept {
            guard app.handle(key) else { return false }
        }
        return true
    }
}

/// The first screen's word on the status line.
private final class StillOpening: StatusLineProvider {
    func statusText(chinese: Bool) -> String? { Strings(chinese ? .zh : .en)[.stillOpening] }
}
