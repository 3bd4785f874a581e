import Cases
import Journal
import NIOCore
import PostgresNIO

/// What one round of replication did.
public struct HubRoundReport: Sendable, Equatable {
    /// Lines sent to the hub, by writer.
    public var pushed: [String: Int] = [:]
    /// Lines taken from the hub into local mirrors, by writer.
    public var pulled: [String: Int] = [:]
    /// Writers left for the next round, and why (another process writes that journal here).
    public var notes: [String] = []
    /// The key store's part: keys and tombstones sent, keys taken and destroyed.
    public var keys = HubKeyExchange()

    public var pushedTotal: Int { pushed.values.reduce(0, +) }
    public var pulledTotal: Int { pulled.values.reduce(0, +) }
    public var transferred: Bool { pushedTotal + pulledTotal > 0 || keys.transferred }
}

/// One writer's standing, local against the hub (for `caseload hub status`).
public struct HubWriterStatus: Sendable, Equatable {
    public var writer: String
    /// Lines of this writer's journal here, and in the hub.
    public var local: Int
    public var hub: Int
    public var isLocalWriter: Bool
    /// Lines here the hub lacks (to push), and lines in the hub this desk lacks (to pull).
    public var waiting: Int { max(0, local - hub) }
    public var behind: Int { max(0, hub - local) }
}

/// Replicates a data directory's journals through the hub.
///
/// A round first plans, reading only: for every writer here or in the hub it compares the last
/// line both sides hold (a line's hash covers every line before it, so equal hashes there mean
/// equal histories). One writer id with two histories refuses the round before anything is
/// written on either side. Then it pushes what the hub lacks, oldest first, in batches, each
/// batch one transaction that keeps only lines identical to what the hub may already hold; then
/// it pulls other writers' newer lines, checks them as a journal's own lines are checked
/// (checksum, writer, gapless seq, hash chain, and the hub's hash column) and appends them to
/// the local mirrors. A failed check stops the round with the line named.
///
/// A round interrupted anywhere (the app killed, the server gone) leaves both sides holding
/// whole, checked prefixes; the next round starts from what each side then holds, so nothing is
/// lost and the primary key and the mirror tip check keep anything from being taken twice.
public final class HubReplicator: @unchecked Sendable {
    public let directory: DataDirectory
    /// This desk's own writer: pushed, never pulled.
    public let localWriter: String
    /// Lines per INSERT and per fetch.
    public var batchSize = 2000
    /// Called after each committed push batch and each pulled batch (tests stop the server here).
    public var afterBatch: (@Sendable (_ pushing: Bool, _ writer: String, _ throughSeq: Int) async -> Void)?
    /// Where each journal had been read to and verified, so a live round reads only new bytes.
    private var cursors: [String: JournalPosition] = [:]
    /// The hub's line count per writer when last seen: what "waiting" is counted against offline.
    public private(set) var lastSeenHub: [String: Int] = [:]
    /// Whether this process holds the local writer's lock (the app, while it runs): pulled
    /// tombstones then leave this desk's own key file to the next explicit sync, since the app
    /// appends new keys to it.
    public var holdsOwnLock = false
    /// The key counts when keys last agreed (see `HubKeyState`).
    var keyState: HubKeyState?

    public init(directory: DataDirectory, localWriter: String) {
        self.directory = directory
        self.localWriter = localWriter
        lastSeenHub = HubSyncRecord.read(directory)?.seen ?? [:]
    }

    // MARK: Status

    /// Every writer here or in the hub with its line counts on both sides.
    public func status(_ hub: HubConnection) async throws(HubError) -> [HubWriterStatus] {
        try await HubSchema.requireCurrent(hub)
        let counts = try await hubCounts(hub)
        var writers = Set(counts.keys).union(directory.writers())
        writers.insert(localWriter)
        var result: [HubWriterStatus] = []
        for writer in writers.sorted() {
            let tip = try localTip(writer)
            result.append(HubWriterStatus(writer: writer, local: tip.seq, hub: counts[writer]?.max ?? 0,
                                          isLocalWriter: writer == localWriter))
        }
        return result
    }

    /// Lines here the hub lacked when it was last seen (all lines of writers it has not been seen to hold).
    public func waitingSinceLastSeen() -> Int {
        var waiting = 0
        for writer in Set(directory.writers()).union([localWriter]) {
            guard let tip = try? localTip(writer) else { continue }
            waiting += max(0, tip.seq - (lastSeenHub[writer] ?? 0))
        }
        return waiting
    }

    // MARK: A round

    /// One round: plan (refusing divergence), push, pull.
    public func round(_ hub: HubConnection, now: Timestamp) async throws(HubError) -> HubRoundReport {
        try await HubSchema.requireCurrent(hub)
        let counts = try await hubCounts(hub)
        var plans: [WriterPlan] = []
        var problems: [String] = []
        for writer in Set(counts.keys).union(directory.writers()).sorted() {
            do throws(HubError) {
                plans.append(try await plan(writer, hub: counts[writer], connection: hub))
            } catch {
                guard case .diverged(let found) = error else { throw error }
                problems += found
            }
        }
        guard problems.isEmpty else { throw .diverged(problems) }
        var report = HubRoundReport()
        // Keys before lines, both ways (see `exchangeKeys`).
        report.keys = try await exchangeKeys(hub)
        for plan in plans where !plan.push.isEmpty {
            report.pushed[plan.writer] = try await push(plan, hub: hub)
        }
        for plan in plans where plan.pullAfter != nil {
            let (count, note) = try await pull(plan, hub: hub, now: now)
            if count > 0 { report.pulled[plan.writer] = count }
            if let note { report.notes.append(note) }
        }
        for plan in plans { lastSeenHub[plan.writer] = max(plan.hubCount, plan.push.last ?? 0, lastSeenHub[plan.writer] ?? 0) }
        return report
    }

    struct HubCount { var count: Int; var max: Int }

    func hubCounts(_ hub: HubConnection) async throws(HubError) -> [String: HubCount] {
        let rows = try await hub.rows("""
            SELECT writer, count(*), max(seq) FROM caseload_lines WHERE stream = \(HubSchema.journalStream) GROUP BY writer
            """, doing: "count the hub's lines")
        var counts: [String: HubCount] = [:]
        for row in rows {
            let (writer, count, max) = try hub.decode(row, as: (String, Int64, Int64).self, doing: "count the hub's lines")
            counts[writer] = HubCount(count: Int(count), max: Int(max))
            lastSeenHub[writer] = Int(count) == Int(max) ? Int(max) : lastSeenHub[writer]
        }
        return counts
    }

    func localTip(_ writer: String) throws(HubError) -> JournalPosition {
        do { return try MirrorJournal.tip(directory: directory, writer: writer) } catch { throw .journal(error) }
    }

    // MARK: Planning

    struct WriterPlan {
        var writer: String
        var hubCount = 0
        /// Seqs to send, ascending.
        var push: [Int] = []
        /// Lines to send, read from the local journal.
        var lines: LocalLines?
        /// Pull lines after this local tip, up to `pullThrough`: the hub's last line when it was
        /// counted, whose keys the key exchange (after the count) has brought.
        var pullAfter: JournalPosition?
        var pullThrough = 0
    }

    /// Compares one writer's two sides. Throws `.diverged` when they disagree.
    func plan(_ writer: String, hub: HubCount?, connection: HubConnection) async throws(HubError) -> WriterPlan {
        var plan = WriterPlan(writer: writer, hubCount: hub?.count ?? 0)
        if (try? DataDirectory.validateWriterID(writer)) == nil {
            throw .diverged(["the hub holds lines of '\(writer)', which is not a writer id: refused"])
        }
        let tip = try localTip(writer)
        let hub = hub ?? HubCount(count: 0, max: 0)
        if hub.count == hub.max {
            // The hub holds 1...max without gaps.
            let common = min(hub.max, tip.seq)
            if common > 0 {
                let theirs = try await hubHash(writer, seq: common, connection)
                let ours = try localHash(writer, seq: common, tip: tip)
                if theirs != ours {
                    throw .diverged([try await divergence(writer, upTo: common, connection)])
                }
            }
            if tip.seq > hub.max {
                let lines = try localLines(writer, after: hub.max, tip: tip)
                plan.lines = lines
                plan.push = Array((hub.max + 1)...lines.lastSeq)
            }
        } else {
            // Gaps (lines inserted by hand, or a push still under way): compare line by line.
            let all = try readAll(writer)
            let rows = try await connection.rows("""
                SELECT seq, hash FROM caseload_lines WHERE stream = \(HubSchema.journalStream) AND writer = \(writer)
                AND seq <= \(Int64(tip.seq)) ORDER BY seq
                """, doing: "compare \(writer)'s lines")
            var present = Set<Int>()
            for row in rows {
                let (seq, hash) = try connection.decode(row, as: (Int64, String).self, doing: "compare \(writer)'s lines")
                if all.hash(Int(seq)) != hash {
                    throw .diverged([divergenceText(writer, seq: Int(seq), connection)])
                }
                present.insert(Int(seq))
            }
            plan.push = (1...max(1, tip.seq)).filter { $0 <= tip.seq && !present.contains($0) }
            plan.lines = all
        }
        if hub.max > tip.seq {
            if writer == localWriter {
                throw .diverged(["the hub holds lines \(tip.seq + 1)…\(hub.max) of this desk's own journal \(writer), which this desk "
                                 + "never wrote here (an old backup restored on this desk, or lines written into the hub by hand): "
                                 + "refused; nothing was sent or taken. Ask the administrator to compare the journal with the hub."])
            }
            plan.pullAfter = tip
            plan.pullThrough = hub.max
        }
        return plan
    }

    func hubHash(_ writer: String, seq: Int, _ connection: HubConnection) async throws(HubError) -> String? {
        let rows = try await connection.rows("""
            SELECT hash FROM caseload_lines WHERE stream = \(HubSchema.journalStream) AND writer = \(writer) AND seq = \(Int64(seq))
            """, doing: "compare \(writer)'s lines")
        guard let row = rows.first else { return nil }
        return try connection.value(row, as: String.self, doing: "compare \(writer)'s lines")
    }

    /// The hash of local line `seq`, from the tip or the cursor when they have it, else by reading.
    func localHash(_ writer: String, seq: Int, tip: JournalPosition) throws(HubError) -> String {
        if seq == tip.seq { return tip.hash }
        if let cursor = cursors[writer], cursor.seq == seq { return cursor.hash }
        return try readAll(writer).hash(seq)
    }

    /// Local lines after `seq`, read from the cursor when it stands there, else from the start.
    func localLines(_ writer: String, after seq: Int, tip: JournalPosition) throws(HubError) -> LocalLines {
        if let cursor = cursors[writer], cursor.seq == seq {
            let lines = try LocalLines.read(directory: directory, writer: writer, from: cursor)
            cursors[writer] = lines.end
            return lines
        }
        let all = try readAll(writer)
        guard seq > 0 else { return all }
        let cut = all.ends[seq - 1] + 1
        return LocalLines(firstSeq: seq + 1, bytes: Array(all.bytes[cut...]), ends: all.ends[seq...].map { $0 - cut }, end: all.end)
    }

    func readAll(_ writer: String) throws(HubError) -> LocalLines {
        let lines = try LocalLines.read(directory: directory, writer: writer, from: .start)
        cursors[writer] = lines.end
        return lines
    }

    /// Finds the first line where the two histories part (the chain makes every later line differ
    /// too), by bisection over the hub's hashes, and says what each side holds there.
    func divergence(_ writer: String, upTo last: Int, _ connection: HubConnection) async throws(HubError) -> String {
        let all = try readAll(writer)
        var low = 1, high = min(last, all.lastSeq)
        while low < high {
            let middle = (low + high) / 2
            if try await hubHash(writer, seq: middle, connection) == all.hash(middle) { low = middle + 1 } else { high = middle }
        }
        return divergenceText(writer, seq: low, connection)
    }

    func divergenceText(_ writer: String, seq: Int, _ connection: HubConnection) -> String {
        "journal \(writer) has diverged from the hub \(connection.address) at seq \(seq): the hub holds a different line \(seq) "
            + "than this desk's journals/\(writer).jsonl. One writer id wrote two histories (a cloned laptop, a restored backup "
            + "that was written to): refused; nothing was sent, taken or overwritten on either side. Give one machine a new "
            + "writer id (`--writer`) and keep both for the administrator."
    }

    // MARK: Push

    /// Sends the planned lines in batches; returns how many the hub did not already hold.
    func push(_ plan: WriterPlan, hub: HubConnection) async throws(HubError) -> Int {
        guard let lines = plan.lines else { return 0 }
        var sent = 0
        for batch in HubReplicator.batches(plan.push, of: batchSize) {
            var seqs: [Int64] = [], hashes: [String] = [], bodies: [ByteBuffer] = []
            seqs.reserveCapacity(batch.count)
            for seq in batch {
                let line = lines.line(seq)
                seqs.append(Int64(seq))
                hashes.append(line.withUnsafeBufferPointer { JournalLine.hash($0) })
                bodies.append(ByteBuffer(bytes: line))
            }
            sent += try await insert(plan.writer, seqs: seqs, hashes: hashes, bodies: bodies, hub: hub)
            await afterBatch?(true, plan.writer, batch.last!)
        }
        return sent
    }

    /// One batch in one transaction: lines the hub already holds are skipped when identical, and
    /// the whole batch is rolled back when any is not.
    func insert(_ writer: String, seqs: [Int64], hashes: [String], bodies: [ByteBuffer], hub: HubConnection) async throws(HubError) -> Int {
        try await hub.run("BEGIN", doing: "push \(writer)")
        do throws(HubError) {
            let inserted = try await hub.rows("""
                INSERT INTO caseload_lines (stream, writer, seq, hash, line, pushed_by)
                SELECT \(HubSchema.journalStream), \(writer), s, h, l, \(localWriter)
                FROM unnest(\(seqs)::bigint[], \(hashes)::text[], \(bodies)::bytea[]) AS t(s, h, l)
                ON CONFLICT (stream, writer, seq) DO NOTHING
                RETURNING seq
                """, doing: "push \(writer)")
            if inserted.count < seqs.count {
                // Someone else sent some of these first: they must be the same lines.
                let rows = try await hub.rows("""
                    SELECT seq, hash FROM caseload_lines WHERE stream = \(HubSchema.journalStream) AND writer = \(writer)
                    AND seq = ANY(\(seqs)::bigint[])
                    """, doing: "push \(writer)")
                let ours = Dictionary(uniqueKeysWithValues: zip(seqs, hashes))
                for row in rows {
                    let (seq, hash) = try hub.decode(row, as: (Int64, String).self, doing: "push \(writer)")
                    if ours[seq] != hash { throw HubError.diverged([divergenceText(writer, seq: Int(seq), hub)]) }
                }
            }
            try await hub.run("COMMIT", doing: "push \(writer)")
            return inserted.count
        } catch {
            try? await hub.run("ROLLBACK", doing: "roll back")
            throw error
        }
    }

    // MARK: Pull

    /// Takes the hub's newer lines of another writer, checked, into its local mirror.
    func pull(_ plan: WriterPlan, hub: HubConnection, now: Timestamp) async throws(HubError) -> (Int, String?) {
        guard var tip = plan.pullAfter else { return (0, nil) }
        var taken = 0
        while true {
            let rows = try await hub.rows("""
                SELECT seq, hash, line FROM caseload_lines WHERE stream = \(HubSchema.journalStream) AND writer = \(plan.writer)
                AND seq > \(Int64(tip.seq)) AND seq <= \(Int64(plan.pullThrough)) ORDER BY seq LIMIT \(Int64(batchSize))
                """, doing: "pull \(plan.writer)")
            if rows.isEmpty { return (taken, nil) }
            var bytes: [UInt8] = []
            for row in rows {
                let (seq, hash, line) = try hub.decode(row, as: (Int64, String, ByteBuffer).self, doing: "pull \(plan.writer)")
                let lineBytes = Array(line.readableBytesView)
                // The hub's hash column must agree with the line it stores.
                if JournalLine.hash(lineBytes) != hash {
                    throw .refused(["the hub's hash for line seq \(seq) of \(plan.writer) does not match the line it stores: "
                                    + "refused; \(taken) earlier lines were taken. The hub's copy was changed or damaged."])
                }
                bytes.append(contentsOf: lineBytes)
                bytes.append(0x0A)
            }
            let file = "hub \(hub.address) \(plan.writer)"
            let scan = JournalScanner.scan(bytes, file: file, writer: plan.writer, from: tip)
            if let damage = scan.damage {
                throw .refused(["line seq \(damage.line) of \(plan.writer) in the hub fails the journal's checks: "
                                + "\(damage.problem). Refused: nothing from that line on was taken (\(taken) earlier lines were). "
                                + "The hub's copy was changed or damaged; ask the administrator to compare it with the desk that wrote it."])
            }
            if scan.tail != nil {
                throw .refused(["a line of \(plan.writer) in the hub holds a newline or is empty: refused; \(taken) earlier lines were taken"])
            }
            let outcome: MirrorJournal.Outcome
            do {
                outcome = try MirrorJournal.append(bytes, writer: plan.writer, expecting: tip, in: directory, now: now)
            } catch {
                throw .journal(error)
            }
            switch outcome {
            case .appended: break
            case .busy: return (taken, "\(plan.writer): written by another process in this data directory; left to it")
            case .moved: return (taken, "\(plan.writer): changed here during the sync; taken next round")
            }
            taken += scan.events.count
            tip = JournalPosition(offset: tip.offset + bytes.count, seq: scan.position.seq, hash: scan.position.hash, lines: scan.position.seq)
            await afterBatch?(false, plan.writer, tip.seq)
            if rows.count < batchSize || tip.seq >= plan.pullThrough { return (taken, nil) }
        }
    }
}

extension HubReplicator {
    /// `items` in order, cut into runs of at most `size`: one statement each.
    static func batches<T>(_ items: [T], of size: Int) -> [ArraySlice<T>] {
        let size = max(1, size)
        return stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
    }
}
