import Foundation
import XCTest
import Cases
@testable import Hub
@testable import Journal

/// The background sync the app runs: offline first, then caught up once the hub answers.
final class HubLiveSyncTests: HubTestCase {
    /// Polls `condition` every 50 ms until it holds or `seconds` pass.
    private func waitFor(_ what: String, seconds: Double = 10, _ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return }
            usleep(50_000)
        }
        XCTFail("timed out waiting for \(what)")
    }

    /// The same, without holding a thread the sync under test may need.
    private func waitFor(_ what: String, seconds: Double = 10, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("timed out waiting for \(what)")
    }

    func testAnUnreachableHubShowsOfflineWithTheEventsWaitingAndTheAppKeepsWriting() throws {
        var desk = try Desk(root: root, name: "office", writer: "desk-01")
        try desk.write(14)
        let clock = FixedClock(Timestamp(iso: "2026-11-29T10:32:00.000+08:00")!)
        let live = HubLiveSync(address: try HubAddress(parsing: "postgres://desk:pw@127.0.0.1:1/hub?sslmode=disable"),
                               environment: [:], directory: desk.directory, localWriter: "desk-01", clock: clock)
        live.start()
        defer { live.stop() }
        waitFor("offline") { live.status.text(chinese: false) == "hub offline since 10:32, 14 events waiting" }
        XCTAssertFalse(live.status.text(chinese: false).contains("pw"))
        try desk.write(1)
        waitFor("the count to follow a new line", seconds: 5) { live.status.waiting == 15 }
    }

    /// A desk with `lines` lines, its live sync started on a fresh hub and through its first
    /// round (the fallback round is ten minutes away, so any later round is the sync's doing).
    private func onlineSync(lines: Int) async throws -> (HubLiveSync, Desk, HubAddress, @Sendable () async -> Void) {
        let (address, drop) = try await TestHub.freshHub()
        var desk = try Desk(root: root, name: "office", writer: "desk-01")
        try desk.write(lines)
        let live = HubLiveSync(address: address, environment: [:], directory: desk.directory, localWriter: "desk-01",
                               clock: FixedClock(HubFixtures.time(90)), fallbackSeconds: 600)
        live.start()
        try await waitFor("the first round") { live.status.state == .online && live.status.waiting == 0 }
        return (live, desk, address, drop)
    }

    /// The app quits right after a save: the last round still takes the line to the hub.
    func testStoppingAfterASaveFinishesOneLastRound() async throws {
        let (live, online, address, drop) = try await onlineSync(lines: 2)
        var desk = online
        try desk.write(1)
        // On a thread of its own: it blocks while the sync's task runs the round.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                live.stop(finishingWithin: 10)
                done.resume()
            }
        }
        let pushed = try await TestHub.count(address)
        XCTAssertEqual(pushed, 3, "the line written just before stopping reached the hub")
        await drop()
    }

    /// Offline, stopping does not wait for a round that cannot happen.
    func testStoppingOfflineDoesNotWait() throws {
        let desk = try Desk(root: root, name: "office", writer: "desk-01")
        let live = HubLiveSync(address: try HubAddress(parsing: "postgres://desk@127.0.0.1:1/hub?sslmode=disable"), environment: [:],
                               directory: desk.directory, localWriter: "desk-01", clock: FixedClock(HubFixtures.time(90)))
        live.start()
        waitFor("offline") { if case .offline = live.status.state { return true } else { return false } }
        let started = Date()
        live.stop(finishingWithin: 30)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "offline: no last round to wait for")
    }

    func testItCatchesUpWithAHubAndTakesAColleaguesLinesWhenNotified() async throws {
        let (live, online, address, drop) = try await onlineSync(lines: 3)
        var desk = online
        let pushed = try await TestHub.count(address)
        XCTAssertEqual(pushed, 3)
        // A local append is sent at once (the fallback is ten minutes away).
        try desk.write(2)
        let deadline = Date().addingTimeInterval(5)
        var count = 0
        while Date() < deadline {
            count = try await TestHub.count(address)
            if count == 5 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTAssertEqual(count, 5)
        // A colleague's push arrives through NOTIFY.
        var colleague = try Desk(root: root, name: "colleague", writer: "desk-02")
        try colleague.write(4)
        _ = try await colleague.round(address)
        try await waitFor("the colleague's lines", seconds: 5) { (try? MirrorJournal.tip(directory: desk.directory, writer: "desk-02").seq) == 4 }
        try await waitFor("the status to count them", seconds: 5) { live.status.pulled == 4 }
        live.stop()
        await drop()

        // Started again with the hub gone, it counts only what this desk wrote since: not the
        // colleague's lines it took, nor its own the hub already had.
        try desk.write(2)
        let offline = HubLiveSync(address: try HubAddress(parsing: "postgres://desk@127.0.0.1:1/hub?sslmode=disable"), environment: [:],
                                  directory: desk.directory, localWriter: "desk-01", clock: FixedClock(HubFixtures.time(95)))
        offline.start()
        try await waitFor("offline with two waiting") {
            if case .offline = offline.status.state { return offline.status.waiting == 2 }
            return false
        }
        offline.stop()
    }
}
