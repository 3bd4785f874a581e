import Foundation
import XCTest
import Cases
import Journal

/// Runs one test method of this very test bundle in a child process (the XCTest runner takes
/// `Module.Class/method` as its argument), reading the child's stdout line by line with a deadline.
final class ChildTest {
    struct Timeout: Error, CustomStringConvertible {
        var output: [String]
        var description: String { "child produced no expected output in time; it said: \(output.suffix(20))" }
    }

    let process = Process()
    private let pipe = Pipe()
    private var buffer: [UInt8] = []
    private var finished = false
    /// Lines read so far, for failure messages.
    private(set) var transcript: [String] = []

    init(_ testName: String, environment: [String: String]) throws {
        var executable = ProcessInfo.processInfo.arguments[0]
        if !executable.hasPrefix("/") { executable = FileManager.default.currentDirectoryPath + "/" + executable }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [testName]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The next line of output, or nil once the child has closed its output.
    func nextLine(deadline: Date) throws -> String? {
        let fd = pipe.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                transcript.append(line)
                return line
            }
            if finished {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                transcript.append(String(decoding: buffer, as: UTF8.self))
                return transcript.last
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw Timeout(output: transcript) }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 1) * 1000) + 1)
            if ready <= 0 { continue }  // timeout slice or EINTR: check the deadline again
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { finished = true } else { buffer += chunk[..<count] }
        }
    }

    /// Reads lines until one starts with `prefix`.
    func line(startingWith prefix: String, deadline: Date) throws -> String? {
        while let line = try nextLine(deadline: deadline) {
            if line.hasPrefix(prefix) { return line }
        }
        return nil
    }

    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
    }

    func waitForExit() {
        process.waitUntilExit()
        try? pipe.fileHandleForReading.close()
    }
}

/// Writes straight to file descriptor 1 (no stdio buffering), so the parent sees each line as
/// soon as it is written. Returns false once the parent has gone.
@discardableResult
func emitLine(_ text: String) -> Bool {
    let bytes = Array((text + "\n").utf8)
    return bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) } == bytes.count
}

/// What the crash child appends: the content of every event depends only on its seq, so the
/// parent can check each acknowledged event byte for byte.
enum CrashWorkload {
    static let directoryVariable = "CASELOAD_CRASH_CHILD_DIR"
    static let seedVariable = "CASELOAD_CRASH_CHILD_SEED"
    /// After this many acknowledged appends, the child appends one large batch (about 1.5 MB),
    /// so a kill timed by the file growing lands inside the write.
    static let largeAfterVariable = "CASELOAD_CRASH_CHILD_LARGE_AFTER"
    static let largeBatch = 2_000
    static let lockVariable = "CASELOAD_LOCK_CHILD_DIR"
    static let writer = "crash"

    static func event(seq: Int) -> Event {
        let length = (seq &* 7_919) % 600
        let text = String(String(repeating: "滨州就业a\"\\", count: length / 7 + 1).prefix(length))
        let body: EventBody = seq % 2 == 0 ? .noteAdded(text: "#\(seq) \(text)")
            : .contactLogged(ContactLogged(channel: .phone, reached: seq % 3 == 0, note: "#\(seq) \(text)"))
        let recorded = Timestamp(millisecondsSinceEpoch: 1_795_914_000_000 + Int64(seq) * 1_000, offsetMinutes: 480)
        return Event(id: "E\(seq)", recorded: recorded, effective: recorded.localDate, actor: "crash", caseID: "G-CRASH\(seq % 5)",
                     body: body)
    }

    /// The event as the journal must hold it.
    static func stored(seq: Int) -> Event {
        var event = event(seq: seq)
        event.writer = writer
        event.seq = seq
        return event
    }
}

/// Entry points run only as child processes; in a normal test run they return at once.
final class CrashChildTests: XCTestCase {
    /// Appends batches in a loop, printing `ACK <seq>` after each append returns, until killed.
    func testAppendLoopChild() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment[CrashWorkload.directoryVariable] else { return }
        var rng = SeededGenerator(seed: UInt64(environment[CrashWorkload.seedVariable] ?? "") ?? 1)
        let writer = try JournalWriter(directory: DataDirectory(path), writer: CrashWorkload.writer,
                                       now: Timestamp(millisecondsSinceEpoch: 1_795_914_000_000, offsetMinutes: 480))
        let largeAfter = Int(environment[CrashWorkload.largeAfterVariable] ?? "") ?? -1
        var acknowledged = 0
        // Bounded so an orphaned child cannot run forever.
        let started = Date()
        while Date().timeIntervalSince(started) < 120 {
            let first = writer.position.seq + 1
            let size = acknowledged == largeAfter ? CrashWorkload.largeBatch : Int.random(in: 1...8, using: &rng)
            acknowledged += 1
            let stored = try writer.append((first..<first + size).map(CrashWorkload.event(seq:)))
            guard emitLine("ACK \(stored.last!.seq)") else { return }
        }
    }

    /// Tries to open a writer that the parent holds and prints what happened.
    func testOpenWriterChild() {
        guard let path = ProcessInfo.processInfo.environment[CrashWorkload.lockVariable] else { return }
        do {
            let writer = try JournalWriter(directory: DataDirectory(path), writer: "desk-01",
                                           now: Timestamp(millisecondsSinceEpoch: 0, offsetMinutes: 480))
            writer.close()
            emitLine("LOCK-RESULT: opened")
        } catch {
            emitLine("LOCK-RESULT: \(error)")
        }
    }
}
