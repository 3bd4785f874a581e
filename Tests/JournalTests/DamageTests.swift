import Foundation
import XCTest
import Cases
import Journal

/// Damage in the middle of a journal is found, located, and repaired only into quarantine.
final class DamageTests: JournalTestCase {
    private var directory = DataDirectory("/nonexistent")
    private var journal = ""
    private var original: [UInt8] = []
    private var offsets: [Int] = []

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = try makeDataDirectory()
        journal = directory.journal(writer: "desk-01")
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        try writer.append(makeEvent("E1", case: "G-AAAAAAA", Samples.opened(.graduate), minutes: 0))
        for index in 2...5 {
            try writer.append(makeEvent("E\(index)", case: "G-AAAAAAA", .noteAdded(text: "第\(index)行 line \(index)"), minutes: index))
        }
        writer.close()
        original = readBytes(journal)
        offsets = lineOffsets(original)
        XCTAssertEqual(offsets.count, 5)
    }

    private var lines: [[UInt8]] { splitLines(original) }

    private func write(lines: [[UInt8]]) throws {
        try writeBytes(journal, lines.flatMap { $0 + [0x0A] })
    }

    /// Checks that the scanner, the verifier, a reader and a writer all stop at `line`/`offset`.
    private func assertDamage(line: Int, offset: Int, problem: String, file: StaticString = #filePath, lineNumber: UInt = #line) throws {
        let before = readBytes(journal)
        let scan = JournalScanner.scan(readBytes(journal), file: journal, writer: "desk-01")
        let damage = try XCTUnwrap(scan.damage, "no damage found", file: file, line: lineNumber)
        XCTAssertEqual(damage.file, journal, file: file, line: lineNumber)
        XCTAssertEqual(damage.line, line, file: file, line: lineNumber)
        XCTAssertEqual(damage.offset, offset, file: file, line: lineNumber)
        XCTAssertTrue(damage.problem.contains(problem), "'\(damage.problem)' lacks '\(problem)'", file: file, line: lineNumber)
        XCTAssertEqual(damage.description, "\(journal): line \(line) (byte \(offset)): \(damage.problem)", file: file, line: lineNumber)
        XCTAssertEqual(scan.events.count, line - 1, "nothing after the damage is read", file: file, line: lineNumber)

        let report = try XCTUnwrap(Verifier.verify(directory).first, file: file, line: lineNumber)
        XCTAssertEqual(report.damage, damage, file: file, line: lineNumber)
        XCTAssertFalse(report.isHealthy, file: file, line: lineNumber)
        XCTAssertEqual(report.lines, line - 1, file: file, line: lineNumber)

        for forWriting in [false, true] {
            XCTAssertThrowsError(try openStore(directory, writer: forWriting ? "desk-01" : "desk-02", forWriting: forWriting),
                                 file: file, line: lineNumber) { error in
                XCTAssertEqual(error as? JournalError, .damaged(damage), file: file, line: lineNumber)
                XCTAssertTrue("\(error)".contains("line \(line) (byte \(offset))"), "\(error)", file: file, line: lineNumber)
            }
        }
        XCTAssertEqual(readBytes(journal), before, "opening never changes a damaged journal", file: file, line: lineNumber)
    }

    func testAFlippedByteIsReportedWithLineAndOffset() throws {
        for target in 1...5 {
            var bytes = original
            let lineEnd = target < 5 ? offsets[target] - 1 : original.count - 1
            let middle = (offsets[target - 1] + lineEnd) / 2
            bytes[middle] ^= bytes[middle] ^ 0x01 == 0x0A ? 0x02 : 0x01
            try writeBytes(journal, bytes)
            try assertDamage(line: target, offset: offsets[target - 1], problem: "checksum mismatch")
        }
    }

    func testAFlipInTheChecksumItselfIsDetected() throws {
        var bytes = original
        bytes[offsets[2] - 4] = bytes[offsets[2] - 4] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        try writeBytes(journal, bytes)
        try assertDamage(line: 2, offset: offsets[1], problem: "checksum mismatch")
    }

    func testDeletedDuplicatedAndSwappedLinesAreDetected() throws {
        var deleted = lines
        deleted.remove(at: 2)
        try write(lines: deleted)
        try assertDamage(line: 3, offset: offsets[2], problem: "sequence 4 follows 2")

        try write(lines: Array(lines.dropFirst()))
        try assertDamage(line: 1, offset: 0, problem: "sequence 2 follows 0")

        var duplicated = lines
        duplicated.insert(lines[1], at: 2)
        try write(lines: duplicated)
        try assertDamage(line: 3, offset: offsets[2], problem: "sequence 2 follows 2")

        var swapped = lines
        swapped.swapAt(1, 2)
        try write(lines: swapped)
        try assertDamage(line: 2, offset: offsets[1], problem: "sequence 3 follows 1")
    }

    /// A line rewritten with a fresh checksum (an edit by hand) breaks the chain at the next line.
    func testAResealedEditBreaksTheChain() throws {
        var edited = lines
        let text = String(decoding: edited[2].dropLast(18), as: UTF8.self)
        edited[2] = sealedLine(text.replacingOccurrences(of: "第3行", with: "第三行"))
        try write(lines: edited)
        try assertDamage(line: 4, offset: offsets[3] + ("第三行".utf8.count - "第3行".utf8.count), problem: "chain broken")
    }

    func testALineFromAnotherWriterIsDetected() throws {
        var foreign = lines
        let text = String(decoding: foreign[1].dropLast(18), as: UTF8.self)
        foreign[1] = sealedLine(text.replacingOccurrences(of: #""w":"desk-01""#, with: #""w":"desk-02""#))
        try write(lines: foreign)
        try assertDamage(line: 2, offset: offsets[1], problem: #"line belongs to writer "desk-02", not "desk-01""#)
    }

    /// Damage in a colleague's journal stops the open, and the lock this desk took is released.
    func testDamageInAnotherJournalStopsTheStoreAndReleasesTheLock() throws {
        let otherJournal = directory.journal(writer: "desk-02")
        try writeBytes(otherJournal, original)  // desk-01's lines under desk-02's name
        XCTAssertThrowsError(try openStore(directory, writer: "desk-03")) { error in
            guard case .damaged(let damage)? = error as? JournalError else { return XCTFail("\(error)") }
            XCTAssertEqual(damage.file, otherJournal)
            XCTAssertEqual(damage.line, 1)
            XCTAssertTrue(damage.problem.contains(#"belongs to writer "desk-01""#), damage.problem)
        }
        XCTAssertNoThrow(try JournalWriter(directory: directory, writer: "desk-03", now: binzhouTime()).close())
    }

    func testGarbageLineIsDetected() throws {
        var garbage = lines
        garbage.insert(Array("not json at all".utf8), at: 3)
        try write(lines: garbage)
        try assertDamage(line: 4, offset: offsets[3], problem: "no checksum at the end of the line")
    }

    func testRepairQuarantinesTheDamageAndDeletesNothing() throws {
        var bytes = original
        bytes[offsets[2] + 30] ^= 0x01
        try writeBytes(journal, bytes)
        let now = binzhouTime(minutes: 60)
        let result = try XCTUnwrap(Repairer.repair(directory, writer: "desk-01", now: now))
        XCTAssertEqual(result.writer, "desk-01")
        XCTAssertEqual(result.offset, offsets[2])
        XCTAssertEqual(result.length, bytes.count - offsets[2])
        XCTAssertEqual(result.linesMoved, 3)

        let brokenCopy = try XCTUnwrap(result.brokenCopy)
        XCTAssertEqual(readBytes(brokenCopy), bytes, "a full copy is taken first")
        XCTAssertEqual(readBytes(result.fragment), Array(bytes[offsets[2]...]))
        XCTAssertEqual(readBytes(journal), Array(bytes[..<offsets[2]]))
        XCTAssertEqual(readBytes(journal) + readBytes(result.fragment), bytes, "no byte was deleted")
        let meta = try XCTUnwrap(quarantineContents(directory).first { $0.fragment == result.fragment }?.meta)
        XCTAssertEqual(meta["offset"]?.intValue, Int64(offsets[2]))
        XCTAssertEqual(meta["length"]?.intValue, Int64(result.length))
        XCTAssertEqual(meta["file"]?.stringValue, journal)
        XCTAssertTrue(meta["reason"]?.stringValue?.contains("at line 3") == true)

        let report = try XCTUnwrap(Verifier.verify(directory).first)
        XCTAssertTrue(report.isHealthy)
        XCTAssertEqual(report.lines, 2)
        let store = try openStore(directory)
        XCTAssertEqual(store.caseload.eventCount, 2)
        XCTAssertEqual(try store.append(store.makeEvent(caseID: "G-AAAAAAA", actor: "w", effective: day("2026-11-29"),
                                                        body: .noteAdded(text: "after repair"))).seq, 3)
        XCTAssertThrowsError(try Repairer.repair(directory, writer: "desk-02", now: now)) { error in
            XCTAssertEqual(error as? JournalError, .io(operation: "open", path: directory.journal(writer: "desk-02"), errno: .noSuchFileOrDirectory))
        }
    }

    /// The `.broken` copy must not be overwritten by the fragment when the damage is on line 1
    /// (both are stored at offset 0 with the same timestamp).
    func testBrokenCopyIsKeptSeparateWhenTheFirstLineIsDamaged() throws {
        var bytes = original
        bytes[10] ^= 0x01
        try writeBytes(journal, bytes)
        let result = try XCTUnwrap(Repairer.repair(directory, writer: "desk-01", now: binzhouTime(minutes: 60)))
        XCTAssertEqual(result.offset, 0)
        XCTAssertEqual(result.linesMoved, 5)
        let brokenCopy = try XCTUnwrap(result.brokenCopy)
        XCTAssertNotEqual(brokenCopy, result.fragment, "the .broken copy and the fragment share one path")
        XCTAssertEqual(try quarantineContents(directory).count, 2, "two files were promised, one sidecar was overwritten")
        XCTAssertEqual(readBytes(brokenCopy), bytes)
        XCTAssertEqual(readBytes(journal), [])
    }

    func testRepairOfATornTailOrAHealthyJournal() throws {
        XCTAssertNil(try Repairer.repair(directory, writer: "desk-01", now: binzhouTime()), "healthy: nothing to do")
        XCTAssertEqual(readBytes(journal), original)
        try writeBytes(journal, original + Array(#"{"v":1,"#.utf8))
        let result = try XCTUnwrap(Repairer.repair(directory, writer: "desk-01", now: binzhouTime()))
        XCTAssertNil(result.brokenCopy)
        XCTAssertEqual(result.offset, original.count)
        XCTAssertEqual(result.length, 7)
        XCTAssertEqual(result.linesMoved, 0)
        XCTAssertEqual(readBytes(journal), original)
        XCTAssertEqual(readBytes(result.fragment), Array(#"{"v":1,"#.utf8))
    }

    func testRepairRefusesWhileTheWriterIsOpenAndRejectsBadWriterIDs() throws {
        let writer = try JournalWriter(directory: directory, writer: "desk-01", now: binzhouTime())
        defer { writer.close() }
        XCTAssertThrowsError(try Repairer.repair(directory, writer: "desk-01", now: binzhouTime())) { error in
            XCTAssertEqual(error as? JournalError, .inUse(writer: "desk-01", pid: getpid()))
        }
        XCTAssertThrowsError(try Repairer.repair(directory, writer: "../etc", now: binzhouTime())) { error in
            XCTAssertEqual(error as? JournalError, .invalidWriterID("../etc"))
        }
    }
}
