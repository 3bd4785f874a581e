import Foundation
import XCTest
import Cases
import Journal
import Toml

final class DataDirectoryTests: JournalTestCase {
    func testPermissionsArePrivate() throws {
        let directory = try makeDataDirectory()
        let store = try openStore(directory)
        try store.append(store.makeEvent(caseID: "G-AAAAAAA", actor: "w", effective: day("2026-11-29"), body: Samples.opened(.graduate)))
        store.writer?.close()
        let journal = directory.journal(writer: "desk-01")
        try writeBytes(journal, readBytes(journal) + Array("{torn".utf8))
        let reopened = try openStore(directory)
        let fragment = try XCTUnwrap(reopened.writer?.recoveredTail)
        reopened.writer?.close()

        for folder in [directory.root, directory.journals, directory.quarantine, directory.snapshots, directory.drafts] {
            XCTAssertEqual(fileMode(folder), 0o700, folder)
        }
        // The journal was rewritten by this test with Foundation, so check a fresh one too.
        let fresh = try JournalWriter(directory: directory, writer: "desk-02", now: binzhouTime())
        try fresh.append(makeEvent("E", case: "G-1", .noteAdded(text: "x"), minutes: 0))
        fresh.close()
        for file in [directory.journal(writer: "desk-02"), directory.lock(writer: "desk-01"), directory.lock(writer: "desk-02"),
                     directory.config, fragment, fragment + ".json"] {
            XCTAssertEqual(fileMode(file), 0o600, file)
        }
        // Folders created deeper than the root get 0700 too, parents included.
        let nested = DataDirectory("\(root)/a/b/c/")
        XCTAssertEqual(nested.root, "\(root)/a/b/c")
        try nested.prepare()
        for folder in ["\(root)/a", "\(root)/a/b", nested.root, nested.journals] { XCTAssertEqual(fileMode(folder), 0o700, folder) }
        XCTAssertFalse(nested.exists, "no config yet")
        XCTAssertTrue(directory.exists)
    }

    /// /dev/full accepts the open and fails every write with ENOSPC: a real failed write.
    func testAFailedWriteStopsTheWriter() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        let directory = try makeDataDirectory()
        let store = try openStore(directory)
        let journal = directory.journal(writer: "desk-01")
        try FileManager.default.createSymbolicLink(atPath: journal, withDestinationPath: "/dev/full")
        let event = store.makeEvent(caseID: "G-AAAAAAA", actor: "w", effective: day("2026-11-29"), body: Samples.opened(.graduate))
        XCTAssertThrowsError(try store.append(event)) { error in
            XCTAssertEqual(error as? JournalError, .io(operation: "write", path: journal, errno: .noSpace))
        }
        XCTAssertNil(store.caseload["G-AAAAAAA"], "nothing is applied when the append fails")
        let reason = try XCTUnwrap(store.writer?.stoppedReason)
        XCTAssertTrue(reason.contains("write \(journal) failed"), reason)

        // Even once the disk would accept bytes again, this process writes nothing more.
        try FileManager.default.removeItem(atPath: journal)
        for attempt in [event, store.makeEvent(caseID: "G-AAAAAAA", actor: "w", effective: day("2026-11-29"), body: .noteAdded(text: "x"))] {
            XCTAssertThrowsError(try store.append(attempt)) { error in
                XCTAssertEqual(error as? JournalError, .stopped(reason: reason))
                XCTAssertTrue("\(error)".hasPrefix("writing stopped after an earlier failure"), "\(error)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal))
        XCTAssertEqual(store.caseload.eventCount, 0)
    }

    /// The journal cannot be created (a folder is in the way): the open fails and stops the writer.
    func testAFailedOpenForAppendStopsTheWriter() throws {
        let directory = try makeDataDirectory()
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        defer { writer.close() }
        let journal = directory.journal(writer: "desk-01")
        try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: false)
        let event = makeEvent("E1", case: "G-1", .noteAdded(text: "x"), minutes: 0)
        XCTAssertThrowsError(try writer.append(event)) { error in
            XCTAssertEqual(error as? JournalError, .io(operation: "open", path: journal, errno: .isDirectory))
        }
        try FileManager.default.removeItem(atPath: journal)
        XCTAssertThrowsError(try writer.append(event)) { error in
            guard case .stopped? = error as? JournalError else { return XCTFail("expected .stopped, got \(error)") }
        }
        XCTAssertEqual(writer.position, .start)
    }

    func testWriterIDs() throws {
        for valid in ["desk-01", "a", "laptop_3", "0", String(repeating: "z", count: 32)] {
            XCTAssertNoThrow(try DataDirectory.validateWriterID(valid), valid)
        }
        for invalid in ["", "-desk", "Desk", "desk 1", "a/b", "../x", "a.b", "桌面", String(repeating: "z", count: 33)] {
            XCTAssertThrowsError(try DataDirectory.validateWriterID(invalid), invalid) { error in
                XCTAssertEqual(error as? JournalError, .invalidWriterID(invalid))
            }
        }
        let directory = try makeDataDirectory()
        XCTAssertThrowsError(try JournalWriter(directory: directory, writer: "../../etc", now: binzhouTime()))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(root)/etc.jsonl"))
        // Only *.jsonl files name writers.
        try writeBytes("\(directory.journals)/notes.txt", [])
        try writeBytes("\(directory.journals)/desk-07.jsonl", [])
        XCTAssertEqual(directory.writers(), ["desk-07"])
    }

    func testResolvingTheDataDirectory() {
        let env = ["CASELOAD_DATA": "/srv/caseload", "XDG_DATA_HOME": "/xdg", "HOME": "/home/w"]
        XCTAssertEqual(DataDirectory.resolve(flag: "/flag/", environment: env).root, "/flag")
        XCTAssertEqual(DataDirectory.resolve(flag: "", environment: env).root, "/srv/caseload")
        XCTAssertEqual(DataDirectory.resolve(flag: nil, environment: env.filter { $0.key != "CASELOAD_DATA" }).root, "/xdg/caseload")
        XCTAssertEqual(DataDirectory.resolve(flag: nil, environment: ["HOME": "/home/w", "XDG_DATA_HOME": ""]).root,
                       "/home/w/.local/share/caseload")
        let directory = DataDirectory("/d")
        XCTAssertEqual(directory.journal(writer: "desk-01"), "/d/journals/desk-01.jsonl")
        XCTAssertEqual(directory.lock(writer: "desk-01"), "/d/journals/desk-01.lock")
        XCTAssertEqual(DataDirectory("/").root, "/")
    }

    // MARK: config.toml

    func testOfficeConfigRoundTrips() throws {
        let configs = [
            OfficeConfig(office: "滨州市公共就业服务中心", writer: "desk-01"),
            OfficeConfig(office: #"名字 "带引号" 和 \ 反斜杠"#, writer: "laptop_2", theme: "high-contrast"),
            OfficeConfig(office: "", writer: "x", theme: "light"),
            OfficeConfig(office: "滨城区", writer: "desk-01", hub: "postgres://caseload_app@hub.binzhou.local/caseload"),
        ]
        for config in configs {
            let text = config.render()
            XCTAssertEqual(try OfficeConfig.parse(text, file: "config.toml"), config, text)
        }
        XCTAssertTrue(configs[0].render().contains("office = \"滨州市公共就业服务中心\"\nwriter = \"desk-01\"\n"))
        XCTAssertFalse(configs[0].render().contains("theme"))
        XCTAssertEqual(try OfficeConfig.parse("writer = \"w\"\n", file: "c.toml"), OfficeConfig(office: "", writer: "w"))
    }

    /// `render()` must write a file `parse()` accepts whatever the office is called; TOML basic
    /// strings cannot hold raw control characters such as a newline.
    func testOfficeNamesWithControlCharactersRoundTrip() {
        for office in ["滨州\n北海新区", "tab\there", "del\u{7F}", "cr\r"] {
            let config = OfficeConfig(office: office, writer: "desk-01")
            XCTAssertEqual(try? OfficeConfig.parse(config.render(), file: "config.toml"), config,
                           "render() wrote an unreadable config for \(office.debugDescription)")
        }
    }

    func testOfficeConfigErrorsNameTheKey() {
        let cases: [(text: String, key: String, message: String)] = [
            ("office = \"x\"\n", "writer", "missing required key"),
            ("writer = 5\n", "writer", "expected a string, found an integer"),
            ("writer = \"w\"\noffice = true\n", "office", "expected a string"),
            ("writer = \"w\"\ntheme = [1]\n", "theme", "expected a string"),
            ("writer = \"w\"\ncolour = \"red\"\n", "colour", "unknown key (expected one of: hub, office, theme, writer)"),
            ("writer = \"w\"\n[display]\ntheme = \"x\"\n", "display", "unknown key"),
            ("writer = \"w\nbroken\"\n", "writer", "unterminated string"),
        ]
        for (text, key, message) in cases {
            XCTAssertFalse(message.isEmpty)
            do {
                let config = try OfficeConfig.parse(text, file: "config.toml")
                XCTFail("parsed \(config) from \(text.debugDescription)")
            } catch {
                XCTAssertEqual(error.key, key, "\(error)")
                XCTAssertTrue(error.message.contains(message), "\(error)")
                XCTAssertEqual(error.file, "config.toml")
                XCTAssertTrue(error.description.hasPrefix("config.toml:"), error.description)
            }
        }
    }

    func testLoadingConfigFromTheDirectory() throws {
        let empty = DataDirectory("\(root)/empty")
        XCTAssertNil(try OfficeConfig.load(empty))
        XCTAssertThrowsError(try openStore(empty)) { error in
            guard case .config(let message)? = error as? JournalError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("no Caseload data in \(empty.root)"), message)
        }
        let directory = try makeDataDirectory(writer: "desk-07")
        XCTAssertEqual(try OfficeConfig.load(directory), OfficeConfig(office: "滨州市公共就业服务中心", writer: "desk-07"))
        XCTAssertEqual(try openStore(directory).writerID, "desk-07")
        try directory.writeText(directory.config, "writer = \"desk-07\"\nwritter = \"typo\"\n")
        XCTAssertThrowsError(try OfficeConfig.load(directory)) { error in
            guard case .config(let message)? = error as? JournalError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("writter"), message)
            XCTAssertTrue(message.hasPrefix(directory.config + ":2:"), message)
        }
    }
}
