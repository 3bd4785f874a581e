import ArgumentParser
import Cases
import Foundation
import Journal
import Office
import Roster

/// `caseload import FILE --kind K`: opens a case for each valid row of a roster.
///
/// Everything about the input (file, format, columns, `--map`) is checked before the journal is
/// opened, so bad input exits 2 having written nothing. Rows are then validated one by one with
/// `Intake.validate`, the same check as `caseload add`; the plan is printed identically by the
/// dry run and the real run, which appends the valid, new rows in batches.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a roster (CSV in UTF-8 or GBK, or .xlsx) as cases.",
        discussion: """
        Headers are recognised in Chinese or English (姓名, 身份证号, 联系电话, 毕业院校, 专业, 学历, 毕业时间, \
        困难类别, 认定日期, 登记日期…); --map COLUMN=FIELD reads any other. Each row is validated as `add` \
        validates; rows for a person who already has a case of the kind are skipped, so importing the same \
        file twice adds nothing. Rejected rows are written to NAME.rejects.csv beside the roster (or \
        --rejects) with 错误字段 and 错误原因, for the school to fix and send back.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The roster file.") var file: String
    @Option(help: ArgumentHelp("Kind of case: \(CaseKind.helpList).")) var kind: String
    @Option(help: "School for rows that name none (a school's own roster).") var school: String?
    @Option(name: .customLong("map"), help: ArgumentHelp("COLUMN=FIELD for a column not recognised (FIELD as in `add`, e.g. registration_no; ignore drops a column). Repeatable.", valueName: "column=field"))
    var maps: [String] = []
    @ArgumentParser.Flag(name: .customLong("dry-run"), help: "Report what would happen; write no case.") var dryRun = false
    @Option(help: ArgumentHelp("Where to write rejected rows (default: NAME.rejects.csv beside the roster).", valueName: "file"))
    var rejects: String?
    @Option(help: "Owning counsellor of the new cases (default: --as).") var counsellor: String?

    /// Rows appended per journal write: one fsync per batch keeps a 10,000-row roster to seconds.
    static let batchSize = 500

    func run() throws {
        let context = try CommandContext(global)
        let kind = try CaseKind.parse(self.kind)
        let owner = counsellor?.trimmingWhitespace() ?? context.actor
        try ActionInput.counsellorID(owner, field: "counsellor")
        let overrides = try maps.map { (pair: String) throws(ValidationError) -> (column: String, field: String) in
            guard let equals = pair.firstIndex(of: "=") else { throw ValidationError(field: "map", "'\(pair)' is not COLUMN=FIELD") }
            let column = String(pair[..<equals]).trimmingWhitespace()
            let field = String(pair[pair.index(after: equals)...]).trimmingWhitespace()
            guard !column.isEmpty, !field.isEmpty else { throw ValidationError(field: "map", "'\(pair)' is not COLUMN=FIELD") }
            return (column, field)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError(field: "file", "cannot read \(file)")
        }
        let bytes = [UInt8](data)
        let fileName = URL(fileURLWithPath: file).lastPathComponent
        let table: RosterTable
        do { table = RosterColumns.locateHeader(try RosterFile.table(bytes), kind: kind) } catch {
            throw ValidationError(field: "file", "\(fileName): \(error)")
        }
        let mapping = try RosterColumns.map(headers: table.headers, kind: kind, overrides: overrides)
        var defaults: [IntakeField: String] = [:]
        if let school = school?.trimmingWhitespace() {
            guard kind == .graduate else { throw ValidationError(field: "school", "only graduate rosters have a school") }
            guard !school.isEmpty else { throw ValidationError(field: "school", "is empty") }
            defaults[.school] = school
        }
        if let field = RosterColumns.missingRequired(mapping, kind: kind, defaults: Set(defaults.keys)).first {
            let hint = RosterColumns.suggestedHeader(for: field, kind: kind).map { " (such as \($0))" } ?? ""
            throw ValidationError(field: field.rawValue, "\(fileName) has no column for it\(hint); columns are "
                                  + "\(table.headers.filter { !$0.isEmpty }.joined(separator: ", ")); use --map COLUMN=\(field.rawValue)"
                                  + (field == .school ? " or --school" : ""))
        }

        if !dryRun {
            let access = try Access.load(context)
            try access.requireWrite(nil, action: "import")
            // As for `add`: new cases only for yourself or your team.
            guard access.seesFull(counsellor: owner) else {
                throw CommandFailure(message: "\(owner) is outside your team; import refused (\(access.label))")
            }
        }
        let store = try context.openStore(forWriting: !dryRun)
        let source = RosterSource(fileName: fileName, sha256: JournalLine.hash(bytes))
        var progress = ProgressBar(total: table.rows.count, label: dryRun ? "checking" : "importing")
        let plan = RosterImport.plan(table: table, mapping: mapping, kind: kind, defaults: defaults, counsellor: owner,
                                     today: context.today, existing: store.caseload, source: source) { progress.update($0) }
        if !dryRun {
            progress.restart(total: plan.additions.count, label: "saving")
            var batchIDs: Set<String> = []
            for start in stride(from: 0, to: plan.additions.count, by: Self.batchSize) {
                let batch = plan.additions[start..<min(start + Self.batchSize, plan.additions.count)]
                batchIDs.removeAll(keepingCapacity: true)
                let events = batch.map { addition in
                    var id = store.newCaseID(kind: kind)
                    while !batchIDs.insert(id).inserted { id = store.newCaseID(kind: kind) }
                    return store.makeEvent(caseID: id, actor: context.actor, effective: context.today, body: .caseOpened(addition.opened))
                }
                try store.append(events)
                progress.update(start + batch.count)
            }
        }
        progress.finish()
        var rejectsPath: String?
        if !plan.rejections.isEmpty {
            let path = rejects ?? defaultRejectsPath()
            do {
                // The rejected rows carry ID numbers and phones: 0600, like the journals.
                try PrivateFile.write(path, Array(RosterImport.rejectsCSV(plan, headers: table.headers)))
            } catch {
                throw CommandFailure(message: "cannot write the rejected rows to \(path): \(error.description)")
            }
            rejectsPath = path
        }
        print(report(plan, table: table, mapping: mapping, kind: kind, source: source, rejectsPath: rejectsPath))
    }

    private func defaultRejectsPath() -> String {
        let url = URL(fileURLWithPath: file)
        return url.deletingPathExtension().path + ".rejects.csv"
    }

    /// The same text for the dry run and the real run, but for its first line.
    private func report(_ plan: RosterImportPlan, table: RosterTable, mapping: ColumnMapping, kind: CaseKind,
                        source: RosterSource, rejectsPath: String?) -> String {
        let count = plan.additions.count
        let cases = "\(count) \(kind.rawValue) \(count == 1 ? "case" : "cases")"
        var lines = [dryRun ? "dry run: would add \(cases); nothing was written" : "added \(cases)"]
        lines.append("\(source.fileName): \(plan.rowCount) rows, sha256 \(source.sha256.prefix(16))…")
        let used = IntakeField.fields(for: kind).compactMap { field in mapping.header(for: field).map { "\($0)→\(field.rawValue)" } }
        lines.append("columns: " + used.joined(separator: ", ") + (mapping.unused.isEmpty ? "" : "; not used: " + mapping.unused.joined(separator: ", ")))
        lines.append("\(dryRun ? "to add" : "added"): \(count)" + (count > 0 ? " (rows \(Self.ranges(plan.additions.map(\.row))))" : ""))
        lines.append("duplicates: \(plan.duplicates.count)")
        for duplicate in plan.duplicates {
            let what = duplicate.existingCase.map { "already has \(kind.rawValue) case \($0) (\(duplicate.existingStatus?.rawValue ?? "?"))" }
                ?? "repeats row \(duplicate.earlierRow ?? 0)"
            lines.append("  row \(duplicate.row) \(duplicate.name) \(duplicate.residentID.masked): \(what)")
        }
        lines.append("rejected: \(plan.rejections.count)" + (rejectsPath.map { " (written to \($0))" } ?? ""))
        for rejection in plan.rejections {
            let column = rejection.column.map { "\($0) (\(rejection.field))" } ?? rejection.field
            lines.append("  row \(rejection.row)\(rejection.name.isEmpty ? "" : " \(rejection.name)"): \(column): \(rejection.reason)")
        }
        return lines.joined(separator: "\n")
    }

    /// `2–41, 43, 45–50`: row numbers as ranges, so 10,000 added rows take one line.
    static func ranges(_ rows: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < rows.count {
            var end = index
            while end + 1 < rows.count && rows[end + 1] == rows[end] + 1 { end += 1 }
            parts.append(end == index ? "\(rows[index])" : "\(rows[index])–\(rows[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (scripts and
/// tests see nothing) and redrawn at most once per percent.
struct ProgressBar {
    private var total: Int
    private var label: String
    private var shown = -1
    private let enabled = isatty(2) == 1

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    mutating func restart(total: Int, label: String) {
        self.total = total
        self.label = label
        shown = -1
    }

    mutating func update(_ done: Int) {
        guard enabled, total >= 200 else { return }
        let percent = min(100, done * 100 / max(total, 1))
        guard percent != shown else { return }
        shown = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        Output.writeStandardError("\r\(label) \(bar) \(done)/\(total)\u{1B}[K")
    }

    func finish() {
        if enabled && shown >= 0 { Output.writeStandardError("\r\u{1B}[K") }
    }
}
