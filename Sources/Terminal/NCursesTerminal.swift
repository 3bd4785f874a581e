import CNCursesw
import TextCells

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why the terminal could not be started.
public struct TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, in words for the user.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The real terminal, driven by ncursesw: the only type that talks to curses.
///
/// Starting it adopts a UTF-8 locale, enters curses mode (no echo, keypad
/// keys decoded, 25 ms Escape delay, hidden cursor) and enables colour where
/// available and not disabled by `NO_COLOR`. The terminal is restored by
/// ``shutdown()``, on deinit, at `exit()`, and on SIGINT, SIGTERM, SIGHUP,
/// SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL and SIGTRAP (the handler
/// restores the terminal and re-raises the signal; Swift's traps are the last two). Window resizes arrive as ``Key/resize``.
///
/// Not thread-safe: use it from one thread (the app loop's), and have only
/// one instance running at a time (curses draws to one current screen).
public final class NCursesTerminal: TerminalDevice {
    /// Start-up settings.
    public struct Options: Sendable {
        /// How keyboard input is delivered.
        public enum InputMode: Sendable {
            /// Ctrl-C, Ctrl-Z and Ctrl-\ keep their usual meaning (signals);
            /// Ctrl-C restores the terminal and ends the app.
            case cbreak
            /// Every key, including Ctrl-C, Ctrl-Z, Ctrl-S and Ctrl-Q, is
            /// delivered as a ``Key``; the app must provide its own way out.
            case raw
        }

        /// How keyboard input is delivered; `.cbreak` by default.
        public var inputMode: InputMode
        /// How long to wait after Escape for the rest of an escape sequence.
        public var escapeDelayMilliseconds: Int
        /// Whether to install the restore-on-signal and atexit handlers.
        public var installsRestoreHandlers: Bool

        /// Creates options.
        public init(inputMode: InputMode = .cbreak, escapeDelayMilliseconds: Int = 25, installsRestoreHandlers: Bool = true) {
            self.inputMode = inputMode
            self.escapeDelayMilliseconds = escapeDelayMilliseconds
            self.installsRestoreHandlers = installsRestoreHandlers
        }
    }

    public let colorSupport: ColorSupport
    /// The curses screen; nil once shut down.
    private var screen: OpaquePointer?
    /// Streams handed to `newterm`, closed after `delscreen`.
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    /// Whether `use_default_colors` worked, so -1 means "terminal default".
    let hasDefaultColors: Bool
    private(set) var palette: ResolvedPalette
    var styleCache: [Style: (attributes: attr_t, pair: Int16)] = [:]
    var colorPairs: [ColorPairKey: Int16] = [:]
    private var lastFrame: MemorySurface?
    private var isSuspended = false

    struct ColorPairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    /// Starts curses on the process's standard input and output, using `$TERM`.
    ///
    /// - Throws: ``TerminalError`` when standard input or output is not a
    ///   terminal, or the terminal type is unknown.
    public convenience init(
        options: Options = Options(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("Standard input and output must be a terminal.")
        }
        try self.init(
            terminalType: nil, inputDescriptor: STDIN_FILENO, outputDescriptor: STDOUT_FILENO,
            options: options, environment: environment
        )
    }

    /// Starts curses on the given file descriptors (e.g. a pseudo-terminal in
    /// tests). `terminalType` nil means `$TERM`. The descriptors are
    /// duplicated; the caller keeps ownership of the originals.
    public init(
        terminalType: String?,
        inputDescriptor: Int32,
        outputDescriptor: Int32,
        options: Options = Options(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TerminalError) {
        // Wide characters need a UTF-8 locale before curses starts.
        guard cnc_adopt_utf8_locale() == 1 else {
            throw TerminalError("No UTF-8 locale is available; set LANG, e.g. LANG=C.UTF-8.")
        }
        guard let output = NCursesTerminal.openStream(duplicating: outputDescriptor, mode: "w") else {
            throw TerminalError("Cannot open the terminal: \(String(cString: strerror(errno))).")
        }
        guard let input = NCursesTerminal.openStream(duplicating: inputDescriptor, mode: "r") else {
            fclose(output)
            throw TerminalError("Cannot open the terminal: \(String(cString: strerror(errno))).")
        }
        // newterm, unlike initscr, reports failure instead of exiting.
        let screen: OpaquePointer? = terminalType.map { newterm($0, output, input) } ?? newterm(nil, output, input)
        guard let screen else {
            fclose(output)
            fclose(input)
            let name = terminalType ?? environment["TERM"] ?? "(TERM not set)"
            throw TerminalError("Unknown terminal type \"\(name)\"; set TERM, e.g. TERM=xterm-256color.")
        }
        self.screen = screen
        self.output = output
        self.input = input

        switch options.inputMode {
        case .cbreak: cbreak()
        case .raw: raw()
        }
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        intrflush(cnc_stdscr(), false)
        _ = cnc_set_escdelay(Int32(options.escapeDelayMilliseconds))
        curs_set(0)
        if options.inputMode == .cbreak {
            NCursesTerminal.disableFlowControl(descriptor: fileno(output))
        }

        // With NO_COLOR, skip start_color entirely so the terminal's own
        // colours are left untouched.
        let noColorRequested = !(environment["NO_COLOR"] ?? "").isEmpty
        var hasDefaultColors = false
        if has_colors() && !noColorRequested && start_color() == OK {
            hasDefaultColors = use_default_colors() == OK
        }
        self.hasDefaultColors = hasDefaultColors
        self.colorSupport = ColorSupport.detect(
            environment: environment, hasColors: has_colors(), colorCount: Int(cnc_colors())
        )
        self.palette = ResolvedPalette(theme: .builtInDefault, support: colorSupport)

        if options.installsRestoreHandlers {
            _ = NCursesTerminal.restoreHandlersInstalled
        }
    }

    deinit {
        shutdown()
    }

    /// A stdio stream on a duplicate of `descriptor`, so closing it leaves
    /// the caller's descriptor open.
    private static func openStream(duplicating descriptor: Int32, mode: String) -> UnsafeMutablePointer<FILE>? {
        let duplicate = dup(descriptor)
        guard duplicate >= 0 else { return nil }
        guard let stream = fdopen(duplicate, mode) else {
            close(duplicate)
            return nil
        }
        return stream
    }

    /// Turns off XON/XOFF so Ctrl-S and Ctrl-Q reach the app as keys instead
    /// of freezing the screen (cbreak leaves them on; raw already clears them).
    private static func disableFlowControl(descriptor: Int32) {
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { return }
        settings.c_iflag &= ~tcflag_t(IXON)
        _ = tcsetattr(descriptor, TCSANOW, &settings)
        // Make curses restore this mode, not its earlier one, after suspend/resume.
        def_prog_mode()
    }

    /// Installed once per process; the handlers act only while curses is active.
    private static let restoreHandlersInstalled: Bool = cnc_install_restore_handlers() == 0

    public var size: TerminalSize {
        guard screen != nil else { return TerminalSize(width: 0, height: 0) }
        var lines: Int32 = 0
        var columns: Int32 = 0
        cnc_getmaxyx(cnc_stdscr(), &lines, &columns)
        return TerminalSize(width: Int(columns), height: Int(lines))
    }

    public func apply(_ theme: Theme) {
        palette = ResolvedPalette(theme: theme, support: colorSupport)
        styleCache = [:]
        colorPairs = [:]
        if let lastFrame, screen != nil, !isSuspended { draw(lastFrame) }
    }

    public func readKey(timeoutMilliseconds: Int?) -> Key? {
        guard screen != nil, !isSuspended else { return nil }
        cnc_timeout(Int32(clamping: timeoutMilliseconds ?? -1))
        var value: wint_t = 0
        switch cnc_get_wch(&value) {
        case Int32(CNC_KEY_CODE_YES):
            return NCursesTerminal.key(forCode: Int(value))
        case Int32(CNC_OK):
            let key = Key.fromInput(UInt32(value))
            return key == .escape ? altKeyOrEscape() : key
        default:
            return nil  // timed out
        }
    }

    /// Escape immediately followed by a character is how terminals send Alt+key.
    private func altKeyOrEscape() -> Key {
        cnc_timeout(0)
        var next: wint_t = 0
        switch cnc_get_wch(&next) {
        case Int32(CNC_OK):
            if case .char(let character) = Key.fromInput(UInt32(next)) { return .alt(character) }
            unget_wch(wchar_t(bitPattern: UInt32(next)))
        case Int32(CNC_KEY_CODE_YES):
            ungetch(Int32(next))
        default:
            break
        }
        return .escape
    }

    /// The key for a curses KEY_* code.
    static func key(forCode code: Int) -> Key {
        switch code {
        case Int(CNC_KEY_UP): return .up
        case Int(CNC_KEY_DOWN): return .down
        case Int(CNC_KEY_LEFT): return .left
        case Int(CNC_KEY_RIGHT): return .right
        case Int(CNC_KEY_HOME): return .home
        case Int(CNC_KEY_END): return .end
        case Int(CNC_KEY_PPAGE): return .pageUp
        case Int(CNC_KEY_NPAGE): return .pageDown
        case Int(CNC_KEY_BACKSPACE): return .backspace
        case Int(CNC_KEY_DC): return .delete
        case Int(CNC_KEY_IC): return .insert
        case Int(CNC_KEY_ENTER): return .enter
        case Int(CNC_KEY_BTAB): return .backTab
        case Int(CNC_KEY_RESIZE): return .resize
        case (Int(CNC_KEY_F0) + 1)...Int(CNC_KEY_F_MAX): return .function(code - Int(CNC_KEY_F0))
        default: return .unknown(code)
        }
    }

    public func present(_ surface: MemorySurface) {
        lastFrame = surface
        guard screen != nil, !isSuspended else { return }
        draw(surface)
    }

    public func suspend() {
        guard screen != nil, !isSuspended else { return }
        isSuspended = true
        endwin()
    }

    public func resume() {
        guard screen != nil, isSuspended else { return }
        isSuspended = false
        // The screen now shows whatever ran meanwhile: repaint it all.
        clearok(cnc_stdscr(), true)
        refresh()
        if let lastFrame { draw(lastFrame) }
    }

    public func shutdown() {
        guard let screen else { return }
        cnc_restore_terminal()
        delscreen(screen)
        self.screen = nil
        fclose(output)
        fclose(input)
    }
}
