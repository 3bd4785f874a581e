// caseload-hub-bench: the first sync of a large office to an empty hub, and back to a fresh desk.
//
//   swift build -c release --scratch-path .build-bench --product caseload-hub-bench
//   .build-bench/release/caseload-hub-bench --hub postgres://postgres@127.0.0.1:PORT/postgres --cases 100000
//
// It creates a database of its own on the server (`caseload_bench_…`, dropped at the end),
// generates a demo office (three writers) into a temporary folder, then times: the push of every
// line, the pull into an empty desk, and a second round with nothing to move.
import Cases
import Demo
import Foundation
import Hub
import Journal

struct BenchFailure: Error, CustomStringConvertible { var description: String }

func option(_ name: String, _ fallback: String? = nil) -> String? {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count { return arguments[index + 1] }
    return fallback
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func run() async throws {
    guard let url = option("hub", ProcessInfo.processInfo.environment["CASELOAD_TEST_HUB_URL"]) else {
        throw BenchFailure(description: "give --hub postgres://superuser@host:port/db (a database is created there and dropped)")
    }
    let cases = Int(option("cases", "100000")!) ?? 100_000
    let eventsPerCase = Double(option("events-per-case", "10")!) ?? 10
    let batch = Int(option("batch", "2000")!) ?? 2000
    let admin = try HubAddress(parsing: url)
    let name = "caseload_bench_\(UUID().uuidString.prefix(8).lowercased())"
    let root = NSTemporaryDirectory() + name
    let environment = ProcessInfo.processInfo.environment

    let control = try await HubConnection.connect(admin, environment: environment)
    try await HubSchema.apply(["CREATE DATABASE \(name)"], control)
    var address = admin
    address.database = name
    defer {
        try? FileManager.default.removeItem(atPath: root)
    }

    print("generating \(cases) cases × \(eventsPerCase) events …")
    let office = DataDirectory(root + "/office")
    var start = ContinuousClock.now
    let demo = DemoGenerator.generate(DemoOptions(cases: cases, seed: 2024, today: LocalDate(iso: "2026-11-27")!, eventsPerCase: eventsPerCase))
    try DemoWriter.write(demo, to: office, now: SystemClock().now())
    let events = demo.eventCount
    let bytes = office.writers().reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: office.journal(writer: $1))[.size] as? Int) ?? 0) }
    print(String(format: "generated %d events (%.0f MB) in %.1f s", events, Double(bytes) / 1e6, seconds(since: start)))

    let hub = try await HubConnection.connect(address, environment: environment)
    _ = try await HubSchema.migrate(hub)

    let pusher = HubReplicator(directory: office, localWriter: "desk-01")
    pusher.batchSize = batch
    start = ContinuousClock.now
    let pushed = try await pusher.round(hub, now: SystemClock().now())
    let pushSeconds = seconds(since: start)

    let fresh = DataDirectory(root + "/fresh")
    try fresh.prepare()
    let puller = HubReplicator(directory: fresh, localWriter: "desk-09")
    puller.batchSize = batch
    start = ContinuousClock.now
    let pulled = try await puller.round(hub, now: SystemClock().now())
    let pullSeconds = seconds(since: start)

    start = ContinuousClock.now
    let again = try await HubReplicator(directory: fresh, localWriter: "desk-09").round(hub, now: SystemClock().now())
    let idleSeconds = seconds(since: start)
    await hub.close()

    var identical = true
    for writer in office.writers() where FileManager.default.contents(atPath: office.journal(writer: writer))
        != FileManager.default.contents(atPath: fresh.journal(writer: writer)) { identical = false }

    print("")
    print("| Step | Events | Time | Events/s |")
    print("|---|---|---|---|")
    print(String(format: "| push: office → empty hub | %d | %.1f s | %.0f |", pushed.pushedTotal, pushSeconds, Double(pushed.pushedTotal) / pushSeconds))
    print(String(format: "| pull: hub → fresh desk | %d | %.1f s | %.0f |", pulled.pulledTotal, pullSeconds, Double(pulled.pulledTotal) / pullSeconds))
    print(String(format: "| second round (nothing to move) | %d | %.2f s | — |", again.pushedTotal + again.pulledTotal, idleSeconds))
    print("journals identical on both desks: \(identical)")

    try await HubSchema.apply(["DROP DATABASE \(name) WITH (FORCE)"], control)
    await control.close()
    if !identical || pushed.pushedTotal != events || pulled.pulledTotal != events {
        throw BenchFailure(description: "the fresh desk does not hold the office's journals")
    }
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("caseload-hub-bench: \(error)\n".utf8))
    exit(1)
}
