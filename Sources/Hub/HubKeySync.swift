import Journal
import NIOCore
import PostgresNIO

/// What the key store's part of a round did. Counts only: key bytes are never reported.
public struct HubKeyExchange: Sendable, Equatable {
    /// Keys and tombstones this desk sent to the hub.
    public var keysSent = 0
    public var tombstonesSent = 0
    /// Keys taken from the hub into `keys/`, and keys here destroyed by the hub's tombstones.
    public var keysReceived = 0
    public var keysDestroyed = 0

    public var transferred: Bool { keysSent + tombstonesSent + keysReceived + keysDestroyed > 0 }
}

/// The key store's standing, here against the hub: keys and tombstones on each side, and the
/// records one side holds that the other lacks.
public struct HubKeyStatus: Sendable, Equatable {
    public var localKeys: Int, hubKeys: Int
    public var localErasures: Int, hubErasures: Int
    public var toSend: Int, toReceive: Int
}

/// The hub's key counts and this desk's key files when they last agreed, so an idle round
/// reads two counts and a directory listing instead of every key id.
struct HubKeyState: Equatable {
    var hubKeys: Int
    var hubTombstones: Int
    var local: [String: Int]
}

/// The key store replicates through the hub as through a directory sync: keys the other side
/// lacks go across, and a tombstone on either side destroys that key on the other (in the hub
/// by its trigger, here by `PersonKeyStore.absorb`).
///
/// A round exchanges keys after it has counted the hub's lines and before it moves any line: a
/// desk commits its keys before the lines sealed under them, so every key a counted line needs
/// is in the hub by then, and lines are pulled only up to that count. Keys go into `keys/`
/// durably (fsync, atomic rewrite) before the lines that need them are appended.
extension HubReplicator {
    /// The key store here against the hub's, for `caseload hub status` (counts only).
    public func keyStatus(_ hub: HubConnection) async throws(HubError) -> HubKeyStatus {
        try await HubSchema.requireCurrent(hub)
        let store: PersonKeyStore
        do { store = try PersonKeyStore(directory: directory) } catch { throw .journal(error) }
        let theirKeys = try await hubKeyWriters(hub)
        let theirTombstones = try await hubTombstones(hub)
        let ours = store.keyRecords(), ourTombstones = store.tombstoneRecords()
        return HubKeyStatus(
            localKeys: ours.count, hubKeys: theirKeys.count,
            localErasures: ourTombstones.count, hubErasures: theirTombstones.count,
            toSend: ours.filter { theirKeys[$0.id] == nil && theirTombstones[$0.id] == nil }.count
                + ourTombstones.filter { theirTombstones[$0.id] == nil }.count,
            toReceive: theirKeys.keys.filter { !store.hasKey($0) && !store.isErased($0) && theirTombstones[$0] == nil }.count
                + theirTombstones.keys.filter { !store.isErased($0) }.count)
    }

    func exchangeKeys(_ hub: HubConnection) async throws(HubError) -> HubKeyExchange {
        let counts = try await hub.rows("""
            SELECT (SELECT count(*) FROM caseload_keys), (SELECT count(*) FROM caseload_key_tombstones)
            """, doing: "count the hub's keys")
        guard let first = counts.first else { return HubKeyExchange() }
        let (keyCount, tombstoneCount) = try hub.decode(first, as: (Int64, Int64).self, doing: "count the hub's keys")
        let seen = HubKeyState(hubKeys: Int(keyCount), hubTombstones: Int(tombstoneCount), local: PersonKeyStore.fingerprint(of: directory))
        if seen == keyState { return HubKeyExchange() }

        let store: PersonKeyStore
        do { store = try PersonKeyStore(directory: directory) } catch { throw .journal(error) }
        let theirKeys = try await hubKeyWriters(hub)
        let theirTombstones = try await hubTombstones(hub)

        var exchange = HubKeyExchange()
        // Tombstones first: the hub then drops any key of theirs, and refuses it from now on.
        let tombstones = store.tombstoneRecords().filter { theirTombstones[$0.id] == nil }
        exchange.tombstonesSent = try await insertTombstones(tombstones, hub: hub)
        let keys = store.keyRecords().filter { theirKeys[$0.id] == nil && theirTombstones[$0.id] == nil }
        exchange.keysSent = try await insertKeys(keys, hub: hub)

        var records = theirTombstones.filter { !store.isErased($0.key) }
            .map { PersonKeyRecord(writer: $0.value.writer, id: $0.key, erasedOn: $0.value.day) }
        let missing = theirKeys.keys.filter { !store.hasKey($0) && !store.isErased($0) && theirTombstones[$0] == nil }.sorted()
        records += try await fetchKeys(missing, hub: hub)
        if !records.isEmpty || store.holdsErasedKeyBytes {
            let result: (added: Int, destroyed: Int)
            do throws(JournalError) {
                result = try absorbKeys(records, into: store)
            } catch {
                throw .journal(error)
            }
            exchange.keysReceived = result.added
            exchange.keysDestroyed = result.destroyed
        }
        // What the hub holds now, as far as this desk knows: a change by anyone else since the
        // reads above makes the next round's counts differ, so it looks again.
        let tombstoneIDs = Set(theirTombstones.keys).union(tombstones.map { $0.id })
        let keyIDs = Set(theirKeys.keys).union(keys.map { $0.id }).subtracting(tombstoneIDs)
        keyState = HubKeyState(hubKeys: keyIDs.count, hubTombstones: tombstoneIDs.count, local: PersonKeyStore.fingerprint(of: directory))
        return exchange
    }

    /// Writes the hub's records into `keys/`. A key file another process is writing (the app's
    /// own, while it runs) is left as it is: the tombstone in the erasing desk's file already
    /// makes that key erased here, and the next sync with the file free removes its bytes.
    private func absorbKeys(_ records: [PersonKeyRecord], into store: PersonKeyStore) throws(JournalError) -> (added: Int, destroyed: Int) {
        do throws(JournalError) {
            return try store.absorb(records: records, ownWriter: holdsOwnLock ? localWriter : nil,
                                    leaving: holdsOwnLock ? localWriter : nil)
        } catch {
            guard case .inUse(let writer, _) = error, writer == localWriter, !holdsOwnLock else { throw error }
            return try store.absorb(records: records, ownWriter: nil, leaving: localWriter)
        }
    }

    private func hubKeyWriters(_ hub: HubConnection) async throws(HubError) -> [String: String] {
        let rows = try await hub.rows("SELECT key_id, writer FROM caseload_keys", doing: "read the hub's key ids")
        var out: [String: String] = [:]
        for row in rows {
            let (id, writer) = try hub.decode(row, as: (String, String).self, doing: "read the hub's key ids")
            try checkRecord(id: id, writer: writer)
            out[id] = writer
        }
        return out
    }

    private func hubTombstones(_ hub: HubConnection) async throws(HubError) -> [String: (writer: String, day: String)] {
        let rows = try await hub.rows("SELECT key_id, writer, erased_on FROM caseload_key_tombstones", doing: "read the hub's tombstones")
        var out: [String: (writer: String, day: String)] = [:]
        for row in rows {
            let (id, writer, day) = try hub.decode(row, as: (String, String, String).self, doing: "read the hub's tombstones")
            try checkRecord(id: id, writer: writer)
            out[id] = (writer, day)
        }
        return out
    }

    /// A hub record must name a key id and a writer id as `caseload` writes them, or it could
    /// not be written into `keys/<writer>.keys` safely.
    private func checkRecord(id: String, writer: String) throws(HubError) {
        guard PersonKeyRecord.isKeyID(id), (try? DataDirectory.validateWriterID(writer)) != nil else {
            throw .refused(["the hub holds a key record '\(id)' of '\(writer)', which is not a key id and writer id: refused; no key was sent or taken"])
        }
    }

    private func fetchKeys(_ ids: [String], hub: HubConnection) async throws(HubError) -> [PersonKeyRecord] {
        var out: [PersonKeyRecord] = []
        for slice in HubReplicator.batches(ids, of: batchSize) {
            let batch = Array(slice)
            let rows = try await hub.rows("""
                SELECT key_id, writer, key FROM caseload_keys WHERE key_id = ANY(\(batch)::text[])
                """, doing: "take the hub's keys")
            for row in rows {
                let (id, writer, key) = try hub.decode(row, as: (String, String, ByteBuffer).self, doing: "take the hub's keys")
                let bytes = Array(key.readableBytesView)
                guard bytes.count == 32 else {
                    throw .refused(["the hub's key \(id) is not 32 bytes: refused; no key was taken"])
                }
                out.append(PersonKeyRecord(writer: writer, id: id, key: bytes))
            }
        }
        return out
    }

    private func insertTombstones(_ records: [PersonKeyRecord], hub: HubConnection) async throws(HubError) -> Int {
        var sent = 0
        for batch in HubReplicator.batches(records, of: batchSize) {
            let rows = try await hub.rows("""
                INSERT INTO caseload_key_tombstones (key_id, writer, erased_on, pushed_by)
                SELECT i, w, d, \(localWriter) FROM unnest(\(batch.map(\.id))::text[], \(batch.map(\.writer))::text[],
                    \(batch.map { $0.erasedOn ?? "" })::text[]) AS t(i, w, d)
                ON CONFLICT (key_id) DO NOTHING
                RETURNING key_id
                """, doing: "send tombstones")
            sent += rows.count
        }
        return sent
    }

    private func insertKeys(_ records: [PersonKeyRecord], hub: HubConnection) async throws(HubError) -> Int {
        var sent = 0
        for batch in HubReplicator.batches(records, of: batchSize) {
            let keys = batch.map { ByteBuffer(bytes: $0.key ?? []) }
            let rows = try await hub.rows("""
                INSERT INTO caseload_keys (key_id, writer, key, pushed_by)
                SELECT i, w, k, \(localWriter) FROM unnest(\(batch.map(\.id))::text[], \(batch.map(\.writer))::text[],
                    \(keys)::bytea[]) AS t(i, w, k)
                ON CONFLICT (key_id) DO NOTHING
                RETURNING key_id
                """, doing: "send keys")
            sent += rows.count
        }
        return sent
    }
}
