import Foundation
import XCTest

/// A database of its own on the test server (`$CASELOAD_TEST_HUB_URL`), made with psql so the
/// CLI tests need nothing but the binary; skipped without a server unless CASELOAD_REQUIRE_HUB=1.
struct TestHubDatabase {
    let url: String
    private let admin: String
    private let name: String

    init() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let admin = environment["CASELOAD_TEST_HUB_URL"], !admin.isEmpty else {
            if environment["CASELOAD_REQUIRE_HUB"] == "1" {
                XCTFail("CASELOAD_REQUIRE_HUB=1 but CASELOAD_TEST_HUB_URL is not set")
            }
            throw XCTSkip("set CASELOAD_TEST_HUB_URL=postgres://… (see .ci/pg-cluster) to run the hub tests against a real server")
        }
        self.admin = admin
        name = "caseload_cli_\(UUID().uuidString.prefix(8).lowercased())"
        let made = try TestHubDatabase.psql(admin, "CREATE DATABASE \(name)")
        XCTAssertEqual(made.status, 0, made.stderr)
        let base = admin.split(separator: "?", maxSplits: 1)
        var stem = String(base[0])
        stem = String(stem[..<stem.lastIndex(of: "/")!])
        url = "\(stem)/\(name)" + (base.count > 1 ? "?\(base[1])" : "")
    }

    func drop() {
        _ = try? TestHubDatabase.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func psql(_ url: String, _ sql: String) throws -> CLIRunner.Result {
        try CLIRunner.runProcess("/usr/bin/psql", [url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql])
    }
}

/// `caseload hub init`, `caseload sync --hub`, `caseload hub status` as a counsellor runs them.
final class CLIHubTests: XCTestCase {
    private var root = ""
    private var database: TestHubDatabase?

    override func setUpWithError() throws {
        root = makeTemporaryDirectory("hub")
    }

    override func tearDown() {
        database?.drop()
        try? FileManager.default.removeItem(atPath: root)
    }

    func testInitSyncAndStatusBetweenTwoOffices() throws {
        database = try TestHubDatabase()
        let url = try XCTUnwrap(database).url
        var office1 = CLIRunner(dataDirectory: root + "/office-1")
        var office2 = CLIRunner(dataDirectory: root + "/office-2", user: "liuyang")
        office1.environment.removeValue(forKey: "CASELOAD_HUB")
        office2.environment["CASELOAD_HUB"] = url
        let initHub = try office1.run("hub", "init", url, "--role", "caseload_app")
        XCTAssertEqual(initHub.status, 0, initHub.stderr)
        XCTAssertTrue(initHub.stdout.contains("schema migrated to version 2"), initHub.stdout)
        XCTAssertTrue(initHub.stdout.contains("GRANT SELECT, INSERT ON caseload_lines, caseload_keys, caseload_key_tombstones TO \"caseload_app\";"), initHub.stdout)
        XCTAssertTrue(try office1.run("hub", "init", url).stdout.contains("schema is current (version 2)"))

        XCTAssertEqual(try office1.run("init", "--office", "滨城区公共就业服务中心", "--writer", "desk-01").status, 0)
        XCTAssertEqual(try office2.run("init", "--office", "沾化区公共就业服务中心", "--writer", "desk-02").status, 0)
        let add = try office1.run("add", "graduate", "--name", "欧阳娜娜", "--id", "371602200306150025", "--school", "滨州学院",
                                  "--major", "应用化学", "--degree", "本科", "--graduated", "2026-06-30", "--today", "2026-11-20")
        XCTAssertEqual(add.status, 0, add.stderr)

        let push = try office1.run("sync", "--hub", url)
        XCTAssertEqual(push.status, 0, push.stderr)
        XCTAssertTrue(push.stdout.contains("sent        desk-01: 1 lines"), push.stdout)
        let pull = try office2.run("sync", "--hub")
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertTrue(pull.stdout.contains("received    desk-01: 1 lines"), pull.stdout)
        XCTAssertTrue(try office2.run("list", "--all").stdout.contains("欧阳娜娜"))
        XCTAssertTrue(try office2.run("sync", "--hub").stdout.contains("nothing to exchange"))

        // The office that has not synced since its new line shows it waiting.
        XCTAssertEqual(try office2.run("note", add.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--text", "沾化区代为回访").status, 0)
        let status = try office2.run("hub", "status")
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("desk-02 (this desk)"), status.stdout)
        XCTAssertTrue(status.stdout.contains("1 events waiting to be sent, 0 to be received"), status.stdout)
        XCTAssertFalse(status.stdout.contains("last sync: never"), status.stdout)
    }

    func testAPasswordInAHubURLIsNeverPrinted() throws {
        let runner = CLIRunner(dataDirectory: root + "/office")
        XCTAssertEqual(try runner.run("init", "--writer", "desk-01").status, 0)
        let secret = "Secr3tPw"
        let cases: [([String], Int32)] = [
            (["sync", "--hub", "postgres://desk:\(secret)@127.0.0.1:1/hub?sslmode=disable"], 1),
            (["hub", "status", "--hub", "postgres://desk:\(secret)@127.0.0.1:1/hub"], 1),
            (["hub", "init", "postgres://desk:\(secret)@127.0.0.1:1/hub"], 1),
            (["sync", "--hub", "postgres://desk:\(secret)@127.0.0.1:port/hub"], 2),
            (["hub", "init", "postgres://desk:\(secret)@127.0.0.1/hub", "--save"], 2),
            (["hub", "status", "--hub", "mysql://desk:\(secret)@127.0.0.1/hub"], 2),
        ]
        for (arguments, code) in cases {
            let result = try runner.run(arguments)
            XCTAssertEqual(result.status, code, "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stdout.contains(secret) || result.stderr.contains(secret), "\(arguments) printed the password: \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("caseload: ") && result.stderr.split(separator: "\n").count == 1, result.stderr)
        }
        let unreachable = try runner.run("sync", "--hub", "postgres://desk:\(secret)@127.0.0.1:1/hub?sslmode=disable")
        XCTAssertTrue(unreachable.stderr.contains("postgres://desk:***@127.0.0.1:1/hub"), unreachable.stderr)
    }
}
