import Cases
import Foundation
import Journal
import XCTest

final class RefreshResilienceTests: JournalTestCase {
    /// A damaged colleague journal is reported, but what other journals added is still applied.
    func testDamageInOneJournalDoesNotLoseAnothersNewLines() throws {
        let directory = try makeDataDirectory()
        let store = try openStore(directory, forWriting: false)
        let good = try JournalWriter(directory: directory, writer: "desk-a", now: binzhouTime())
        let bad = try JournalWriter(directory: directory, writer: "desk-z", now: binzhouTime())
        try good.append(makeEvent("E-A1", case: "G-AAAAAAA", Samples.opened(.graduate), minutes: 1))
        try bad.append(makeEvent("E-Z1", case: "G-ZZZZZZZ", .noteAdded(text: "a"), minutes: 2))
        try bad.append(makeEvent("E-Z2", case: "G-ZZZZZZZ", .noteAdded(text: "b"), minutes: 3))
        good.close()
        bad.close()
        // Flip a byte inside desk-z's first line.
        let path = directory.journal(writer: "desk-z")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[30] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))

        XCTAssertThrowsError(try store.refresh()) { error in
            guard case .damaged(let damage) = error as? JournalError else { return XCTFail("\(error)") }
            XCTAssertEqual(damage.line, 1)
        }
        XCTAssertNotNil(store.caseload["G-AAAAAAA"], "desk-a's new case was applied despite desk-z's damage")
        XCTAssertThrowsError(try store.refresh(), "the damage keeps being reported")
        XCTAssertEqual(store.caseload.eventCount, 1, "and nothing is applied twice")
    }
}
