import Foundation
import XCTest
import Cases
@testable import Hub
@testable import Journal
import PostgresNIO

/// The test server: `$CASELOAD_TEST_HUB_URL` (a superuser URL; `.ci/run` starts a throwaway
/// cluster and sets it). Without it the hub tests skip, unless `CASELOAD_REQUIRE_HUB=1`, as in
/// CI, makes them fail.
enum TestHub {
    static func adminURL() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["CASELOAD_TEST_HUB_URL"], !url.isEmpty { return url }
        if environment["CASELOAD_REQUIRE_HUB"] == "1" {
            XCTFail("CASELOAD_REQUIRE_HUB=1 but CASELOAD_TEST_HUB_URL is not set: the hub tests need a PostgreSQL server")
            throw XCTSkip("no hub")
        }
        throw XCTSkip("set CASELOAD_TEST_HUB_URL=postgres://… (see .ci/pg-cluster) to run the hub tests against a real server")
    }

    /// A fresh database with the schema, and its address.
    static func freshHub() async throws -> (HubAddress, drop: @Sendable () async -> Void) {
        let admin = try HubAddress(parsing: try adminURL())
        let name = "caseload_t_\(UUID().uuidString.prefix(8).lowercased())"
        let connection = try await HubConnection.connect(admin, environment: [:])
        try await connection.run(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), doing: "create a test database")
        await connection.close()
        var address = admin
        address.database = name
        let hub = try await HubConnection.connect(address, environment: [:])
        _ = try await HubSchema.migrate(hub)
        await hub.close()
        return (address, {
            guard let connection = try? await HubConnection.connect(admin, environment: [:]) else { return }
            try? await connection.run(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), doing: "drop")
            await connection.close()
        })
    }

    /// Runs SQL as the superuser on the test database (tampering, counting, killing backends).
    @discardableResult
    static func admin(_ address: HubAddress, _ sql: String) async throws -> [PostgresRow] {
        let connection = try await HubConnection.connect(address, environment: [:])
        defer { Task { await connection.close() } }
        return try await connection.rows(PostgresQuery(unsafeSQL: sql), doing: "test SQL")
    }

    static func count(_ address: HubAddress) async throws -> Int {
        let rows = try await admin(address, "SELECT count(*) FROM caseload_lines")
        return Int(try rows[0].decode(Int64.self))
    }
}

/// A desk: a data directory with its own writer.
struct Desk {
    let directory: DataDirectory
    let writer: String
    var minutes = 0

    init(root: String, name: String, writer: String) throws {
        directory = DataDirectory("\(root)/\(name)")
        self.writer = writer
        try directory.prepare()
        try directory.writeText(directory.config, OfficeConfig(office: "滨州市公共就业服务中心", writer: writer).render())
    }

    /// Appends `count` notes to this desk's own journal, as the app would.
    mutating func write(_ count: Int, case caseID: String = "G-AAAAAAA") throws {
        let journal = try JournalWriter(directory: directory, writer: writer, now: HubFixtures.time(0))
        defer { journal.close() }
        var events: [Event] = []
        for index in 0..<count {
            minutes += 1
            let recorded = HubFixtures.time(minutes)
            events.append(Event(id: "\(writer)-\(journal.position.seq + index + 1)", recorded: recorded, effective: recorded.localDate,
                                actor: "wangfang", caseID: caseID, body: .noteAdded(text: "走访记录 \(writer) \(minutes)")))
        }
        try journal.append(events)
    }

    func round(_ address: HubAddress, batchSize: Int = 2000,
               afterBatch: (@Sendable (Bool, String, Int) async -> Void)? = nil) async throws -> HubRoundReport {
        let hub = try await HubConnection.connect(address, environment: [:])
        let replicator = HubReplicator(directory: directory, localWriter: writer)
        replicator.batchSize = batchSize
        replicator.afterBatch = afterBatch
        do {
            let report = try await replicator.round(hub, now: HubFixtures.time(900))
            await hub.close()
            return report
        } catch {
            await hub.close()
            throw error
        }
    }

    /// Every journal's bytes, by writer.
    func journals() -> [String: Data] {
        var result: [String: Data] = [:]
        for writer in directory.writers() { result[writer] = FileManager.default.contents(atPath: directory.journal(writer: writer)) }
        return result
    }

    /// Every file's bytes, to prove a refused round changed nothing.
    func snapshot() -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: directory.root)
        while let path = walker?.nextObject() as? String {
            let full = directory.root + "/" + path
            if !FileManager.default.fileExists(atPath: full + "/.") { files[path] = FileManager.default.contents(atPath: full) }
        }
        return files
    }
}

enum HubFixtures {
    /// 2026-11-29 09:00 in Binzhou plus `minutes`.
    static func time(_ minutes: Int) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: 1_795_914_000_000 + Int64(minutes) * 60_000, offsetMinutes: 480)
    }

    static func temporaryRoot() -> String {
        var template = Array("/tmp/caseload-hub-tests.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: made!)
    }
}

/// A test with a temporary folder for its desks and fresh hub databases, all removed after it.
class HubTestCase: XCTestCase {
    private(set) var root = ""
    private var drops: [@Sendable () async -> Void] = []

    override func setUp() async throws {
        root = HubFixtures.temporaryRoot()
    }

    override func tearDown() async throws {
        for drop in drops { await drop() }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A new, empty hub database of its own on the test server, dropped in `tearDown`.
    func hub() async throws -> HubAddress {
        let (address, drop) = try await TestHub.freshHub()
        drops.append(drop)
        return address
    }
}
