import Cases
import Reports

/// The report as one self-contained HTML page a supervisor can send on: the figures in
/// tables and simple inline SVG bar charts, Chinese labels with English, no external assets
/// (no scripts, fonts, images or links).
enum ReportHTML {
    static func page(_ report: Report, office: String, targetsNote: String?, generated: String) -> String {
        var body: [String] = []
        body.append("<h1>\(escape(office)) · 就业服务报表 <span class=en>Employment service report</span></h1>")
        body.append("<p class=meta>\(escape(ReportSetup.scopeText(report.scope))) · 统计期 Period <b>\(report.period)</b> (\(report.period.days) days)"
                    + " · 上期 Previous \(report.previousPeriod) · 台账截至 Caseload health at \(report.snapshotDay.iso)"
                    + " · 目标 Targets: \(escape(report.targetsFile.map(fileName) ?? "— (\(targetsNote ?? "none"))"))</p>")
        let targeted = report.figures.filter { $0.completion != nil }
        body.append("<h2>目标完成情况 <span class=en>Progress against targets</span></h2>")
        if targeted.isEmpty {
            body.append("<p class=muted>未设定本期目标 No targets set for this period (targets.toml).</p>")
        } else {
            body.append(bars(targeted.map { ($0.measure.chinese, $0.measure.english, $0.completion ?? 0, FigureText.completion($0)) },
                             scale: max(100, targeted.compactMap(\.completion).max() ?? 100), marker: 100))
        }
        body.append(section("工作成效", "Results", report.figures.filter { $0.measure.group == .results }))
        let counts = report.figures.filter { $0.measure.group == .results && $0.measure.shape == .count }
        body.append("<h3>本期与上期 <span class=en>This period and the previous</span></h3>")
        body.append(pairedBars(counts))
        body.append(section("台账健康", "Caseload health", report.figures.filter { $0.measure.group == .health }))
        body.append("<h3>逾期时长 <span class=en>Age of overdue cases</span></h3>")
        let aging = Measure.aging.map { report[$0] }
        body.append(bars(aging.map { ($0.measure.chinese, $0.measure.english, $0.value ?? 0, FigureText.actual($0)) },
                         scale: max(1, aging.compactMap(\.value).max() ?? 1), marker: nil))
        body.append(counsellorSection(report))
        body.append("<h2>指标定义 <span class=en>Definitions</span></h2><dl>"
                    + Measure.allCases.map { "<dt>\($0.chinese) \($0.english) <code>\($0.rawValue)</code></dt><dd>\(escape($0.definition))</dd>" }.joined()
                    + "</dl>")
        body.append("<footer>Caseload · \(escape(generated))</footer>")
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(office)) 就业服务报表 \(report.period)</title>
            <style>\(css)</style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    static let css = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1000px;color:#1f2328;padding:0 1em}
        h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:2px solid #0b5cad;padding-bottom:.2em}
        h3{font-size:1em;margin-top:1.2em}.en{color:#57606a;font-weight:normal}.meta,.muted,footer{color:#57606a;font-size:.9em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #d0d7de;padding:.35em .6em}
        th{background:#f3f6fa;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.total td{font-weight:bold;background:#f6f8fa}svg{display:block;margin:.5em 0}svg text{font-size:12px;fill:#1f2328}
        dt{font-weight:bold;margin-top:.5em}dd{margin-left:1.5em;color:#444}code{color:#57606a}footer{margin-top:2em}
        """

    static func section(_ chinese: String, _ english: String, _ figures: [Figure]) -> String {
        let header = "<tr><th>指标 Measure</th><th>实际 Actual</th><th>目标 Target</th><th>完成率 Completion</th><th>上期 Previous</th><th>变化 Change</th></tr>"
        let rows = figures.map { f in
            "<tr data-measure=\"\(f.measure.rawValue)\"><td>\(f.measure.chinese) <span class=en>\(escape(f.measure.english))</span></td>"
                + [FigureText.actual(f), FigureText.target(f), FigureText.completion(f), FigureText.previous(f), FigureText.change(f)]
                .map { "<td class=n>\(escape($0))</td>" }.joined() + "</tr>"
        }
        return "<h2>\(chinese) <span class=en>\(english)</span></h2><table>\(header)\(rows.joined())</table>"
    }

    static func counsellorSection(_ report: Report) -> String {
        let measures = ReportRendering.counsellorMeasures
        let header = "<tr><th>专员 Counsellor</th>" + measures.map { "<th>\($0.chinese) \(escape($0.english))</th>" }.joined()
            + "<th>就业目标 Target</th><th>完成率 Completion</th></tr>"
        func row(_ name: String, _ css: String, _ figure: (Measure) -> Figure) -> String {
            "<tr class=\"\(css)\" data-counsellor=\"\(escape(name))\"><td>\(escape(name))</td>"
                + (measures.map { FigureText.actual(figure($0)) } + [FigureText.target(figure(.placements)), FigureText.completion(figure(.placements))])
                .map { "<td class=n>\(escape($0))</td>" }.joined() + "</tr>"
        }
        let rows = report.counsellors.map { c in row(c.counsellor, "counsellor") { c[$0] } } + [row("合计 Total", "total") { report[$0] }]
        let chart = bars(report.counsellors.map { ($0.counsellor, "", $0[.placements].value ?? 0, FigureText.actual($0[.placements])) },
                         scale: max(1, report.counsellors.compactMap { $0[.placements].value }.max() ?? 1), marker: nil)
        return "<h2>分专员 <span class=en>By counsellor</span></h2><table>\(header)\(rows.joined())</table>"
            + "<p class=muted>同一人由两名专员的案例就业时，分别计入各自，合计只计一次。 A person placed from two counsellors' cases counts for each, and once in the total.</p>"
            + "<h3>本期新增就业 <span class=en>Placements by counsellor</span></h3>" + chart
    }

    /// Horizontal bars, one per item, scaled to `scale`; `marker` draws a dashed line (100%).
    /// Labels take two lines, Chinese over English, so long ones never run into the bars.
    static func bars(_ items: [(chinese: String, english: String, value: Double, text: String)], scale: Double, marker: Double?) -> String {
        let labelWidth = 250.0, barWidth = 560.0, rowHeight = 34.0
        let height = Double(items.count) * rowHeight + 6
        var svg = "<svg width=\"\(Int(labelWidth + barWidth + 90))\" height=\"\(Int(height))\" role=\"img\">"
        for (index, item) in items.enumerated() {
            let y = Double(index) * rowHeight + 4
            let width = max(0, min(1, item.value / scale)) * barWidth
            svg += label(item.chinese, item.english, y: y)
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(format(width))\" height=\"18\" fill=\"\(item.value >= (marker ?? .infinity) ? "#1a7f37" : "#0b5cad")\"/>"
            svg += "<text x=\"\(format(labelWidth + width + 6))\" y=\"\(y + 19)\">\(escape(item.text))</text>"
        }
        if let marker {
            let x = labelWidth + marker / scale * barWidth
            svg += "<line x1=\"\(format(x))\" y1=\"0\" x2=\"\(format(x))\" y2=\"\(format(height))\" stroke=\"#cf222e\" stroke-dasharray=\"4 3\"/>"
        }
        return svg + "</svg>"
    }

    /// A chart label: the Chinese on one line and the English, smaller, under it.
    static func label(_ chinese: String, _ english: String, y: Double) -> String {
        "<text x=\"0\" y=\"\(y + (english.isEmpty ? 19 : 12))\">\(escape(chinese))</text>"
            + (english.isEmpty ? "" : "<text x=\"0\" y=\"\(y + 26)\" class=\"en\" style=\"font-size:11px;fill:#57606a\">\(escape(english))</text>")
    }

    /// Two bars per measure: this period (dark) and the previous (light).
    static func pairedBars(_ figures: [Figure]) -> String {
        let scale = max(1, figures.flatMap { [$0.value ?? 0, $0.previous ?? 0] }.max() ?? 1)
        let labelWidth = 250.0, barWidth = 560.0, rowHeight = 40.0
        var svg = "<svg width=\"\(Int(labelWidth + barWidth + 90))\" height=\"\(Int(Double(figures.count) * rowHeight + 24))\" role=\"img\">"
        for (index, f) in figures.enumerated() {
            let y = Double(index) * rowHeight + 4
            svg += label(f.measure.chinese, f.measure.english, y: y + 2)
            for (offset, value, colour) in [(0.0, f.value ?? 0, "#0b5cad"), (17.0, f.previous ?? 0, "#9ec5ec")] {
                let width = value / scale * barWidth
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + offset)\" width=\"\(format(width))\" height=\"15\" fill=\"\(colour)\"/>"
                svg += "<text x=\"\(format(labelWidth + width + 6))\" y=\"\(y + offset + 12)\">\(FigureText.number(value))</text>"
            }
        }
        let legendY = Double(figures.count) * rowHeight + 16
        svg += "<rect x=\"\(labelWidth)\" y=\"\(legendY - 10)\" width=\"12\" height=\"12\" fill=\"#0b5cad\"/><text x=\"\(labelWidth + 16)\" y=\"\(legendY)\">本期 This period</text>"
        svg += "<rect x=\"\(labelWidth + 140)\" y=\"\(legendY - 10)\" width=\"12\" height=\"12\" fill=\"#9ec5ec\"/><text x=\"\(labelWidth + 156)\" y=\"\(legendY)\">上期 Previous</text>"
        return svg + "</svg>"
    }

    static func format(_ x: Double) -> String { FigureText.number(x) }

    static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
