/// A roster as read from a file: a header row and data rows, each with its row number in the file.
public struct RosterTable: Sendable, Equatable {
    /// Column titles as written in the file's first non-empty row.
    public var headers: [String]
    /// Data rows in file order.
    public var rows: [RosterRow]
    /// Row number of the header (1 unless blank rows precede it).
    public var headerRow: Int
    /// Whether bare numbers in date columns are Excel serial dates (true for .xlsx, where a
    /// date cell is stored as days since 1899-12-30; a CSV holds the text Excel displayed).
    public var excelSerialDates = false

    public init(headers: [String], rows: [RosterRow], headerRow: Int = 1) {
        self.headers = headers
        self.rows = rows
        self.headerRow = headerRow
    }
}

/// One data row: the cells by column index and the row number a spreadsheet shows (the header is row 1).
public struct RosterRow: Sendable, Equatable {
    /// The row number a spreadsheet shows: what a school is told to fix.
    public var number: Int
    /// Cell texts by column index, as read (not trimmed).
    public var cells: [String]

    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in column `index`, or "" past the end of a short row.
    public subscript(index: Int) -> String { index < cells.count ? cells[index] : "" }

    /// Whether every cell is blank: such rows are skipped, as a spreadsheet user expects.
    public var isBlank: Bool { cells.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
}
