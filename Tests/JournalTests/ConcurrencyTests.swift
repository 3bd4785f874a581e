import Foundation
import XCTest
import Cases
import Journal

/// Several processes append to their own writers' journals in one data directory while another
/// process keeps re-reading it: the reader never takes a half line for an event, every event it
/// reads is exactly what its writer appended, and the final count is exact. A second process on
/// a writer that is in use is refused.
final class ConcurrencyTests: JournalTestCase {
    private static let writers = ["desk-01", "desk-02", "desk-03"]
    private static let eventsPerWriter = 3_000

    func testWritersAppendWhileAReaderRefreshesAndASecondProcessIsRefused() throws {
        let directory = try makeDataDirectory()
        let release = "\(root)/release"
        var children: [ChildTest] = []
        defer {
            try? writeBytes(release, [])
            for child in children { child.kill(); child.waitForExit() }
        }
        let deadline = Date() + 240
        let reader = try ChildTest("JournalTests.ConcurrencyChildTests/testReaderChild", environment: [
            ConcurrencyWorkload.directoryVariable: directory.root,
            ConcurrencyWorkload.expectedVariable: String(Self.writers.count * Self.eventsPerWriter),
        ])
        children.append(reader)
        XCTAssertNotNil(try reader.line(startingWith: "READING", deadline: deadline))
        for (index, writer) in Self.writers.enumerated() {
            children.append(try ChildTest("JournalTests.ConcurrencyChildTests/testWriterChild", environment: [
                ConcurrencyWorkload.directoryVariable: directory.root, ConcurrencyWorkload.writerVariable: writer,
                ConcurrencyWorkload.countVariable: String(Self.eventsPerWriter), ConcurrencyWorkload.releaseVariable: release,
                ConcurrencyWorkload.seedVariable: String(index + 1),
            ]))
        }
        let writerChildren = Array(children.dropFirst())
        for child in writerChildren { XCTAssertNotNil(try child.line(startingWith: "OPEN", deadline: deadline), child.transcript.joined()) }
        // While desk-01's writer holds its lock, another process on desk-01 is refused and told who holds it.
        let second = try ChildTest("JournalTests.CrashChildTests/testOpenWriterChild", environment: [CrashWorkload.lockVariable: directory.root])
        let refusal = try XCTUnwrap(try second.line(startingWith: "LOCK-RESULT: ", deadline: deadline))
        second.waitForExit()
        XCTAssertEqual(refusal, "LOCK-RESULT: journal desk-01 is in use by process \(writerChildren[0].process.processIdentifier)")

        for child in writerChildren {
            XCTAssertEqual(try child.line(startingWith: "DONE", deadline: deadline), "DONE \(Self.eventsPerWriter)", child.transcript.joined())
        }
        try writeBytes(release, [])
        let final = try XCTUnwrap(try reader.line(startingWith: "FINAL", deadline: deadline), reader.transcript.joined(separator: "\n"))
        XCTAssertEqual(final, "FINAL \(Self.writers.count * Self.eventsPerWriter) BAD 0", reader.transcript.suffix(5).joined(separator: "\n"))
        let refreshes = reader.transcript.filter { $0.hasPrefix("SEEN ") }.compactMap { Int($0.dropFirst(5)) }
        XCTAssertEqual(refreshes, refreshes.sorted(), "the count only grows")
        XCTAssertGreaterThan(refreshes.count, 2, "the reader saw the journals while they grew")
        for child in children { child.waitForExit() }

        let reports = try Verifier.verify(directory)
        XCTAssertEqual(reports.map(\.writer), Self.writers)
        XCTAssertEqual(reports.map(\.lastSeq), Array(repeating: Self.eventsPerWriter, count: Self.writers.count))
        XCTAssertTrue(reports.allSatisfy(\.isHealthy))
        print("concurrency: \(Self.writers.count) writer processes × \(Self.eventsPerWriter) events, reader refreshed \(refreshes.count) times")
    }
}

/// What the concurrency children append: every event's content follows from its writer and seq.
enum ConcurrencyWorkload {
    static let directoryVariable = "CASELOAD_CONCURRENCY_DIR"
    static let writerVariable = "CASELOAD_CONCURRENCY_WRITER"
    static let countVariable = "CASELOAD_CONCURRENCY_COUNT"
    static let expectedVariable = "CASELOAD_CONCURRENCY_EXPECTED"
    static let releaseVariable = "CASELOAD_CONCURRENCY_RELEASE"
    static let seedVariable = "CASELOAD_CONCURRENCY_SEED"

    static func event(writer: String, seq: Int) -> Event {
        let recorded = Timestamp(millisecondsSinceEpoch: 1_795_914_000_000 + Int64(seq) * 1_000, offsetMinutes: 480)
        let text = String(repeating: "并发写入", count: seq % 40)
        return Event(id: "\(writer)-\(seq)", recorded: recorded, effective: recorded.localDate, actor: "wangfang",
                     caseID: "G-CONC\(seq % 7)", body: .noteAdded(text: "\(writer) #\(seq) \(text)"))
    }
}

/// Entry points run only as child processes; in a normal test run they return at once.
final class ConcurrencyChildTests: XCTestCase {
    /// Appends `count` events in batches of 1–20, prints `DONE count`, then holds the lock until released.
    func testWriterChild() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment[ConcurrencyWorkload.directoryVariable], let writerID = environment[ConcurrencyWorkload.writerVariable],
              let count = Int(environment[ConcurrencyWorkload.countVariable] ?? "") else { return }
        var rng = SeededGenerator(seed: UInt64(environment[ConcurrencyWorkload.seedVariable] ?? "") ?? 1)
        let writer = try JournalWriter(directory: DataDirectory(path), writer: writerID,
                                       now: Timestamp(millisecondsSinceEpoch: 1_795_914_000_000, offsetMinutes: 480))
        defer { writer.close() }
        emitLine("OPEN")
        while writer.position.seq < count {
            let first = writer.position.seq + 1
            let last = min(count, first + Int.random(in: 0...19, using: &rng))
            try writer.append((first...last).map { ConcurrencyWorkload.event(writer: writerID, seq: $0) })
        }
        emitLine("DONE \(writer.position.seq)")
        let release = environment[ConcurrencyWorkload.releaseVariable] ?? ""
        let deadline = Date() + 120
        while !FileManager.default.fileExists(atPath: release), Date() < deadline { usleep(2_000) }
    }

    /// Opens the office read-only and refreshes until it has read the expected number of events,
    /// checking every event against what its writer appended. Prints `SEEN n` whenever the count
    /// grows and `FINAL n BAD b` at the end.
    func testReaderChild() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment[ConcurrencyWorkload.directoryVariable],
              let expected = Int(environment[ConcurrencyWorkload.expectedVariable] ?? "") else { return }
        let store = try CaseStore(directory: DataDirectory(path), forWriting: false,
                                  clock: FixedClock(Timestamp(millisecondsSinceEpoch: 1_795_914_000_000, offsetMinutes: 480)))
        emitLine("READING")
        var seen = store.caseload.eventCount
        var bad = 0
        let deadline = Date() + 200
        while seen < expected, Date() < deadline {
            for event in try store.refresh() {
                var wanted = ConcurrencyWorkload.event(writer: event.writer, seq: event.seq)
                wanted.writer = event.writer
                wanted.seq = event.seq
                if event != wanted { bad += 1 }
            }
            if store.caseload.eventCount == seen { usleep(1_000) } else {
                seen = store.caseload.eventCount
                emitLine("SEEN \(seen)")
            }
        }
        emitLine("FINAL \(seen) BAD \(bad)")
    }
}
