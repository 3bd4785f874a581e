import Foundation
import XCTest
import Cases
@testable import Journal

/// Snapshots are a cache: starting from one and reading the journals' tails must give exactly
/// the state a full replay gives, and a snapshot that is damaged, stale or half-written must
/// be ignored (with a notice), never change what is seen.
final class SnapshotTests: JournalTestCase {
    private let writers = ["desk-01", "desk-02", "outreach-01"]

    // MARK: Snapshot plus tail equals full replay

    func testSnapshotPlusTailEqualsFullReplayOnRandomisedHistories() throws {
        for seed in UInt64(1)...12 {
            var random = SeededGenerator(seed: seed)
            let history = randomHistory(&random, events: Int.random(in: 20...160, using: &random))
            // The snapshot is taken over a random prefix of each journal (sometimes none, sometimes all).
            var cut: [String: Int] = [:]
            for writer in writers {
                let lines = history.filter { $0.writer == writer }.count
                cut[writer] = [0, lines, Int.random(in: 0...lines, using: &random)].randomElement(using: &random)!
            }
            let (full, partial) = try snapshotOverPrefix(history, cut: cut, writers: writers, name: "\(seed)")

            let replayed = try CaseStore(directory: full, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore)
            let warm = try CaseStore(directory: partial, forWriting: false, clock: FixedClock(binzhouTime()))
            XCTAssertTrue(warm.openedFromSnapshot, "seed \(seed): \(warm.notices)")
            XCTAssertTrue(warm.notices.isEmpty, "seed \(seed): \(warm.notices)")
            XCTAssertEqual(warm.caseload, replayed.caseload, "seed \(seed)")
            XCTAssertEqual(canonicalDump(warm.caseload), canonicalDump(replayed.caseload), "seed \(seed)")
            XCTAssertEqual(warm.positions, replayed.positions, "seed \(seed)")
            // Opened for writing, the desk's own journal is resumed from the snapshot too, and appends carry on.
            let desk = try CaseStore(directory: partial, writerID: "desk-02", forWriting: true, clock: FixedClock(binzhouTime(minutes: 900)))
            XCTAssertTrue(desk.openedFromSnapshot, "seed \(seed): \(desk.notices)")
            XCTAssertEqual(desk.caseload, replayed.caseload, "seed \(seed)")
            let extra = makeEvent("X\(seed)", case: history.first { !$0.caseID.isEmpty }!.caseID, .noteAdded(text: "追加"), minutes: 901)
            try desk.append(extra)
            desk.writer?.close()
            let cold = try CaseStore(directory: partial, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore)
            XCTAssertEqual(desk.caseload, cold.caseload, "seed \(seed)")
        }
    }

    func testSnapshotRoundTripsEveryKindOfEvent() throws {
        let directory = try makeDataDirectory()
        var events: [Event] = []
        for (index, body) in Samples.everyKnownBody.enumerated() {
            let caseID = if case .personalDataRevealed = body { "" } else if case .journalRepaired = body { "" } else { "G-AAAAAAA" }
            events.append(makeEvent("E-\(String(format: "%04d", index))", case: caseID, body, minutes: index))
        }
        events.append(makeEvent("E-0100", case: "G-AAAAAAA", .unknown(type: "future_thing", data: JSONObject([("x", .double(1.5)), ("y", .null)])), minutes: 100))
        events.append(makeEvent("E-0101", case: "D-ORPHAN1", .noteAdded(text: "before its opening"), minutes: 101))
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        try writer.append(events)
        writer.close()
        let cold = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore)
        try cold.writeSnapshot()
        let warm = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertTrue(warm.openedFromSnapshot)
        XCTAssertEqual(warm.caseload, cold.caseload)
        XCTAssertEqual(warm.caseload.allEvents, cold.caseload.allEvents)
        XCTAssertEqual(canonicalDump(warm.caseload), canonicalDump(cold.caseload))
    }

    /// A 10M-event office has sequence numbers in the millions and journals past 2 GB; those are
    /// numbers, not lengths, and must not be held to a length's bound near the end of a chunk.
    func testLargeSequenceNumbersAndOffsetsRoundTrip() throws {
        var caseload = Caseload()
        var events: [Event] = []
        for index in 0..<40 {
            var event = makeEvent("B\(index)", case: index == 0 ? "G-AAAAAAA" : "G-AAAAAAA",
                                  index == 0 ? Samples.opened(.graduate) : .noteAdded(text: "n\(index)"), minutes: index)
            event.writer = "desk-01"
            event.seq = 9_000_000_000 + index
            events.append(event)
        }
        caseload.apply(events)
        let position = JournalPosition(offset: 5_000_000_000, seq: 9_000_000_039, hash: String(repeating: "ab", count: 32), lines: 9_000_000_039)
        let bytes = try XCTUnwrap(SnapshotFile.encode(CaseloadSnapshot(positions: ["desk-01": position], caseload: caseload)))
        let decoded = try bytes.withUnsafeBufferPointer { buffer throws(SnapshotError) in try SnapshotFile.decode(buffer) }
        XCTAssertEqual(decoded.caseload, caseload)
        XCTAssertEqual(decoded.positions, ["desk-01": position])
    }

    // MARK: Damaged, stale and half-written snapshots are ignored

    func testTruncatedSnapshotsAreIgnored() throws {
        let (directory, expected) = try directoryWithSnapshot()
        let bytes = readBytes(directory.snapshot)
        for cut in [0, 7, 31, 32, 33, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            try Data(bytes[..<cut]).write(to: URL(fileURLWithPath: directory.snapshot))
            try assertIgnored(directory, expected, because: "cut short", "cut at \(cut)")
        }
    }

    func testBitFlippedSnapshotsAreIgnored() throws {
        let (directory, expected) = try directoryWithSnapshot()
        let bytes = readBytes(directory.snapshot)
        var random = SeededGenerator(seed: 7)
        var positions = [0, 8, 12, 16, 24, 32, 40, bytes.count - 1]
        positions += (0..<24).map { _ in Int.random(in: 0..<bytes.count, using: &random) }
        for position in positions {
            var flipped = bytes
            flipped[position] ^= UInt8(1) << UInt8(position % 8)
            try Data(flipped).write(to: URL(fileURLWithPath: directory.snapshot))
            try assertIgnored(directory, expected, because: nil, "bit flipped at byte \(position)")
        }
    }

    func testASnapshotOfAnotherFormatVersionIsIgnored() throws {
        let (directory, expected) = try directoryWithSnapshot()
        var bytes = readBytes(directory.snapshot)
        bytes[8] = 2
        try Data(bytes).write(to: URL(fileURLWithPath: directory.snapshot))
        try assertIgnored(directory, expected, because: "format version 2", "version")
    }

    func testAStaleSnapshotIsIgnoredWhenAJournalNoLongerMatches() throws {
        let (directory, _) = try directoryWithSnapshot()
        let good = readBytes(directory.snapshot)
        let path = directory.journal(writer: "desk-02")
        let original = readBytes(path)
        let lines = splitLines(original)

        // The journal was replaced by another history of the same length: the chain hash differs.
        var other = original
        other[lineOffsets(original)[lines.count - 1] + 20] ^= 0x01
        try Data(other).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime())),
                             "a damaged journal still stops the open when the snapshot cannot vouch for it")

        // Cut back (a repair moved its end to quarantine): shorter than the snapshot's offset.
        let shorter = Array(lines.dropLast(2).joined(separator: [0x0A])) + [0x0A]
        try Data(shorter).write(to: URL(fileURLWithPath: path))
        try assertIgnored(directory, try coldState(directory), because: "journal desk-02 no longer matches", "cut journal")

        // A journal the snapshot covers is gone.
        try Data(good).write(to: URL(fileURLWithPath: directory.snapshot))
        try FileManager.default.removeItem(atPath: path)
        try assertIgnored(directory, try coldState(directory), because: "journal desk-02 no longer matches", "missing journal")
    }

    func testTheDesksOwnStaleJournalIsCaughtByItsWriter() throws {
        let (directory, _) = try directoryWithSnapshot()
        let path = directory.journal(writer: "desk-01")
        let lines = splitLines(readBytes(path))
        try Data(Array(lines.dropLast().joined(separator: [0x0A])) + [0x0A]).write(to: URL(fileURLWithPath: path))
        let store = try CaseStore(directory: directory, writerID: "desk-01", forWriting: true, clock: FixedClock(binzhouTime(minutes: 999)))
        XCTAssertFalse(store.openedFromSnapshot)
        XCTAssertTrue(store.notices.contains { $0.contains("journal desk-01 no longer matches") }, "\(store.notices)")
        store.writer?.close()
        XCTAssertEqual(store.caseload, try coldState(directory))
    }

    func testACrashWhileWritingLeavesTheOldSnapshot() throws {
        let (directory, expected) = try directoryWithSnapshot()
        let old = readBytes(directory.snapshot)
        // A writer killed before its rename leaves a partial temporary file; the snapshot itself is untouched.
        let stray = directory.snapshot + ".tmp-999999"
        try Data(old[..<(old.count / 3)]).write(to: URL(fileURLWithPath: stray))
        let warm = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertTrue(warm.openedFromSnapshot)
        XCTAssertEqual(warm.caseload, expected)
        XCTAssertEqual(readBytes(directory.snapshot), old)
        // The next write clears what the dead process left and replaces the snapshot whole.
        try warm.writeSnapshot()
        XCTAssertFalse(FileManager.default.fileExists(atPath: stray))
        XCTAssertEqual(FileIO.listDirectory(directory.snapshots), ["caseload.snapshot"])
        XCTAssertEqual(readBytes(directory.snapshot), old, "the same state writes the same bytes")
        // A write that fails part-way (its temporary file cut short, as a kill or a full disk would) is never renamed in.
        let temporary = directory.snapshot + ".tmp-\(getpid())"
        try Data(old[..<100]).write(to: URL(fileURLWithPath: temporary))
        XCTAssertEqual(SnapshotFile.load(from: directory).snapshot?.caseload, expected)
        try FileManager.default.removeItem(atPath: temporary)
    }

    func testDeletingTheSnapshotFolderIsAlwaysSafe() throws {
        let (directory, expected) = try directoryWithSnapshot()
        try FileManager.default.removeItem(atPath: directory.snapshots)
        let cold = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertFalse(cold.openedFromSnapshot)
        XCTAssertTrue(cold.notices.isEmpty, "no snapshot is not a problem: \(cold.notices)")
        XCTAssertEqual(cold.caseload, expected)
        try cold.writeSnapshot()
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.snapshot), "the folder is made again")
    }

    func testTheAppWritesSnapshotsInTheBackgroundAfterEnoughEvents() throws {
        let directory = try makeDataDirectory()
        var random = SeededGenerator(seed: 5)
        try write(randomHistory(&random, events: 40), to: directory, writers: writers)
        let store = try CaseStore(directory: directory, writerID: "desk-01", forWriting: true,
                                  clock: FixedClock(binzhouTime(minutes: 2000)), snapshots: .readAndWrite(every: 50))
        store.waitForSnapshotWrites()
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.snapshot), "40 events are fewer than 50")
        let caseID = try XCTUnwrap(store.caseload.cases.keys.sorted().first)
        for index in 0..<10 {
            try store.append(store.makeEvent(caseID: caseID, actor: "wangfang", effective: day("2026-11-30"), body: .noteAdded(text: "第\(index)次")))
        }
        store.waitForSnapshotWrites()
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.snapshot), "50 new events start a write")
        store.writer?.close()
        let warm = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertTrue(warm.openedFromSnapshot)
        XCTAssertEqual(warm.caseload, store.caseload)
        XCTAssertEqual(FileIO.listDirectory(directory.snapshots), ["caseload.snapshot"], "no temporary file is left behind")
    }

    // MARK: Helpers

    /// A directory with three journals and a snapshot of all of them, and the full-replay state.
    func directoryWithSnapshot() throws -> (DataDirectory, Caseload) {
        let directory = try makeDataDirectory()
        var random = SeededGenerator(seed: 99)
        try write(randomHistory(&random, events: 120), to: directory, writers: writers)
        let cold = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore)
        try cold.writeSnapshot()
        let warm = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertTrue(warm.openedFromSnapshot)
        XCTAssertEqual(warm.caseload, cold.caseload)
        return (directory, cold.caseload)
    }

    func coldState(_ directory: DataDirectory) throws -> Caseload {
        try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore).caseload
    }

    private func assertIgnored(_ directory: DataDirectory, _ expected: Caseload, because reason: String?, _ context: String,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let store = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertFalse(store.openedFromSnapshot, context, file: file, line: line)
        XCTAssertEqual(store.caseload, expected, context, file: file, line: line)
        XCTAssertEqual(store.notices.count, 1, "\(context): \(store.notices)", file: file, line: line)
        XCTAssertTrue(store.notices.allSatisfy { $0.contains("ignored the snapshot") && $0.contains("in full") },
                      "\(context): \(store.notices)", file: file, line: line)
        if let reason {
            XCTAssertTrue(store.notices.contains { $0.contains(reason) }, "\(context): \(store.notices)", file: file, line: line)
        }
    }

    /// Events for a few cases over three writers, with corrections (some conflicting), undos,
    /// reassignments, closes and reopens, merges, office-level events, unknown types and orphans,
    /// stamped so that the writers interleave. `writer` and `seq` are filled in as written.
    private func randomHistory(_ random: inout SeededGenerator, events count: Int) -> [Event] {
        let caseIDs = (0..<max(2, count / 8)).map { "G-\(String(format: "%07d", $0))" }
        var opened: Set<String> = []
        var history: [Event] = []
        var seqs: [String: Int] = [:]
        for index in 0..<count {
            let writer = writers.randomElement(using: &random)!
            var caseID = caseIDs.randomElement(using: &random)!
            let roll = Int.random(in: 0..<100, using: &random)
            let body: EventBody
            if !opened.contains(caseID) && roll < 85 {
                body = Samples.opened([.graduate, .difficulty, .unemployed].randomElement(using: &random)!,
                                      id: makeResidentID(sequence: String(format: "%03d", index % 1000)))
                opened.insert(caseID)
            } else if roll < 5 {
                caseID = ""
                body = .personalDataRevealed(fields: ["phone"], purpose: "核验 \(index)")
            } else if roll < 10, let target = history.filter({ !$0.caseID.isEmpty }).randomElement(using: &random) {
                caseID = target.caseID
                body = .eventUndone(eventID: target.id, reason: "误录")
            } else if roll < 13 {
                body = .unknown(type: "future_\(index % 3)", data: JSONObject([("n", .int(Int64(index))), ("ok", true)]))
            } else {
                body = Samples.everyKnownBody.filter {
                    if case .caseOpened = $0 { false } else if case .journalRepaired = $0 { false }
                    else if case .personalDataRevealed = $0 { false } else { true }
                }.randomElement(using: &random)!
            }
            // Clocks that disagree a little, so the merged order interleaves writers.
            var event = makeEvent("R\(index)", case: caseID, body, minutes: index + Int.random(in: -3...3, using: &random))
            seqs[writer, default: 0] += 1
            event.writer = writer
            event.seq = seqs[writer]!
            history.append(event)
        }
        return history
    }

}
