import Cases
import Foundation
import Journal
import SystemPackage
import Terminal
import XCTest
@testable import Screens

/// The disk fills (or fails) as the counsellor saves: the app says why, keeps what was typed
/// on screen and in the draft written before, writes nothing half, and refuses later saves.
final class DiskFullTests: XCTestCase {
    /// Every write and fsync fails with `errno`; everything else is the real file system.
    struct FailingFileSystem: FileSystem {
        let errno: Errno
        private let real = PosixFileSystem()

        func open(_ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions,
                  permissions: FilePermissions?) throws(Errno) -> FileDescriptor {
            try real.open(path, mode, options: options, permissions: permissions)
        }
        func write(_ fd: FileDescriptor, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int { throw errno }
        func sync(_ fd: FileDescriptor) throws(Errno) { throw errno }
        func truncate(_ fd: FileDescriptor, to size: Int) throws(Errno) { try real.truncate(fd, to: size) }
        func rename(_ from: String, _ to: String) throws(Errno) { try real.rename(from, to) }
        func unlink(_ path: String) throws(Errno) { try real.unlink(path) }
        func makeDirectory(_ path: String, permissions: FilePermissions) throws(Errno) {
            try real.makeDirectory(path, permissions: permissions)
        }
    }

    func testAFailedSaveSaysWhyAndKeepsTheInput() throws {
        for errno in [Errno.noSpace, Errno.ioError] {
            let fixture = try ScreenFixture(width: 320)  // wide enough for the whole message with its path
            let journal = DataDirectory(fixture.root).journal(writer: "desk-01")
            try fixture.openCase("欧阳娜娜")
            fixture.press(.char("n"))
            _ = fixture.type("家访：已联系")
            let drafts = DraftStore(directory: DataDirectory(fixture.root))
            XCTAssertEqual(drafts.drafts(for: "wangfang").first?.dictionary["text"], "家访：已联系", "the draft follows the typing")
            let journalBefore = FileManager.default.contents(atPath: journal)
            let eventsBefore = fixture.session.caseload.eventCount

            let frame = FileSystems.$current.withValue(FailingFileSystem(errno: errno)) { fixture.press(.ctrl("s")) }
            let message = try XCTUnwrap(fixture.app.state.message?.text)
            XCTAssertTrue(message.contains("failed: \(errno.description) (errno \(errno.rawValue))"), message)
            XCTAssertTrue(message.contains(journal), "the message names the file: \(message)")
            XCTAssertTrue(message.contains("Draft not saved") && message.contains("your input is still on screen"), message)
            XCTAssertTrue(frame.contains("errno \(errno.rawValue)"), frame.dump())
            XCTAssertTrue(fixture.app.stack.last is FormScreen, "the form stays open")
            XCTAssertEqual(try fixture.form().value("text"), "家访：已联系")
            XCTAssertEqual(fixture.session.caseload.eventCount, eventsBefore)
            XCTAssertEqual(FileManager.default.contents(atPath: journal) ?? Data(), journalBefore ?? Data(),
                           "nothing half-written stays in the journal")
            XCTAssertEqual(drafts.drafts(for: "wangfang").first?.dictionary["text"], "家访：已联系", "the last draft is still on disk")

            // The disk has room again, but this process has stopped writing; the draft is still kept.
            fixture.press(.ctrl("s"))
            let again = try XCTUnwrap(fixture.app.state.message?.text)
            XCTAssertTrue(again.hasPrefix("Not saved; your input is kept as a draft: writing stopped after an earlier failure"), again)
            XCTAssertEqual(fixture.session.caseload.eventCount, eventsBefore)
            XCTAssertEqual(drafts.drafts(for: "wangfang").first?.dictionary["text"], "家访：已联系")
        }
    }
}
