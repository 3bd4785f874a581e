import Foundation
import XCTest
import Cases
@testable import Journal

/// `JournalSync`: copy what is missing, append what is new, refuse what diverged — and
/// change nothing at all when anything is refused.
final class SyncTests: JournalTestCase {
    /// Appends events to `writer`'s journal in `directory`, each a minute after `minutes`.
    @discardableResult
    private func write(_ directory: DataDirectory, writer: String, _ bodies: [(String, EventBody)], minutes: Int,
                       actor: String = "wangfang") throws -> [Event] {
        let journal = try JournalWriter(directory: directory, writer: writer, now: binzhouTime())
        defer { journal.close() }
        let events = bodies.enumerated().map { index, item in
            makeEvent("\(writer)-\(journal.position.seq + index + 1)", case: item.0, item.1, minutes: minutes + index, actor: actor)
        }
        return try journal.append(events)
    }

    /// Every file under a directory with its bytes.
    private func snapshot(_ directory: DataDirectory) -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: directory.root)
        while let path = walker?.nextObject() as? String {
            let full = directory.root + "/" + path
            if !FileManager.default.fileExists(atPath: full + "/.") { files[path] = FileManager.default.contents(atPath: full) }
        }
        return files
    }

    private func sync(_ source: DataDirectory, into target: DataDirectory, localWriter: String? = "desk-01") throws -> SyncReport {
        try JournalSync.sync(from: source.root, into: target, localWriter: localWriter, now: binzhouTime(minutes: 600))
    }

    func testCopiesMissingJournalsAppendsExtensionsAndIsIdempotent() throws {
        let office = try makeDataDirectory("office", writer: "desk-01")
        let laptop = try makeDataDirectory("laptop", writer: "laptop-02")
        try write(office, writer: "desk-01", [("G-AAAAAAA", Samples.opened(.graduate, id: makeResidentID(sequence: "111")))], minutes: 0)
        try write(laptop, writer: "laptop-02", [("U-BBBBBBB", Samples.opened(.unemployed, id: makeResidentID(sequence: "222")))], minutes: 1)
        // The laptop synced from the office once, then the office wrote more.
        _ = try sync(office, into: laptop, localWriter: "laptop-02")
        try write(laptop, writer: "laptop-02", [("U-BBBBBBB", .noteAdded(text: "上门走访"))], minutes: 5)

        let first = try sync(laptop, into: office)
        XCTAssertEqual(first.entries.map { "\($0.writer) \($0.action.rawValue) \($0.newLines)" },
                       ["desk-01 up_to_date 0", "laptop-02 copied 2"])
        XCTAssertTrue(first.entries[0].isLocalWriter)
        XCTAssertEqual(readBytes(office.journal(writer: "laptop-02")), readBytes(laptop.journal(writer: "laptop-02")))

        try write(laptop, writer: "laptop-02", [("U-BBBBBBB", .noteAdded(text: "电话回访")), ("U-BBBBBBB", .noteAdded(text: "推荐岗位"))], minutes: 9)
        let second = try sync(laptop, into: office)
        XCTAssertEqual(second.entries.map { "\($0.writer) \($0.action.rawValue) \($0.newLines)" },
                       ["desk-01 up_to_date 0", "laptop-02 appended 2"])
        XCTAssertEqual(readBytes(office.journal(writer: "laptop-02")), readBytes(laptop.journal(writer: "laptop-02")))
        XCTAssertTrue(try Verifier.verify(office).allSatisfy(\.isHealthy))

        let before = snapshot(office)
        let third = try sync(laptop, into: office)
        XCTAssertFalse(third.changed)
        XCTAssertEqual(snapshot(office), before, "a second sync changes nothing")

        // The office is now ahead of an old copy: nothing is taken, nothing is refused.
        try write(office, writer: "desk-01", [("G-AAAAAAA", .noteAdded(text: "more"))], minutes: 20)
        XCTAssertEqual(try sync(office, into: laptop, localWriter: "laptop-02").entries.first { $0.writer == "laptop-02" }?.action, .upToDate)
        let store = try openStore(office, forWriting: false)
        XCTAssertEqual(store.caseload.eventCount, 6)
    }

    func testADivergedJournalRefusesTheWholeSyncAndChangesNothing() throws {
        let office = try makeDataDirectory("office")
        let clone = try makeDataDirectory("clone")
        let other = try makeDataDirectory("other")
        let opened = Samples.opened(.graduate, id: makeResidentID(sequence: "333"))
        // A laptop image cloned after line 1: both copies then wrote their own line 2.
        try write(office, writer: "laptop-07", [("G-CCCCCCC", opened)], minutes: 0)
        try FileManager.default.copyItem(atPath: office.journal(writer: "laptop-07"), toPath: clone.journal(writer: "laptop-07"))
        try write(office, writer: "laptop-07", [("G-CCCCCCC", .noteAdded(text: "在办公室写的"))], minutes: 3)
        try write(clone, writer: "laptop-07", [("G-CCCCCCC", .noteAdded(text: "在克隆机写的"))], minutes: 4, actor: "zhaolei")
        // Something the sync could otherwise take, to prove it takes nothing.
        try write(clone, writer: "laptop-09", [("G-DDDDDDD", Samples.opened(.graduate, id: makeResidentID(sequence: "444")))], minutes: 5)
        try write(other, writer: "desk-01", [("G-EEEEEEE", Samples.opened(.graduate, id: makeResidentID(sequence: "555")))], minutes: 6)

        let before = snapshot(office)
        XCTAssertThrowsError(try sync(clone, into: office)) { error in
            guard case .refused(let problems) = error as? SyncError else { return XCTFail("\(error)") }
            XCTAssertEqual(problems.count, 1)
            XCTAssertTrue(problems[0].contains("journal laptop-07 has diverged at line 2"), problems[0])
            XCTAssertTrue(problems[0].contains("by wangfang") && problems[0].contains("by zhaolei"), problems[0])
        }
        XCTAssertEqual(snapshot(office), before, "refused: not one byte changed, no lock file made")
        _ = try sync(other, into: office)
        XCTAssertNotEqual(snapshot(office), before)
    }

    func testDamagedSourceIsRefusedAndATornSourceTailIsLeftBehind() throws {
        let office = try makeDataDirectory("office")
        let laptop = try makeDataDirectory("laptop")
        try write(laptop, writer: "laptop-02", [("G-AAAAAAA", Samples.opened(.graduate)), ("G-AAAAAAA", .noteAdded(text: "一"))], minutes: 0)
        let path = laptop.journal(writer: "laptop-02")
        let good = readBytes(path)
        // A laptop mid-append: half a line after the last newline.
        let fragment = Array(#"{"v":1,"w":"laptop-02","seq":3"#.utf8)
        try writeBytes(path, good + fragment)
        let report = try sync(laptop, into: office)
        XCTAssertEqual(report.entries.first?.newLines, 2)
        XCTAssertEqual(report.entries.first?.sourceTornTail, fragment.count)
        XCTAssertEqual(readBytes(office.journal(writer: "laptop-02")), good)

        var flipped = good
        flipped[40] ^= 0x01
        try writeBytes(path, flipped)
        let office2 = try makeDataDirectory("office2")
        let before = snapshot(office2)
        XCTAssertThrowsError(try sync(laptop, into: office2)) { error in
            XCTAssertTrue("\(error)".contains("source journal laptop-02 is damaged"), "\(error)")
        }
        XCTAssertEqual(snapshot(office2), before)
    }

    func testATornLocalTailIsCompletedWhenItIsTheStartOfTheSourcesNextLine() throws {
        let office = try makeDataDirectory("office")
        let laptop = try makeDataDirectory("laptop")
        try write(laptop, writer: "laptop-02", [("G-AAAAAAA", Samples.opened(.graduate)), ("G-AAAAAAA", .noteAdded(text: "二"))], minutes: 0)
        let full = readBytes(laptop.journal(writer: "laptop-02"))
        let firstLineEnd = full.firstIndex(of: 0x0A)! + 1
        // A sync that crashed part-way through appending line 2.
        try writeBytes(office.journal(writer: "laptop-02"), Array(full[..<(firstLineEnd + 25)]))
        let report = try sync(laptop, into: office)
        XCTAssertEqual(report.entries.first?.action, .appended)
        XCTAssertEqual(readBytes(office.journal(writer: "laptop-02")), full)
        XCTAssertTrue(try quarantineContents(office).isEmpty)

        // A torn tail that is not the source's next line is quarantined, not completed.
        let office2 = try makeDataDirectory("office2")
        try writeBytes(office2.journal(writer: "laptop-02"), Array(full[..<firstLineEnd]) + Array("garbage".utf8))
        _ = try sync(laptop, into: office2)
        XCTAssertEqual(readBytes(office2.journal(writer: "laptop-02")), full)
        XCTAssertEqual(try quarantineContents(office2).map { $0.meta["length"] }, [7])
    }

    func testAJournalBeingWrittenHereIsNotTouched() throws {
        let office = try makeDataDirectory("office")
        let laptop = try makeDataDirectory("laptop")
        try write(office, writer: "desk-01", [("G-AAAAAAA", Samples.opened(.graduate))], minutes: 0)
        try FileManager.default.copyItem(atPath: office.journal(writer: "desk-01"), toPath: laptop.journal(writer: "desk-01"))
        try write(laptop, writer: "desk-01", [("G-AAAAAAA", .noteAdded(text: "strict extension"))], minutes: 2)
        let app = try openStore(office, writer: "desk-01")  // the desk's app is open: it holds desk-01's lock
        let before = snapshot(office)
        XCTAssertThrowsError(try sync(laptop, into: office)) { error in
            guard case .journal(.inUse(let writer, _)) = error as? SyncError else { return XCTFail("\(error)") }
            XCTAssertEqual(writer, "desk-01")
        }
        XCTAssertEqual(snapshot(office), before)
        app.writer?.close()
        let report = try sync(laptop, into: office)
        XCTAssertEqual(report.entries.first?.action, .appended, "a strict extension of our own journal is taken once it is free")
    }

    func testSourceFolderResolutionAndSelfSyncIsRefused() throws {
        let office = try makeDataDirectory("office")
        try write(office, writer: "desk-01", [("G-AAAAAAA", Samples.opened(.graduate))], minutes: 0)
        XCTAssertEqual(JournalSync.journalsFolder(of: office.root), office.journals)
        XCTAssertEqual(JournalSync.journalsFolder(of: office.journals), office.journals, "a folder of .jsonl files (a USB stick)")
        XCTAssertNil(JournalSync.journalsFolder(of: root + "/nowhere"))
        XCTAssertThrowsError(try sync(office, into: office)) { error in
            XCTAssertTrue("\(error)".contains("is this data directory"), "\(error)")
        }
    }

    // MARK: What sync brings together: conflicts and duplicates

    func testSameFieldCorrectedOnTwoLaptopsTheLaterWinsWhicheverOrderTheyArrive() throws {
        let office = try makeDataDirectory("office")
        try write(office, writer: "desk-01", [("G-AAAAAAA", Samples.opened(.graduate, id: makeResidentID(sequence: "111")))], minutes: 0)
        let laptopA = try makeDataDirectory("laptop-a"), laptopB = try makeDataDirectory("laptop-b")
        for laptop in [laptopA, laptopB] { _ = try sync(office, into: laptop, localWriter: nil) }
        func correct(_ phone: String) -> (String, EventBody) {
            ("G-AAAAAAA", .caseCorrected(CaseCorrected(person: JSONObject([("phone", .string(phone))]), reason: "核实")))
        }
        try write(laptopA, writer: "laptop-a", [correct("13711111111")], minutes: 10, actor: "lijun")
        try write(laptopB, writer: "laptop-b", [correct("13722222222")], minutes: 12, actor: "zhaolei")
        let twin = try makeDataDirectory("twin")
        _ = try sync(office, into: twin, localWriter: nil)
        _ = try sync(laptopA, into: office)
        _ = try sync(laptopB, into: office)
        _ = try sync(laptopB, into: twin, localWriter: nil)
        _ = try sync(laptopA, into: twin, localWriter: nil)

        let here = try openStore(office, forWriting: false).caseload
        let there = try openStore(twin, forWriting: false).caseload
        XCTAssertEqual(canonicalDump(here), canonicalDump(there))
        let record = try XCTUnwrap(here["G-AAAAAAA"])
        XCTAssertEqual(record.person.phone?.value, "13722222222", "the later correction by merged order wins")
        XCTAssertEqual(record.conflicts.map { "\($0.field) \($0.keptBy) over \($0.overwrittenBy)" }, ["person.phone zhaolei over lijun"])
    }

    func testDuplicatesFromTwoLaptopsAreListedUntilASupervisorMergesThem() throws {
        let office = try makeDataDirectory("office")
        let laptopA = try makeDataDirectory("laptop-a"), laptopB = try makeDataDirectory("laptop-b")
        let person = makeResidentID(sequence: "777")
        try write(laptopA, writer: "laptop-a", [("G-AAAAAAA", Samples.opened(.graduate, id: person))], minutes: 0)
        try write(laptopB, writer: "laptop-b", [("G-BBBBBBB", Samples.opened(.graduate, id: person, counsellor: "zhaolei")),
                                                ("U-CCCCCCC", Samples.opened(.unemployed, id: person, counsellor: "zhaolei"))], minutes: 1)
        for laptop in [laptopA, laptopB] { _ = try sync(laptop, into: office) }
        let store = try openStore(office, minutes: 30)
        XCTAssertEqual(store.caseload.probableDuplicates().map { $0.map(\.id) }, [["G-AAAAAAA", "G-BBBBBBB"]],
                       "same person and kind; the unemployed case is another matter")

        try store.append(store.makeEvent(caseID: "G-BBBBBBB", actor: "supervisor", effective: day("2026-11-29"),
                                         body: .casesMerged(into: "G-AAAAAAA", from: "G-BBBBBBB")))
        store.writer?.close()
        let reread = try openStore(office, forWriting: false).caseload
        XCTAssertEqual(reread.probableDuplicates().count, 0)
        let merged = try XCTUnwrap(reread["G-BBBBBBB"])
        XCTAssertEqual(merged.status, .closed)
        XCTAssertEqual(merged.closeReason, "merged into G-AAAAAAA")
        XCTAssertEqual(merged.events.last?.body, .casesMerged(into: "G-AAAAAAA", from: "G-BBBBBBB"), "read back as a known event")
        XCTAssertEqual(merged.events.count, 2, "the merged case keeps its history")
        XCTAssertEqual(reread["G-AAAAAAA"]?.status, .open)
    }
}
