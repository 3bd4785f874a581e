import Cases
import Demo
import Foundation
@testable import Journal
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
        // The person keys travel with the journals (as `sync` carries them).
        let keys = PersonKeyStore.folder(of: full)
        for name in try FileManager.default.contentsOfDirectory(atPath: keys) {
            let target = PersonKeyStore.folder(of: partial) + "/" + name
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: keys + "/" + name, toPath: target)
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
        XCTAssertEqual(warm.caseload.allEvents.map(DemoWriterTests.withoutProtection), DemoFixtures.events)
        // Sealed people stay sealed people after a warm open: the snapshot keeps their key ids.
        XCTAssertEqual(Set(warm.caseload.cases.values.map(\.person.protection)), Set(replayed.caseload.cases.values.map(\.person.protection)))
        XCTAssertEqual(warm.positions, replayed.positions)
        // The key store learns the snapshot's people only when first asked; what it then knows
        // (which key each case and resident seals under) is what a full replay knows.
        XCTAssertNotNil(warm.keys.learnt, "not folded in at open")
        XCTAssertEqual(warm.keys.opened.keyByCase, replayed.keys.opened.keyByCase)
        XCTAssertEqual(warm.keys.opened.keyByResident, replayed.keys.opened.keyByResident)
        XCTAssertEqual(warm.keys.opened.plaintextCases, replayed.keys.opened.plaintextCases)
        XCTAssertNil(warm.keys.learnt)

        // A snapshot of everything opens with no tail at all, to the same state.
        try warm.writeSnapshot()
        let again = try CaseStore(directory: partial, forWriting: false, clock: FixedClock(now))
        XCTAssertTrue(again.openedFromSnapshot)
        XCTAssertEqual(again.caseload, replayed.caseload)
    }

    /// A key destroyed after the snapshot was written (an erasure that did not, or could not,
    /// delete the cache) makes the snapshot unusable: the person must not come back from it.
    func testASnapshotOlderThanAnErasureIsIgnored() throws {
        let directory = DataDirectory(root + "/erased")
        try DemoWriter.write(DemoGenerator.generate(DemoOptions(cases: 40, today: DemoFixtures.today)), to: directory, now: now)
        let store = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(now), snapshots: .ignore)
        try store.writeSnapshot()
        let victim = try XCTUnwrap(store.caseload.allCases.first { $0.person.protection.keyID != nil })
        let key = try XCTUnwrap(victim.person.protection.keyID)

        try PersonKeyStore(directory: directory).destroy([key], writer: "desk-01", on: DemoFixtures.today)
        let reopened = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(now))
        XCTAssertFalse(reopened.openedFromSnapshot)
        XCTAssertTrue(reopened.notices.contains { $0.contains("ignored the snapshot") && $0.contains("erased") }, "\(reopened.notices)")
        XCTAssertEqual(reopened.caseload[victim.id]?.person.protection, .erased(key: key))
        XCTAssertNotEqual(reopened.caseload[victim.id]?.name, victim.name)
        // The stale snapshot still held the person's opened ID in the clear: it is gone, not kept.
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.snapshot), "a snapshot older than an erasure is deleted")
    }

    /// An app that reads a colleague's erasure removes the snapshot it may have written with the
    /// person opened (possibly after `erase` had deleted the cache).
    func testAColleaguesErasureRemovesTheSnapshot() throws {
        let directory = DataDirectory(root + "/colleague")
        try DemoWriter.write(DemoGenerator.generate(DemoOptions(cases: 20, today: DemoFixtures.today)), to: directory, now: now)
        let app = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(now), snapshots: .ignore)
        try app.writeSnapshot()
        let victim = try XCTUnwrap(app.caseload.allCases.first { $0.person.protection.keyID != nil })
        let key = try XCTUnwrap(victim.person.protection.keyID)

        let colleague = try CaseStore(directory: directory, writerID: "desk-77", forWriting: true, clock: FixedClock(now))
        try colleague.append(colleague.makeEvent(caseID: victim.id, actor: "zhaoli", effective: DemoFixtures.today,
                                                 body: .personErased(keys: [key], reason: "retention", scrubbed: [])))
        colleague.writer?.close()
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.snapshot))
        try app.refresh()
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.snapshot), "the snapshot holding the person in the clear is removed")
    }
}
