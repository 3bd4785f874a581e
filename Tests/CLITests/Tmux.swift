import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Drives the real binary in a detached tmux session, the way tig's test suite does:
/// `new-session -d -x 100 -y 30`, `send-keys`, then `capture-pane -p`.
final class TmuxSession {
    let name: String
    private let socket: String

    /// Starts a shell in a new session; `start(_:)` runs a command in it.
    init(width: Int = 100, height: Int = 30, environment: [String: String]) throws {
        name = "cl\(UUID().uuidString.prefix(8))"
        socket = NSTemporaryDirectory() + "tmux-\(name)"
        var exports = environment.filter { $0.key.hasPrefix("CASELOAD_") || $0.key == "NO_COLOR" || $0.key == "LANG" }
        exports["TERM"] = exports["TERM"] ?? "tmux-256color"
        let assignments = exports.sorted { $0.key < $1.key }.map { "\($0.key)=\(TmuxSession.quote($0.value))" }
        let shell = "env -i PATH=/usr/bin:/bin HOME=\(TmuxSession.quote(NSTemporaryDirectory())) \(assignments.joined(separator: " ")) PS1='$ ' bash --norc --noprofile"
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", shell])
        try tmux(["set-option", "-t", name, "status", "off"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket + ".out")
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Types a command line into the shell.
    func start(_ commandLine: String) throws {
        try tmux(["send-keys", "-t", name, "-l", commandLine])
        try tmux(["send-keys", "-t", name, "Enter"])
    }

    /// Sends tmux key names (`Enter`, `Down`, `F2`, `Escape`, `Tab`…).
    func keys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Sends literal text (UTF-8, Chinese included).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until the screen satisfies `condition`, polling, up to `timeout` seconds.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        }
        XCTFail("timed out waiting for \(what); the screen was:\n\(screen)", file: file, line: line)
        throw TmuxError(message: "timed out waiting for \(what)")
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let outputPath = socket + ".out"
        let status = try spawnAndWait(["/usr/bin/tmux", "-S", socket] + arguments, stdoutPath: outputPath)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        guard status == 0 else {
            throw TmuxError(message: "tmux \(arguments.joined(separator: " ")) exited \(status)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }
}

struct TmuxError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs a program with stdout sent to a file and waits for it with waitpid.
///
/// Foundation's `Process` is not used for tmux: the server that `new-session` forks inherits
/// the client's descriptors, and Foundation waits for those to close, which never happens.
func spawnAndWait(_ arguments: [String], stdoutPath: String) throws -> Int32 {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
    guard result == 0 else { throw TmuxError(message: "could not start \(arguments[0]): errno \(result)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw TmuxError(message: "waitpid failed: errno \(errno)") }
    }
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
