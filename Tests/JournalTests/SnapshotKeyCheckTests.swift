import Cases
import Foundation
import Journal
import XCTest

/// A snapshot's people against the key store (`staleProtection`), checked in two halves at
/// once: a stale person anywhere is found, and with several the reason is the one a single
/// pass in the caseload's order gives.
final class SnapshotKeyCheckTests: JournalTestCase {
    private let live = "K-AAAAAAAAAAAAAAAA", erased = "K-EEEEEEEEEEEEEEEE", absent = "K-XXXXXXXXXXXXXXXX"

    private func keyStore() throws -> PersonKeyStore {
        let directory = try makeDataDirectory()
        try FileManager.default.createDirectory(atPath: PersonKeyStore.folder(of: directory), withIntermediateDirectories: true)
        let key = Data(repeating: 7, count: 32).base64EncodedString()
        try writeBytes(PersonKeyStore.file(of: directory, writer: "desk-01"), Array("k \(live) \(key)\nx \(erased) 2026-11-29\n".utf8))
        return try PersonKeyStore(directory: directory)
    }

    /// Twenty cases sealed under the live key, but for the given protections.
    private func caseload(_ odd: [Int: PersonProtection]) -> (caseload: Caseload, order: [String]) {
        let events = (0..<20).map { index in
            Event(id: "E\(index)", writer: "desk-01", seq: index + 1, recorded: binzhouTime(minutes: index), effective: day("2026-11-29"),
                  actor: "w", caseID: String(format: "U-%07d", index),
                  body: .caseOpened(CaseOpened(counsellor: "wangfang",
                                               person: Person(name: "李娜", residentID: ResidentID(unchecked: "37160219900202\(1000 + index)"),
                                                              protection: odd[index] ?? .key(live)),
                                               details: .unemployed(UnemployedDetails(registered: day("2026-01-05"))))))
        }
        let caseload = Caseload(events: events)
        return (caseload, caseload.cases.values.map(\.id))
    }

    func testAStalePersonIsFoundWhereverItIs() throws {
        let keys = try keyStore()
        XCTAssertNil(keys.staleProtection(in: caseload([:]).caseload))
        for index in 0..<20 {
            XCTAssertEqual(keys.staleProtection(in: caseload([index: .key(erased)]).caseload), "a person in it was erased since")
            XCTAssertEqual(keys.staleProtection(in: caseload([index: .key(absent)]).caseload), "a key it used is missing")
            XCTAssertEqual(keys.staleProtection(in: caseload([index: .keyMissing(key: live)]).caseload), "a key it lacked has arrived since")
            XCTAssertNil(keys.staleProtection(in: caseload([index: .keyMissing(key: absent)]).caseload), "still missing: not stale")
        }
    }

    func testWithSeveralTheFirstInTheCaseloadsOrderGivesTheReason() throws {
        let keys = try keyStore()
        for first in 0..<20 {
            for second in 0..<20 where second != first {
                let (caseload, order) = caseload([first: .key(erased), second: .key(absent)])
                let erasedComesFirst = order.firstIndex(of: String(format: "U-%07d", first))! < order.firstIndex(of: String(format: "U-%07d", second))!
                XCTAssertEqual(keys.staleProtection(in: caseload), erasedComesFirst ? "a person in it was erased since" : "a key it used is missing")
            }
        }
    }
}
