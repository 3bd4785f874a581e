import ArgumentParser
import Cases
import Dispatch
import Hub
import Journal
import TextCells

/// `--hub URL`, for the commands that talk to the hub and for the app.
struct HubOptions: ParsableArguments {
    @Option(name: .customLong("hub"), help: ArgumentHelp("The PostgreSQL hub (postgres://user@host/db), overriding $CASELOAD_HUB and config.toml.",
                                                         valueName: "url"))
    var url: String?
}

/// Finds the hub's address: the flag, else `$CASELOAD_HUB`, else `hub` in config.toml; nil when none is set.
enum HubSetup {
    static func address(flag: String?, context: CommandContext, config: OfficeConfig?) throws(ValidationError) -> HubAddress? {
        let text = [flag, context.environment["CASELOAD_HUB"], config?.hub].compactMap { $0 }.first { !$0.isEmpty }
        guard let text else { return nil }
        do {
            return try HubAddress(parsing: text, environment: context.environment)
        } catch {
            throw ValidationError(field: "hub", String(error.description.dropFirst("hub: ".count)))
        }
    }

    static func required(flag: String?, context: CommandContext, config: OfficeConfig?) throws(ValidationError) -> HubAddress {
        guard let address = try address(flag: flag, context: context, config: config) else {
            throw ValidationError(field: "hub", "no hub is set: give --hub URL, set $CASELOAD_HUB, or add hub = \"postgres://…\" to config.toml")
        }
        return address
    }

    /// Runs async hub work from a synchronous command and waits for it.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws(HubError) -> T) throws(HubError) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do throws(HubError) { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Turns a hub failure into the command's exit: bad configuration is bad input (2), the rest fail (1).
    static func fail(_ error: HubError) -> any Error {
        switch error {
        case .configuration(let message): return CommandFailure(message: message, code: ExitStatus.badInput)
        case .journal(let journalError): return journalError
        case .diverged(let problems), .refused(let problems):
            for problem in problems { Output.warn(problem) }
            return CommandFailure(message: "hub sync refused; see above")
        case .unreachable(let message), .server(let message): return CommandFailure(message: message)
        }
    }

    /// One explicit round (`caseload sync --hub`): prints what moved.
    static func syncOnce(_ address: HubAddress, context: CommandContext, writer: String) throws {
        let directory = context.directory
        let environment = context.environment
        let now = context.clock.now()
        let report: HubRoundReport
        let replicator = HubReplicator(directory: directory, localWriter: writer)
        do {
            report = try blocking { () async throws(HubError) -> HubRoundReport in
                let hub = try await HubConnection.connect(address, environment: environment)
                do throws(HubError) {
                    let report = try await replicator.round(hub, now: now)
                    await hub.close()
                    return report
                } catch {
                    await hub.close()
                    throw error
                }
            }
        } catch {
            throw fail(error)
        }
        HubSyncRecord.write(directory, at: now, seen: replicator.lastSeenHub)
        for (writer, count) in report.pushed.sorted(by: { $0.key < $1.key }) { print("sent        \(writer): \(count) lines") }
        for (writer, count) in report.pulled.sorted(by: { $0.key < $1.key }) { print("received    \(writer): \(count) lines") }
        let keys = report.keys
        if keys.keysSent + keys.tombstonesSent > 0 { print("sent        keys: \(keys.keysSent), erasures: \(keys.tombstonesSent)") }
        if keys.keysReceived + keys.keysDestroyed > 0 {
            print("received    keys: \(keys.keysReceived), keys destroyed by erasures: \(keys.keysDestroyed)")
        }
        for note in report.notes { print("left        \(note)") }
        print(report.transferred
              ? "synced with \(address): \(report.pushedTotal) sent, \(report.pulledTotal) received"
              : "nothing to exchange with \(address)")
    }
}

/// Carries a result from the task back to the waiting command; the semaphore orders the accesses.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, HubError>?
}

/// `caseload hub …`: set up the hub and look at it.
struct HubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Replicate this office's journals through a PostgreSQL hub.",
        subcommands: [HubInitCommand.self, HubStatusCommand.self])
}

/// `caseload hub init URL`: creates or migrates the hub's schema, and shows or applies the grants.
struct HubInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or migrate the hub's tables (run as the database owner).",
        discussion: """
        Prints the GRANTs that give the app's database role SELECT and INSERT only (--role), and applies \
        them with --grant. With --save the URL (without a password) goes into this data directory's config.toml.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "postgres://owner@host:port/database") var url: String
    @Option(help: "The app's database role, for the GRANTs.") var role: String?
    @ArgumentParser.Flag(help: "Apply the GRANTs for --role instead of printing them.") var grant = false
    @ArgumentParser.Flag(help: "Write the URL into this data directory's config.toml.") var save = false

    func run() throws {
        let context = try CommandContext(global)
        let address = try HubSetup.required(flag: url, context: context, config: nil)
        if let role {
            do { try HubSchema.validateRole(role) } catch { throw ValidationError(field: "role", String(error.description.dropFirst("role: ".count))) }
        }
        if grant && role == nil { throw ValidationError(field: "grant", "needs --role NAME") }
        var config: OfficeConfig?
        if save {
            guard address.urlPassword == nil else {
                throw ValidationError(field: "save", "the URL holds a password: put it in ~/.pgpass or PGPASSWORD, and save the URL without it")
            }
            guard let loaded = try OfficeConfig.load(context.directory) else {
                throw CommandFailure(message: "no Caseload data in \(context.directory.root): run `caseload init` first", code: ExitStatus.badInput)
            }
            config = loaded
        }
        let environment = context.environment
        let (applied, version) = try perform(address, environment: environment)
        print(applied.isEmpty ? "hub \(address): schema is current (version \(version))"
              : "hub \(address): schema migrated to version \(version) (applied \(applied.map(String.init).joined(separator: ", ")))")
        if let role {
            let statements = HubSchema.grants(role: role)
            if grant {
                do {
                    try HubSetup.blocking { () async throws(HubError) in
                        let hub = try await HubConnection.connect(address, environment: environment)
                        do throws(HubError) {
                            try await HubSchema.apply(statements, hub)
                            await hub.close()
                        } catch {
                            await hub.close()
                            throw error
                        }
                    }
                } catch {
                    throw HubSetup.fail(error)
                }
                print("granted \(role) SELECT and INSERT only:")
            } else {
                print("grant the app's role only SELECT and INSERT, as the database owner:")
            }
            for statement in statements { print("  \(statement);") }
        }
        if var config {
            config.hub = url
            try context.directory.writeText(context.directory.config, config.render())
            print("saved hub = \(address) in \(context.directory.config)")
        }
    }

    private func perform(_ address: HubAddress, environment: [String: String]) throws -> ([Int], Int) {
        do {
            return try HubSetup.blocking { () async throws(HubError) -> ([Int], Int) in
                let hub = try await HubConnection.connect(address, environment: environment)
                do throws(HubError) {
                    let applied = try await HubSchema.migrate(hub)
                    let version = try await HubSchema.version(hub)
                    await hub.close()
                    return (applied, version)
                } catch {
                    await hub.close()
                    throw error
                }
            }
        } catch {
            throw HubSetup.fail(error)
        }
    }
}

/// `caseload hub status`: each writer's lines here and in the hub, the last sync, what waits.
struct HubStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each writer's lines here and in the hub, the last sync and the events waiting.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var hubOptions: HubOptions

    func run() throws {
        let context = try CommandContext(global)
        guard let config = try OfficeConfig.load(context.directory) else {
            throw CommandFailure(message: "no Caseload data in \(context.directory.root): run `caseload init` first")
        }
        let address = try HubSetup.required(flag: hubOptions.url, context: context, config: config)
        let directory = context.directory
        let writer = context.writerOverride ?? config.writer
        let environment = context.environment
        let last = HubSyncRecord.read(directory)?.time
        let rows: [HubWriterStatus], keys: HubKeyStatus
        do {
            (rows, keys) = try HubSetup.blocking { () async throws(HubError) -> ([HubWriterStatus], HubKeyStatus) in
                let hub = try await HubConnection.connect(address, environment: environment)
                do throws(HubError) {
                    let replicator = HubReplicator(directory: directory, localWriter: writer)
                    let rows = try await replicator.status(hub)
                    let keys = try await replicator.keyStatus(hub)
                    await hub.close()
                    return (rows, keys)
                } catch {
                    await hub.close()
                    throw error
                }
            }
        } catch {
            if error.isTransient {
                print("hub \(address): offline (\(error.description))")
                print("last sync: \(last.map { "\($0.localDate.iso) \($0.localTime)" } ?? "never")")
                throw CommandFailure(message: "hub unreachable")
            }
            throw HubSetup.fail(error)
        }
        var table = TextTable(headers: ["Writer", "Here", "Hub", "Waiting", "Behind"])
        for row in rows {
            table.append([row.writer + (row.isLocalWriter ? " (this desk)" : ""), "\(row.local)", "\(row.hub)",
                          "\(row.waiting)", "\(row.behind)"])
        }
        print("hub \(address)")
        print(table.render())
        print("last sync: \(last.map { "\($0.localDate.iso) \($0.localTime)" } ?? "never")")
        let waiting = rows.reduce(0) { $0 + $1.waiting }, behind = rows.reduce(0) { $0 + $1.behind }
        print("\(waiting) events waiting to be sent, \(behind) to be received")
        print("person keys: \(keys.localKeys) here, \(keys.hubKeys) in the hub; erasures: \(keys.localErasures) here, "
              + "\(keys.hubErasures) in the hub; \(keys.toSend) key records to send, \(keys.toReceive) to receive")
    }
}
