import TextCells

/// One character cell of a ``Surface``.
///
/// A wide character (CJK, most emoji) occupies two cells: the left one holds
/// the character, the right one is a ``Content/continuation`` marker.
public struct Cell: Hashable, Sendable {
    /// What a cell shows.
    public enum Content: Hashable, Sendable {
        /// A character (grapheme cluster) starting in this cell.
        case character(Character)
        /// The right half of the wide character in the cell to the left.
        case continuation
    }

    /// What the cell shows.
    public var content: Content
    /// How the cell is drawn.
    public var style: Style

    /// A cell showing `character`.
    public init(_ character: Character = " ", style: Style = .normal) {
        self.content = .character(character)
        self.style = style
    }

    /// The right half of a wide character.
    public static func continuation(style: Style) -> Cell {
        var cell = Cell(style: style)
        cell.content = .continuation
        return cell
    }

    /// A space in the normal style.
    public static let blank = Cell()

    /// The character starting in this cell, or nil for a continuation cell.
    public var character: Character? {
        if case .character(let character) = content { return character }
        return nil
    }

    /// Whether this is the right half of a wide character.
    public var isContinuation: Bool { content == .continuation }
}

/// A grid of character cells that screens draw into.
///
/// Conforming types provide only cell storage (``cell(row:col:)`` and
/// ``storeCell(_:row:col:)``); drawing — wide characters, clipping, keeping
/// wide characters whole — is implemented once, in this protocol's extension.
/// Screens draw into a ``MemorySurface``, which a ``TerminalDevice`` presents.
public protocol Surface {
    /// Columns.
    var width: Int { get }
    /// Rows.
    var height: Int { get }
    /// The cell at `row`, `col`; ``Cell/blank`` outside the grid.
    func cell(row: Int, col: Int) -> Cell
    /// Low-level: replaces one cell as-is, ignoring positions outside the grid.
    /// Does not keep wide characters whole; draw with ``put(_:at:col:style:maxWidth:)``.
    mutating func storeCell(_ cell: Cell, row: Int, col: Int)
}

extension Surface {
    /// The grid size.
    public var size: TerminalSize { TerminalSize(width: width, height: height) }

    /// The whole grid as a rectangle.
    public var bounds: Rect { Rect(row: 0, col: 0, width: width, height: height) }

    /// Draws `text` on one row starting at column `col` and returns the column
    /// after the last cell written, so styled runs can be chained.
    ///
    /// - Wide characters take two cells. One that would straddle the right
    ///   limit (the surface edge or `col + maxWidth`) is replaced by a space,
    ///   and drawing stops there; so is the visible half of one cut off by a
    ///   negative `col`.
    /// - Overwriting half of an existing wide character blanks its other half.
    /// - Tabs and line breaks are drawn as spaces and other control characters
    ///   as U+FFFD, so stray data cannot move the cursor or break the layout.
    /// - Rows outside the surface draw nothing.
    @discardableResult
    public mutating func put(
        _ text: String, at row: Int, col: Int, style: Style = .normal, maxWidth: Int? = nil
    ) -> Int {
        guard (0..<height).contains(row) else { return col }
        let limit = maxWidth.map { min(width, col + max($0, 0)) } ?? width
        var column = col
        for character in text {
            let (glyph, glyphWidth) = Self.drawable(character)
            if glyphWidth == 0 { continue }
            if column + glyphWidth > limit {
                if column < limit && column >= 0 {
                    writeGlyph(" ", width: 1, row: row, col: column, style: style)
                    column += 1
                }
                break
            }
            if column < 0 {
                // Left part clipped; a wide char's right half still shows as a space.
                if column + glyphWidth > 0 {
                    writeGlyph(" ", width: 1, row: row, col: 0, style: style)
                }
            } else {
                writeGlyph(glyph, width: glyphWidth, row: row, col: column, style: style)
            }
            column += glyphWidth
        }
        return max(column, col)
    }

    /// Fills `rect` (clipped to the surface) with `character` in `style`.
    /// A wide `character` fills pairs of cells; an odd last cell gets a space.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .normal) {
        let area = rect.intersection(bounds)
        guard area.width > 0 else { return }
        let line = String(repeating: character, count: area.width)
        for row in area.rows {
            put(line, at: row, col: area.col, style: style, maxWidth: area.width)
        }
    }

    /// Fills the rest of `row` from `col` with spaces in `style`, e.g. to
    /// extend a selection bar to the right edge.
    public mutating func fillRow(_ row: Int, from col: Int = 0, style: Style = .normal) {
        fill(Rect(row: row, col: col, width: width - col, height: 1), style: style)
    }

    /// Blanks every cell, in `style`.
    public mutating func clear(style: Style = .normal) {
        for row in 0..<height {
            for col in 0..<width {
                storeCell(Cell(style: style), row: row, col: col)
            }
        }
    }

    /// What to draw for `character`, and how many cells it takes.
    private static func drawable(_ character: Character) -> (Character, Int) {
        if character == "\t" || character.isNewline { return (" ", 1) }
        // General category Cc is exactly U+0000–U+001F and U+007F–U+009F: a range test, not a
        // Unicode property lookup per scalar of every cell drawn.
        if character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return ("\u{FFFD}", 1)
        }
        return (character, character.displayWidth)
    }

    /// Writes a glyph of `width` cells at `col`, first blanking the other half
    /// of any wide character it partly covers, so no orphan halves remain.
    private mutating func writeGlyph(_ glyph: Character, width glyphWidth: Int, row: Int, col: Int, style: Style) {
        let end = col + glyphWidth  // first column after the glyph
        if cell(row: row, col: col).isContinuation && col > 0 {
            blankKeepingStyle(row: row, col: col - 1)
        }
        if end < width && cell(row: row, col: end).isContinuation {
            blankKeepingStyle(row: row, col: end)
        }
        storeCell(Cell(glyph, style: style), row: row, col: col)
        if glyphWidth == 2 {
            storeCell(.continuation(style: style), row: row, col: col + 1)
        }
    }

    private mutating func blankKeepingStyle(row: Int, col: Int) {
        storeCell(Cell(style: cell(row: row, col: col).style), row: row, col: col)
    }
}
