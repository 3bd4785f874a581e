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

/// The checksum only guards against damage; a snapshot whose index was changed and whose
/// checksum was then fixed up (a crafted file, or a bug in a writer) must still be refused or
/// read, never crash the decoder, and whatever it yields must add up.
final class SnapshotDecoderFuzzTests: JournalTestCase {
    func testAChangedIndexWithAFixedChecksumIsRefusedOrReadNeverACrash() throws {
        let directory = try makeDataDirectory()
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        var events: [Event] = []
        for (index, body) in Samples.everyKnownBody.enumerated() {
            let caseID = if case .personalDataRevealed = body { "" } else if case .journalRepaired = body { "" } else { "G-AAAAAAA" }
            events.append(makeEvent("F-\(index)", case: caseID, body, minutes: index))
        }
        events.append(makeEvent("F-orphan", case: "D-ORPHAN1", .noteAdded(text: "无开案"), minutes: 90))
        try writer.append(events)
        writer.close()
        let cold = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore)
        let original = try XCTUnwrap(SnapshotFile.encode(CaseloadSnapshot(positions: cold.positions, caseload: cold.caseload)))
        func word(_ at: Int) -> Int { original[at..<(at + 8)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) } }
        let headLength = word(32)
        XCTAssertGreaterThan(headLength, 0)
        // Each chunk's index, and where the head keeps its checksum (found by its value).
        let storage = OwnedBytes(copying: original.withUnsafeBufferPointer { $0 })
        let chunks = try SnapshotFile.layout(of: storage).chunks.map { chunk in
            let stored = withUnsafeBytes(of: chunk.indexChecksum.littleEndian, Array.init)
            let head = Array(original[SnapshotFile.headerLength..<(SnapshotFile.headerLength + headLength)])
            let at = (0...(head.count - 8)).first { Array(head[$0..<($0 + 8)]) == stored }!
            return (index: chunk.index, checksumAt: SnapshotFile.headerLength + at)
        }
        XCTAssertFalse(chunks.isEmpty)
        func put(_ value: UInt64, at: Int, in bytes: inout [UInt8]) {
            for shift in 0..<8 { bytes[at + shift] = UInt8(truncatingIfNeeded: value >> UInt64(8 * shift)) }
        }
        var random = SeededGenerator(seed: 0x5A_4E_0C)
        var read = 0, refused = 0
        for _ in 0..<3_000 {
            var bytes = original
            // The head (journals, chunk table, slot table, key tables) or one chunk's records.
            let chunk = Bool.random(using: &random) ? chunks.randomElement(using: &random) : nil
            let region = chunk.map { (SnapshotFile.headerLength + $0.index.lowerBound)..<(SnapshotFile.headerLength + $0.index.upperBound) }
                ?? SnapshotFile.headerLength..<(SnapshotFile.headerLength + headLength)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: region, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
                case 1: bytes[at] = UInt8.random(in: 0...255, using: &random)
                default: bytes[at] = [0x00, 0x01, 0x7F, 0x80, 0xFF].randomElement(using: &random)!
                }
            }
            if let chunk {
                put(bytes.withUnsafeBufferPointer { SnapshotChecksum.of(UnsafeBufferPointer(rebasing: $0[region])) }, at: chunk.checksumAt, in: &bytes)
            }
            let head = SnapshotFile.headerLength..<(SnapshotFile.headerLength + headLength)
            put(bytes.withUnsafeBufferPointer { SnapshotChecksum.of(UnsafeBufferPointer(rebasing: $0[head])) }, at: 40, in: &bytes)
            // The preview's reader, on the same bytes: refused or read, never a crash.
            if let preview = try? SnapshotPreview(OwnedBytes(copying: bytes.withUnsafeBufferPointer { $0 })) {
                _ = preview.slots(ownedBy: "wangfang")
                _ = try? preview.slot(ofCase: "G-AAAAAAA")
                var found = Set<Int>()
                _ = preview.insertSlots(household: "HH-17", residentID: makeResidentID(), into: &found)
                _ = preview.unstableSlots()
                _ = try? preview.cases(at: Array(0..<preview.layout.cases))
            }
            do {
                let snapshot = try bytes.withUnsafeBufferPointer { buffer throws(SnapshotError) in try SnapshotFile.decode(buffer) }
                read += 1
                let caseload = snapshot.caseload
                let held = caseload.officeEvents.count + caseload.cases.keys.reduce(0) { $0 + caseload.events(forCase: $1).count }
                XCTAssertLessThanOrEqual(held, caseload.eventCount)
            } catch {
                refused += 1
            }
        }
        // Both outcomes happen: the mutations reach past the first check into the records.
        XCTAssertGreaterThan(refused, 0)
        XCTAssertGreaterThan(read, 0)
        XCTAssertEqual(read + refused, 3_000)
    }
}
