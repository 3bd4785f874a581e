import Cases
import Foundation
import Journal
import XCTest

/// A desk that is open while a colleague erases a person, on a shared folder.
final class ErasureRefreshTests: JournalTestCase {
    private let residentID = "371602199002020022"

    /// The person comes back after the erasure and this desk registers them again: the new
    /// case must be sealed under a new key, not under the destroyed one it still held.
    func testARegistrationAfterAColleaguesErasureIsReadable() throws {
        let directory = try makeDataDirectory()
        let colleague = try openStore(directory, writer: "desk-01")
        try colleague.append(makeEvent("E-1", case: "U-AAAAAAA", Samples.opened(.unemployed, id: residentID), minutes: 1))
        let key = try XCTUnwrap(colleague.keys.opened.keyByCase["U-AAAAAAA"])
        colleague.writer?.close()

        let desk = try openStore(directory, writer: "desk-02", seed: 7, minutes: 60)
        XCTAssertEqual(desk.caseload["U-AAAAAAA"]?.residentID.value, residentID)

        let eraser = try openStore(directory, writer: "desk-01", seed: 9, minutes: 120)
        try eraser.keys.destroy([key], writer: "desk-01", on: day("2026-11-30"))
        try eraser.append(eraser.makeEvent(caseID: "U-AAAAAAA", actor: "zhaoli", effective: day("2026-11-30"),
                                           body: .personErased(keys: [key], reason: "retention", scrubbed: [])))
        eraser.writer?.close()

        try desk.refresh()
        XCTAssertFalse(desk.keys.hasKey(key), "the colleague's erasure reaches this desk's key ring")
        try desk.append(desk.makeEvent(caseID: "U-BBBBBBB", actor: "wangfang", effective: day("2026-11-30"),
                                       body: Samples.opened(.unemployed, id: residentID)))
        desk.writer?.close()

        let reopened = try openStore(directory, forWriting: false)
        XCTAssertEqual(reopened.caseload["U-BBBBBBB"]?.residentID.value, residentID, "the new registration can be read")
        XCTAssertEqual(reopened.caseload["U-AAAAAAA"]?.person.isErased, true)
        XCTAssertTrue(reopened.notices.isEmpty, "\(reopened.notices)")
    }

    /// A correction sealed under a key this desk does not have yet (a laptop that never had the
    /// person's key made a new one, and the key file lags the journal) folds as no change. A
    /// snapshot written then would keep that for good: once the key arrives, the warm open must
    /// still equal a full replay.
    func testNoSnapshotIsWrittenWhileACorrectionsKeyIsMissing() throws {
        let directory = try makeDataDirectory()
        let desk = try openStore(directory, writer: "desk-01")
        try desk.append(makeEvent("E-1", case: "U-AAAAAAA", Samples.opened(.unemployed, id: residentID), minutes: 1))
        desk.writer?.close()
        let deskKeys = PersonKeyStore.file(of: directory, writer: "desk-01")
        let laptopKeys = PersonKeyStore.file(of: directory, writer: "desk-02")
        try FileManager.default.moveItem(atPath: deskKeys, toPath: deskKeys + ".away")

        let laptop = try openStore(directory, writer: "desk-02", seed: 7, minutes: 60)
        var phone = JSONObject()
        phone["phone"] = .string("13900001111")
        try laptop.append(laptop.makeEvent(caseID: "U-AAAAAAA", actor: "wangfang", effective: day("2026-11-30"),
                                           body: .caseCorrected(CaseCorrected(person: phone, reason: "new phone"))))
        laptop.writer?.close()
        try FileManager.default.moveItem(atPath: deskKeys + ".away", toPath: deskKeys)
        try FileManager.default.moveItem(atPath: laptopKeys, toPath: laptopKeys + ".away")

        let app = try CaseStore(directory: directory, writerID: "desk-01", forWriting: true,
                                clock: FixedClock(binzhouTime(minutes: 120)), snapshots: .readAndWrite(every: 1))
        XCTAssertTrue(app.notices.contains { $0.contains("cannot be read") }, "\(app.notices)")
        app.waitForSnapshotWrites()
        app.writer?.close()
        try FileManager.default.moveItem(atPath: laptopKeys + ".away", toPath: laptopKeys)

        let cold = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()), snapshots: .ignore)
        XCTAssertEqual(cold.caseload["U-AAAAAAA"]?.person.phone?.value, "13900001111")
        let warm = try CaseStore(directory: directory, forWriting: false, clock: FixedClock(binzhouTime()))
        XCTAssertEqual(warm.caseload["U-AAAAAAA"]?.person.phone?.value, "13900001111", "the warm open equals a full replay")
        XCTAssertEqual(warm.caseload, cold.caseload)
    }
}
