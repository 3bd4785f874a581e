import Foundation
import XCTest
import Cases
import Journal

/// Power cuts at every step of an append, an atomic file write and a sync: the disk keeps only
/// what was fsynced (file bytes and folder entries), as in LevelDB's fault_injection_test.
/// After each cut, recovery must leave every journal verified, every acknowledged event in place,
/// and no half batch.
final class PowerLossTests: JournalTestCase {
    /// Power-loss points tried by all tests in this class (printed for the closing note).
    nonisolated(unsafe) static var pointsTried = 0

    override class func tearDown() {
        print("power loss: \(pointsTried) cut points tried")
        super.tearDown()
    }

    /// A working copy of `template` at `root/work`, with a fault file system over it.
    private func freshCopy(of template: DataDirectory) throws -> (DataDirectory, FaultFileSystem) {
        let work = "\(root)/work"
        if FileManager.default.fileExists(atPath: work) { try FileManager.default.removeItem(atPath: work) }
        try FileManager.default.copyItem(atPath: template.root, toPath: work)
        return (DataDirectory(work), FaultFileSystem(root: work))
    }

    /// Runs `session` once without faults to count its steps, then once per step with the power
    /// cut there, calling `check` after the disk has been put back to what was durable.
    private func everyCut(of template: DataDirectory, session: (DataDirectory) -> Void,
                          check: (DataDirectory, Int) throws -> Void) throws -> Int {
        let (dry, counter) = try freshCopy(of: template)
        FileSystems.$current.withValue(counter) { session(dry) }
        let steps = counter.steps
        XCTAssertGreaterThan(steps, 3)
        for cut in 1...steps + 1 {
            let (directory, fs) = try freshCopy(of: template)
            fs.cutPower(atStep: cut)
            FileSystems.$current.withValue(fs) { session(directory) }
            try fs.losePower()
            try check(directory, cut)
        }
        Self.pointsTried += steps + 1
        return steps
    }

    // MARK: Append

    private let tornFragment = Array(#"{"v":1,"w":"desk-01","seq":4,"id":"TORN"#.utf8)

    private func batches(_ writer: String) -> [[Event]] {
        (0..<3).map { batch in
            (0...batch).map { index in
                makeEvent("\(writer)-B\(batch)-\(index)", case: "G-AAAAAAA", .noteAdded(text: "批次 \(batch) 第 \(index) 条"),
                          minutes: batch * 10 + index)
            }
        }
    }

    /// desk-01 has three events and a torn tail (its open quarantines it); desk-02 is new (its
    /// first append creates the file and must fsync the folder).
    private func appendTemplate() throws -> (DataDirectory, [Event]) {
        let template = try makeDataDirectory("template")
        let writer = try JournalWriter(directory: template, writer: "desk-01", now: binzhouTime())
        let existing = try writer.append((1...3).map { makeEvent("OLD\($0)", case: "G-AAAAAAA", .noteAdded(text: "旧 \($0)"), minutes: $0) })
        writer.close()
        let journal = template.journal(writer: "desk-01")
        try writeBytes(journal, readBytes(journal) + tornFragment)
        return (template, existing)
    }

    func testPowerLossAtEveryStepOfAnAppend() throws {
        let (template, existing) = try appendTemplate()
        var acknowledged: [String: [Event]] = [:]
        var inFlight: [String: [Event]] = [:]
        let session = { (directory: DataDirectory) in
            acknowledged = [:]
            inFlight = [:]
            for name in ["desk-01", "desk-02"] {
                guard let writer = try? JournalWriter(directory: directory, writer: name, now: binzhouTime(minutes: 100)) else { return }
                defer { writer.close() }
                for batch in self.batches(name) {
                    inFlight[name] = batch
                    guard let stored = try? writer.append(batch) else { return }
                    acknowledged[name, default: []] += stored
                    inFlight[name] = nil
                }
            }
        }
        let steps = try everyCut(of: template, session: session) { directory, cut in
            let context = "power cut at step \(cut)"
            for name in ["desk-01", "desk-02"] {
                let writer = try JournalWriter(directory: directory, writer: name, now: binzhouTime(minutes: 200))
                defer { writer.close() }
                let before = name == "desk-01" ? existing : []
                let kept = Array(writer.existingEvents.map(\.id))
                let acked = (before + acknowledged[name, default: []]).map(\.id)
                let withBatch = acked + (inFlight[name] ?? []).map(\.id)
                // Acknowledged events all survive; an unacknowledged batch survives whole or not at all.
                XCTAssertTrue(kept == acked || kept == withBatch, "\(context): \(name) kept \(kept), acknowledged \(acked)")
            }
            let reports = try Verifier.verify(directory)
            XCTAssertTrue(reports.allSatisfy(\.isHealthy), "\(context): \(reports.map { "\($0.damage?.description ?? "")" })")
            // The torn fragment was never thrown away: it is in quarantine (recovery put it there if the cut came first).
            XCTAssertTrue(keepsFragment(tornFragment, in: directory), "\(context): the torn fragment is kept, with its sidecar")
        }
        print("power loss: append session of \(steps) steps")
    }

    // MARK: Atomic file write

    func testPowerLossAtEveryStepOfAnAtomicWriteLeavesOldOrNew() throws {
        let template = try makeDataDirectory("template")
        let old = Array("old = \"旧\"\n".utf8)
        let new = Array(String(repeating: "new = \"新的内容\"\n", count: 500).utf8)
        try PrivateFile.write("\(template.root)/settings.toml", old)
        for existed in [true, false] {
            var returned = false
            let name = existed ? "settings.toml" : "fresh.toml"
            _ = try everyCut(of: template, session: { directory in
                returned = (try? PrivateFile.write("\(directory.root)/\(name)", new)) != nil
            }, check: { directory, cut in
                let path = "\(directory.root)/\(name)"
                let context = "\(name), power cut at step \(cut)"
                let now = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
                if returned {
                    XCTAssertEqual(now, new, "\(context): the write was acknowledged")
                } else {
                    XCTAssertTrue(now == new || now == (existed ? old : nil), "\(context): \(now?.count ?? -1) bytes, neither old nor new")
                }
            })
        }
    }

    // MARK: Sync

    func testPowerLossAtEveryStepOfASync() throws {
        let source = try makeDataDirectory("laptop", writer: "outreach-01")
        let template = try makeDataDirectory("template")
        func fill(_ directory: DataDirectory, _ writer: String, _ range: ClosedRange<Int>) throws {
            let journal = try JournalWriter(directory: directory, writer: writer, now: binzhouTime())
            defer { journal.close() }
            for index in range {
                if index <= journal.position.seq { continue }
                try journal.append(makeEvent("\(writer)-\(index)", case: "G-BBBBBBB", .noteAdded(text: "第 \(index) 条"), minutes: index))
            }
        }
        try fill(source, "outreach-01", 1...12)
        try fill(source, "desk-02", 1...9)
        try fill(template, "desk-02", 1...4)
        try fill(template, "desk-01", 1...3)
        let sourceBytes = ["outreach-01", "desk-02"].map { readBytes(source.journal(writer: $0)) }
        let localBytes = readBytes(template.journal(writer: "desk-01"))
        let desk02Before = readBytes(template.journal(writer: "desk-02"))
        _ = try everyCut(of: template, session: { directory in
            _ = try? JournalSync.sync(from: source.root, into: directory, localWriter: "desk-01", now: binzhouTime(minutes: 60))
        }, check: { directory, cut in
            let context = "power cut at step \(cut)"
            XCTAssertEqual(readBytes(directory.journal(writer: "desk-01")), localBytes, context)
            // Whatever arrived is a prefix of the source and no shorter than before.
            let desk02 = readBytes(directory.journal(writer: "desk-02"))
            XCTAssertTrue(sourceBytes[1].starts(with: desk02) && desk02.starts(with: desk02Before), context)
            if let copied = FileManager.default.contents(atPath: directory.journal(writer: "outreach-01")) {
                XCTAssertEqual([UInt8](copied), sourceBytes[0], "\(context): a copied journal appears whole or not at all")
            }
            XCTAssertTrue(try Verifier.verify(directory).allSatisfy { $0.damage == nil }, context)
            // Running the sync again completes it.
            _ = try JournalSync.sync(from: source.root, into: directory, localWriter: "desk-01", now: binzhouTime(minutes: 61))
            XCTAssertEqual(["outreach-01", "desk-02"].map { readBytes(directory.journal(writer: $0)) }, sourceBytes, context)
            XCTAssertTrue(try Verifier.verify(directory).allSatisfy(\.isHealthy), context)
        })
    }
}
