import Cases
import Journal
import XCTest

final class WatcherTests: JournalTestCase {
    func testAnAppendByAnotherWriterIsNoticedOnceAndThenQuiet() throws {
        let directory = try makeDataDirectory()
        try directory.prepare()
        let watcher = JournalWatcher(directory: directory)
        try XCTSkipUnless(watcher.isWatching, "inotify is not available here")
        XCTAssertFalse(watcher.hasChanges(), "nothing has happened yet")
        let colleague = try JournalWriter(directory: directory, writer: "desk-02", now: binzhouTime())
        defer { colleague.close() }
        try colleague.append(makeEvent("E-0001", case: "G-AAAAAAA", .noteAdded(text: "同事的记录"), minutes: 1))
        XCTAssertTrue(watcher.hasChanges(), "the colleague's append is noticed")
        XCTAssertFalse(watcher.hasChanges(), "and reported once")
    }
}
