import Foundation
import XCTest
import Cases
@testable import Journal

/// A warm open restores the folded records and leaves every case's events encoded in the
/// snapshot until something reads them. These tests pin what that must not change.
extension SnapshotTests {
    func testAWarmOpenLeavesEventsEncodedUntilTheyAreRead() throws {
        let (directory, expected) = try directoryWithSnapshot()
        let warm = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        let records = warm.caseload.cases.values
        XCTAssertFalse(records.isEmpty)
        XCTAssertTrue(records.allSatisfy { $0.events.deferredLocation != nil }, "no case's events decoded at open")
        for record in records {
            XCTAssertEqual(record.events.array, expected[record.id]?.events.array, record.id)
            XCTAssertEqual(warm.caseload.events(forCase: record.id), expected.events(forCase: record.id), record.id)
        }
        XCTAssertEqual(warm.caseload.allEvents, expected.allEvents)
    }

    func testASnapshotWrittenFromAWarmOpenCopiesTheEventsItDidNotRead() throws {
        let (directory, expected) = try directoryWithSnapshot()
        let warm = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        // Read one case's history, so the next snapshot has both kinds: decoded and still encoded.
        let touched = try XCTUnwrap(warm.caseload.cases.keys.sorted().first)
        _ = warm.caseload.events(forCase: touched)
        try warm.writeSnapshot()
        let again = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertTrue(again.openedFromSnapshot, "\(again.notices)")
        XCTAssertEqual(again.caseload, expected)
        XCTAssertEqual(canonicalDump(again.caseload), canonicalDump(expected))
    }

    func testANewEventForARestoredCaseRefoldsItFromItsDecodedHistory() throws {
        let (directory, _) = try directoryWithSnapshot()
        let desk = try CaseStore(directory: directory, writerID: "desk-01", forWriting: true, clock: FixedClock(binzhouTime()))
        XCTAssertTrue(desk.openedFromSnapshot, "\(desk.notices)")
        let caseID = try XCTUnwrap(desk.caseload.cases.keys.sorted().last)
        try desk.append(makeEvent("NEW-1", case: caseID, .noteAdded(text: "回访：已到岗"), minutes: 5000))
        desk.writer?.close()
        let cold = try coldState(directory)
        XCTAssertEqual(desk.caseload, cold)
        XCTAssertEqual(desk.caseload[caseID]?.events.last?.id, "NEW-1")
    }

    /// A snapshot is only replaced by rename; if someone changes it in place while the app is
    /// open, a case's history no longer matches its checksum. That is said once, by `refresh`
    /// (the app shows it on the status line), and no snapshot is written from the damaged bytes.
    func testASnapshotChangedInPlaceWhileOpenIsReportedNotTrusted() throws {
        let (directory, _) = try directoryWithSnapshot()
        let warm = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        let size = try XCTUnwrap(FileIO.fileSize(directory.snapshot))
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: directory.snapshot))
        // The events are at the end of the file: scribble over them, in place (same inode).
        try handle.seek(toOffset: UInt64(size - 64))
        handle.write(Data(repeating: 0xEE, count: 64))
        try handle.close()
        let lastCase = try XCTUnwrap(warm.caseload.cases.keys.sorted().last)
        XCTAssertNoThrow(warm.caseload.events(forCase: lastCase))
        var caught: JournalError?
        do { try warm.refresh() } catch { caught = error }
        XCTAssertTrue(caught?.description.contains("snapshot changed on disk") == true, "\(String(describing: caught))")
        XCTAssertNoThrow(try warm.refresh(), "said once")
        XCTAssertThrowsError(try warm.writeSnapshot(), "nothing is written from bytes that no longer match")
        // Cut short in place: reading is refused, never a crash.
        let cut = try XCTUnwrap(FileHandle(forUpdatingAtPath: directory.snapshot))
        try cut.truncate(atOffset: 48)
        try cut.close()
        for caseID in warm.caseload.cases.keys { _ = warm.caseload.events(forCase: caseID) }
        // A fresh open sees the damage and replays in full.
        let fresh = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertFalse(fresh.openedFromSnapshot)
    }
}
