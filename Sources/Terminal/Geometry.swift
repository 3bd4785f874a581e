/// The size of a terminal or surface in character cells.
public struct TerminalSize: Hashable, Sendable, CustomStringConvertible {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// Creates a size; negative values are treated as 0.
    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
    }

    public var description: String { "\(width)×\(height)" }
}

/// A cell position: row from the top, column from the left, both 0-based.
public struct Position: Hashable, Sendable {
    /// Row, 0 at the top.
    public var row: Int
    /// Column, 0 at the left.
    public var col: Int

    /// Creates a position.
    public init(row: Int, col: Int) {
        self.row = row
        self.col = col
    }
}

/// A rectangle of cells.
public struct Rect: Hashable, Sendable {
    /// Top row.
    public var row: Int
    /// Left column.
    public var col: Int
    /// Columns covered.
    public var width: Int
    /// Rows covered.
    public var height: Int

    /// Creates a rectangle; negative sizes are treated as 0.
    public init(row: Int, col: Int, width: Int, height: Int) {
        self.row = row
        self.col = col
        self.width = max(width, 0)
        self.height = max(height, 0)
    }

    /// The rows the rectangle covers.
    public var rows: Range<Int> { row..<(row + height) }
    /// The columns the rectangle covers.
    public var cols: Range<Int> { col..<(col + width) }

    /// The part of this rectangle that is also inside `other` (possibly empty).
    public func intersection(_ other: Rect) -> Rect {
        let top = max(row, other.row)
        let left = max(col, other.col)
        let bottom = min(row + height, other.row + other.height)
        let right = min(col + width, other.col + other.width)
        return Rect(row: top, col: left, width: right - left, height: bottom - top)
    }
}
