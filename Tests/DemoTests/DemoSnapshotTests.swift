import Cases
import Demo
import Foundation
import Journal
import XCTest

/// On the demo caseload, a snapshot taken part-way through every journal plus the journals'
/// tails gives exactly the full replay.
final class DemoSnapshotTests: XCTestCase {
    private var root: String!
    private let now = Timestamp(iso: "2026-11-30T09:00:00.000+08:00")!

    override func setUp() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("demo-snapshot-\(UUID().uuidString)").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func testSnapshotPlusTailEqualsFullReplayOnTheDemo() throws {
        let full = DataDirectory(root + "/full")
        try DemoWriter.write(DemoFixtures.demo, to: full, now: now)
        let replayed = try CaseStore(directory: full, forWriting: false, clock: FixedClock(now), snapshots: .ignore)

        // The snapshot covers about two thirds of each journal: copies cut at a line boundary.
        let partial = DataDirectory(root + "/partial")
        try DemoWriter.write(DemoGenerator.generate(DemoOptions(cases: 1, today: DemoFixtures.today)), to: partial, now: now)
        for writer in full.writers() {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: full.journal(writer: writer)))
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true)
            let kept = lines.prefix(lines.count * 2 / 3).map { Data($0) + Data([0x0A]) }.reduce(Data(), +)
            try kept.write(to: URL(fileURLWithPath: partial.journal(writer: writer)))
        }
        let prefix = try CaseStore(directory: partial, forWriting: false, clock: FixedClock(now), snapshots: .ignore)
        XCTAssertLessThan(prefix.caseload.eventCount, replayed.caseload.eventCount)
        try prefix.writeSnapshot()
        for writer in full.writers() {
            try Data(contentsOf: URL(fileURLWithPath: full.journal(writer: writer)))
                .write(to: URL(fileURLWithPath: partial.journal(writer: writer)))
        }

        let warm = try CaseStore(directory: partial, forWriting: false, clock: FixedClock(now))
        XCTAssertTrue(warm.openedFromSnapshot, "\(warm.notices)")
        XCTAssertTrue(warm.notices.isEmpty, "\(warm.notices)")
        XCTAssertEqual(warm.caseload.eventCount, replayed.caseload.eventCount)
        XCTAssertEqual(warm.caseload, replayed.caseload)
        XCTAssertEqual(warm.caseload.allEvents, DemoFixtures.events)
        XCTAssertEqual(warm.positions, replayed.positions)

        // A snapshot of everything opens with no tail at all, to the same state.
        try warm.writeSnapshot()
        let again = try CaseStore(directory: partial, forWriting: false, clock: FixedClock(now))
        XCTAssertTrue(again.openedFromSnapshot)
        XCTAssertEqual(again.caseload, replayed.caseload)
    }
}
