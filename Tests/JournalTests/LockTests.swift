import Foundation
import XCTest
import Cases
import Journal

final class LockTests: JournalTestCase {
    func testASecondOpenInTheSameProcessIsRefusedWithOurPID() throws {
        let directory = try makeDataDirectory()
        let first = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        // flock conflicts between separate open file descriptions, even in one process.
        XCTAssertThrowsError(try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())) { error in
            XCTAssertEqual(error as? JournalError, .inUse(writer: "desk-01", pid: getpid()))
            XCTAssertEqual("\(error)", "journal desk-01 is in use by process \(getpid())")
        }
        XCTAssertThrowsError(try openStore(directory)) { error in
            XCTAssertEqual(error as? JournalError, .inUse(writer: "desk-01", pid: getpid()))
        }
        // Other writers and read-only stores are not blocked.
        let other = try JournalWriter(directory: directory, writer: "desk-02", now: binzhouTime())
        other.close()
        XCTAssertNoThrow(try openStore(directory, forWriting: false))

        first.close()
        let second = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        second.close()
    }

    func testReleasingOnDeinit() throws {
        let directory = try makeDataDirectory()
        do { _ = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime()) }
        XCTAssertNoThrow(try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime()).close())
    }

    func testTheHolderComesFromTheKernelNotTheLockFilesContents() throws {
        let directory = try makeDataDirectory()
        let first = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        defer { first.close() }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: directory.lock(writer: "desk-01"))).count, 0,
                       "nothing is written into the lock file")
        try writeBytes(directory.lock(writer: "desk-01"), Array("not a pid".utf8))
        XCTAssertThrowsError(try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())) { error in
            XCTAssertEqual(error as? JournalError, .inUse(writer: "desk-01", pid: getpid()))
        }
    }

    /// A real second process is refused and names the parent as the holder.
    func testASecondProcessIsRefusedAndNamesTheHolder() throws {
        let directory = try makeDataDirectory()
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        defer { writer.close() }
        let child = try ChildTest("JournalTests.CrashChildTests/testOpenWriterChild",
                                  environment: [CrashWorkload.lockVariable: directory.root])
        let line = try child.line(startingWith: "LOCK-RESULT: ", deadline: Date() + 60)
        child.waitForExit()
        XCTAssertEqual(line, "LOCK-RESULT: journal desk-01 is in use by process \(getpid())", "child said \(child.transcript)")
        XCTAssertEqual(child.process.terminationStatus, 0)

        // Once released, the same child program opens it.
        writer.close()
        let again = try ChildTest("JournalTests.CrashChildTests/testOpenWriterChild",
                                  environment: [CrashWorkload.lockVariable: directory.root])
        XCTAssertEqual(try again.line(startingWith: "LOCK-RESULT: ", deadline: Date() + 60), "LOCK-RESULT: opened")
        again.waitForExit()
    }
}
