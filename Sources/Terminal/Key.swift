/// One key press (or terminal event) read from the keyboard.
public enum Key: Hashable, Sendable {
    /// A printable character, including whole Chinese characters from an IME.
    case char(Character)
    /// Return / Enter (also the keypad Enter).
    case enter
    /// Escape pressed on its own.
    case escape
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Backspace (also Ctrl-H).
    case backspace
    /// Delete (forward delete).
    case delete
    /// Insert.
    case insert
    /// Arrow keys.
    case up, down, left, right
    /// Home and End.
    case home, end
    /// Page Up and Page Down.
    case pageUp, pageDown
    /// Function key F1…F63.
    case function(Int)
    /// Control plus a letter or symbol, lowercase: `.ctrl("s")` for Ctrl-S.
    case ctrl(Character)
    /// Alt (Meta) plus a character: Escape followed at once by the character.
    case alt(Character)
    /// The terminal was resized; re-query the size and redraw.
    case resize
    /// A key code the terminal reported that has no case of its own.
    case unknown(Int)

    /// The key for one character (Unicode scalar value) read from the
    /// terminal: control codes become ``enter``, ``tab``, ``escape``,
    /// ``backspace`` or ``ctrl(_:)``; anything else is ``char(_:)``.
    public static func fromInput(_ value: UInt32) -> Key {
        switch value {
        case 0x0A, 0x0D: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x08, 0x7F: return .backspace
        case 0x00: return .ctrl(" ")
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(value + 0x60)!))
        case 0x1C...0x1F: return .ctrl(Character(Unicode.Scalar(value + 0x40)!))
        default:
            guard let scalar = Unicode.Scalar(value) else { return .unknown(Int(value)) }
            return .char(Character(scalar))
        }
    }

    /// The keys produced by typing `text`, one ``char(_:)`` per character
    /// (newlines become ``enter``). Handy for scripting a ``FakeTerminal``.
    public static func typing(_ text: String) -> [Key] {
        text.map { $0.isNewline ? .enter : .char($0) }
    }
}

extension Key: CustomStringConvertible {
    /// A readable name such as `Ctrl-S`, `F2`, `PgDn` or `欧`, for help
    /// screens, footers and test failure messages.
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let character): return String(character)
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let number): return "F\(number)"
        case .ctrl(let character): return "Ctrl-" + character.uppercased()
        case .alt(let character): return "Alt-" + String(character)
        case .resize: return "Resize"
        case .unknown(let code): return "Key(\(code))"
        }
    }
}
