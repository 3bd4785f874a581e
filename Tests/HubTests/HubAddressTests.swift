import Foundation
import XCTest
import Cases
@testable import Hub

/// URLs, passwords and ~/.pgpass: the password never shows, and is found where libpq finds it.
final class HubAddressTests: XCTestCase {
    func testParsesAURLAndNeverShowsItsPassword() throws {
        let address = try HubAddress(parsing: "postgres://caseload:s3cr%3At@db.binzhou.local:6432/hub?sslmode=require")
        XCTAssertEqual(address.host, "db.binzhou.local")
        XCTAssertEqual(address.port, 6432)
        XCTAssertEqual(address.user, "caseload")
        XCTAssertEqual(address.database, "hub")
        XCTAssertEqual(address.tls, .require)
        XCTAssertEqual(address.urlPassword, "s3cr:t")
        XCTAssertEqual(address.description, "postgres://caseload:***@db.binzhou.local:6432/hub?sslmode=require")
        XCTAssertFalse("\(address)".contains("s3cr"))
    }

    func testDefaultsArePortFiveFourThreeTwoTLSPreferredAndTheUsersDatabase() throws {
        let address = try HubAddress(parsing: "postgresql://desk@127.0.0.1")
        XCTAssertEqual(address.port, 5432)
        XCTAssertEqual(address.tls, .prefer)
        XCTAssertEqual(address.database, "desk")
        XCTAssertNil(address.urlPassword)
        XCTAssertEqual(address.description, "postgres://desk@127.0.0.1:5432/desk")
    }

    func testBadURLsNameThePartAndNeverRepeatThePassword() {
        let cases: [(String, String)] = [
            ("mysql://u:topsecret@h/db", "not a postgres:// URL"),
            ("postgres://u:topsecret@h:99999/db", "port '99999'"),
            ("postgres://u:topsecret@h/db?sslmode=maybe", "sslmode 'maybe'"),
            ("postgres://u:topsecret@/db", "no host"),
            ("postgres://u:topsecret@h/db?colour=red", "'colour' is not supported"),
        ]
        for (url, expected) in cases {
            XCTAssertThrowsError(try HubAddress(parsing: url), url) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(expected), "\(url): \(text)")
                XCTAssertFalse(text.contains("topsecret"), "\(url): \(text)")
            }
        }
    }

    func testRedactCutsPasswordsOutOfAnyText() {
        XCTAssertEqual(HubAddress.redact("failed: postgres://a:b@c:1/d and postgresql://x:y%40z@h/db?password=pw&x=1"),
                       "failed: postgres://a:***@c:1/d and postgresql://x:***@h/db?password=***&x=1")
        XCTAssertEqual(HubConnection.redactPassword("the server said hunter2 twice: hunter2", "hunter2"), "the server said *** twice: ***")
    }

    func testPasswordComesFromTheURLThenPGPASSWORDThenPgpass() throws {
        let folder = NSTemporaryDirectory() + "pgpass-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/pgpass"
        try """
        # comment
        other.host:5432:*:desk:wrong
        127.0.0.1:5433:hub:desk:pa\\:ss\\\\word
        *:*:*:*:fallback
        """.write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let environment = ["PGPASSFILE": file]
        XCTAssertEqual(try HubAddress(parsing: "postgres://desk@127.0.0.1:5433/hub").resolvePassword(environment: environment), "pa:ss\\word")
        XCTAssertEqual(try HubAddress(parsing: "postgres://desk@127.0.0.1:5432/hub").resolvePassword(environment: environment), "fallback")
        XCTAssertEqual(try HubAddress(parsing: "postgres://desk@127.0.0.1:5433/hub")
                        .resolvePassword(environment: environment.merging(["PGPASSWORD": "fromenv"]) { $1 }), "fromenv")
        XCTAssertEqual(try HubAddress(parsing: "postgres://desk:inurl@127.0.0.1:5433/hub")
                        .resolvePassword(environment: environment.merging(["PGPASSWORD": "fromenv"]) { $1 }), "inurl")
        // Like libpq, a file others can read is ignored.
        chmod(file, 0o644)
        XCTAssertNil(try HubAddress(parsing: "postgres://desk@127.0.0.1:5433/hub").resolvePassword(environment: environment))
    }

    func testAnUnreachableHubIsTransientAndItsMessageHasNoPassword() async throws {
        let address = try HubAddress(parsing: "postgres://desk:hunter2@127.0.0.1:1/hub?sslmode=disable")
        do {
            _ = try await HubConnection.connect(address, environment: [:], timeout: .seconds(2))
            XCTFail("connected to port 1")
        } catch {
            XCTAssertTrue(error.isTransient, error.description)
            XCTAssertTrue(error.description.contains("postgres://desk:***@127.0.0.1:1/hub"), error.description)
            XCTAssertFalse(error.description.contains("hunter2"), error.description)
        }
    }

    func testTheLiveStatusLineSaysWhenTheHubWentOfflineAndWhatWaits() {
        var status = HubLiveStatus()
        status.state = .offline(since: Timestamp(iso: "2026-11-29T10:32:05.000+08:00")!, reason: "x")
        status.waiting = 14
        XCTAssertEqual(status.text(chinese: false), "hub offline since 10:32, 14 events waiting")
        status.state = .online
        status.lastSync = Timestamp(iso: "2026-11-29T10:45:00.000+08:00")!
        status.waiting = 0
        XCTAssertEqual(status.text(chinese: false), "hub synced 10:45")
    }
}
