import Foundation
import Journal
import XCTest

/// What an erasure removes from `snapshots/`: every cache of opened people, but not the hub's
/// sync bookkeeping, which holds only writers and line counts.
final class ErasureScrubTests: JournalTestCase {
    func testTheSnapshotGoesAndTheHubSyncRecordStays() throws {
        let directory = try makeDataDirectory()
        try FileManager.default.createDirectory(atPath: directory.snapshots, withIntermediateDirectories: true)
        try Data("王芳 371602200306150025".utf8).write(to: URL(fileURLWithPath: directory.snapshot))
        try Data("caseload.snapshot.tmp".utf8).write(to: URL(fileURLWithPath: directory.snapshots + "/caseload.snapshot.tmp"))
        let hubSync = directory.snapshots + "/hub-sync"
        try Data("last_sync = 2026-11-29T10:32:00.000+08:00\ndesk-01 = 120\n".utf8).write(to: URL(fileURLWithPath: hubSync))

        let scrubbed = try Erasure.scrub(directory, needles: [Array("371602200306150025".utf8)])

        XCTAssertEqual(scrubbed.deleted, ["snapshots/caseload.snapshot", "snapshots/caseload.snapshot.tmp"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.snapshot))
        XCTAssertEqual(try String(contentsOfFile: hubSync, encoding: .utf8), "last_sync = 2026-11-29T10:32:00.000+08:00\ndesk-01 = 120\n")
    }

    func testAnErasureWithNoSnapshotsFolderDeletesNothing() throws {
        let directory = try makeDataDirectory()
        try? FileManager.default.removeItem(atPath: directory.snapshots)
        XCTAssertEqual(try Erasure.scrub(directory, needles: [Array("13905431234".utf8)]).deleted, [])
    }
}
