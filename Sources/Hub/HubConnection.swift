#if canImport(Glibc)
import Glibc
#endif
import Journal
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PostgresNIO

/// Why a hub operation failed. Every message is safe to show: it names the hub by its redacted
/// URL and never carries a password.
public enum HubError: Error, Sendable, CustomStringConvertible {
    /// The URL or the configuration is wrong (bad input: exit 2).
    case configuration(String)
    /// The hub could not be reached, or the connection broke: try again later.
    case unreachable(String)
    /// The server refused a statement (permissions, missing schema…).
    case server(String)
    /// One writer id, two histories: refused, nothing overwritten on either side.
    case diverged([String])
    /// Lines from the hub that fail the journal's checks (checksum, chain, sequence, hash).
    case refused([String])
    /// A local journal could not be read or written.
    case journal(JournalError)

    public var description: String {
        switch self {
        case .configuration(let text), .unreachable(let text), .server(let text): text
        case .diverged(let problems), .refused(let problems): problems.joined(separator: "\n")
        case .journal(let error): error.description
        }
    }

    /// Whether trying again later may succeed (the network or the server, not the data).
    public var isTransient: Bool {
        if case .unreachable = self { return true }
        return false
    }
}

/// One connection to the hub, with errors turned into `HubError`s that name the hub safely.
public final class HubConnection: Sendable {
    public let address: HubAddress
    let connection: PostgresConnection
    let logger: Logger
    private let password: String?

    /// Connects with the password from the URL, `PGPASSWORD` or `~/.pgpass`, and TLS as the
    /// URL's `sslmode` says (default: TLS when the server offers it).
    public static func connect(_ address: HubAddress, environment: [String: String],
                               timeout: Duration = .seconds(5)) async throws(HubError) -> HubConnection {
        let password = address.resolvePassword(environment: environment)
        let logger = Logger(label: "caseload.hub") { _ in SwiftLogNoOpLogHandler() }
        var configuration: PostgresConnection.Configuration
        do {
            configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                             password: password, database: address.database,
                                                             tls: try tls(for: address.tls))
        } catch {
            throw .configuration("hub \(address): TLS could not be set up (\(error))")
        }
        configuration.options.connectTimeout = .seconds(timeout.components.seconds)
        configuration.options.additionalStartupParameters = [("application_name", "caseload")]
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return HubConnection(address: address, connection: connection, logger: logger, password: password)
        } catch {
            throw HubConnection.translate(error, address: address, password: password, doing: "connect")
        }
    }

    private init(address: HubAddress, connection: PostgresConnection, logger: Logger, password: String?) {
        self.address = address
        self.connection = connection
        self.logger = logger
        self.password = password
    }

    static func tls(for mode: HubAddress.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable:
            return .disable
        case .prefer, .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            let context = try NIOSSLContext(configuration: tls)
            return mode == .prefer ? .prefer(context) : .require(context)
        case .verifyFull:
            return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// How long one statement may take before the connection is given up as dead. A server that
    /// vanished mid-statement (stopped, or its host gone) may never answer nor close the socket.
    public static let statementTimeout: Duration = .seconds(Int64(defaultEnvironment["CASELOAD_HUB_STATEMENT_TIMEOUT"] ?? "") ?? 30)

    /// Runs a statement and collects its rows.
    func rows(_ query: PostgresQuery, doing: String) async throws(HubError) -> [PostgresRow] {
        let connection = self.connection, logger = self.logger
        do {
            return try await HubConnection.withDeadline(HubConnection.statementTimeout) {
                var rows: [PostgresRow] = []
                for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
                return rows
            }
        } catch is HubTimeout {
            try? await HubConnection.withDeadline(.seconds(2)) { try await connection.close() }
            throw .unreachable("hub \(address) unreachable: \(doing): no answer in \(HubConnection.statementTimeout)")
        } catch {
            throw HubConnection.translate(error, address: address, password: password, doing: doing)
        }
    }

    /// Runs `work`, or throws `HubTimeout` after `limit`. Unlike a task group, it returns at the
    /// deadline even when the work never ends (a driver still waiting on a socket nobody closed);
    /// the abandoned work is cancelled and left to finish or not.
    static func withDeadline<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let gate = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(nil)
        let worker = NIOLockedValueBox<Task<Void, Never>?>(nil)
        let timer = NIOLockedValueBox<Task<Void, Never>?>(nil)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            gate.withLockedValue { $0 = continuation }
            let finish: @Sendable (Result<T, any Error>) -> Void = { result in
                gate.withLockedValue { pending in
                    pending?.resume(with: result)
                    pending = nil
                }
            }
            timer.withLockedValue { $0 = Task {
                try? await Task.sleep(for: limit)
                finish(.failure(HubTimeout()))
                worker.withLockedValue { $0 }?.cancel()
            } }
            worker.withLockedValue { $0 = Task {
                do { finish(.success(try await work())) } catch { finish(.failure(error)) }
                timer.withLockedValue { $0 }?.cancel()
            } }
        }
    }

    /// Closes the connection, giving up after two seconds on a server that vanished.
    public func close() async {
        let connection = self.connection
        try? await HubConnection.withDeadline(.seconds(2)) { try await connection.close() }
    }

    /// Runs a statement for its effect.
    func run(_ query: PostgresQuery, doing: String) async throws(HubError) {
        _ = try await rows(query, doing: doing)
    }

    /// Decodes a row's one column.
    func value<T: PostgresDecodable>(_ row: PostgresRow, as type: T.Type, doing: String) throws(HubError) -> T {
        do {
            return try row.decode(T.self)
        } catch {
            throw .server("hub \(address): unexpected reply to \(doing) (\(error))")
        }
    }

    /// Decodes a row's columns, turning a type mismatch into a server error.
    func decode<each T: PostgresDecodable>(_ row: PostgresRow, as types: (repeat each T).Type,
                                            doing: String) throws(HubError) -> (repeat each T) {
        do {
            return try row.decode(types)
        } catch {
            throw .server("hub \(address): unexpected reply to \(doing) (\(error))")
        }
    }

    /// A message for any failure, with the server's own words when it sent some; the password
    /// is cut out of whatever the library says, in case it ever echoes it.
    static func translate(_ error: any Error, address: HubAddress, password: String?, doing: String) -> HubError {
        let text: String
        var transient = true
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                let state = psql.serverInfo?[.sqlState] ?? ""
                text = "hub \(address): \(doing): \(message)\(state.isEmpty ? "" : " (SQLSTATE \(state))")"
                // Connection-class states (08…), shutdown (57P…) and too many connections are worth retrying.
                transient = state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300"
            } else {
                let underlying = psql.underlying.map { " (\($0))" } ?? ""
                text = "hub \(address) unreachable: \(doing): \(psql.code)\(underlying)"
            }
        } else if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? transaction.rollbackError
            return inner.map { translate($0, address: address, password: password, doing: doing) }
                ?? .unreachable("hub \(address) unreachable: \(doing)")
        } else {
            text = "hub \(address) unreachable: \(doing): \(error)"
        }
        let safe = redactPassword(text, password)
        return transient ? .unreachable(safe) : .server(safe)
    }

    static func redactPassword(_ text: String, _ password: String?) -> String {
        let redacted = HubAddress.redact(text)
        guard let password, !password.isEmpty else { return redacted }
        return redacted.replacingAll(password, with: "***")
    }
}

struct HubTimeout: Error {}

/// The process environment, read once (for the statement timeout tests shorten).
let defaultEnvironment: [String: String] = {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let equals = text.firstIndex(of: "=") { result[String(text[..<equals])] = String(text[text.index(after: equals)...]) }
        pointer += 1
    }
    return result
}()

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
