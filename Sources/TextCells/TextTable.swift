/// Rows of text cells laid out in columns aligned by terminal display width.
///
/// Used for plain-text listings (e.g. `caseload list --format table`), where
/// Chinese names must line up with Latin ones: every cell is padded by display
/// width, not by `Character` count.
///
/// ```swift
/// var table = TextTable(columns: [
///     .init("ID"), .init("Name"), .init("Days", alignment: .right),
/// ])
/// table.append(["C-001", "欧阳娜娜", "12"])
/// table.append(["C-002", "Li Na", "3"])
/// print(table.render())
/// ```
public struct TextTable: Sendable, Hashable {
    /// One column: its header title, alignment and optional width limit.
    public struct Column: Sendable, Hashable {
        /// Header text shown in the first row.
        public var title: String
        /// How cells (and the header) are aligned within the column.
        public var alignment: Alignment
        /// Cells wider than this many columns are truncated with "…".
        public var maxWidth: Int?

        /// Creates a column.
        public init(_ title: String, alignment: Alignment = .left, maxWidth: Int? = nil) {
            self.title = title
            self.alignment = alignment
            self.maxWidth = maxWidth
        }
    }

    /// The columns, in display order.
    public var columns: [Column]
    /// Body rows; each row's cells correspond to `columns` by position.
    /// Missing cells render empty and extra cells are ignored.
    public var rows: [[String]]
    /// Whether the header row is rendered.
    public var showsHeader: Bool
    /// Character repeated under each header title (e.g. "-"), or nil for no rule.
    public var headerRule: Character?
    /// Spaces between adjacent columns.
    public var gap: Int

    /// Creates a table.
    public init(
        columns: [Column],
        rows: [[String]] = [],
        showsHeader: Bool = true,
        headerRule: Character? = nil,
        gap: Int = 2
    ) {
        self.columns = columns
        self.rows = rows
        self.showsHeader = showsHeader
        self.headerRule = headerRule
        self.gap = gap
    }

    /// Creates a table from header titles, with optional per-column alignments
    /// (missing alignments default to `.left`).
    public init(headers: [String], alignments: [Alignment] = [], rows: [[String]] = []) {
        let columns = headers.enumerated().map { index, title in
            Column(title, alignment: index < alignments.count ? alignments[index] : .left)
        }
        self.init(columns: columns, rows: rows)
    }

    /// Appends a body row.
    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The rendered lines, without line terminators or trailing spaces.
    public func renderLines() -> [String] {
        let body = rows.map { row in
            columns.indices.map { index in
                cellText(index < row.count ? row[index] : "", in: columns[index])
            }
        }
        let headers = columns.map { cellText($0.title, in: $0) }
        let widths = columns.indices.map { index in
            let bodyWidth = body.map { $0[index].displayWidth }.max() ?? 0
            return max(bodyWidth, showsHeader ? headers[index].displayWidth : 0)
        }

        var lines: [String] = []
        if showsHeader {
            lines.append(line(headers, widths: widths))
            if let headerRule {
                let rules = widths.map { String(repeating: headerRule, count: $0) }
                lines.append(line(rules, widths: widths))
            }
        }
        lines += body.map { line($0, widths: widths) }
        return lines
    }

    /// The rendered table: lines joined with "\n", with a trailing newline
    /// when there is at least one line.
    public func render() -> String {
        let lines = renderLines()
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// A cell's text made safe for one line and limited to the column's width.
    private func cellText(_ text: String, in column: Column) -> String {
        let singleLine = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        guard let maxWidth = column.maxWidth else { return singleLine }
        return truncated(singleLine, to: maxWidth)
    }

    private func line(_ cells: [String], widths: [Int]) -> String {
        let separator = String(repeating: " ", count: max(gap, 0))
        let fields = cells.indices.map { index in
            padded(cells[index], to: widths[index], align: columns[index].alignment)
        }
        return String(fields.joined(separator: separator).trimmingTrailingSpaces())
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard self[before] == " " else { break }
            end = before
        }
        return self[..<end]
    }
}
