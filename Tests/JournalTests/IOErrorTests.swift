import Foundation
import SystemPackage
import XCTest
import Cases
import Journal

/// EIO and ENOSPC at the Nth write or fsync, for every N across a session, once and from then
/// on: the store stops writing, says why (errno and path), loses nothing acknowledged and
/// leaves every journal verified.
final class IOErrorTests: JournalTestCase {
    private let tornFragment = Array(#"{"v":1,"w":"desk-01","seq":3,"id":"TORN"#.utf8)

    /// desk-01 has two events and a torn tail; desk-02 is new.
    private func template() throws -> (DataDirectory, [Event]) {
        let template = try makeDataDirectory("template")
        let writer = try JournalWriter(directory: template, writer: "desk-01", now: binzhouTime())
        let existing = try writer.append((1...2).map { makeEvent("OLD\($0)", case: "G-AAAAAAA", .noteAdded(text: "旧 \($0)"), minutes: $0) })
        writer.close()
        let journal = template.journal(writer: "desk-01")
        try writeBytes(journal, readBytes(journal) + tornFragment)
        return (template, existing)
    }

    /// What one session saw.
    private struct Outcome {
        var acknowledged: [String: [String]] = [:]
        var firstError: JournalError?
        var refusedAfterwards = true
        var draftWritten = false
    }

    /// Opens the store of each writer, appends four batches through it, then writes a draft-like
    /// file atomically. After the first failure, the same writer must refuse the next append.
    private func session(_ directory: DataDirectory) -> Outcome {
        var outcome = Outcome()
        func note(_ error: JournalError) { if outcome.firstError == nil { outcome.firstError = error } }
        for name in ["desk-01", "desk-02"] {
            let store: CaseStore
            do { store = try openStore(directory, writer: name, minutes: 100) } catch {
                note(error as? JournalError ?? .config("\(error)"))
                continue
            }
            defer { store.writer?.close() }
            for batch in 0..<4 {
                let events = (0...batch % 2).map { index in
                    store.makeEvent(caseID: "G-AAAAAAA", actor: "wangfang", effective: day("2026-11-29"),
                                    body: .noteAdded(text: "\(name) 批次 \(batch) 第 \(index) 条"))
                }
                do {
                    let stored = try store.append(events)
                    outcome.acknowledged[name, default: []] += stored.map(\.id)
                } catch {
                    note(error)
                    let retry = store.makeEvent(caseID: "G-AAAAAAA", actor: "wangfang", effective: day("2026-11-29"), body: .noteAdded(text: "retry"))
                    if case .stopped? = Result(catching: { () throws(JournalError) in try store.append(retry) }).failure {} else {
                        outcome.refusedAfterwards = false
                    }
                    break
                }
            }
        }
        do {
            try PrivateFile.write("\(directory.drafts)/desk-01-draft.json", Array(#"{"v":1}"#.utf8))
            outcome.draftWritten = true
        } catch {
            note(error)
        }
        return outcome
    }

    func testEIOAndENOSPCAtEveryWriteAndFsync() throws {
        let (template, existing) = try template()
        let work = "\(root)/work"
        func fresh() throws -> DataDirectory {
            if FileManager.default.fileExists(atPath: work) { try FileManager.default.removeItem(atPath: work) }
            try FileManager.default.copyItem(atPath: template.root, toPath: work)
            return DataDirectory(work)
        }
        let counter = FaultFileSystem(root: try fresh().root)
        let clean = FileSystems.$current.withValue(counter) { session(DataDirectory(work)) }
        XCTAssertNil(clean.firstError)
        let points = counter.writeAndSyncCount
        XCTAssertGreaterThan(points, 10)
        var injected = 0
        for errno in [Errno.ioError, Errno.noSpace] {
            for persistent in [false, true] {
                for point in 1...points {
                    let directory = try fresh()
                    let fs = FaultFileSystem(root: directory.root)
                    fs.inject(.init(errno: errno, at: point, persistent: persistent))
                    let outcome = FileSystems.$current.withValue(fs) { session(directory) }
                    injected += fs.failed
                    let context = "\(errno) at write/fsync \(point)\(persistent ? " and after" : " once")"
                    // It said why: the errno and a path in the data directory.
                    guard case .io(let operation, let path, let reported)? = outcome.firstError else {
                        XCTFail("\(context): expected an I/O error, got \(String(describing: outcome.firstError))")
                        continue
                    }
                    XCTAssertEqual(reported, errno, context)
                    XCTAssertTrue(path.hasPrefix(work), "\(context): \(operation) \(path)")
                    XCTAssertTrue(outcome.firstError!.description.contains("errno \(errno.rawValue)"), context)
                    XCTAssertTrue(outcome.refusedAfterwards, "\(context): a failed writer must stop")
                    // Nothing acknowledged lost, nothing unacknowledged kept, nothing corrupt.
                    for name in ["desk-01", "desk-02"] {
                        let writer = try JournalWriter(directory: directory, writer: name, now: binzhouTime(minutes: 300))
                        let expected = (name == "desk-01" ? existing.map(\.id) : []) + outcome.acknowledged[name, default: []]
                        XCTAssertEqual(writer.existingEvents.map(\.id), expected, "\(context): \(name)")
                        writer.close()
                    }
                    XCTAssertTrue(try Verifier.verify(directory).allSatisfy(\.isHealthy), context)
                    XCTAssertTrue(keepsFragment(tornFragment, in: directory), "\(context): the torn fragment is kept, with its sidecar")
                    if outcome.draftWritten {
                        XCTAssertEqual(readBytes("\(directory.drafts)/desk-01-draft.json"), Array(#"{"v":1}"#.utf8), context)
                    }
                    XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: directory.drafts).contains { $0.contains(".tmp-") },
                                   "\(context): no temporary file left behind")
                }
            }
        }
        print("I/O errors: \(points) write/fsync points × EIO, ENOSPC × once, persistent = \(4 * points) sessions, \(injected) failures injected")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
