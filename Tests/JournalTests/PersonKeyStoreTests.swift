import Cases
import Foundation
import Journal
import XCTest

/// The key store: sealing on append, opening on read, erasure, tombstones over sync, and the
/// file's durability details (a torn last record, a bad record named by file and line).
final class PersonKeyStoreTests: JournalTestCase {
    private func opening(_ caseID: String, name: String, id: String, phone: String? = nil) -> EventBody {
        .caseOpened(CaseOpened(counsellor: "wangfang",
                               person: Person(name: name, residentID: ResidentID(unchecked: id), phone: phone.map(PhoneNumber.init(unchecked:))),
                               details: .unemployed(UnemployedDetails(registered: LocalDate(iso: "2026-01-05")!))))
    }

    private func add(_ store: CaseStore, _ caseID: String, _ body: EventBody) throws {
        try store.append(store.makeEvent(caseID: caseID, actor: "wangfang", effective: LocalDate(iso: "2026-01-05")!, body: body))
    }

    func testLinesAreSealedOnDiskOpenedInMemoryAndOnePersonKeepsOneKey() throws {
        let directory = try makeDataDirectory()
        let store = try openStore(directory)
        try add(store, "U-AAAAAAA", opening("U-AAAAAAA", name: "张伟", id: "371602199001010011", phone: "13812345678"))
        try add(store, "D-BBBBBBB", opening("D-BBBBBBB", name: "张伟", id: "371602199001010011"))
        var correction = JSONObject()
        correction["phone"] = .string("13900001111")
        try add(store, "U-AAAAAAA", .caseCorrected(CaseCorrected(person: correction, details: JSONObject(), reason: "new phone")))
        let onDisk = String(decoding: readBytes(directory.journal(writer: "desk-01")), as: UTF8.self)
        for secret in ["张伟", "371602199001010011", "13812345678", "13900001111"] {
            XCTAssertFalse(onDisk.contains(secret), "\(secret) is sealed")
        }
        store.writer?.close()

        let reopened = try openStore(directory, forWriting: false)
        XCTAssertEqual(reopened.caseload["U-AAAAAAA"]?.name, "张伟")
        XCTAssertEqual(reopened.caseload["U-AAAAAAA"]?.person.phone?.value, "13900001111", "the sealed correction applies")
        let keys = Set(["U-AAAAAAA", "D-BBBBBBB"].compactMap { reopened.keys.opened.keyByCase[$0] })
        XCTAssertEqual(keys.count, 1, "one person, one key")
        XCTAssertTrue(try KeyCheck.check(directory).isEmpty)
    }

    func testDestroyingAKeyErasesThePersonAndVerifyAcceptsTheTombstone() throws {
        let directory = try makeDataDirectory()
        let store = try openStore(directory)
        try add(store, "U-AAAAAAA", opening("U-AAAAAAA", name: "李娜", id: "371602199002020022"))
        try add(store, "U-CCCCCCC", opening("U-CCCCCCC", name: "王强", id: "371602199003030033"))
        let key = try XCTUnwrap(store.keys.opened.keyByCase["U-AAAAAAA"])
        try store.keys.destroy([key], writer: "desk-01", on: LocalDate(iso: "2026-02-01")!)
        store.writer?.close()
        let reopened = try openStore(directory, forWriting: false)
        XCTAssertEqual(reopened.caseload["U-AAAAAAA"]?.person.isErased, true)
        XCTAssertEqual(reopened.caseload["U-AAAAAAA"]?.residentID.masked, "—")
        XCTAssertEqual(reopened.caseload["U-CCCCCCC"]?.name, "王强", "others keep their data")
        XCTAssertTrue(reopened.notices.isEmpty, "an erasure is not a missing key: \(reopened.notices)")
        XCTAssertTrue(try KeyCheck.check(directory).isEmpty)
        let keyFile = String(decoding: readBytes(PersonKeyStore.file(of: directory, writer: "desk-01")), as: UTF8.self)
        XCTAssertTrue(keyFile.contains("x \(key) 2026-02-01"), keyFile)
        XCTAssertFalse(keyFile.contains("k \(key)"), "the key itself is gone")
    }

    func testATombstoneFromEitherSideWinsOverAKeyOnSync() throws {
        let here = try makeDataDirectory("here")
        let there = try makeDataDirectory("there", writer: "desk-02")
        let store = try openStore(here)
        try add(store, "U-AAAAAAA", opening("U-AAAAAAA", name: "李娜", id: "371602199002020022"))
        let key = try XCTUnwrap(store.keys.opened.keyByCase["U-AAAAAAA"])
        store.writer?.close()
        // The other desk takes the key, then erases; this desk still holds the key.
        let theirs = try PersonKeyStore(directory: there)
        XCTAssertEqual(try theirs.absorb(from: here, ownWriter: nil).added, 1)
        XCTAssertTrue(theirs.hasKey(key))
        try theirs.destroy([key], writer: "desk-02", on: LocalDate(iso: "2026-02-01")!)
        // Pulling this desk's key back does not resurrect it there.
        XCTAssertEqual(try theirs.absorb(from: here, ownWriter: nil).added, 0)
        XCTAssertFalse(theirs.hasKey(key))
        // And the tombstone, pulled here, destroys the key here.
        let ours = try PersonKeyStore(directory: here)
        XCTAssertEqual(try ours.absorb(from: there, ownWriter: nil).destroyed, 1)
        XCTAssertFalse(try PersonKeyStore(directory: here).hasKey(key))
        XCTAssertTrue(try PersonKeyStore(directory: here).isErased(key))
        XCTAssertEqual(try ours.absorb(from: there, ownWriter: nil).added, 0, "a second sync changes nothing")
    }

    func testATornLastRecordIsIgnoredAndTheNextKeyStartsOnItsOwnLine() throws {
        let directory = try makeDataDirectory()
        let store = try openStore(directory)
        try add(store, "U-AAAAAAA", opening("U-AAAAAAA", name: "李娜", id: "371602199002020022"))
        store.writer?.close()
        let path = PersonKeyStore.file(of: directory, writer: "desk-01")
        try writeBytes(path, readBytes(path) + Array("k K-TORNTORNTORNTORN AAAA".utf8))
        let again = try openStore(directory, seed: 7)
        XCTAssertEqual(again.caseload["U-AAAAAAA"]?.name, "李娜")
        try add(again, "U-CCCCCCC", opening("U-CCCCCCC", name: "王强", id: "371602199003030033"))
        again.writer?.close()
        XCTAssertEqual(try openStore(directory, forWriting: false).caseload["U-CCCCCCC"]?.name, "王强")
    }

    /// The key files are read on every core: every file's keys are there, and of two bad files
    /// the one first in name order is reported, as a read one after another reports it.
    func testSeveralKeyFilesAreAllReadAndTheFirstBadOneIsNamed() throws {
        let directory = try makeDataDirectory()
        try FileManager.default.createDirectory(atPath: PersonKeyStore.folder(of: directory), withIntermediateDirectories: true)
        let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        for (writer, id) in [("desk-01", "K-0000000000000001"), ("desk-02", "K-0000000000000002"), ("laptop-03", "K-0000000000000003")] {
            try writeBytes(PersonKeyStore.file(of: directory, writer: writer), Array("# caseload person keys v1\nk \(id) \(key)\n".utf8))
        }
        let keys = try PersonKeyStore(directory: directory)
        XCTAssertTrue(["K-0000000000000001", "K-0000000000000002", "K-0000000000000003"].allSatisfy(keys.hasKey))
        for writer in ["desk-02", "laptop-03"] {
            try writeBytes(PersonKeyStore.file(of: directory, writer: writer), Array("# caseload person keys v1\nk K-0123456789ABCDEF bad!\n".utf8))
        }
        XCTAssertThrowsError(try PersonKeyStore(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("desk-02.keys:2"), "\(error)")
        }
    }

    func testABadRecordNamesTheFileAndLine() throws {
        let directory = try makeDataDirectory()
        try FileManager.default.createDirectory(atPath: PersonKeyStore.folder(of: directory), withIntermediateDirectories: true)
        let path = PersonKeyStore.file(of: directory, writer: "desk-01")
        try writeBytes(path, Array("# caseload person keys v1\nk K-0123456789ABCDEF notbase64!\n".utf8))
        XCTAssertThrowsError(try PersonKeyStore(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("desk-01.keys:2"), "\(error)")
        }
    }
}
