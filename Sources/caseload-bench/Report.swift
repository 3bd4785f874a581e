import Foundation

/// One line of the benchmark's table: a timed operation (median and p99 of its runs) or a
/// plain figure (journal size), with the peak resident memory while it ran.
struct Row: Encodable, Sendable {
    var name: String
    var medianMilliseconds: Double?
    var p99Milliseconds: Double?
    var runs: Int?
    /// Peak resident set (VmHWM) while this row ran, in MB (10^6 bytes): the whole process,
    /// including what earlier rows left open (the session, for the rules, search and screen rows).
    var peakMB: Double?
    /// A figure that is not a time ("96.3 MB, 100,000 events"), or why there is none.
    var value: String?
    var note: String?
    /// Median divided by the I/O floor's median (a plain read of every journal).
    var timesRead: Double?
    /// Median divided by the naive replay's median (JSONSerialization on every line).
    var timesJSONSerialization: Double?

    init(_ name: String, _ samples: Samples, peak: Int?, note: String? = nil) {
        self.name = name
        medianMilliseconds = samples.median
        p99Milliseconds = samples.p99
        runs = samples.count
        peakMB = peak.map { Double($0) / 1_000_000 }
        self.note = note
    }

    init(_ name: String, value: String, peak: Int? = nil, note: String? = nil) {
        self.name = name
        self.value = value
        peakMB = peak.map { Double($0) / 1_000_000 }
        self.note = note
    }
}

/// One of the issue's targets, judged on this run's figures.
struct Target: Encodable, Sendable {
    var goal: String
    var measured: String
    /// nil when this run cannot judge it (a target stated at 1M events, run at fewer).
    var met: Bool?
}

/// Everything one run measured, printed as a table or as JSON.
struct Report: Encodable, Sendable {
    var cases: Int
    var events: Int
    var eventsPerCase: Double
    var seed: UInt64
    var today: String
    var journalBytes: Int
    var writers: [String]
    var directory: String
    var filesystem: String
    var processors: Int
    var cpu: String
    var memoryBytes: Int
    /// Whether the kernel let the peak (VmHWM) be reset before each row.
    var peakResetWorks: Bool
    var cache = "warm: the page cache cannot be dropped without root, so every read is from memory"
    var rows: [Row] = []
    var targets: [Target] = []

    /// The report as pretty-printed JSON with sorted keys.
    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The report as a Markdown table (it reads as plain text too), with the targets after it.
    func table() -> String {
        var out = "caseload-bench: \(Format.count(cases)) cases, \(Format.count(events)) events "
        out += "(\(String(format: "%.1f", eventsPerCase))/case), seed \(seed), today \(today)\n"
        out += "machine: \(processors) CPUs, \(cpu), \(Format.bytes(memoryBytes)) RAM; journals on \(filesystem); \(cache)\n"
        if !peakResetWorks { out += "note: VmHWM could not be reset, so peaks are the process's lifetime peak\n" }
        out += "\n"
        let header = ["Measure", "Median", "p99", "Runs", "Peak RSS", "× read", "× JSONSer", "Notes"]
        var lines = [header]
        for row in rows {
            lines.append([
                row.name,
                row.value ?? Format.milliseconds(row.medianMilliseconds),
                row.value == nil ? Format.milliseconds(row.p99Milliseconds) : "",
                row.runs.map(String.init) ?? "",
                row.peakMB.map { String(format: "%.0f MB", $0) } ?? "",
                Format.ratio(row.timesRead),
                Format.ratio(row.timesJSONSerialization),
                row.note ?? "",
            ])
        }
        let widths = header.indices.map { column in
            lines.map { $0[column].count }.max() ?? 0
        }
        for (index, cells) in lines.enumerated() {
            let padded = cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            out += "| " + padded.joined(separator: " | ") + " |\n"
            if index == 0 { out += "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|\n" }
        }
        out += "\nTargets (from the issue):\n"
        for target in targets {
            let verdict = target.met.map { $0 ? "met" : "not yet met" } ?? "not judged at this size"
            out += "- \(target.goal): \(target.measured) — \(verdict)\n"
        }
        return out
    }
}

/// Number formatting for the table.
enum Format {
    /// `0.412 ms`, `12.3 ms`, `1.84 s`; `n/a` for nothing.
    static func milliseconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        if value < 1 { return String(format: "%.3f ms", value) }
        if value < 100 { return String(format: "%.1f ms", value) }
        if value < 1000 { return String(format: "%.0f ms", value) }
        return String(format: "%.2f s", value / 1000)
    }

    /// `0.57×`, `<0.001×`; empty for nothing.
    static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value < 0.001 { return "<0.001×" }
        if value < 0.1 { return String(format: "%.3f×", value) }
        return String(format: "%.2f×", value)
    }

    /// `1,000,000`.
    static func count(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `96.3 MB` (decimal megabytes, as file sizes are usually quoted) or `23.5 GB`.
    static func bytes(_ value: Int) -> String {
        value >= 1_000_000_000 ? String(format: "%.1f GB", Double(value) / 1e9) : String(format: "%.1f MB", Double(value) / 1e6)
    }
}

extension Report {
    private static func row(_ report: Report, _ name: String) -> Row? { report.rows.first { $0.name == name } }

    /// How the open rows grow with size: one line per run.
    static func trendTable(_ reports: [Report]) -> String {
        let header = ["Events", "Cases", "Journals", "read", "JSONSerialization", "cold open", "× JSONSer", "warm open", "snapshot",
                      "peak RSS cold", "peak RSS warm"]
        var lines = [header]
        for report in reports {
            let cold = row(report, "cold open (full replay)"), warm = row(report, "warm open (snapshot + tail)")
            lines.append([
                Format.count(report.events), Format.count(report.cases), Format.bytes(report.journalBytes),
                Format.milliseconds(row(report, "baseline: plain read")?.medianMilliseconds),
                Format.milliseconds(row(report, "baseline: JSONSerialization")?.medianMilliseconds),
                Format.milliseconds(cold?.medianMilliseconds), Format.ratio(cold?.timesJSONSerialization),
                Format.milliseconds(warm?.medianMilliseconds),
                row(report, "snapshot write")?.note.map { String($0.prefix { $0 != "," }) } ?? "",
                cold?.peakMB.map { String(format: "%.0f MB", $0) } ?? "", warm?.peakMB.map { String(format: "%.0f MB", $0) } ?? "",
            ])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        var out = reports.first.map { "caseload-bench --sizes: seed \($0.seed), today \($0.today); \($0.processors) CPUs, \($0.cpu); medians\n\n" } ?? ""
        for (index, cells) in lines.enumerated() {
            out += "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |\n"
            if index == 0 { out += "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|\n" }
        }
        return out
    }

    static func trendJSON(_ reports: [Report]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(reports) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
