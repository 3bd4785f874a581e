import ArgumentParser
import Cases
import Foundation
import Journal
import Office
import TextCells

/// `caseload sync SOURCE`: takes in another data directory's journals (see `JournalSync`).
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bring in the journals of another data directory (a laptop, a USB stick, a share), or sync with the hub.",
        discussion: """
        Copies journals this office lacks and appends what is new in those it has, after verifying every \
        line. A journal that has diverged (one writer, two different histories) refuses the whole sync and \
        nothing is changed (exit 1). Running it twice changes nothing the second time. With --hub, one round \
        with the PostgreSQL hub instead: send what it lacks, take other writers' new lines (the URL is the \
        argument, else $CASELOAD_HUB, else config.toml).
        """)
    @OptionGroup var global: GlobalOptions
    @ArgumentParser.Flag(help: "Sync with the PostgreSQL hub instead of a directory.") var hub = false
    @Argument(help: "The other data directory, or a folder of .jsonl journals (with --hub: the hub's URL, optional).") var source: String?

    func run() throws {
        let context = try CommandContext(global)
        guard let config = try OfficeConfig.load(context.directory) else {
            throw CommandFailure(message: "no Caseload data in \(context.directory.root): run `caseload init` first")
        }
        if hub {
            let address = try HubSetup.required(flag: source, context: context, config: config)
            try HubSetup.syncOnce(address, context: context, writer: context.writerOverride ?? config.writer)
            return
        }
        guard let source else { throw ValidationError(field: "source", "give a data directory or folder of journals, or --hub") }
        guard JournalSync.journalsFolder(of: source) != nil else {
            throw ValidationError(field: "source", "\(source) holds no Caseload journals (no journals/ folder and no .jsonl files)")
        }
        let report: SyncReport
        do {
            report = try JournalSync.sync(from: source, into: context.directory, localWriter: context.writerOverride ?? config.writer,
                                          now: context.clock.now())
        } catch {
            switch error {
            case .journal(let journalError): throw journalError
            case .refused(let problems):
                for problem in problems { Output.warn(problem) }
                throw CommandFailure(message: "sync from \(source) refused; nothing was changed")
            }
        }
        for entry in report.entries {
            let own = entry.isLocalWriter ? " (this desk's own journal)" : ""
            switch entry.action {
            case .copied: print("copied      \(entry.writer): \(entry.newLines) lines\(own)")
            case .appended: print("appended    \(entry.writer): \(entry.newLines) new lines, now \(entry.localLines + entry.newLines)\(own)")
            case .upToDate: print("up to date  \(entry.writer): \(entry.localLines) lines\(own)")
            case .aheadHere: print("kept        \(entry.writer): this office has \(entry.localLines) lines, the source \(entry.sourceLines)\(own)")
            }
            if let torn = entry.sourceTornTail {
                print("            the source's last line of \(entry.writer) is incomplete (\(torn) bytes, still being written?) and was not taken")
            }
        }
        if report.keysAdded > 0 || report.keysDestroyed > 0 {
            print("keys        \(report.keysAdded) person keys taken in, \(report.keysDestroyed) destroyed by erasures recorded there")
        }
        let copied = report.entries.filter { $0.action == .copied }.count
        let appended = report.entries.filter { $0.action == .appended }.count
        print(report.changed
              ? "synced from \(source): \(report.newEvents) new events (\(copied) \(copied == 1 ? "journal" : "journals") copied, \(appended) extended)"
              : "nothing new in \(source)")
        let store = try context.openStore(forWriting: false)
        let groups = store.caseload.probableDuplicates()
        if !groups.isEmpty {
            print("\(groups.count) people have more than one open case of the same kind: run `caseload duplicates`")
        }
        for record in store.caseload.idCollisions {
            print("case id \(record.id) was opened for \(record.idCollisions.count + 1) different people: run `caseload duplicates`")
        }
    }
}

/// `caseload duplicates`: probable duplicates for a supervisor to merge.
struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "List people with more than one open case of the same kind (opened on two laptops while apart).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "table or json.") var format: DuplicatesFormat = .table

    enum DuplicatesFormat: String, ExpressibleByArgument { case table, json }

    func run() throws {
        let context = try CommandContext(global)
        let access = try Access.load(context)
        let store = try context.openStore(forWriting: false)
        // With a staff file: the groups the user has a case of in full; the other team's side is a stub.
        let groups = store.caseload.probableDuplicates().filter { $0.contains(where: access.seesFull) }
        switch format {
        case .json:
            print(JSONWriter.string(.array(groups.map { group in
                .object(JSONObject([
                    ("id_number", .string(group[0].residentID.masked)), ("kind", .string(group[0].kind.rawValue)),
                    ("cases", .array(group.map { record in
                        guard access.seesFull(record) else { return .object(CaseRendering.stubObject(record)) }
                        var o = CaseRendering.listObject(record, unmasked: false)
                        o["opened_by_writer"] = .string(record.events.first { $0.type == "case_opened" }?.writer ?? "")
                        o["events"] = .int(Int64(record.events.count))
                        return .object(o)
                    })),
                ]))
            }), pretty: true))
        case .table:
            for record in store.caseload.idCollisions where access.seesFull(record) {
                let others = record.idCollisions.map { event -> String in
                    guard case .caseOpened(let other) = event.body else { return event.id }
                    return "\(other.person.name) \(other.person.residentID.masked) (writer \(event.writer), event \(event.id))"
                }
                print("case id \(record.id) is \(record.name) \(record.residentID.masked), but was also opened for: "
                      + others.joined(separator: "; ") + ". Those openings stay in the journal; register them again with `caseload add`.")
            }
            guard !groups.isEmpty else {
                print("no probable duplicates")
                return
            }
            for group in groups {
                print("\(group[0].residentID.masked)  \(group[0].kind.english)  \(group.count) open cases")
                var table = TextTable(headers: ["ID", "Name", "Counsellor", "Opened", "Writer", "Status", "Last contact", "Events"])
                for record in group {
                    table.append([record.id, record.name, record.counsellor, record.opened.iso,
                                  record.events.first { $0.type == "case_opened" }?.writer ?? "", record.status.rawValue,
                                  access.seesFull(record) ? record.lastContact?.date.iso ?? "—" : "—", "\(record.events.count)"])
                }
                print(table.render())
                print("merge with: caseload merge \(group.last!.id) --into \(group[0].id)\n")
            }
        }
    }
}

/// `caseload merge CASE --into CASE`: a supervisor closes a duplicate in favour of the case that goes on.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a duplicate case into another case of the same person and kind.",
        discussion: "The merged case is closed (\"merged into …\") and keeps its history; the event is a journal line like any other.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The duplicate to merge away.") var caseReference: String
    @Option(help: "The case that goes on.") var into: String

    func run() throws {
        let context = try CommandContext(global)
        let store = try context.openStore(forWriting: true)
        let from = try store.caseload.resolve(caseReference)
        let target = try store.caseload.resolve(into)
        if let why = try Access.load(context).mergeRefusal([from, target]) { throw CommandFailure(message: why) }
        guard from.id != target.id else { throw ValidationError(field: "into", "\(from.id) cannot be merged into itself") }
        guard from.kind == target.kind else {
            throw ValidationError(field: "into", "\(target.id) is a \(target.kind.rawValue) case and \(from.id) a \(from.kind.rawValue) case")
        }
        guard from.residentID == target.residentID else {
            throw ValidationError(field: "into", "\(target.id) is \(target.residentID.masked), not the same person as \(from.id) (\(from.residentID.masked))")
        }
        guard from.status != .closed else { throw ValidationError(field: "case", "\(from.id) is already closed (\(from.closeReason ?? ""))") }
        guard target.status != .closed else { throw ValidationError(field: "into", "\(target.id) is closed; reopen it or merge the other way") }
        try store.append(store.makeEvent(caseID: from.id, actor: context.actor, effective: context.today,
                                         body: .casesMerged(into: target.id, from: from.id)))
        print("merged \(from.id) into \(target.id) \(target.name); \(from.id) is closed and keeps its history")
    }
}

/// `caseload watch`: new events as they arrive, for scripts (a wall display, a notifier).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print new events as they arrive, one per line, until interrupted (Ctrl-C).",
        discussion: "JSON lines carry `case` and the fields of `show --format json` events; personal numbers are masked.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "json or text.") var format: WatchFormat = .json
    @ArgumentParser.Flag(name: .customLong("from-start"), help: "Print the events already held first.") var fromStart = false
    @Option(help: ArgumentHelp("How often to look, in milliseconds.", valueName: "ms")) var interval = 500

    enum WatchFormat: String, ExpressibleByArgument { case json, text }

    func validate() throws {
        guard (50...60_000).contains(interval) else { throw ValidationError(field: "interval", "must be 50 to 60000 milliseconds") }
    }

    func run() throws {
        let context = try CommandContext(global)
        // SIGINT and SIGTERM are taken synchronously (sigtimedwait is the wait between looks),
        // so the loop ends cleanly between two events and exits 0, without a signal handler.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let access = try Access.load(context)
        let store = try context.openStore(forWriting: false)
        // With a staff file, events of cases the user sees only as a stub are left out.
        let visible = { (event: Event) in event.caseID.isEmpty || (store.caseload[event.caseID].map(access.seesFull) ?? true) }
        if fromStart { emit(store.caseload.allEvents.filter(visible)) }
        Output.writeStandardError("caseload: watching \(context.directory.root) (\(store.caseload.eventCount) events so far); Ctrl-C stops\n")
        var wait = timespec(tv_sec: interval / 1000, tv_nsec: (interval % 1000) * 1_000_000)
        while true {
            emit(try store.refresh().filter(visible).sorted(by: Event.mergedOrder))
            if sigtimedwait(&signals, nil, &wait) > 0 { return }
        }
    }

    private func emit(_ events: [Event]) {
        guard !events.isEmpty else { return }
        var out = ""
        for event in events {
            switch format {
            case .json:
                var o = JSONObject([("case", .string(event.caseID))])
                for (key, value) in CaseRendering.eventObject(event, undone: false, unmasked: false).objectValue ?? JSONObject() {
                    o[key] = value
                }
                out += JSONWriter.string(.object(o)) + "\n"
            case .text:
                out += "\(event.recorded.iso)  \(event.writer)  \(event.actor)  \(event.caseID.isEmpty ? "-" : event.caseID)  "
                    + EventText.describe(event, chinese: false) + "\n"
            }
        }
        // write(2) rather than print: a pipe to a script must get each line now, not when a buffer fills.
        var bytes = Array(out.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + written, $0.count - written) }
            if result <= 0 { if errno == EINTR { continue } else { return } }
            written += result
        }
    }
}
