#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Cases
import Dispatch
import Journal
import NIOConcurrencyHelpers
import PostgresNIO

/// What the background sync last knew, for the status line.
public struct HubLiveStatus: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case connecting
        /// Connected; `lastSync` is the end of the last round.
        case online
        /// Unreachable since `since`; retried with backoff.
        case offline(since: Timestamp, reason: String)
        /// A round was refused (divergence, a line failing its checks): sync waits for a person.
        case refused(String)
    }

    public var state: State = .connecting
    public var lastSync: Timestamp?
    /// Local lines the hub lacked when last seen.
    public var waiting = 0
    /// Lines taken from the hub since the app started.
    public var pulled = 0

    /// One short line: "hub offline since 10:32, 14 events waiting".
    public func text(chinese: Bool) -> String {
        switch state {
        case .connecting:
            return chinese ? "中心库连接中" : "hub connecting"
        case .online:
            let time = lastSync?.localTime ?? "—"
            if waiting > 0 { return chinese ? "中心库 \(time) 同步，\(waiting) 条待发" : "hub synced \(time), \(waiting) waiting" }
            return chinese ? "中心库 \(time) 已同步" : "hub synced \(time)"
        case .offline(let since, _):
            return chinese ? "中心库自 \(since.localTime) 离线，\(waiting) 条待发"
                : "hub offline since \(since.localTime), \(waiting) \(waiting == 1 ? "event" : "events") waiting"
        case .refused:
            return chinese ? "中心库同步已停止：运行 caseload sync --hub" : "hub sync stopped: run caseload sync --hub"
        }
    }
}

/// Keeps a data directory replicated through the hub while the app runs: a round right after
/// each local append (the journal's size changes), on the hub's NOTIFY, and every
/// `fallbackSeconds` regardless; when the hub is unreachable it retries with backoff
/// (1 s doubling to 30 s) and counts what waits. Everything runs off the app's thread; the app
/// reads `status` on its idle ticks.
public final class HubLiveSync: Sendable {
    public let address: HubAddress
    private let environment: [String: String]
    private let replicator: HubReplicator
    private let clock: any WallClock
    private let fallbackSeconds: Int
    private let box = NIOLockedValueBox(Inner())
    private struct Inner {
        var status = HubLiveStatus()
        var notified = false
        var task: Task<Void, Never>?
        /// Set by `stop(finishingWithin:)`: signalled when the next round has finished.
        var lastRound: DispatchSemaphore?
    }

    public init(address: HubAddress, environment: [String: String], directory: DataDirectory, localWriter: String,
                clock: any WallClock, fallbackSeconds: Int = 10) {
        self.address = address
        self.environment = environment
        self.replicator = HubReplicator(directory: directory, localWriter: localWriter)
        // The app holds its own writer's lock and appends new keys to its own key file.
        replicator.holdsOwnLock = true
        self.clock = clock
        self.fallbackSeconds = fallbackSeconds
    }

    public var status: HubLiveStatus { box.withLockedValue { $0.status } }

    public func start() {
        let task = Task.detached { [self] in await self.run() }
        box.withLockedValue { $0.task = task }
    }

    public func stop() {
        box.withLockedValue { $0.task }?.cancel()
    }

    /// Stops after one last round when the hub is online, waiting for it at most `seconds`, so a
    /// save made just before the app quits reaches colleagues now rather than at this desk's next
    /// start. Offline, it stops at once (the lines wait in the journal, as they always do).
    public func stop(finishingWithin seconds: Double) {
        let done = DispatchSemaphore(value: 0)
        let online = box.withLockedValue { inner -> Bool in
            guard inner.status.state == .online else { return false }
            inner.lastRound = done
            return true
        }
        if online { _ = done.wait(timeout: .now() + seconds) }
        stop()
    }

    /// Signals a waiting `stop(finishingWithin:)` that a round has finished (or failed).
    private func finishedRound() {
        box.withLockedValue { inner in
            inner.lastRound?.signal()
            inner.lastRound = nil
        }
    }

    private func update(_ change: (inout HubLiveStatus) -> Void) {
        box.withLockedValue { change(&$0.status) }
    }

    private func run() async {
        var backoff = 1
        while !Task.isCancelled {
            do throws(HubError) {
                let hub = try await HubConnection.connect(address, environment: environment, timeout: .seconds(3))
                backoff = 1
                await session(hub)
                await hub.close()
            } catch {
                wentOffline(error)
            }
            guard !Task.isCancelled else { return }
            try? await Task.sleep(for: .seconds(backoff))
            backoff = min(backoff * 2, 30)
        }
    }

    private func wentOffline(_ error: HubError) {
        let waiting = replicator.waitingSinceLastSeen()
        let now = clock.now()
        update { status in
            status.waiting = waiting
            if error.isTransient {
                if case .offline = status.state { return }
                status.state = .offline(since: now, reason: error.description)
            } else {
                status.state = .refused(error.description)
            }
        }
    }

    /// Rounds on one connection until it fails or the task is cancelled.
    private func session(_ hub: HubConnection) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                // NOTIFY from any desk's insert wakes the loop; the loop does the work.
                do {
                    try await hub.connection.listen(on: HubSchema.notifyChannel) { notifications in
                        for try await _ in notifications { box.withLockedValue { $0.notified = true } }
                    }
                } catch {}
            }
            group.addTask { [self] in await self.rounds(hub) }
            _ = await group.next()
            group.cancelAll()
        }
    }

    private func rounds(_ hub: HubConnection) async {
        var sizes: [String: Int] = [:]
        var lastRound = ContinuousClock.now
        var due = true
        while !Task.isCancelled {
            let current = journalSizes()
            if current != sizes { due = true }
            if box.withLockedValue({ let value = $0.notified; $0.notified = false; return value }) { due = true }
            if ContinuousClock.now - lastRound > .seconds(fallbackSeconds) { due = true }
            if box.withLockedValue({ $0.lastRound != nil }) { due = true }
            if due {
                do throws(HubError) {
                    let report = try await replicator.round(hub, now: clock.now())
                    let waiting = replicator.waitingSinceLastSeen()
                    let now = clock.now()
                    HubSyncRecord.write(replicator.directory, at: now, seen: replicator.lastSeenHub)
                    update { status in
                        status.state = .online
                        status.lastSync = now
                        status.waiting = waiting
                        status.pulled += report.pulledTotal
                    }
                } catch {
                    wentOffline(error)
                    if error.isTransient {
                        finishedRound()
                        return
                    }
                }
                finishedRound()
                due = false
                lastRound = ContinuousClock.now
                sizes = journalSizes()
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    private func journalSizes() -> [String: Int] {
        var sizes: [String: Int] = [:]
        for writer in replicator.directory.writers() {
            var info = stat()
            sizes[writer] = stat(replicator.directory.journal(writer: writer), &info) == 0 ? Int(info.st_size) : 0
        }
        return sizes
    }
}

/// When this data directory last completed a round with the hub, and how many lines of each
/// writer the hub held then, kept in `snapshots/hub-sync` for `caseload hub status` and for the
/// "events waiting" count of an app that starts offline (a cache: losing it loses only figures).
public enum HubSyncRecord {
    static func path(_ directory: DataDirectory) -> String { directory.snapshots + "/hub-sync" }

    public static func write(_ directory: DataDirectory, at time: Timestamp, seen: [String: Int]) {
        var text = "last_sync = \(time.iso)\n"
        for (writer, count) in seen.sorted(by: { $0.key < $1.key }) { text += "\(writer) = \(count)\n" }
        try? directory.prepare()
        try? directory.writeText(path(directory), text)
    }

    /// The last sync's time and the hub's line count per writer then; nil when there was none.
    public static func read(_ directory: DataDirectory) -> (time: Timestamp, seen: [String: Int])? {
        guard let text = try? directory.readText(path(directory)) else { return nil }
        var time: Timestamp?
        var seen: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespaceAndNewlines() }
            guard parts.count == 2 else { continue }
            if parts[0] == "last_sync" { time = Timestamp(iso: parts[1]) } else if let count = Int(parts[1]) { seen[parts[0]] = count }
        }
        return time.map { ($0, seen) }
    }
}
