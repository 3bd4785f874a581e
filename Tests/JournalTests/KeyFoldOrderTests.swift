import Cases
import Journal
import XCTest

/// What opening sealed lines finds is folded into `PersonKeyStore.opened` only when `opened` is
/// first read (an open does not build its two 100,000-entry maps). The result must be what
/// folding each step at once gives: a later key wins, and people learnt from a snapshot or noted
/// from a parallel open sit between what was opened before them and what after.
final class KeyFoldOrderTests: JournalTestCase {
    private let first = "371602199001010011", second = "371602198502020022"

    /// The journal's lines, still sealed: A and B opened, C opened for A's person, A corrected.
    private func sealedRuns() throws -> (directory: DataDirectory, early: [Event], late: [Event]) {
        let directory = try makeDataDirectory()
        let store = try openStore(directory)
        for (caseID, resident) in [("U-AAAAAAA", first), ("D-BBBBBBB", second), ("G-CCCCCCC", first)] {
            try store.append(store.makeEvent(caseID: caseID, actor: "wangfang", effective: day("2026-01-05"),
                                             body: Samples.opened(caseID.hasPrefix("U") ? .unemployed : caseID.hasPrefix("D") ? .difficulty : .graduate,
                                                                  id: resident)))
        }
        try store.append(store.makeEvent(caseID: "U-AAAAAAA", actor: "wangfang", effective: day("2026-01-06"),
                                         body: .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13900001111")])))))
        store.writer?.close()
        let scan = JournalScanner.scan(readBytes(directory.journal(writer: "desk-01")), file: "desk-01", writer: "desk-01")
        XCTAssertEqual(scan.events.count, 4)
        XCTAssertTrue(scan.events.allSatisfy(\.mayBeSealed))
        return (directory, Array(scan.events.prefix(2)), Array(scan.events.suffix(2)))
    }

    func testOpeningTwoRunsGivesWhatOpeningThemAtOnceGives() throws {
        let (directory, early, late) = try sealedRuns()
        let keys = try PersonKeyStore(directory: directory)
        var all = early + late
        let reference = keys.ring.open(&all)
        var one = early, two = late
        XCTAssertTrue(keys.open(&one).missing.isEmpty)
        XCTAssertTrue(keys.open(&two).missing.isEmpty)
        XCTAssertEqual(one + two, all, "the lines are opened in place either way")
        XCTAssertEqual(keys.opened.keyByCase, reference.keyByCase)
        XCTAssertEqual(keys.opened.keyByResident, reference.keyByResident)
        XCTAssertEqual(keys.opened.keyByCase.count, 3)
        XCTAssertEqual(Set(keys.opened.keyByCase.values).count, 2, "one person, one key")
    }

    func testPeopleLearntBetweenTwoOpensSitBetweenThem() throws {
        let (directory, early, late) = try sealedRuns()
        let keys = try PersonKeyStore(directory: directory)
        var probe = early + late
        let opened = keys.ring.open(&probe)
        let keyA = try XCTUnwrap(opened.keyByCase["U-AAAAAAA"]), keyB = try XCTUnwrap(opened.keyByCase["D-BBBBBBB"])
        var one = early, two = late
        _ = keys.open(&one)
        // The snapshot's people: A under another key (the later correction of A wins over it),
        // B in the clear (its key from the first run stays), E only here.
        keys.learn(from: CasePeople(caseIDs: ["U-AAAAAAA", "D-BBBBBBB", "U-EEEEEEE"], residentIDs: [first, second, "371602197003030033"],
                                    protections: [.key("K-LEARNTAAAAAAAAAA"), .plain, .key("K-LEARNTEEEEEEEEEE")]))
        _ = keys.open(&two)
        XCTAssertEqual(keys.opened.keyByCase, ["U-AAAAAAA": keyA, "D-BBBBBBB": keyB, "G-CCCCCCC": keyA, "U-EEEEEEE": "K-LEARNTEEEEEEEEEE"])
        XCTAssertEqual(keys.opened.keyByResident, [first: keyA, second: keyB, "371602197003030033": "K-LEARNTEEEEEEEEEE"])
        XCTAssertEqual(keys.opened.plaintextCases, ["D-BBBBBBB"])

        // Learnt after both opens, the people win where they name a key.
        let later = try PersonKeyStore(directory: directory)
        var three = early, four = late
        _ = later.open(&three)
        _ = later.open(&four)
        later.learn(from: CasePeople(caseIDs: ["U-AAAAAAA"], residentIDs: [first], protections: [.key("K-LEARNTAAAAAAAAAA")]))
        XCTAssertEqual(later.opened.keyByCase["U-AAAAAAA"], "K-LEARNTAAAAAAAAAA")
        XCTAssertEqual(later.opened.keyByCase["G-CCCCCCC"], keyA)
        XCTAssertEqual(later.opened.keyByResident[first], "K-LEARNTAAAAAAAAAA")
    }

    func testANoteSitsBetweenTheOpensBeforeAndAfterIt() throws {
        let (directory, early, late) = try sealedRuns()
        let keys = try PersonKeyStore(directory: directory)
        var probe = early + late
        var noted = keys.ring.open(&probe)
        let keyA = try XCTUnwrap(noted.keyByCase["U-AAAAAAA"])
        noted.keyByCase["D-BBBBBBB"] = "K-NOTEDBBBBBBBBBBB"
        noted.keyByCase["U-AAAAAAA"] = "K-NOTEDAAAAAAAAAAA"
        var one = early, two = late
        _ = keys.open(&one)
        keys.note(noted)
        _ = keys.open(&two)  // the correction of A, opened after the note, sets A's key again
        XCTAssertEqual(keys.opened.keyByCase["D-BBBBBBB"], "K-NOTEDBBBBBBBBBBB")
        XCTAssertEqual(keys.opened.keyByCase["U-AAAAAAA"], keyA)
    }
}
