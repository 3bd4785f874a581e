import Foundation
import XCTest
import Cases
import Journal

/// Three writers' journals merge to the same caseload however they arrive.
final class MergeTests: JournalTestCase {
    private let writers = ["desk-a", "desk-b", "laptop-c"]

    /// Writes interleaved histories for three writers into one source directory.
    private func writeSource() throws -> DataDirectory {
        let source = try makeDataDirectory("source")
        var scripts: [String: [Event]] = [:]
        func add(_ writer: String, _ caseID: String, _ body: EventBody, _ minutes: Int, actor: String) {
            scripts[writer, default: []].append(makeEvent("\(writer)-\(scripts[writer, default: []].count + 1)", case: caseID, body,
                                                          minutes: minutes, actor: actor))
        }
        let g = "G-AAAAAAA", d = "D-BBBBBBB", u = "U-CCCCCCC"
        add("desk-a", g, Samples.opened(.graduate, id: makeResidentID(sequence: "111")), 0, actor: "wangfang")
        add("laptop-c", g, .contactLogged(ContactLogged(channel: .visit, note: "上门", next: day("2026-12-01"))), 1, actor: "zhaolei")
        add("desk-b", d, Samples.opened(.difficulty, id: makeResidentID(sequence: "222"), counsellor: "lijun"), 1, actor: "lijun")
        add("desk-a", g, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13711111111")]))), 2, actor: "wangfang")
        add("desk-b", g, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13722222222")]))), 3, actor: "lijun")
        add("laptop-c", u, Samples.opened(.unemployed, id: makeResidentID(sequence: "333"), counsellor: "zhaolei"), 3, actor: "zhaolei")
        add("desk-a", d, .serviceRecorded(ServiceRecorded(kind: .public_welfare_post, employer: "社区", ends: day("2027-11-30"))), 4,
            actor: "wangfang")
        add("desk-b", d, .outcomeRecorded(OutcomeRecorded(kind: .public_welfare_post, date: day("2026-12-01"))), 5, actor: "lijun")
        add("laptop-c", g, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13733333333")]))), 5, actor: "zhaolei")
        add("laptop-c", "G-LAPTOPONLY", .noteAdded(text: "opened on another laptop"), 6, actor: "zhaolei")
        add("desk-a", u, .caseReassigned(to: "wangfang", from: "zhaolei"), 7, actor: "wangfang")
        add("desk-b", "", .personalDataRevealed(fields: ["phone"], purpose: "export"), 7, actor: "lijun")
        add("laptop-c", u, .unknown(type: "future_thing", data: JSONObject([("a", 1)])), 8, actor: "zhaolei")
        add("desk-a", d, .eventUndone(eventID: "desk-b-3", reason: "mistake"), 9, actor: "wangfang")
        add("desk-b", d, .caseClosed(reason: "安置"), 10, actor: "lijun")
        for (writer, events) in scripts {
            let journal = try JournalWriter(directory: source, writer: writer, now: binzhouTime())
            try journal.append(events)
            journal.close()
        }
        return source
    }

    func testAnyArrivalOrderGivesTheSameCaseload() throws {
        let source = try writeSource()
        let reference = try openStore(source, writer: "desk-a")
        let dump = canonicalDump(reference.caseload)
        let g = try XCTUnwrap(reference.caseload["G-AAAAAAA"])
        XCTAssertEqual(g.person.phone?.value, "13733333333")
        XCTAssertEqual(g.conflicts.map(\.keptBy), ["lijun", "zhaolei"])
        XCTAssertEqual(reference.caseload["D-BBBBBBB"]?.status, .closed)
        XCTAssertEqual(reference.caseload.orphanCaseIDs, ["G-LAPTOPONLY"])
        XCTAssertEqual(reference.caseload.eventCount, 15)
        reference.writer?.close()

        // Copy the journal files into fresh folders in every order (creation order changes
        // what readdir returns), and open as each writer and as a reader.
        let permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        for (index, order) in permutations.enumerated() {
            let copy = try makeDataDirectory("copy-\(index)")
            for writer in order.map({ writers[$0] }) {
                try FileManager.default.copyItem(atPath: source.journal(writer: writer), toPath: copy.journal(writer: writer))
            }
            XCTAssertEqual(copy.writers(), writers.sorted())
            for opener in [writers[order[0]], "reader-\(index)"] {
                let store = try openStore(copy, writer: opener, forWriting: opener.hasPrefix("reader") == false)
                XCTAssertEqual(canonicalDump(store.caseload), dump, "order \(order) opened by \(opener)")
                store.writer?.close()
            }
        }

        // Journals arriving one at a time (sync), picked up by refresh.
        let late = try makeDataDirectory("late")
        try FileManager.default.copyItem(atPath: source.journal(writer: "laptop-c"), toPath: late.journal(writer: "laptop-c"))
        let store = try openStore(late, writer: "reader", forWriting: false)
        XCTAssertEqual(store.caseload.orphanCaseIDs, ["G-AAAAAAA", "G-LAPTOPONLY"], "the laptop's contact waits for the opening")
        for writer in ["desk-b", "desk-a"] {
            try FileManager.default.copyItem(atPath: source.journal(writer: writer), toPath: late.journal(writer: writer))
            try store.refresh()
        }
        XCTAssertEqual(canonicalDump(store.caseload), dump)

        // And the same events applied in shuffled batches.
        var events: [Event] = []
        for writer in writers {
            events += JournalScanner.scan(readBytes(source.journal(writer: writer)), file: "", writer: writer).events
        }
        XCTAssertEqual(events.count, 15)
        var rng = SeededGenerator(seed: 0x3E_26E)
        for round in 0..<100 {
            var caseload = Caseload()
            var rest = events.shuffled(using: &rng)[...]
            while !rest.isEmpty {
                let size = Int.random(in: 1...rest.count, using: &rng)
                caseload.apply(Array(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            caseload.apply(Array(events.shuffled(using: &rng).prefix(3)))  // overlapping re-delivery
            XCTAssertEqual(canonicalDump(caseload), dump, "round \(round)")
            if canonicalDump(caseload) != dump { break }
        }
    }
}
