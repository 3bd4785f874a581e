import ArgumentParser
import Cases
import Journal
import Office
import Reports
import TextCells

/// `caseload report`: the supervisor's figures — results against targets and caseload health,
/// for the office, a team or a counsellor — and `report cases`, the cases behind any figure.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Results against the year's targets and caseload health; `report cases` lists the cases behind a figure.",
        discussion: "Measures: \(Measure.allCases.map(\.rawValue).joined(separator: ", ")). Definitions are in the README (Measures and reports).",
        subcommands: [Summary.self, CasesBehind.self], defaultSubcommand: Summary.self)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary", abstract: "Every figure for the period (the default of `report`).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: ReportOptions
        @Option(help: "table, csv, json or html (one self-contained page).") var format: Format = .table

        func run() throws {
            let setup = try ReportSetup(global: global, options: options, forWriting: true, bestEffort: true)
            if setup.store.writer != nil {
                try setup.store.append(setup.store.makeEvent(caseID: "", actor: setup.context.actor, effective: setup.context.today,
                                                             body: .reportRun(scope: setup.scope.identifier, format: format.rawValue)))
            }
            let report = setup.report()
            switch format {
            case .table: print(ReportRendering.table(report, office: setup.officeName, targetsNote: setup.targetsNote))
            case .csv: print(ReportRendering.csv(report), terminator: "")
            case .json: print(JSONWriter.string(ReportRendering.json(report, office: setup.officeName), pretty: true))
            case .html:
                let generated = "\(setup.context.clock.now().iso) by \(setup.context.actor)"
                print(ReportHTML.page(report, office: setup.officeName, targetsNote: setup.targetsNote, generated: generated), terminator: "")
            }
        }
    }

    struct CasesBehind: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cases", abstract: "The cases behind one figure, exactly as many as it counts (names and ID numbers masked).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: ReportOptions
        @Option(help: ArgumentHelp("The measure: \(Measure.allCases.map(\.rawValue).joined(separator: ", ")).")) var measure: String
        @Option(help: "For a rate: numerator (the default) or denominator.") var part: String = "numerator"
        @ArgumentParser.Flag(help: "The previous period's figure instead.") var previous = false
        @Option(help: "table, csv or json.") var format: OutputFormat = .table
        @ArgumentParser.Flag(help: "Show full names and ID numbers (audited).") var unmasked = false

        func run() throws {
            guard let chosen = Reports.Measure(rawValue: measure.trimmingWhitespace().lowercased()) else {
                throw ValidationError(field: "measure", "'\(measure)' is not one of \(Reports.Measure.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let which = BasisPart(rawValue: part.lowercased()) else {
                throw ValidationError(field: "part", "'\(part)' is not numerator or denominator")
            }
            if which == .denominator && chosen.shape != .rate {
                throw ValidationError(field: "part", "\(chosen.rawValue) is not a rate; it has no denominator")
            }
            let setup = try ReportSetup(global: global, options: options, forWriting: unmasked)
            let entries = setup.engine.basis(chosen, scope: setup.scope, previous: previous).entries(which)
            let caseload = setup.store.caseload
            if unmasked {
                try setup.store.append(setup.store.makeEvent(
                    caseID: "", actor: setup.context.actor, effective: setup.context.today,
                    body: .personalDataRevealed(fields: ["name", "id_number"],
                                                purpose: "report cases --measure \(chosen.rawValue) --unmasked (\(entries.count) cases)")))
            }
            let columns = ["case", "kind", "counsellor", "name", "id_number", "status", "date", "days", "detail"]
            let access = try Access.load(setup.context)
            let rows: [[String]] = entries.map { entry in
                let record = caseload[entry.caseID]
                // --unmasked opens only the cases the user sees in full; the rest stay masked.
                let open = unmasked && (record.map(access.seesFull) ?? false)
                let name = record.map { open ? $0.name : NameMask.mask($0.name) } ?? ""
                let id = record.map { open ? $0.residentID.value : $0.residentID.masked } ?? ""
                return [entry.caseID, record?.kind.rawValue ?? "", record?.counsellor ?? "", name, id, record?.status.rawValue ?? "",
                        entry.date?.iso ?? "", entry.days.map(String.init) ?? "", entry.detail]
            }
            let period = previous ? setup.engine.previousPeriod : setup.engine.period
            switch format {
            case .json:
                print(JSONWriter.string(.array(rows.map { row in
                    .object(JSONObject(zip(columns, row).map { key, value in
                        (key, key == "days" ? (Int64(value).map(JSONValue.int) ?? .null) : .string(value))
                    }))
                }), pretty: true))
            case .csv:
                print("\u{FEFF}" + ([columns] + rows).map { CSV.line($0) + "\r\n" }.joined(), terminator: "")
            case .table:
                var table = TextTable(headers: columns.map { $0 == "id_number" ? "ID" : $0.capitalized },
                                      alignments: columns.map { $0 == "days" ? .right : .left })
                rows.forEach { table.append($0) }
                if !rows.isEmpty { print(table.renderLines().joined(separator: "\n")) }
                let unit = chosen.shape == .rate ? "cases (\(which.rawValue))" : chosen.unit == .households ? "households" : chosen.unit == .people ? "people" : "cases"
                print("\(rows.count) \(unit) behind \(chosen.chinese) \(chosen.english), \(period), \(setup.scope.identifier)")
            }
        }
    }
}
