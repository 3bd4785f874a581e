import Foundation
import XCTest
import Cases
import Journal

/// Every event type survives a trip through the journal file and back, and the file is
/// plain JSON lines that other tools read.
final class RoundTripTests: JournalTestCase {
    private func allBodies() -> [(caseID: String, body: EventBody)] {
        var bodies = Samples.everyKnownBody.enumerated().map { index, body -> (String, EventBody) in
            switch body {
            case .caseOpened(let opened): return (["G-GGGGGGG", "D-DDDDDDD", "U-UUUUUUU"][CaseKind.allCases.firstIndex(of: opened.kind)!], body)
            case .journalRepaired: return ("", body)
            default: return (index % 2 == 0 ? "G-GGGGGGG" : "U-UUUUUUU", body)
            }
        }
        bodies.append(("G-GGGGGGG", .unknown(type: "future_thing", data: JSONObject([("x", .array([1, "二", .null]))]))))
        bodies.append(("", .unknown(type: "office_future", data: JSONObject())))
        return bodies
    }

    func testSamplesCoverEveryKnownType() {
        XCTAssertEqual(Set(Samples.everyKnownBody.map(\.typeName)), Set(EventBody.knownTypes))
    }

    func testEveryEventTypeRoundTripsThroughWriterScannerAndStore() throws {
        let directory = try makeDataDirectory()
        let journal = directory.journal(writer: "desk-01")
        let events = allBodies().enumerated().map { index, item in
            makeEvent("E\(index)", case: item.caseID, item.body, minutes: index, actor: "wangfang",
                      offsetMinutes: index % 3 == 0 ? -300 : 480)  // a laptop abroad writes negative offsets
        }
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        var stored: [Event] = []
        for event in events.prefix(5) { stored.append(try writer.append(event)) }  // one at a time
        stored += try writer.append(Array(events.dropFirst(5)))                    // and as one batch
        writer.close()
        XCTAssertEqual(stored.map(\.seq), Array(1...events.count))
        for (original, back) in zip(events, stored) {
            var expected = original
            expected.writer = "desk-01"
            expected.seq = back.seq
            XCTAssertEqual(back, expected)
        }

        let scan = JournalScanner.scan(readBytes(journal), file: journal, writer: "desk-01")
        XCTAssertNil(scan.damage)
        XCTAssertNil(scan.tail)
        XCTAssertEqual(scan.events, stored)
        for (read, written) in zip(scan.events, stored) {
            XCTAssertEqual(read.body, written.body, read.type)
            XCTAssertEqual(read.recorded.iso, written.recorded.iso)
        }

        let store = try openStore(directory, forWriting: false)
        XCTAssertEqual(store.caseload.allEvents, stored.sorted(by: Event.mergedOrder))
        XCTAssertEqual(store.caseload.eventCount, stored.count)
        XCTAssertEqual(Set(store.caseload.cases.keys), ["G-GGGGGGG", "D-DDDDDDD", "U-UUUUUUU"])
        XCTAssertEqual(store.caseload.officeEvents.map(\.type), ["journal_repaired", "office_future"])
        XCTAssertEqual(store.positions["desk-01"]?.seq, stored.count)
        XCTAssertNil(store.writer)
        XCTAssertThrowsError(try store.append(stored[0])) { error in
            XCTAssertEqual(error as? JournalError, .stopped(reason: "the store was opened read-only"))
        }

        let reopened = try openStore(directory)
        XCTAssertEqual(reopened.caseload.allEvents.sorted { $0.seq < $1.seq }, stored, "the writer read them back and handed them to the store")
        XCTAssertEqual(canonicalDump(reopened.caseload), canonicalDump(store.caseload))
    }

    func testLinesAreValidJSONForPythonAndJq() throws {
        let directory = try makeDataDirectory()
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        let events = allBodies().enumerated().map { makeEvent("E\($0)", case: $1.caseID, $1.body, minutes: $0) }
        let stored = try writer.append(events)
        writer.close()
        let journal = directory.journal(writer: "desk-01")

        let python = "import json,sys; [json.loads(l) for l in open(sys.argv[1])]"
        guard let result = try runTool("python3", ["-c", python, journal]) else { throw XCTSkip("python3 is not installed") }
        XCTAssertEqual(result.status, 0, result.output)

        // Python reads back the same text values as Swift wrote.
        let check = """
        import json,sys
        for l in open(sys.argv[1], encoding="utf-8"):
            o = json.loads(l)
            print(json.dumps([o["seq"], o["type"], o["case"], o["data"].get("text") or o["data"].get("note")], ensure_ascii=True))
        """
        let dumped = try XCTUnwrap(try runTool("python3", ["-c", check, journal]))
        XCTAssertEqual(dumped.status, 0, dumped.output)
        let rows = dumped.output.split(separator: "\n")
        XCTAssertEqual(rows.count, stored.count)
        for (row, event) in zip(rows, stored) {
            let parsed = try XCTUnwrap(JSONParser.parse(String(row)).arrayValue)
            XCTAssertEqual(parsed[0].intValue, Int64(event.seq))
            XCTAssertEqual(parsed[1].stringValue, event.type)
            XCTAssertEqual(parsed[2].stringValue, event.caseID)
            switch event.body {
            case .noteAdded(let text): XCTAssertEqual(parsed[3].stringValue, text)
            case .contactLogged(let contact): XCTAssertEqual(parsed[3].stringValue, contact.note)
            default: break
            }
        }

        if let jq = try runTool("jq", ["-c", ".", journal]) {
            XCTAssertEqual(jq.status, 0, jq.output)
            XCTAssertEqual(jq.output.split(separator: "\n").count, stored.count)
        }
    }

    func testStoreAppendsAppliesAndRefreshesOtherWriters() throws {
        let directory = try makeDataDirectory()
        let store = try openStore(directory)
        let caseID = store.newCaseID(kind: .graduate)
        XCTAssertTrue(caseID.hasPrefix("G-"))
        let opened = try store.append(store.makeEvent(caseID: caseID, actor: "wangfang", effective: day("2026-11-29"),
                                                      body: Samples.opened(.graduate)))
        XCTAssertEqual(opened.writer, "desk-01")
        XCTAssertEqual(opened.seq, 1)
        XCTAssertGreaterThan(opened.recorded, binzhouTime(), "stamped by the store's clock (opening took the first tick)")
        XCTAssertLessThan(opened.recorded, binzhouTime(minutes: 1))
        XCTAssertEqual(opened.id.count, 12)
        XCTAssertNotNil(store.caseload[caseID])
        XCTAssertNotEqual(store.newCaseID(kind: .graduate), caseID)
        XCTAssertEqual(store.positions["desk-01"], store.writer?.position)
        XCTAssertEqual(store.writerID, "desk-01")

        // A colleague's laptop (another writer in the same folder) appends; refresh picks it up.
        let laptop = try openStore(directory, writer: "laptop-02", seed: 7)
        XCTAssertEqual(laptop.caseload.eventCount, 1)
        try laptop.append(laptop.makeEvent(caseID: caseID, actor: "lijun", effective: day("2026-11-29"),
                                           body: .contactLogged(ContactLogged(channel: .visit, note: "上门"))))
        XCTAssertEqual(try store.refresh().map(\.actor), ["lijun"])
        XCTAssertEqual(store.caseload[caseID]?.contacts.count, 1)
        XCTAssertEqual(try store.refresh(), [], "nothing new")
        XCTAssertEqual(store.positions["laptop-02"]?.seq, 1)
    }
}
