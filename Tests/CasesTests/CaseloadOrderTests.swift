import XCTest
import Cases

/// Merging is order-independent: any order of arrival, in any batches, with re-delivered
/// duplicates, folds to the same caseload as applying everything at once.
final class CaseloadOrderTests: XCTestCase {
    /// Three writers working on overlapping cases with interleaved clocks.
    private func officeHistory() -> [Event] {
        var desk = EventScript(writer: "desk-01", actor: "wangfang")
        var desk2 = EventScript(writer: "desk-02", actor: "lijun")
        var laptop = EventScript(writer: "laptop-03", actor: "zhaolei")
        let g1 = "G-AAAAAAA", g2 = "G-BBBBBBB", d1 = "D-CCCCCCC", u1 = "U-DDDDDDD", orphan = "G-NEVEROPN"
        desk.add(g1, Samples.graduateOpened(id: Samples.graduateID), at: 0)
        desk2.add(d1, Samples.difficultyOpened(), at: 0)  // same instant as desk-01: writer breaks the tie
        laptop.add(u1, Samples.unemployedOpened(), at: 1)
        laptop.add(g1, .contactLogged(ContactLogged(channel: .visit, note: "上门", next: day("2026-12-05"))), at: 2)
        desk.add(g2, Samples.graduateOpened(id: Samples.otherID), at: 3)
        desk.add(g1, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13711111111")]))), at: 4)
        laptop.add(g1, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13722222222")]),
                                                    details: JSONObject([("major", "数学")]))), at: 5)
        desk2.add(g1, .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13733333333")]))), at: 5)
        let wrong = desk2.add(d1, .outcomeRecorded(OutcomeRecorded(kind: .employed, date: day("2026-11-29"))), at: 6)
        desk2.add(d1, .eventUndone(eventID: wrong.id, reason: "wrong case"), at: 7)
        laptop.add(orphan, .noteAdded(text: "case opened on an unsynced laptop"), at: 8)
        desk.add(g2, .outcomeRecorded(OutcomeRecorded(kind: .further_study, date: day("2026-11-29"))), at: 9)
        desk.add(g2, .caseClosed(reason: "升学"), at: 10)
        laptop.add(g2, .caseReopened(reason: "退学"), at: 11)
        desk2.add(u1, .serviceRecorded(ServiceRecorded(kind: .subsidy, note: "社保补贴")), at: 12)
        desk2.add(u1, .caseReassigned(to: "lijun", from: "zhaolei"), at: 12)
        desk.add("", .personalDataRevealed(fields: ["id_number"], purpose: "export"), at: 13)
        laptop.add(u1, .unknown(type: "future_thing", data: JSONObject([("level", 3)])), at: 13)
        desk.add(d1, .flagSnoozed(rule: "regular_contact", until: day("2026-12-20"), reason: "住院"), at: 14)
        laptop.add(d1, .caseCorrected(CaseCorrected(details: JSONObject([("household", "HH-99")]))), at: 15)
        desk.add(g1, .followUpScheduled(date: day("2026-12-08"), note: nil), at: 16)
        desk2.add(g1, .noteAdded(text: "同一分钟"), at: 16)
        laptop.add(g1, .noteAdded(text: "同一分钟"), at: 16)
        return desk.events + desk2.events + laptop.events
    }

    func testHistoryFoldsAsExpected() throws {
        let caseload = Caseload(events: officeHistory())
        let g1 = try XCTUnwrap(caseload["G-AAAAAAA"])
        XCTAssertEqual(g1.person.phone?.value, "13722222222", "laptop-03 sorts after desk-02 at the same instant")
        XCTAssertEqual(g1.conflicts.map(\.field), ["person.phone", "person.phone"])
        XCTAssertEqual(g1.details.graduate?.major, "数学")
        XCTAssertEqual(try XCTUnwrap(caseload["D-CCCCCCC"]).status, .open)
        XCTAssertEqual(try XCTUnwrap(caseload["D-CCCCCCC"]).details.household, "HH-99")
        XCTAssertEqual(try XCTUnwrap(caseload["G-BBBBBBB"]).status, .open)
        XCTAssertEqual(try XCTUnwrap(caseload["U-DDDDDDD"]).counsellor, "lijun")
        XCTAssertEqual(caseload.orphanCaseIDs, ["G-NEVEROPN"])
        XCTAssertEqual(caseload.officeEvents.count, 1)
        XCTAssertEqual(caseload.eventCount, officeHistory().count)
        XCTAssertEqual(caseload.allEvents, officeHistory().sorted(by: Event.mergedOrder))
    }

    func testAnyOrderAndBatchingGivesTheSameState() {
        let events = officeHistory()
        let reference = canonicalDump(Caseload(events: events.sorted(by: Event.mergedOrder)))
        XCTAssertEqual(canonicalDump(Caseload(events: events)), reference)
        XCTAssertEqual(canonicalDump(Caseload(events: events.reversed())), reference)
        var rng = SeededGenerator(seed: 0x0DE2_2026)
        for round in 0..<300 {
            var shuffled = events.shuffled(using: &rng)
            // Re-deliver a few events, as a sync that overlaps would.
            for _ in 0..<Int.random(in: 0...5, using: &rng) { shuffled.append(events.randomElement(using: &rng)!) }
            var caseload = Caseload()
            var rest = shuffled[...]
            while !rest.isEmpty {
                let size = Int.random(in: 1...max(1, rest.count), using: &rng)
                caseload.apply(Array(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            let dump = canonicalDump(caseload)
            XCTAssertEqual(dump, reference, "round \(round)")
            if dump != reference { return }
            for record in caseload.allCases {
                XCTAssertEqual(caseload.cases(withResidentID: record.residentID.value).filter { $0.id == record.id }.count, 1,
                               "index holds \(record.id) once")
            }
            XCTAssertEqual(caseload.allEvents, events.sorted(by: Event.mergedOrder))
        }
    }

    /// An open of 65,536 events or more files them by case on both cores; it must give exactly
    /// what filing them one batch at a time gives, duplicates, orphans and office events included.
    func testALargeOpenFiledOnEveryCoreEqualsFilingInBatches() {
        var rng = SeededGenerator(seed: 0x65_536)
        let history = officeHistory()
        // The office history copied under many case ids (and one office event per copy), shuffled,
        // with some lines delivered twice.
        var events = copies(of: history, count: 3_000)
        events.shuffle(using: &rng)
        events += events.prefix(500)
        XCTAssertGreaterThanOrEqual(events.count, 65_536)
        let atOnce = Caseload(events: events)
        var inBatches = Caseload()
        for start in stride(from: 0, to: events.count, by: 4_096) {
            inBatches.apply(Array(events[start..<min(events.count, start + 4_096)]))
        }
        XCTAssertEqual(atOnce.eventCount, events.count - 500)
        XCTAssertEqual(atOnce, inBatches)
        XCTAssertFalse(atOnce.orphanCaseIDs.isEmpty)
        XCTAssertEqual(atOnce.officeEvents.count, 3_000)
    }

    /// The large open moves events out of its runs. Several runs (journals), with one case's
    /// events spread over them out of order, duplicates within and across runs, office events and
    /// orphans, must file exactly as one batch at a time; runs the caller still holds must come
    /// back untouched (the open works on its own copy of them), and drained runs must be empty.
    func testALargeOpenOfSeveralRunsMovesEventsWithoutTouchingTheCallersRuns() {
        var rng = SeededGenerator(seed: 0x0003_2026)
        let history = officeHistory()
        var events = copies(of: history, count: 3_200)
        events.shuffle(using: &rng)
        // Four runs of uneven size; some lines delivered again, in the same run and in another.
        var runs: [[Event]] = []
        var rest = events[...]
        for size in [events.count / 2, events.count / 5, 7, events.count] {
            runs.append(Array(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        runs[0] += runs[1].prefix(300)
        runs[3] += runs[0].prefix(200)
        runs[2] += runs[2]
        let total = runs.reduce(0) { $0 + $1.count }
        XCTAssertGreaterThanOrEqual(total, 65_536)

        var inBatches = Caseload()
        for run in runs {
            for start in stride(from: 0, to: run.count, by: 3_000) {
                inBatches.apply(Array(run[start..<min(run.count, start + 3_000)]))
            }
        }
        let kept = runs.map { $0.map { $0 } }  // new buffers: what the runs held, whatever happens to theirs
        var shared = Caseload()
        shared.apply(contentsOf: runs)
        XCTAssertEqual(runs, kept, "the caller's runs are untouched")
        XCTAssertEqual(shared, inBatches)

        var drained = Caseload()
        var owned = runs
        runs = []
        drained.apply(draining: &owned)
        XCTAssertTrue(owned.isEmpty)
        XCTAssertEqual(drained, inBatches)
        XCTAssertEqual(drained.eventCount, events.count)
        XCTAssertEqual(drained.officeEvents.count, 3_200)
        XCTAssertFalse(drained.orphanCaseIDs.isEmpty)
        XCTAssertEqual(drained.allEvents, events.sorted(by: Event.mergedOrder))
    }

    /// `history` copied `count` times, each copy under its own case ids, event ids and
    /// sequence numbers.
    private func copies(of history: [Event], count: Int) -> [Event] {
        var events: [Event] = []
        for copy in 0..<count {
            for event in history {
                var event = event
                if !event.caseID.isEmpty {
                    event.caseID = String(event.caseID.prefix(2)) + String(format: "%07d", copy * 10 + Int(event.caseID.last!.asciiValue! % 10))
                }
                event.id = "\(event.id)-\(copy)"
                event.seq += copy * 100
                events.append(event)
            }
        }
        return events
    }
}
