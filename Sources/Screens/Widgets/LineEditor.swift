import Terminal
import TextCells

/// A one-line text field that edits like readline: arrows, Home/End, Ctrl-A/E/U/K/W,
/// Backspace and Delete by whole characters (a CJK character is one step, two cells).
public struct LineEditor: Sendable, Equatable {
    public private(set) var characters: [Character]
    /// Cursor position as a character index, 0…count.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    public mutating func set(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Applies an editing key. Returns false for keys that are not editing keys (Enter, Esc,
    /// Tab, arrows up/down…), which the caller handles.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c) where !c.isNewline && c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }):
            characters.insert(c, at: cursor)
            cursor += 1
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < characters.count else { return true }
            characters.remove(at: cursor)
        case .ctrl("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            characters.removeSubrange(cursor...)
        case .ctrl("w"):
            var start = cursor
            while start > 0, characters[start - 1].isWhitespace { start -= 1 }
            while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        return true
    }

    /// Draws the field in `width` cells at (row, col), scrolling so the cursor stays visible.
    /// Returns the cursor's screen column.
    @discardableResult
    public func draw(into surface: inout MemorySurface, row: Int, col: Int, width: Int, style: Style) -> Int {
        guard width > 0 else { return col }
        surface.fill(Rect(row: row, col: col, width: width, height: 1), style: style)
        // Find the first visible character so that the cursor fits within the field.
        var start = 0
        var widthBeforeCursor = characters[0..<cursor].reduce(0) { $0 + $1.displayWidth }
        while widthBeforeCursor > width - 1, start < cursor {
            widthBeforeCursor -= characters[start].displayWidth
            start += 1
        }
        var x = col
        for character in characters[start...] {
            let w = character.displayWidth
            guard x + w <= col + width else { break }
            surface.put(String(character), at: row, col: x, style: style)
            x += w
        }
        return col + widthBeforeCursor
    }
}
