#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import Journal

/// Times the real app binary from launch to its first screen: `caseload` in a detached tmux
/// session (`new-session -d -x 100 -y 30`), polling `capture-pane -p` until the caseload
/// screen's status line (the office name) is drawn, with a deadline. The data directory has a
/// snapshot and a tail by now, as an office's would.
///
/// tmux is spawned with posix_spawn and waited for with waitpid: the tmux server inherits the
/// client's descriptors, so Foundation's `Process` would wait for them forever.
final class AppLaunchBench {
    private let bench: Bench
    private let runs = 3
    private let deadlineSeconds = 120.0

    init(bench: Bench) { self.bench = bench }

    func run() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("caseload").path
        guard FileManager.default.isExecutableFile(atPath: binary), AppLaunchBench.tool("tmux") != nil else {
            bench.add(Row("app: first screen under tmux", value: "n/a",
                          note: "needs tmux and the caseload binary beside caseload-bench (swift build -c release --product caseload)"))
            return
        }
        // The status line names the user and this desk's writer; the office name may be cut short.
        let marker = "\(bench.options.user) · \((try? OfficeConfig.load(bench.directory))??.writer ?? "desk-01")"
        var samples = Samples(), moved = Samples(), answered = Samples(), settled = Samples()
        for run in 0..<runs {
            let socket = NSTemporaryDirectory() + "caseload-bench-tmux-\(getpid())-\(run)"
            defer {
                _ = try? AppLaunchBench.spawn(["tmux", "-S", socket, "kill-server"])
                unlink(socket)
            }
            let command = ["env", "-i", "PATH=/usr/bin:/bin", "HOME=\(NSTemporaryDirectory())", "TERM=tmux-256color", "LANG=C.UTF-8",
                           binary, "--data", bench.directory.root, "--as", bench.options.user, "--today", bench.options.today.iso,
                           "--lang", "zh"].map(AppLaunchBench.quote).joined(separator: " ")
            let start = Monotonic.nanoseconds()
            guard try AppLaunchBench.spawn(["tmux", "-S", socket, "new-session", "-d", "-x", "100", "-y", "30", command]) == 0 else {
                throw Baselines.ReadError(description: "tmux new-session failed")
            }
            var screen = ""
            while Double(Monotonic.nanoseconds() - start) / 1e9 < deadlineSeconds {
                screen = (try? AppLaunchBench.output(["tmux", "-S", socket, "capture-pane", "-p"])) ?? ""
                if screen.contains(marker) { break }
                usleep(10_000)
            }
            let milliseconds = Double(Monotonic.nanoseconds() - start) / 1_000_000
            guard screen.contains(marker) else {
                throw Baselines.ReadError(description: "the app showed no caseload screen within \(Int(deadlineSeconds)) s:\n\(screen)")
            }
            samples.milliseconds.append(milliseconds)
            // Down, the moment the screen appears: the first screen moves its selection itself,
            // while the whole store still opens.
            moved.milliseconds.append(try timeDown(socket: socket, start: start, screen: screen))
            // Then F5 (everyone's cases): kept by the first screen and answered by the app proper,
            // once the whole store is open behind it.
            // Everyone's cases show in the tab bar's counts (the bar's right end may be cut off).
            let tabs = { (screen: String) in screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().first ?? "" }
            let mine = tabs(screen)
            _ = try? AppLaunchBench.spawn(["tmux", "-S", socket, "send-keys", "F5"])
            while Double(Monotonic.nanoseconds() - start) / 1e9 < deadlineSeconds {
                screen = (try? AppLaunchBench.output(["tmux", "-S", socket, "capture-pane", "-p"])) ?? ""
                if tabs(screen) != mine { break }
                usleep(10_000)
            }
            guard tabs(screen) != mine else {
                throw Baselines.ReadError(description: "the app did not answer F5 within \(Int(deadlineSeconds)) s:\n\(screen)")
            }
            answered.milliseconds.append(Double(Monotonic.nanoseconds() - start) / 1_000_000)
            // Down again, now that the app proper runs on the whole store: the same measure's
            // time for an app with nothing left to open (tmux and the polling included).
            settled.milliseconds.append(try timeDown(socket: socket, start: start, screen: screen))
            _ = try? AppLaunchBench.spawn(["tmux", "-S", socket, "send-keys", "q"])
        }
        bench.add(Row("app: first screen under tmux", samples, peak: nil,
                      note: "the real caseload binary in tmux 100×30, from spawn to the status line drawn (polled every 10 ms): the user's own cases from the snapshot alone (CaseStore.preview), policy, their summaries + flags, first frame"))
        bench.add(Row("app: first navigation key answered under tmux", moved, peak: nil,
                      note: "the same, Down sent as soon as the first screen shows, from the send until the selection has moved (capture-pane -e of the list's rows, polled every 2 ms): answered by the first screen while the whole store opens behind it"))
        bench.add(Row("app: first key answered under tmux", answered, peak: nil,
                      note: "the same, F5 sent right after Down was answered, from spawn until everyone's cases are drawn: waits for the whole store opened behind the first screen (snapshot + tail), its session, the app"))
        bench.add(Row("app: navigation key, whole store open", settled, peak: nil,
                      note: "the same measure as the first navigation key, Down sent once F5 was answered: the app proper on the whole store, for comparison (tmux and the polling included)"))
    }

    /// Sends Down once the whole frame is drawn (down to the footer, F1) and times it until the
    /// list's rows change, in milliseconds. The selection shows only in colour, so the rows are
    /// compared with their escapes (capture-pane -e), and only they: the status line changes at
    /// the handover.
    private func timeDown(socket: String, start: UInt64, screen: String) throws -> Double {
        let capture = { (try? AppLaunchBench.output(["tmux", "-S", socket, "capture-pane", "-p", "-e"])) ?? "" }
        let listRows = { (screen: String) in screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(3).prefix(24) }
        var whole = ""
        while Double(Monotonic.nanoseconds() - start) / 1e9 < deadlineSeconds {
            whole = capture()
            if whole.split(separator: "\n").last?.contains("F1") == true { break }
            usleep(2_000)
        }
        let still = listRows(whole)
        let sent = Monotonic.nanoseconds()
        _ = try? AppLaunchBench.spawn(["tmux", "-S", socket, "send-keys", "Down"])
        var rows = still
        while Double(Monotonic.nanoseconds() - start) / 1e9 < deadlineSeconds {
            rows = listRows(capture())
            if rows != still { break }
            usleep(2_000)
        }
        guard rows != still else {
            throw Baselines.ReadError(description: "the app did not move its selection within \(Int(deadlineSeconds)) s:\n\(screen)")
        }
        return Double(Monotonic.nanoseconds() - sent) / 1_000_000
    }

    static func tool(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a tool with stdout to `path` (or /dev/null), stdin and stderr on /dev/null; its exit status.
    @discardableResult
    static func spawn(_ arguments: [String], stdout path: String = "/dev/null") throws -> Int32 {
        guard let program = tool(arguments[0]) else { throw Baselines.ReadError(description: "\(arguments[0]) is not installed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([program] + arguments.dropFirst()).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else {
            throw Baselines.ReadError(description: "cannot start \(arguments[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Baselines.ReadError(description: "waitpid failed") }
        }
        return (status >> 8) & 0xFF
    }

    static func output(_ arguments: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "caseload-bench-capture-\(getpid())"
        defer { unlink(path) }
        try spawn(arguments, stdout: path)
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
