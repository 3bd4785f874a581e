import Cases
import Dispatch

extension SnapshotFile {
    /// The snapshot's bytes; nil when a case's events, still deferred to the snapshot this
    /// caseload came from, cannot be read back as they were written (nothing partial is written).
    static func encode(_ snapshot: CaseloadSnapshot) -> [UInt8]? {
        let writers = snapshot.positions.keys.sorted()
        let writerIndex = Dictionary(uniqueKeysWithValues: writers.enumerated().map { ($1, $0) })
        var head = SnapshotEncoder()
        head.count(writers.count)
        for writer in writers {
            let position = snapshot.positions[writer]!
            head.string(writer)
            head.count(position.offset)
            head.count(position.seq)
            head.count(position.lines)
            head.string(position.hash)
        }
        head.count(snapshot.caseload.eventCount)
        head.count(snapshot.caseload.officeEvents.count)
        for event in snapshot.caseload.officeEvents { SnapshotEventCodec.encode(event, writers: writerIndex, into: &head) }

        // Slots are the cases in id order; chunks hold one counsellor's slots each, in that order.
        let entries = snapshot.caseload.snapshotEntries
        let plan = chunkPlan(entries)
        let chunks = ParallelSlots<EncodedChunk?>(count: plan.count, empty: nil)
        DispatchQueue.concurrentPerform(iterations: plan.count) { chunk in
            chunks.set(chunk, encodeChunk(plan[chunk].slots, of: entries, writers: writerIndex))
        }
        var bodies: [EncodedChunk] = []
        for body in chunks.all {
            guard let body else { return nil }
            bodies.append(body)
        }
        head.count(plan.count)
        for (number, body) in bodies.enumerated() {
            head.string(plan[number].owner)
            head.count(body.index.count)
            head.count(plan[number].slots.count)
            head.count(body.events.count)
            head.uint64(body.events.withUnsafeBufferPointer(SnapshotChecksum.of))
            head.uint64(body.index.withUnsafeBufferPointer(SnapshotChecksum.of))
        }
        head.count(entries.count)
        var slotTable = [UInt8](repeating: 0, count: entries.count * SnapshotLayout.slotEntryWidth)
        slotTable.withUnsafeMutableBytes { table in
            for (number, body) in bodies.enumerated() {
                for (position, slot) in plan[number].slots.enumerated() {
                    let at = slot * SnapshotLayout.slotEntryWidth
                    table.storeBytes(of: UInt32(number).littleEndian, toByteOffset: at, as: UInt32.self)
                    table.storeBytes(of: body.entryOffsets[position].littleEndian, toByteOffset: at + 4, as: UInt32.self)
                    table.storeBytes(of: body.eventsOffsets[position].littleEndian, toByteOffset: at + 8, as: UInt32.self)
                }
            }
        }
        head.bytes.append(contentsOf: slotTable)
        // Every id's bytes, 16 to a slot, so a case is found by binary search over the head
        // alone; only when every id is ASCII of at most 16 bytes (then byte order is id order).
        let idsFit = entries.allSatisfy { $0.caseID.utf8.count <= SnapshotLayout.idWidth && $0.caseID.utf8.allSatisfy { $0 > 0 && $0 < 0x80 } }
        head.count(idsFit ? entries.count : 0)
        if idsFit {
            var ids = [UInt8](repeating: 0, count: entries.count * SnapshotLayout.idWidth)
            for (slot, entry) in entries.enumerated() {
                for (offset, byte) in entry.caseID.utf8.enumerated() { ids[slot * SnapshotLayout.idWidth + offset] = byte }
            }
            head.bytes.append(contentsOf: ids)
        }
        for table in keyTables(entries) {
            head.count(table.count)
            var bytes = [UInt8](repeating: 0, count: table.count * SnapshotLayout.keyEntryWidth)
            bytes.withUnsafeMutableBytes { out in
                for (index, (hash, slot)) in table.enumerated() {
                    out.storeBytes(of: hash.littleEndian, toByteOffset: index * SnapshotLayout.keyEntryWidth, as: UInt64.self)
                    out.storeBytes(of: slot.littleEndian, toByteOffset: index * SnapshotLayout.keyEntryWidth + 8, as: UInt32.self)
                }
            }
            head.bytes.append(contentsOf: bytes)
        }
        var payload = head.bytes
        let headLength = payload.count
        payload.reserveCapacity(payload.count + bodies.reduce(0) { $0 + $1.index.count + $1.events.count })
        for body in bodies { payload.append(contentsOf: body.index) }
        let indexLength = payload.count
        for body in bodies { payload.append(contentsOf: body.events) }

        var file = SnapshotEncoder()
        file.bytes.reserveCapacity(headerLength + payload.count)
        file.bytes.append(contentsOf: magic)
        file.bytes.append(contentsOf: withUnsafeBytes(of: formatVersion.littleEndian, Array.init))
        file.bytes.append(contentsOf: withUnsafeBytes(of: SnapshotChoices.fingerprint.littleEndian, Array.init))
        file.uint64(UInt64(payload.count))
        file.uint64(UInt64(indexLength))
        file.uint64(UInt64(headLength))
        file.uint64(payload.withUnsafeBufferPointer { SnapshotChecksum.of(UnsafeBufferPointer(rebasing: $0[..<headLength])) })
        file.bytes.append(contentsOf: payload)
        return file.bytes
    }

    /// Each counsellor's slots (ascending), cut into chunks of at most `casesPerChunk`;
    /// counsellors in name order, cases not yet opened under "".
    private static func chunkPlan(_ entries: [CaseloadEntry]) -> [(owner: String, slots: [Int])] {
        var byOwner: [String: [Int]] = [:]
        for slot in entries.indices { byOwner[entries[slot].record?.counsellor ?? "", default: []].append(slot) }
        var plan: [(owner: String, slots: [Int])] = []
        for owner in byOwner.keys.sorted() {
            let slots = byOwner[owner]!
            for start in stride(from: 0, to: slots.count, by: casesPerChunk) {
                plan.append((owner, Array(slots[start..<min(slots.count, start + casesPerChunk)])))
            }
        }
        return plan
    }

    /// One chunk's index (its shared strings, then its entries) and events, and where each
    /// entry and each case's events start in them.
    private struct EncodedChunk: Sendable {
        var index: [UInt8]
        var events: [UInt8]
        var entryOffsets: [UInt32]
        var eventsOffsets: [UInt32]
    }

    private static func encodeChunk(_ slots: [Int], of entries: [CaseloadEntry], writers: [String: Int]) -> EncodedChunk? {
        var records = SnapshotEncoder(sharedAhead: true), events = SnapshotEncoder()
        var entryOffsets: [UInt32] = [], eventsOffsets: [UInt32] = []
        for slot in slots {
            let entry = entries[slot]
            // The slot table holds offsets within a chunk as u32: a chunk of 2,048 cases is far
            // below 4 GiB, but a case with a vast history must not trap the writer.
            guard let entryOffset = UInt32(exactly: records.bytes.count), let eventsOffset = UInt32(exactly: events.bytes.count) else {
                return nil
            }
            entryOffsets.append(entryOffset)
            eventsOffsets.append(eventsOffset)
            records.count(slot)
            records.string(entry.caseID)
            records.bool(entry.record != nil)
            if let record = entry.record { SnapshotRecordCodec.encode(record, writers: writers, into: &records) }
            let start = events.bytes.count
            if let location = entry.events.deferredLocation, let source = location.source as? SnapshotEventSource {
                // Still encoded, as this format writes them: copied, not decoded and encoded again.
                guard let encoded = source.encodedEvents(ofCase: location.index) else { return nil }
                events.bytes.append(contentsOf: encoded)
            } else {
                // Each event names its writer in full, and the case gets an encoder (and so a
                // shared-string table) of its own, so its bytes stand alone: read one case at a time.
                var own = SnapshotEncoder()
                for event in entry.events { SnapshotEventCodec.encode(event, writers: [:], into: &own) }
                events.bytes.append(contentsOf: own.bytes)
            }
            records.count(entry.events.count)
            records.count(events.bytes.count - start)
            records.uint64(events.bytes[start...].withUnsafeBufferPointer(SnapshotChecksum.of))
        }
        let table = records.sharedTable()
        guard let tableLength = UInt32(exactly: table.count), UInt32.max - tableLength >= entryOffsets.last ?? 0 else { return nil }
        return EncodedChunk(index: table + records.bytes, events: events.bytes,
                            entryOffsets: entryOffsets.map { $0 + tableLength }, eventsOffsets: eventsOffsets)
    }

    /// The household and resident-ID tables: (hash, slot) for every case that has one, sorted.
    private static func keyTables(_ entries: [CaseloadEntry]) -> [[(UInt64, UInt32)]] {
        var households: [(UInt64, UInt32)] = [], residents: [(UInt64, UInt32)] = []
        for (slot, entry) in entries.enumerated() {
            guard let record = entry.record else { continue }
            if let household = record.details.household {
                households.append((SnapshotKeyHash.of(household) ?? SnapshotKeyHash.unstable, UInt32(slot)))
            }
            residents.append((SnapshotKeyHash.of(record.residentID.value) ?? SnapshotKeyHash.unstable, UInt32(slot)))
        }
        return [households.sorted { ($0.0, $0.1) < ($1.0, $1.1) }, residents.sorted { ($0.0, $0.1) < ($1.0, $1.1) }]
    }
}
