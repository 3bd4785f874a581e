#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import Cases
import Demo
import Foundation

/// `caseload-bench`: generates a synthetic office caseload with the demo generator into a
/// temporary data directory and measures the current code on it — cold open, append with
/// fsync, rules, live search and screen rendering, with peak memory — beside two baselines
/// (a plain read of the journals and a JSONSerialization replay) run on the same files.
///
/// Run it in release: `swift run -c release caseload-bench --cases 100000 --events-per-case 10`.
@main
struct CaseloadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseload-bench",
        abstract: "Measure Caseload on a generated caseload: open, append, rules, search, screens, memory.")

    @Option(help: "Cases to generate (about events-per-case events each).") var cases: Int = 1000
    @Option(help: "Average events per case (the demo generator's eventsPerCase).") var eventsPerCase: Double = 10
    @Option(help: "Random seed; the same seed gives the same journals.") var seed: UInt64 = 2024
    @Option(help: "The day the caseload is as of (YYYY-MM-DD); fixed so runs are comparable.") var today: String = "2026-11-27"
    @Option(help: "Most runs of the baselines and the cold open (fewer when they are slow).") var runs: Int = 7
    @Option(help: "Single appends to time, each with its fsync.") var appends: Int = 1000
    @Option(help: "Frames to render per screen, and keystrokes per search.") var renders: Int = 50
    @Option(help: "Folder to make the temporary data directory in (default $TMPDIR or /tmp).") var tmp: String?
    @Flag(help: "Keep the generated data directory and print its path.") var keep = false
    @Option(help: "Use this data directory: generate into it when it has no journals, else measure what is there (kept).") var data: String?
    @Flag(help: "Only time cold and warm opens, printed as they go (for profiling).") var onlyOpen = false
    @Flag(help: "Only time the rules over all cases, printed as they go (for profiling).") var onlyRules = false
    @Flag(help: "Only time the person key store's share of an open, phase by phase (for profiling).") var onlyKeys = false
    @Flag(help: "Only time the app from an open store to its first frame, then the binary under tmux (for profiling).")
    var onlyApp = false
    @Option(help: "Events appended after the snapshot, read as the warm open's tail.") var tail: Int = 1000
    @Flag(help: "Only the snapshot and warm open rows (for 10M events: --cases 1000000 --warm-only).") var warmOnly = false
    @Option(help: "Comma-separated case counts: run the open rows at each size and print how they grow (e.g. 1000,10000,100000).")
    var sizes: String?
    @Flag(help: "Print the figures as JSON instead of the table.") var json = false

    func validate() throws {
        guard (1...2_000_000).contains(cases) else { throw ValidationError("--cases must be between 1 and 2000000") }
        guard eventsPerCase >= 1, eventsPerCase <= 200 else { throw ValidationError("--events-per-case must be between 1 and 200") }
        guard LocalDate(iso: today) != nil else { throw ValidationError("--today must be YYYY-MM-DD") }
        guard runs >= 3, appends >= 1, renders >= 5 else { throw ValidationError("--runs ≥ 3, --appends ≥ 1, --renders ≥ 5") }
        guard tail >= 0 else { throw ValidationError("--tail must be 0 or more") }
        if let sizes {
            let counts = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !counts.isEmpty, counts.allSatisfy({ $0.map { (1...2_000_000).contains($0) } ?? false }) else {
                throw ValidationError("--sizes takes case counts between 1 and 2000000, separated by commas")
            }
        }
    }

    func run() throws {
        if let data {
            let bench = Bench(options: options(cases: cases), root: data)
            if onlyOpen { try bench.runOpensOnly(); return }
            if onlyRules { try bench.runRulesOnly(); return }
            if onlyKeys { try bench.runKeysOnly(); return }
            if onlyApp { try bench.runAppOpenOnly(); return }
            try bench.run()
            print(json ? bench.report.json() : bench.report.table(), terminator: json ? "\n" : "")
            return
        }
        let root = try Self.makeTemporaryDirectory(in: tmp ?? ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        defer {
            if keep {
                FileHandle.standardError.write(Data("kept the data directory: \(root)\n".utf8))
            } else {
                try? FileManager.default.removeItem(atPath: root)
            }
        }
        if let sizes {
            try runSizes(sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }, root: root)
            return
        }
        let options = options(cases: cases)
        let bench = Bench(options: options, root: root + "/data")
        try bench.run()
        print(json ? bench.report.json() : bench.report.table(), terminator: json ? "\n" : "")
    }

    func options(cases: Int) -> BenchOptions {
        BenchOptions(cases: cases, eventsPerCase: eventsPerCase, seed: seed, today: LocalDate(iso: today)!, openRuns: runs,
                     appends: appends, renders: renders, user: DemoGenerator.firstCounsellor, tail: tail, warmOnly: warmOnly)
    }

    /// The open rows at each size, each in its own data directory (removed after), then one
    /// table of how they grow.
    func runSizes(_ counts: [Int], root: String) throws {
        var reports: [Report] = []
        for (index, count) in counts.enumerated() {
            let bench = Bench(options: options(cases: count), root: root + "/data-\(index)")
            try bench.runOpens()
            reports.append(bench.report)
            try? FileManager.default.removeItem(atPath: root + "/data-\(index)")
        }
        print(json ? Report.trendJSON(reports) : Report.trendTable(reports), terminator: json ? "\n" : "")
    }

    /// A new, empty, private folder: `caseload-bench-XXXXXX` under `parent`.
    static func makeTemporaryDirectory(in parent: String) throws -> String {
        var template = Array((parent + "/caseload-bench-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw ValidationError("cannot create a temporary folder in \(parent) (errno \(errno))") }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
