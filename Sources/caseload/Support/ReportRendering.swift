import Cases
import Reports
import TextCells

/// The report as a text table, CSV and JSON (shapes in the README, "Measures and reports").
/// Every format writes figures with ``FigureText`` so they agree figure for figure.
enum ReportRendering {
    /// Measures listed per counsellor in the table and on the dashboard.
    static let counsellorMeasures: [Measure] = [.open_cases, .overdue_cases, .escalated_cases, .placements, .contact_rate]

    static func bilingual(_ measure: Measure) -> String { "\(measure.chinese) \(measure.english)" }

    // MARK: Table

    static func table(_ report: Report, office: String, targetsNote: String?) -> String {
        var lines = heading(report, office: office, targetsNote: targetsNote)
        for (group, title) in [(MeasureGroup.results, "Results 工作成效"), (.health, "Caseload health 台账健康")] {
            var table = TextTable(headers: [title, "Actual 实际", "Target 目标", "Completion 完成率", "Previous 上期", "Change 变化"],
                                  alignments: [.left, .right, .right, .right, .right, .right])
            for figure in report.figures where figure.measure.group == group {
                table.append([bilingual(figure.measure), FigureText.actual(figure), FigureText.target(figure),
                              FigureText.completion(figure), FigureText.previous(figure), FigureText.change(figure)])
            }
            lines += ["", table.renderLines().joined(separator: "\n")]
        }
        var byCounsellor = TextTable(headers: ["Counsellor 专员"] + counsellorMeasures.map { $0.english } + ["Placement target 目标", "Completion 完成率"],
                                     alignments: [.left] + Array(repeating: .right, count: counsellorMeasures.count + 2))
        func row(_ name: String, _ figure: (Measure) -> Figure) -> [String] {
            [name] + counsellorMeasures.map { FigureText.actual(figure($0)) }
                + [FigureText.target(figure(.placements)), FigureText.completion(figure(.placements))]
        }
        for counsellor in report.counsellors { byCounsellor.append(row(counsellor.counsellor) { counsellor[$0] }) }
        byCounsellor.append(row("Total 合计") { report[$0] })
        lines += ["", "By counsellor 分专员 (a person placed from two counsellors' cases counts for each, and once in the total)",
                  byCounsellor.renderLines().joined(separator: "\n")]
        return lines.joined(separator: "\n")
    }

    static func heading(_ report: Report, office: String, targetsNote: String?) -> [String] {
        [
            "\(office) — Report 报表 · \(ReportSetup.scopeText(report.scope)) · \(report.period) (\(report.period.days) days)",
            "Previous period 上期 \(report.previousPeriod) · caseload health at 台账截至 \(report.snapshotDay.iso) (previous \(report.previousSnapshotDay.iso))"
                + " · targets 目标: " + (report.targetsFile ?? "— (\(targetsNote ?? "none"))"),
        ]
    }

    // MARK: CSV

    static let csvHeader = ["scope", "counsellor", "measure", "label_zh", "label_en", "group", "unit", "actual", "numerator",
                            "denominator", "target", "completion_pct", "previous", "change", "period_from", "period_to", "snapshot"]

    /// UTF-8 with a byte-order mark (Excel in a Chinese locale needs it to read UTF-8), CRLF line
    /// ends (RFC 4180); one row per scope and measure: the scope's own rows, then each counsellor's.
    static func csv(_ report: Report) -> String {
        var rows = [csvHeader]
        func add(_ figures: [Figure], scope: String, counsellor: String) {
            for figure in figures {
                let m = figure.measure
                rows.append([scope, counsellor, m.rawValue, m.chinese, m.english, m.group.rawValue, m.unit.rawValue,
                             number(figure.value), figure.numerator.map(String.init) ?? "", figure.denominator.map(String.init) ?? "",
                             number(figure.target), number(figure.completion), number(figure.previous), number(figure.change),
                             report.period.from.iso, report.period.to.iso, report.snapshotDay.iso])
            }
        }
        let own: String = if case .counsellor(let id) = report.scope { id } else { "" }
        add(report.figures, scope: report.scope.identifier, counsellor: own)
        for counsellor in report.counsellors {
            add(counsellor.figures, scope: ReportScope.counsellor(counsellor.counsellor).identifier, counsellor: counsellor.counsellor)
        }
        return "\u{FEFF}" + rows.map { CSV.line($0) + "\r\n" }.joined()
    }

    /// A number as the table shows it, without its unit; empty when there is none.
    static func number(_ value: Double?) -> String { value == nil ? "" : FigureText.number(value) }

    // MARK: JSON

    static func json(_ report: Report, office: String) -> JSONValue {
        func period(_ p: ReportPeriod) -> JSONValue { .object(JSONObject([("from", .string(p.from.iso)), ("to", .string(p.to.iso))])) }
        var o = JSONObject()
        o["office"] = .string(office)
        o["scope"] = .string(report.scope.identifier)
        o["period"] = period(report.period)
        o["previous_period"] = period(report.previousPeriod)
        o["snapshot"] = .string(report.snapshotDay.iso)
        o["previous_snapshot"] = .string(report.previousSnapshotDay.iso)
        o["targets_file"] = report.targetsFile.map(JSONValue.string) ?? .null
        o["measures"] = .array(report.figures.map(figureObject))
        o["counsellors"] = .array(report.counsellors.map { c in
            .object(JSONObject([("counsellor", .string(c.counsellor)), ("measures", .array(c.figures.map(figureObject)))]))
        })
        return .object(o)
    }

    static func figureObject(_ figure: Figure) -> JSONValue {
        // Counts are whole numbers; rates, medians and completions are not.
        func double(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        func count(_ value: Double?) -> JSONValue {
            guard let value else { return .null }
            return figure.measure.shape == .count ? .int(Int64(value)) : .double(value)
        }
        func int(_ value: Int?) -> JSONValue { value.map { .int(Int64($0)) } ?? .null }
        let m = figure.measure
        return .object(JSONObject([
            ("measure", .string(m.rawValue)), ("label", .string(m.english)), ("label_zh", .string(m.chinese)),
            ("group", .string(m.group.rawValue)), ("unit", .string(m.unit.rawValue)), ("actual", count(figure.value)),
            ("numerator", int(figure.numerator)), ("denominator", int(figure.denominator)), ("target", count(figure.target)),
            ("completion", double(figure.completion)), ("previous", count(figure.previous)), ("change", count(figure.change)),
        ]))
    }
}
