import Foundation
import XCTest
import Cases
import Journal

/// Lines from a newer Caseload survive open, replay, merge and re-verification untouched.
final class UnknownEventTests: JournalTestCase {
    private let futureData = #"{"level":3,"nested":{"list":[1,"二",null,true],"x":-2.5},"名字":"未来"}"#

    /// Writes two ordinary lines, then a hand-made version-2 line of type `future_thing` with an
    /// extra top-level field, a correct sum and a correct prev.
    private func journalWithFutureLine(_ directory: DataDirectory) throws -> (events: [Event], futureLine: [UInt8]) {
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        let stored = try writer.append([makeEvent("E1", case: "G-AAAAAAA", Samples.opened(.graduate), minutes: 0),
                                        makeEvent("E2", case: "G-AAAAAAA", .noteAdded(text: "before"), minutes: 1)])
        writer.close()
        let journal = directory.journal(writer: "desk-01")
        let bytes = readBytes(journal)
        let prev = JournalLine.hash(try XCTUnwrap(splitLines(bytes).last))
        let line = sealedLine(#"{"v":2,"w":"desk-01","seq":3,"id":"FUTURE1","ts":"2026-11-29T09:02:00.000+08:00","on":"2026-11-29","#
            + #""by":"wangfang","case":"G-AAAAAAA","type":"future_thing","data":\#(futureData),"hint":{"since":"v2"},"#
            + #""prev":"\#(prev)""#)
        try writeBytes(journal, bytes + line + [0x0A])
        return (stored, line)
    }

    func testHandWrittenFutureLineSurvivesOpenReplayAppendAndVerify() throws {
        let directory = try makeDataDirectory()
        let (stored, futureLine) = try journalWithFutureLine(directory)
        let journal = directory.journal(writer: "desk-01")
        let expectedData = try XCTUnwrap(JSONParser.parse(futureData).objectValue)

        let report = try XCTUnwrap(Verifier.verify(directory).first)
        XCTAssertTrue(report.isHealthy)
        XCTAssertEqual(report.lines, 3)
        XCTAssertEqual(report.newerVersionLines, 1)

        // Replay through a store that writes to the same journal.
        let store = try openStore(directory, minutes: 10)
        let future = try XCTUnwrap(store.caseload.events(forCase: "G-AAAAAAA").first { $0.id == "FUTURE1" })
        XCTAssertEqual(future.body, .unknown(type: "future_thing", data: expectedData))
        XCTAssertEqual(future.type, "future_thing")
        XCTAssertEqual(future.seq, 3)
        XCTAssertEqual(store.caseload["G-AAAAAAA"]?.events.map(\.id), ["E1", "E2", "FUTURE1"])
        XCTAssertEqual(store.caseload["G-AAAAAAA"]?.notes.map(\.text), ["before"], "the unknown event changes nothing it cannot read")
        let appended = try store.append(store.makeEvent(caseID: "G-AAAAAAA", actor: "wangfang", effective: day("2026-11-29"),
                                                        body: .noteAdded(text: "after")))
        XCTAssertEqual(appended.seq, 4)
        store.writer?.close()

        // The future line's bytes are exactly as written, and the chain continues from them.
        let lines = splitLines(readBytes(journal))
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[2], futureLine)
        XCTAssertEqual(try JSONParser.parse(lines[3])["prev"]?.stringValue, JournalLine.hash(futureLine))
        XCTAssertEqual(try Verifier.verify(directory).first?.isHealthy, true)
        XCTAssertEqual(try Verifier.verify(directory).first?.newerVersionLines, 1)

        // Merged with another writer's journal, read by a desk that is not the writer.
        let other = try JournalWriter(directory: directory, writer: "desk-02", now: binzhouTime())
        try other.append(makeEvent("F1", case: "G-AAAAAAA", .contactLogged(ContactLogged(channel: .desk, note: "来访")), minutes: 3))
        other.close()
        let reader = try openStore(directory, writer: "desk-03", forWriting: false)
        XCTAssertEqual(reader.caseload["G-AAAAAAA"]?.events.map(\.id), ["E1", "E2", "FUTURE1", "F1", appended.id])
        XCTAssertEqual(reader.caseload["G-AAAAAAA"]?.contacts.count, 1)
        XCTAssertTrue(reader.notices.contains { $0.contains("1 lines in desk-01 are from a newer Caseload") }, "\(reader.notices)")
        XCTAssertEqual(try Verifier.verify(directory).map(\.isHealthy), [true, true])
        XCTAssertEqual(Array(stored.prefix(2)), Array(reader.caseload.allEvents.prefix(2)))
    }

    func testAppendedUnknownBodyRoundTrips() throws {
        let directory = try makeDataDirectory()
        let data = try XCTUnwrap(JSONParser.parse(futureData).objectValue)
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        let stored = try writer.append([
            makeEvent("E1", case: "G-AAAAAAA", Samples.opened(.graduate), minutes: 0),
            makeEvent("E2", case: "G-AAAAAAA", .unknown(type: "future_thing", data: data), minutes: 1),
            // A known type whose data this version cannot read is kept the same way.
            makeEvent("E3", case: "G-AAAAAAA", .unknown(type: "case_closed", data: JSONObject([("why", "no reason field")])), minutes: 2),
        ])
        writer.close()
        let store = try openStore(directory)
        XCTAssertEqual(store.caseload.allEvents.sorted { $0.seq < $1.seq }, stored, "the writer read them back and handed them to the store")
        XCTAssertEqual(store.caseload["G-AAAAAAA"]?.status, .open, "an unreadable close does not close")
        let line = try XCTUnwrap(splitLines(readBytes(directory.journal(writer: "desk-01"))).dropFirst().first)
        XCTAssertEqual(try JSONParser.parse(line)["data"], .object(data))
        XCTAssertTrue(String(decoding: line, as: UTF8.self).contains(#""type":"future_thing","data":\#(futureData)"#))
    }

    func testCaseOpenedByAFutureEventStaysAnOrphanAndIsKept() throws {
        let directory = try makeDataDirectory()
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        try writer.append([
            makeEvent("E1", case: "X-FUTURE1", .unknown(type: "case_opened", data: JSONObject([("kind", "apprentice")])), minutes: 0),
            makeEvent("E2", case: "X-FUTURE1", .noteAdded(text: "kept"), minutes: 1),
        ])
        writer.close()
        let store = try openStore(directory, forWriting: false)
        XCTAssertNil(store.caseload["X-FUTURE1"])
        XCTAssertEqual(store.caseload.orphanCaseIDs, ["X-FUTURE1"])
        XCTAssertEqual(store.caseload.events(forCase: "X-FUTURE1").map(\.id), ["E1", "E2"])
    }
}
