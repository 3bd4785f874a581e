import Cases
import Demo
import Foundation
import Journal
import XCTest

final class DemoWriterTests: XCTestCase {
    private var root: String!
    private let now = Timestamp(iso: "2026-11-30T09:00:00.000+08:00")!

    override func setUp() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func testWritingThenReadingBackGivesTheSameCaseload() throws {
        let directory = DataDirectory(root)
        try DemoWriter.write(DemoFixtures.demo, to: directory, now: now)

        XCTAssertEqual(directory.writers(), ["desk-01", "desk-02", "outreach-01"])
        let config = try XCTUnwrap(OfficeConfig.load(directory))
        XCTAssertEqual(config.office, "滨州市滨城区公共就业服务中心")
        XCTAssertEqual(config.writer, "desk-01")

        let store = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(now))
        XCTAssertEqual(store.caseload.cases.count, 2000)
        // The demo goes through the same sealing as real casework: every person has a key, and
        // read back (opened) the events are the generated ones.
        let readBack = store.caseload.allEvents
        XCTAssertTrue(readBack.allSatisfy { event in
            guard case .caseOpened(let opened) = event.body else { return true }
            if case .key = opened.person.protection { return true }
            return false
        }, "every person is sealed under a key")
        XCTAssertEqual(readBack.map(Self.withoutProtection), DemoFixtures.events)
        let firstID = try XCTUnwrap(DemoFixtures.events.lazy.compactMap { event -> String? in
            if case .caseOpened(let opened) = event.body { return opened.person.residentID.value }
            return nil
        }.first)
        let journal = try Data(contentsOf: URL(fileURLWithPath: directory.journal(writer: "desk-01")))
            + Data(contentsOf: URL(fileURLWithPath: directory.journal(writer: "desk-02")))
        XCTAssertNil(journal.range(of: Data(firstID.utf8)), "no ID number in the clear")
        XCTAssertEqual(store.positions["desk-01"]?.lines, DemoFixtures.demo.eventsByWriter["desk-01"]?.count)
        XCTAssertTrue(store.notices.isEmpty, "\(store.notices)")
    }

    static func withoutProtection(_ event: Event) -> Event {
        var event = event
        if case .caseOpened(var opened) = event.body {
            opened.person.protection = .plain
            event.body = .caseOpened(opened)
        }
        return event
    }

    func testRefusesADirectoryThatAlreadyHoldsJournals() throws {
        let directory = DataDirectory(root)
        let small = DemoGenerator.generate(DemoOptions(cases: 20, today: DemoFixtures.today))
        try DemoWriter.write(small, to: directory, now: now)
        XCTAssertThrowsError(try DemoWriter.write(small, to: directory, now: now)) { error in
            guard case .config(let message) = error as? JournalError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("already holds journals"), message)
        }
    }

    func testRejectsAnUnusableWriterIDBeforeWritingAnything() {
        let demo = DemoGenerator.generate(DemoOptions(cases: 5, today: DemoFixtures.today, writers: ["Desk 1"]))
        XCTAssertThrowsError(try DemoWriter.write(demo, to: DataDirectory(root), now: now)) { error in
            XCTAssertEqual(error as? JournalError, .invalidWriterID("Desk 1"))
        }
        XCTAssertFalse(DataDirectory(root).exists)
    }

    /// Timing is reported, not asserted: machines differ.
    func testGeneratesAndWritesTwoThousandCases() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let demo = DemoGenerator.generate(DemoOptions(cases: 2000, seed: 99, today: DemoFixtures.today))
        let generated = clock.now
        try DemoWriter.write(demo, to: DataDirectory(root), now: now)
        let written = clock.now
        print("demo: 2000 cases, \(demo.eventCount) events: generated in \(generated - start), written in \(written - generated)")
        XCTAssertEqual(DataDirectory(root).writers().count, 3)
    }
}
