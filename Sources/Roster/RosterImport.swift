import Cases

/// Where imported cases came from: recorded in each `case_opened` as `source`.
public struct RosterSource: Sendable, Equatable {
    /// The file's name without its folder (the folder is the counsellor's, not the roster's).
    public var fileName: String
    /// SHA-256 of the file's bytes, hex: identifies the exact roster a case came from.
    public var sha256: String

    public init(fileName: String, sha256: String) {
        self.fileName = fileName
        self.sha256 = sha256
    }

    func object(row: Int) -> JSONObject {
        JSONObject([("file", .string(fileName)), ("sha256", .string(sha256)), ("row", .int(Int64(row)))])
    }
}

/// What importing a roster would do, row by row. The dry run prints it; the real run appends
/// `additions` and prints the same, so the two always agree.
public struct RosterImportPlan: Sendable {
    /// A valid row that opens a case.
    public struct Addition: Sendable {
        public var row: Int
        /// The validated intake, with `source` naming the file, its hash and the row.
        public var opened: CaseOpened
    }

    /// A valid row for a person who already has a case of this kind (here or earlier in the file).
    public struct Duplicate: Sendable {
        public var row: Int
        public var name: String
        /// Shown masked in reports.
        public var residentID: ResidentID
        /// The existing case, when the office already has one.
        public var existingCase: String?
        public var existingStatus: CaseStatus?
        /// The earlier row of the same file, when the repeat is within the file.
        public var earlierRow: Int?
    }

    /// A row that failed validation: not added, written to the rejects CSV for the school to fix.
    public struct Rejection: Sendable {
        public var row: Int
        /// The intake field (`id`, `graduated`…).
        public var field: String
        /// The roster's own heading for that field, when it has a column.
        public var column: String?
        public var reason: String
        /// The row's cells as read, for the rejects CSV.
        public var cells: [String]
        /// The row's name cell, to help a counsellor find the person (may be empty).
        public var name: String
    }

    public var additions: [Addition] = []
    public var duplicates: [Duplicate] = []
    public var rejections: [Rejection] = []
    /// Data rows read (blank rows are not counted).
    public var rowCount = 0
}

/// Plans an import: every row validated exactly as the intake form validates it.
public enum RosterImport {
    /// - Parameters:
    ///   - defaults: values for empty cells (or a missing column), such as `--school`.
    ///   - existing: the office's caseload, for duplicates by resident ID and kind.
    ///   - progress: called after each row with the number of rows done.
    public static func plan(table: RosterTable, mapping: ColumnMapping, kind: CaseKind, defaults: [IntakeField: String] = [:],
                            counsellor: String, today: LocalDate, existing: Caseload, source: RosterSource,
                            progress: (Int) -> Void = { _ in }) -> RosterImportPlan {
        var plan = RosterImportPlan()
        var firstRowByID: [String: Int] = [:]
        for (done, row) in table.rows.enumerated() {
            defer { progress(done + 1) }
            // Templates come with numbered but empty rows (序号 1…500), and footers such as
            // 填表人：… outside the mapped columns: a row with nothing in any mapped column is no person.
            guard mapping.columns.values.contains(where: { !row[$0].trimmingWhitespace().isEmpty }) else { continue }
            plan.rowCount += 1
            var fields: [IntakeField: String] = [:]
            for (field, column) in mapping.columns {
                fields[field] = RosterValues.normalise(field, row[column], excelSerialDates: table.excelSerialDates)
            }
            for (field, value) in defaults where (fields[field] ?? "").trimmingWhitespace().isEmpty {
                fields[field] = value
            }
            let name = fields[.name]?.trimmingWhitespace() ?? ""
            if let id = fields[.id], RosterValues.isExponentNumber(id) {
                // Intake would only say "must be 18 characters"; the real cause is Excel's.
                plan.rejections.append(.init(row: row.number, field: IntakeField.id.rawValue, column: mapping.header(for: .id),
                                             reason: "'\(id)' was stored as a number in Excel, which keeps only 15 digits; "
                                                 + "format the column as text and type the ID numbers again",
                                             cells: row.cells, name: name))
                continue
            }
            var opened: CaseOpened
            do {
                opened = try Intake.validate(kind: kind, fields: fields, counsellor: counsellor, today: today)
            } catch {
                let column = IntakeField(rawValue: error.field).flatMap(mapping.header(for:))
                plan.rejections.append(.init(row: row.number, field: error.field, column: column, reason: error.message,
                                             cells: row.cells, name: name))
                continue
            }
            let id = opened.person.residentID
            if let earlier = firstRowByID[id.value] {
                plan.duplicates.append(.init(row: row.number, name: opened.person.name, residentID: id, existingCase: nil,
                                             existingStatus: nil, earlierRow: earlier))
                continue
            }
            firstRowByID[id.value] = row.number
            // Idempotent by resident ID and kind: a case of this kind in any status means the row
            // was imported (or the person registered) before, so re-running a roster adds nothing.
            let sameKind = existing.cases(withResidentID: id.value).filter { $0.kind == kind }
            if let match = sameKind.first(where: { $0.status != .closed }) ?? sameKind.first {
                plan.duplicates.append(.init(row: row.number, name: opened.person.name, residentID: id, existingCase: match.id,
                                             existingStatus: match.status, earlierRow: nil))
                continue
            }
            opened.source = source.object(row: row.number)
            plan.additions.append(.init(row: row.number, opened: opened))
        }
        return plan
    }

    /// The rejects CSV: the roster's own columns, then 错误字段 (the column at fault) and 错误原因.
    public static func rejectsCSV(_ plan: RosterImportPlan, headers: [String]) -> [UInt8] {
        var rows = [headers + ["错误字段", "错误原因"]]
        for rejection in plan.rejections {
            let cells = (0..<max(headers.count, rejection.cells.count)).map { $0 < rejection.cells.count ? rejection.cells[$0] : "" }
            rows.append(cells + [rejection.column ?? rejection.field, rejection.reason])
        }
        return CSVWriter.document(rows)
    }
}

/// Reads a roster file of any supported format.
public enum RosterFile {
    /// CSV (UTF-8 with or without BOM, GB18030, UTF-16) or .xlsx, told apart by content.
    public static func table(_ bytes: [UInt8]) throws(RosterError) -> RosterTable {
        if XLSXReader.isZip(bytes) { return try XLSXReader.table(bytes) }
        if bytes.contains(0) && !bytes.starts(with: [0xFF, 0xFE]) && !bytes.starts(with: [0xFE, 0xFF]) {
            throw RosterError("the file is neither CSV text nor an .xlsx workbook (an old .xls? save it as .xlsx)")
        }
        return try CSVReader.table(RosterText.decode(bytes).text)
    }
}
