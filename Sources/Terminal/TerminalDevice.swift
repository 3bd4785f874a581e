/// The terminal as the app loop sees it, so the loop can run against the real
/// screen (``NCursesTerminal``) or a scripted one in tests (``FakeTerminal``).
///
/// A typical loop:
///
/// ```swift
/// terminal.apply(theme)
/// while running {
///     var surface = MemorySurface(size: terminal.size)
///     screen.draw(into: &surface)
///     terminal.present(surface)
///     guard let key = terminal.readKey(timeoutMilliseconds: 500) else {
///         checkForFileChanges(); continue
///     }
///     handle(key)   // .resize needs nothing more: the next frame uses the new size
/// }
/// terminal.shutdown()
/// ```
public protocol TerminalDevice: AnyObject {
    /// The current size; changes after a ``Key/resize`` is read.
    var size: TerminalSize { get }
    /// The colours available (after `NO_COLOR` and terminal capabilities).
    var colorSupport: ColorSupport { get }
    /// Uses `theme` for subsequent frames.
    func apply(_ theme: Theme)
    /// Waits up to `timeoutMilliseconds` for a key (nil waits indefinitely)
    /// and returns it, or nil when the time ran out.
    func readKey(timeoutMilliseconds: Int?) -> Key?
    /// Shows `surface` on the screen, including its cursor position; cells
    /// beyond the terminal's size are not shown.
    func present(_ surface: MemorySurface)
    /// Temporarily gives the terminal back (e.g. to run an editor); call
    /// ``resume()`` afterwards.
    func suspend()
    /// Takes the terminal back after ``suspend()`` and redraws the last frame.
    func resume()
    /// Restores the terminal for good; safe to call more than once.
    func shutdown()
}

/// A scripted ``TerminalDevice`` for tests: hands out queued keys and records
/// every presented frame. It never waits, so tests never sleep.
public final class FakeTerminal: TerminalDevice {
    public private(set) var size: TerminalSize
    public var colorSupport: ColorSupport
    /// Keys still to be read, in order.
    public var pendingKeys: [Key]
    /// Returned by ``readKey(timeoutMilliseconds:)`` once ``pendingKeys`` is
    /// empty, e.g. the app's quit key so a loop under test always ends. When
    /// nil, an empty queue reads as a timeout (nil).
    public var keyWhenExhausted: Key?
    /// Every frame presented, oldest first.
    public private(set) var frames: [MemorySurface] = []
    /// Every theme applied, oldest first.
    public private(set) var appliedThemes: [Theme] = []
    /// How many reads found no pending key (timeouts, as the app sees them).
    public private(set) var idleReadCount = 0
    /// How many reads returned ``keyWhenExhausted``.
    public private(set) var exhaustedReadCount = 0
    /// Whether ``suspend()`` was called without a matching ``resume()``.
    public private(set) var isSuspended = false
    /// Whether ``shutdown()`` was called.
    public private(set) var isShutDown = false
    /// Called when a read finds no pending key, before it returns; lets a
    /// test act at the moment the app goes idle (e.g. change a watched file,
    /// or queue more keys).
    public var onIdle: ((FakeTerminal) -> Void)?

    /// A fake terminal of `width` × `height` that will hand out `keys`.
    public init(width: Int = 80, height: Int = 24, keys: [Key] = [], colorSupport: ColorSupport = .palette256) {
        self.size = TerminalSize(width: width, height: height)
        self.pendingKeys = keys
        self.colorSupport = colorSupport
    }

    /// The most recent frame.
    public var lastFrame: MemorySurface? { frames.last }

    /// Queues keys to be read after those already pending.
    public func enqueue(_ keys: Key...) {
        pendingKeys += keys
    }

    /// Queues one ``Key/char(_:)`` per character of `text`.
    public func enqueue(typing text: String) {
        pendingKeys += Key.typing(text)
    }

    /// Changes the size and queues a ``Key/resize``, as a real terminal does.
    public func resize(to newSize: TerminalSize) {
        size = newSize
        pendingKeys.append(.resize)
    }

    public func apply(_ theme: Theme) {
        appliedThemes.append(theme)
    }

    public func readKey(timeoutMilliseconds: Int?) -> Key? {
        if pendingKeys.isEmpty {
            onIdle?(self)
        }
        if !pendingKeys.isEmpty {
            return pendingKeys.removeFirst()
        }
        if let keyWhenExhausted {
            exhaustedReadCount += 1
            return keyWhenExhausted
        }
        idleReadCount += 1
        return nil
    }

    public func present(_ surface: MemorySurface) {
        frames.append(surface)
    }

    public func suspend() {
        isSuspended = true
    }

    public func resume() {
        isSuspended = false
    }

    public func shutdown() {
        isShutDown = true
    }
}
