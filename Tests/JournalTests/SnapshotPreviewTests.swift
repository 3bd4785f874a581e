import Foundation
import XCTest
import Cases
@testable import Journal

/// The app's first screen comes from `CaseStore.preview`: one counsellor's cases, the cases
/// their flags read (same household, same resident ID) and the cases the journals' tails
/// touched, read from the snapshot alone. What it holds must be exactly what the whole store
/// holds, and it must hold every case a counsellor's list or flags read; where it cannot be
/// sure, it must be nil (the app then waits for the whole store).
final class SnapshotPreviewTests: JournalTestCase {
    private let writers = ["desk-01", "desk-02", "outreach-01"]
    private let counsellors = ["wangfang", "liuyang", "zhangmin"]

    func testAPreviewHoldsWhatTheWholeStoreHoldsOnRandomisedHistories() throws {
        var previews = 0
        for seed in UInt64(1)...20 {
            var random = SeededGenerator(seed: seed)
            let history = randomHistory(&random, events: Int.random(in: 80...300, using: &random))
            // The snapshot covers at least half of each journal; the rest is the tails.
            var cut: [String: Int] = [:]
            for writer in writers {
                let lines = history.filter { $0.writer == writer }.count
                cut[writer] = Int.random(in: (lines / 2)...lines, using: &random)
            }
            let (full, partial) = try snapshotOverPrefix(history, cut: cut, writers: writers, name: "\(seed)")

            let whole = try CaseStore(directory: full, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore)
            let records = whole.caseload.cases.values
            for counsellor in counsellors {
                guard let preview = CaseStore.preview(directory: partial, counsellor: counsellor, clock: FixedClock(binzhouTime())) else {
                    continue
                }
                previews += 1
                XCTAssertTrue(preview.isPreview)
                XCTAssertNil(preview.writer, "a preview writes nothing")
                XCTAssertEqual(preview.positions, whole.positions, "seed \(seed)")
                for record in preview.caseload.cases.values {
                    XCTAssertEqual(record, whole.caseload[record.id], "seed \(seed) \(counsellor): \(record.id)")
                }
                for record in records where record.counsellor == counsellor {
                    XCTAssertEqual(preview.caseload[record.id], record, "seed \(seed) \(counsellor): own case \(record.id)")
                    for other in records where other.residentID == record.residentID
                        || (record.details.household != nil && other.details.household == record.details.household) {
                        XCTAssertEqual(preview.caseload[other.id], other, "seed \(seed) \(counsellor): \(other.id), which \(record.id)'s flags read")
                    }
                }
            }
        }
        // With no erasure and no key lost, every counsellor gets one.
        XCTAssertEqual(previews, 20 * counsellors.count)
    }

    func testACaseMovedToTheCounsellorInATailBringsWhatItsFlagsRead() throws {
        let directory = try makeDataDirectory()
        let journal = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        try journal.append([
            makeEvent("E1", case: "D-0000001", opened(counsellor: "wangfang", residentID: resident(1), household: "HH-1"), minutes: 1),
            makeEvent("E2", case: "D-0000002", opened(counsellor: "liuyang", residentID: resident(2), household: "HH-2"), minutes: 2),
            makeEvent("E3", case: "D-0000003", opened(counsellor: "zhangmin", residentID: resident(3), household: "HH-2"), minutes: 3),
            makeEvent("E4", case: "U-0000004", opened(counsellor: "zhangmin", residentID: resident(2), household: nil), minutes: 4),
        ])
        try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore).writeSnapshot()
        // After the snapshot, liuyang's case is reassigned to wangfang: its household member and
        // the same person's other case are now what wangfang's flags read.
        try journal.append([makeEvent("E5", case: "D-0000002", .caseReassigned(to: "wangfang", from: "liuyang"), minutes: 5)])
        journal.close()
        let preview = try XCTUnwrap(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: FixedClock(binzhouTime())))
        let whole = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore)
        for id in ["D-0000001", "D-0000002", "D-0000003", "U-0000004"] {
            XCTAssertEqual(preview.caseload[id], whole.caseload[id], id)
        }
        XCTAssertEqual(preview.caseload["D-0000002"]?.counsellor, "wangfang")
    }

    func testThereIsNoPreviewWhereTheWholeOpenMustDecide() throws {
        let directory = try makeDataDirectory()
        let journal = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        try journal.append([
            makeEvent("E1", case: "D-0000001", opened(counsellor: "wangfang", residentID: resident(1), household: "HH-1"), minutes: 1),
        ])
        let clock = FixedClock(binzhouTime())
        XCTAssertNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock), "no snapshot")
        try CaseStore(directory: directory, forWriting: false, clock: clock, snapshots: .ignore).writeSnapshot()
        XCTAssertNotNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock))
        XCTAssertNil(CaseStore.preview(directory: directory, counsellor: "sunli", clock: clock), "no cases of hers in it")

        // A damaged snapshot, a snapshot the journals no longer match, a damaged tail.
        let snapshot = readBytes(directory.snapshot)
        var flipped = snapshot
        flipped[flipped.count / 2] ^= 0x10
        try Data(flipped).write(to: URL(fileURLWithPath: directory.snapshot))
        XCTAssertNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock), "bit-flipped snapshot")
        try Data(snapshot).write(to: URL(fileURLWithPath: directory.snapshot))
        try journal.append([makeEvent("E2", case: "D-0000001", .noteAdded(text: "尾部"), minutes: 2)])
        journal.close()
        XCTAssertNotNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock))
        let path = directory.journal(writer: "desk-01")
        let good = readBytes(path)
        var damaged = good
        damaged[damaged.count - 20] ^= 0x01
        try Data(damaged).write(to: URL(fileURLWithPath: path))
        XCTAssertNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock), "damaged tail")
        var rewritten = good
        rewritten[40] ^= 0x01
        try Data(rewritten).write(to: URL(fileURLWithPath: path))
        XCTAssertNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock), "journal changed under the snapshot")
    }

    /// A case a tail opened is looked up in the head's id table, so a damaged colleague's chunk
    /// is never read and does not matter (the whole open ignores the snapshot and replays, to the
    /// same cases). Without the table (an id longer than it holds) the search reads ids in the
    /// chunks, and a damaged one means no preview; so does damage in the user's own chunk.
    func testDamageIsRefusedInEveryChunkThePreviewReadsAndOnlyThere() throws {
        for colleagueCase in ["U-0000002", "U-0000002-IMPORTED-FROM-ROSTER"] {
            let directory = try makeDataDirectory(colleagueCase)
            let journal = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
            try journal.append([
                makeEvent("E1", case: "D-0000001", opened(counsellor: "wangfang", residentID: resident(1), household: "HH-1"), minutes: 1),
                makeEvent("E2", case: colleagueCase, opened(counsellor: "liuyang", residentID: resident(2), household: nil), minutes: 2),
            ])
            let clock = FixedClock(binzhouTime())
            try CaseStore(directory: directory, forWriting: false, clock: clock, snapshots: .ignore).writeSnapshot()
            try journal.append([makeEvent("E3", case: "G-0000003", opened(counsellor: "wangfang", residentID: resident(3), household: nil),
                                          minutes: 3)])
            journal.close()
            XCTAssertNotNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock))

            let good = readBytes(directory.snapshot)
            let layout = try SnapshotFile.layout(of: OwnedBytes(copying: good.withUnsafeBufferPointer { $0 }))
            XCTAssertEqual(layout.ids.isEmpty, colleagueCase.count > SnapshotLayout.idWidth)
            for owner in ["liuyang", "wangfang"] {
                var bytes = good
                let chunk = try XCTUnwrap(layout.chunks.first { $0.owner == owner })
                bytes[SnapshotFile.headerLength + chunk.index.upperBound - 1] ^= 0x01
                try Data(bytes).write(to: URL(fileURLWithPath: directory.snapshot))
                let preview = CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock)
                if owner == "liuyang" && layout.ids.isEmpty == false {
                    let whole = try CaseStore(directory: directory, forWriting: false, clock: clock)
                    XCTAssertFalse(whole.openedFromSnapshot)
                    XCTAssertEqual(preview?.caseload["D-0000001"], whole.caseload["D-0000001"])
                    XCTAssertEqual(preview?.caseload["G-0000003"], whole.caseload["G-0000003"])
                } else {
                    XCTAssertNil(preview, "damage in \(owner)'s chunk, \(colleagueCase)")
                }
            }
        }
    }

    /// The rules equate a household written in two Unicode forms (Swift compares canonically);
    /// the snapshot's tables hash bytes, so a key with another form is read by every preview.
    func testAHouseholdInAnotherUnicodeFormIsStillReadAndOneThatCannotBeLookedUpMeansNoPreview() throws {
        let plain = "K户-1", kelvin = "\u{212A}户-1"
        XCTAssertEqual(plain, kelvin, "Swift equates the two forms")
        let directory = try makeDataDirectory()
        let journal = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        try journal.append([
            makeEvent("E1", case: "D-0000001", opened(counsellor: "wangfang", residentID: resident(1), household: plain), minutes: 1),
            makeEvent("E2", case: "D-0000002", opened(counsellor: "liuyang", residentID: resident(2), household: kelvin), minutes: 2),
            makeEvent("E3", case: "D-0000003", opened(counsellor: "wangfang", residentID: resident(3), household: "HH-9"), minutes: 3),
        ])
        let clock = FixedClock(binzhouTime())
        try CaseStore(directory: directory, forWriting: false, clock: clock, snapshots: .ignore).writeSnapshot()
        let preview = try XCTUnwrap(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock))
        XCTAssertNotNil(preview.caseload["D-0000002"], "the household member in the other form is read")

        // After the snapshot a tail moves one of hers into a household only the other form names.
        try journal.append([makeEvent("E4", case: "D-0000003", .caseCorrected(CaseCorrected(person: JSONObject(),
            details: JSONObject([("household", .string("\u{212A}户-2"))]), reason: "户号更正")), minutes: 4)])
        journal.close()
        XCTAssertNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock))
    }

    func testSealedPeopleAreOpenedAndAnErasureOrALostKeyLeavesItToTheWholeOpen() throws {
        let clock = FixedClock(binzhouTime())
        for erasedInJournal in [true, false] {
            let directory = try makeDataDirectory(erasedInJournal ? "erased" : "lost")
            let store = try openStore(directory, writer: "desk-01")
            try store.append(makeEvent("E-1", case: "D-0000001", opened(counsellor: "wangfang", residentID: resident(1), household: "HH-1"),
                                       minutes: 1))
            let key = try XCTUnwrap(store.keys.opened.keyByCase["D-0000001"])
            try store.writeSnapshot()
            let preview = try XCTUnwrap(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock))
            XCTAssertEqual(preview.caseload["D-0000001"]?.residentID.value, resident(1))
            try store.keys.destroy([key], writer: "desk-01", on: day("2026-11-30"))
            if erasedInJournal {
                try store.append(store.makeEvent(caseID: "D-0000001", actor: "zhaoli", effective: day("2026-11-30"),
                                                 body: .personErased(keys: [key], reason: "retention", scrubbed: [])))
            }
            store.writer?.close()
            // The snapshot still holds the person in the clear: only the whole open may say what is shown.
            XCTAssertNil(CaseStore.preview(directory: directory, counsellor: "wangfang", clock: clock), "erased in journal: \(erasedInJournal)")
        }
    }

    // MARK: Helpers

    private func resident(_ number: Int) -> String { makeResidentID(sequence: String(format: "%03d", number % 1000)) }

    private func opened(counsellor: String, residentID: String, household: String?) -> EventBody {
        let person = Person(name: "张伟", residentID: ResidentID(unchecked: residentID), phone: PhoneNumber(unchecked: "13800138000"),
                            hukouAddress: "山东省滨州市滨城区", community: "市中街道")
        let details: CaseDetails = if let household {
            .difficulty(DifficultyDetails(categories: [.zero_employment_household], identified: day("2026-03-02"),
                                          certificate: "BZ-1", household: household))
        } else {
            .unemployed(UnemployedDetails(registered: day("2026-09-01"), registrationNumber: "SY-88", benefitUntil: day("2027-03-01")))
        }
        return .caseOpened(CaseOpened(counsellor: counsellor, person: person, education: "本科", details: details, source: nil))
    }

    /// Cases of three counsellors, a small pool of people (so one person has several cases)
    /// and of households; reassignments and corrections of the household and the ID number,
    /// so a tail can move a case into what another case's flags read. No erasures: those have
    /// their own test, and a tail with one never gets a preview.
    private func randomHistory(_ random: inout SeededGenerator, events count: Int) -> [Event] {
        let caseIDs = (0..<max(4, count / 6)).map { "D-\(String(format: "%07d", $0))" }
        var opened: Set<String> = []
        var history: [Event] = []
        var seqs: [String: Int] = [:]
        for index in 0..<count {
            let writer = writers.randomElement(using: &random)!
            let caseID = caseIDs.randomElement(using: &random)!
            let counsellor = counsellors.randomElement(using: &random)!
            let roll = Int.random(in: 0..<100, using: &random)
            let body: EventBody
            if !opened.contains(caseID) && roll < 80 {
                let household = Bool.random(using: &random) ? "HH-\(Int.random(in: 1...6, using: &random))" : nil
                body = self.opened(counsellor: counsellor, residentID: resident(Int.random(in: 1...(count / 8 + 2), using: &random)),
                                   household: household)
                opened.insert(caseID)
            } else if roll < 15 {
                body = .caseReassigned(to: counsellor, from: "")
            } else if roll < 22 {
                body = .caseCorrected(CaseCorrected(person: JSONObject(), details: JSONObject([("household", .string("HH-\(Int.random(in: 1...6, using: &random))"))]),
                                                    reason: "户号更正"))
            } else if roll < 27 {
                body = .caseCorrected(CaseCorrected(person: JSONObject([("id_number", .string(resident(Int.random(in: 1...9, using: &random))))]),
                                                    details: JSONObject(), reason: "身份证号更正"))
            } else if roll < 60 {
                body = .contactLogged(ContactLogged(channel: .phone, reached: Bool.random(using: &random), note: "电话回访 \(index)",
                                                    next: day("2026-12-03")))
            } else {
                body = Samples.everyKnownBody.filter {
                    if case .caseOpened = $0 { false } else if case .journalRepaired = $0 { false }
                    else if case .personalDataRevealed = $0 { false } else if case .personErased = $0 { false } else { true }
                }.randomElement(using: &random)!
            }
            var event = makeEvent("P\(index)", case: caseID, body, minutes: index + Int.random(in: -3...3, using: &random))
            seqs[writer, default: 0] += 1
            event.writer = writer
            event.seq = seqs[writer]!
            history.append(event)
        }
        return history
    }
}
