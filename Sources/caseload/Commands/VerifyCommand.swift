import ArgumentParser
import Cases
import Foundation
import Journal

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every journal's checksums, sequence and hash chain.",
        discussion: """
        Exits 0 when every journal is intact, 1 when any is damaged or has a torn tail. With --seal FILE (as printed \
        by `caseload seal`), also proves each sealed journal has only grown since: its recorded head is still on the \
        chain at the same line and byte.
        """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "text or json.") var format: VerifyFormat = .text
    @Option(help: ArgumentHelp("A seal recorded earlier with `caseload seal`.", valueName: "file")) var seal: String?

    enum VerifyFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let context = try CommandContext(global)
        let sealed = try seal.map(SealCommand.read)
        guard context.directory.exists else { throw CommandFailure(message: "no Caseload data in \(context.directory.root)") }
        let reports = try Verifier.verify(context.directory)
        let checks = try sealed?.map { entry throws(JournalError) in try Seal.check(entry, in: context.directory) } ?? []
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
            guard sealed != nil else {
                print(JSONWriter.string(.array(items), pretty: true))
                break
            }
            let sealItems: [JSONValue] = checks.map { check in
                .object(JSONObject([("writer", .string(check.entry.writer)), ("sealed_seq", .int(Int64(check.entry.seq))),
                                    ("seq_now", .int(Int64(check.seqNow))), ("ok", .bool(check.holds)),
                                    ("problem", check.problem.map(JSONValue.string) ?? .null)]))
            }
            print(JSONWriter.string(.object(JSONObject([("journals", .array(items)), ("seal", .array(sealItems))])), pretty: true))
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
            for check in checks {
                if let problem = check.problem {
                    print("SEAL     \(check.entry.writer): FAILED at seq \(check.entry.seq): \(problem)")
                } else {
                    print("seal     \(check.entry.writer): holds; seq \(check.entry.seq) → \(check.seqNow), only grown since")
                }
            }
            for problem in missingKeys { print("KEY MISSING  \(problem)") }
        }
        if reports.contains(where: { !$0.isHealthy }) || checks.contains(where: { !$0.holds }) || !missingKeys.isEmpty {
            throw ExitCode(ExitStatus.failed)
        }
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

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Print each journal's head hash for a supervisor to record.",
        discussion: """
        One line per journal: writer, seq and byte offset of its last whole line, and the chain hash there. Keep the \
        output somewhere the desk cannot change (printed, mailed, in the supervisor's files). Later, \
        `caseload verify --seal FILE` proves each journal has only grown since: any edited, deleted, inserted or \
        reordered line before the sealed head fails. Exits 1, printing nothing, when a journal is damaged.
        """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "text or json.") var format: VerifyCommand.VerifyFormat = .text

    func run() throws {
        let context = try CommandContext(global)
        guard context.directory.exists else { throw CommandFailure(message: "no Caseload data in \(context.directory.root)") }
        let reports = try Verifier.verify(context.directory)
        if let damaged = reports.first(where: { $0.damage != nil }), let damage = damaged.damage {
            throw CommandFailure(message: "cannot seal a damaged journal: \(damage); run `caseload verify`")
        }
        let entries = Seal.entries(reports)
        let now = context.clock.now().iso
        switch format {
        case .json:
            print(Seal.json(entries, sealedAt: now, directory: context.directory.root), terminator: "")
        case .text:
            print(Seal.text(entries, header: ["caseload seal of \(context.directory.root) at \(now)",
                                              "check later with: caseload verify --seal FILE"]), terminator: "")
        }
    }

    /// Reads and parses a seal file; a missing or malformed one is bad input (exit 2).
    static func read(_ path: String) throws -> [SealEntry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError(field: "seal", "cannot read \(path)")
        }
        do {
            return try Seal.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw ValidationError(field: "seal", error.description)
        }
    }
}
