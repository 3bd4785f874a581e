/// An in-memory ``Surface``: what screens draw into, what terminals present,
/// and what tests inspect.
public struct MemorySurface: Surface, Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells, `width * height` of them.
    private var cells: [Cell]

    /// Where the terminal should show the text cursor (e.g. in a focused input
    /// field); nil hides it.
    public var cursor: Position?

    /// A surface of `width` × `height` blank cells in `style`.
    public init(width: Int, height: Int, style: Style = .normal) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        self.cells = Array(repeating: Cell(style: style), count: self.width * self.height)
    }

    /// A blank surface of `size`.
    public init(size: TerminalSize, style: Style = .normal) {
        self.init(width: size.width, height: size.height, style: style)
    }

    public func cell(row: Int, col: Int) -> Cell {
        guard contains(row: row, col: col) else { return .blank }
        return cells[row * width + col]
    }

    public mutating func storeCell(_ cell: Cell, row: Int, col: Int) {
        guard contains(row: row, col: col) else { return }
        cells[row * width + col] = cell
    }

    /// The style of the cell at `row`, `col` (for a continuation cell, that of
    /// its wide character).
    public func style(at row: Int, col: Int) -> Style {
        cell(row: row, col: col).style
    }

    /// The visible text of `row`: each wide character once, continuation cells
    /// skipped; trailing spaces removed unless `trimmingTrailingSpaces` is false.
    public func text(row: Int, trimmingTrailingSpaces: Bool = true) -> String {
        guard (0..<height).contains(row) else { return "" }
        var line = ""
        for col in 0..<width {
            if let character = cells[row * width + col].character {
                line.append(character)
            }
        }
        guard trimmingTrailingSpaces else { return line }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// The visible text of every row, trailing spaces removed.
    public var lines: [String] {
        (0..<height).map { text(row: $0) }
    }

    /// Whether some row contains `text`.
    public func contains(_ text: String) -> Bool {
        position(of: text) != nil
    }

    /// The cell where the first occurrence of `text` starts, searching row by
    /// row; `col` is a display column, so it accounts for wide characters.
    public func position(of text: String) -> Position? {
        guard !text.isEmpty else { return nil }
        for row in 0..<height {
            // Visible characters of the row with the column each starts at.
            var characters: [Character] = []
            var columns: [Int] = []
            for col in 0..<width {
                if let character = cells[row * width + col].character {
                    characters.append(character)
                    columns.append(col)
                }
            }
            let needle = Array(text)
            guard needle.count <= characters.count else { continue }
            for start in 0...(characters.count - needle.count)
            where characters[start..<(start + needle.count)].elementsEqual(needle) {
                return Position(row: row, col: columns[start])
            }
        }
        return nil
    }

    /// A plain-text picture of the surface for snapshot assertions: the visible
    /// text of each row (trailing spaces removed), joined with newlines.
    ///
    /// With `styles`, each row that has styled cells is followed by a line like
    /// `  ^ 0-7 header, 10-11 overdue+bold` listing runs of cells whose style is
    /// not plain ``Style/normal`` (columns inclusive).
    public func dump(styles: Bool = false) -> String {
        var out: [String] = []
        for row in 0..<height {
            out.append(text(row: row))
            if styles {
                let runs = styleRuns(row: row)
                if !runs.isEmpty { out.append("  ^ " + runs.joined(separator: ", ")) }
            }
        }
        return out.joined(separator: "\n")
    }

    /// Descriptions of the non-normal style runs of `row`.
    private func styleRuns(row: Int) -> [String] {
        var runs: [String] = []
        var col = 0
        while col < width {
            let style = cells[row * width + col].style
            var end = col
            while end + 1 < width && cells[row * width + end + 1].style == style { end += 1 }
            if style != .normal {
                let name = ([style.role.rawValue] + style.extraAttributes.names).joined(separator: "+")
                runs.append(col == end ? "\(col) \(name)" : "\(col)-\(end) \(name)")
            }
            col = end + 1
        }
        return runs
    }

    /// Changes the size, keeping the overlapping top-left content; new cells
    /// are blank. A wide character cut in half by the new right edge becomes a
    /// space.
    public mutating func resize(to size: TerminalSize) {
        var resized = MemorySurface(size: size)
        resized.cursor = cursor.flatMap { resized.contains(row: $0.row, col: $0.col) ? $0 : nil }
        for row in 0..<min(height, resized.height) {
            for col in 0..<min(width, resized.width) {
                resized.storeCell(cell(row: row, col: col), row: row, col: col)
            }
            let lastCol = resized.width - 1
            if lastCol >= 0 && lastCol + 1 < width && cell(row: row, col: lastCol + 1).isContinuation {
                resized.storeCell(Cell(style: cell(row: row, col: lastCol).style), row: row, col: lastCol)
            }
        }
        self = resized
    }

    private func contains(row: Int, col: Int) -> Bool {
        (0..<height).contains(row) && (0..<width).contains(col)
    }
}
