import ArgumentParser
import Cases
import Foundation
import Journal

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every journal's checksums, sequence and hash chain.",
        discussion: "Exits 0 when every journal is intact, 1 when any is damaged or has a torn tail.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "text or json.") var format: VerifyFormat = .text

    enum VerifyFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let context = try CommandContext(global)
        guard context.directory.exists else { throw CommandFailure(message: "no Caseload data in \(context.directory.root)") }
        let reports = try Verifier.verify(context.directory)
        let missingKeys = try KeyCheck.check(context.directory)
        switch format {
        case .json:
            let items: [JSONValue] = reports.map { report in
                var o = JSONObject()
                o["writer"] = .string(report.writer)
                o["path"] = .string(report.path)
                o["ok"] = .bool(report.isHealthy && !missingKeys.contains { $0.writer == report.writer })
                o["lines"] = .int(Int64(report.lines))
                o["bytes"] = .int(Int64(report.bytes))
                o["last_seq"] = .int(Int64(report.lastSeq))
                o["head"] = .string(report.head)
                o["torn_tail"] = report.tail.map { .object(JSONObject([("offset", .int(Int64($0.offset))), ("length", .int(Int64($0.length)))])) } ?? .null
                o["missing_keys"] = .array(missingKeys.filter { $0.writer == report.writer }.map { .object(JSONObject([
                    ("seq", .int(Int64($0.seq))), ("key", .string($0.key)), ("problem", .string($0.description))])) })
                o["damage"] = report.damage.map { .object(JSONObject([("line", .int(Int64($0.line))), ("offset", .int(Int64($0.offset))),
                                                                     ("problem", .string($0.problem))])) } ?? .null
                return .object(o)
            }
            print(JSONWriter.string(.array(items), pretty: true))
        case .text:
            for report in reports {
                if let damage = report.damage {
                    print("DAMAGED  \(report.writer): line \(damage.line), byte \(damage.offset): \(damage.problem)")
                    print("         \(report.lines) lines before it verify. Nothing after it is read until `caseload repair` quarantines it.")
                } else if let tail = report.tail {
                    print("TORN     \(report.writer): \(report.lines) lines ok, then \(tail.length) bytes of an incomplete line at byte \(tail.offset)")
                    print("         (an interrupted append; it is quarantined when \(report.writer) next opens, or by `caseload repair`)")
                } else {
                    print("ok       \(report.writer): \(report.lines) lines, seq 1–\(report.lastSeq), head \(report.head.prefix(16))…")
                }
            }
            if reports.isEmpty { print("no journals yet") }
            for problem in missingKeys { print("KEY MISSING  \(problem)") }
        }
        if reports.contains(where: { !$0.isHealthy }) || !missingKeys.isEmpty { throw ExitCode(ExitStatus.failed) }
    }
}

struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Quarantine a journal's damaged part, with consent.",
        discussion: """
        Saves a full copy of the journal to quarantine/, then moves the first bad line and everything after it \
        (or a torn last line) to quarantine/ and records what moved. Nothing is deleted.
        """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this writer's journal.") var journal: String?
    @Flag(help: "Do not ask; consent given.") var yes = false

    func run() throws {
        let context = try CommandContext(global)
        guard context.directory.exists else { throw CommandFailure(message: "no Caseload data in \(context.directory.root)") }
        let reports = try Verifier.verify(context.directory).filter { !$0.isHealthy && (journal == nil || $0.writer == journal) }
        if reports.isEmpty {
            print("nothing to repair")
            return
        }
        // Every repair is recorded in this desk's journal, so that journal is repaired first
        // (when it needs it) and then held open while the others are repaired.
        guard let config = try OfficeConfig.load(context.directory) else { throw CommandFailure(message: "no config.toml") }
        let own = context.writerOverride ?? config.writer
        var recorder: JournalWriter?
        for report in reports.sorted(by: { ($0.writer != own ? 1 : 0, $0.writer) < ($1.writer != own ? 1 : 0, $1.writer) }) {
            if recorder == nil && report.writer != own {
                recorder = try JournalWriter(directory: context.directory, writer: own, now: context.clock.now())
            }
            let what = report.damage.map { "line \($0.line) (byte \($0.offset)): \($0.problem); that line and everything after it" }
                ?? "a torn last line of \(report.tail?.length ?? 0) bytes"
            print("\(report.writer): \(what) will move to quarantine/.")
            if !yes {
                print("Move it? Type yes to continue: ", terminator: "")
                guard readLine()?.trimmingWhitespace().lowercased() == "yes" else {
                    print("skipped \(report.writer)")
                    if report.writer == own && reports.count > 1 {
                        throw CommandFailure(message: "repairs are recorded in this desk's journal \(own), which stays damaged; nothing else was moved")
                    }
                    continue
                }
            }
            guard let result = try Repairer.repair(context.directory, writer: report.writer, now: context.clock.now()) else { continue }
            print("moved \(result.length) bytes (\(result.linesMoved) lines) to \(result.fragment)")
            if let copy = result.brokenCopy { print("full copy before repair: \(copy)") }
            if recorder == nil { recorder = try JournalWriter(directory: context.directory, writer: own, now: context.clock.now()) }
            var random = SystemRandomNumberGenerator()
            try recorder?.append(Event(id: Identifiers.eventID(using: &random), recorded: context.clock.now(), effective: context.today,
                                       actor: context.actor, caseID: "",
                                       body: .journalRepaired(journal: result.writer, offset: result.offset, length: result.length,
                                                              quarantined: result.fragment)))
        }
    }
}
