import Cases

extension CaseStore {
    /// A read-only store holding just what `counsellor`'s own caseload screen shows, read from
    /// the snapshot and the journals' tails without decoding the other counsellors' cases: the
    /// app draws its first screen from it while the whole store opens (at a million events, a
    /// fifth of the records instead of all of them).
    ///
    /// It holds the counsellor's cases, every case a journal's tail touches, and the cases the
    /// counsellor's flags depend on (the same household, the same resident ID), so their
    /// summaries and flags are what the whole store gives. It makes the same checks as a warm
    /// open: the journals must match the snapshot, the tails must read cleanly, every sealed
    /// person must open, and the snapshot's people must agree with the key store. Anything else
    /// (no snapshot, no cases of the counsellor's in it, an erasure in a tail, a key missing)
    /// is nil: the app then waits for the whole store, as before.
    public static func preview(directory: DataDirectory, counsellor: String, writerID: String? = nil,
                               clock: any WallClock) -> CaseStore? {
        guard let config = try? OfficeConfig.load(directory) else { return nil }
        guard let snapshot = SnapshotPreview.open(directory) else { return nil }
        let mine = snapshot.slots(ownedBy: counsellor)
        guard !mine.isEmpty else { return nil }
        guard JournalPrefix.firstMismatch(in: snapshot.layout.positions, of: directory) == nil else { return nil }
        guard let (tails, positions) = readTails(after: snapshot.layout.positions, in: directory) else { return nil }
        var selection = Set(mine)
        var touched = Set<String>()
        for tail in tails {
            for event in tail where !event.caseID.isEmpty && touched.insert(event.caseID).inserted {
                do throws(SnapshotError) {
                    if let slot = try snapshot.slot(ofCase: event.caseID) { selection.insert(slot) }
                } catch {
                    return nil
                }
            }
        }
        let touchedSlots = selection.subtracting(mine)
        // Cases whose household or ID has no stable hash may share one with anybody's: always
        // read, unless they are so many that a preview would not save anything.
        let unstable = snapshot.unstableSlots()
        guard unstable.count <= max(1_000, snapshot.layout.cases / 4) else { return nil }
        selection.formUnion(unstable)
        // Only the keys of the people decoded and of the tails' sealed people are read: at
        // 100,000 people, reading every key had cost as much as decoding the cases.
        let tailKeyIDs = sealedKeyIDs(in: tails)
        // Rarely a tail moves a case of the counsellor's into what another snapshot case
        // shares (a correction, a new case of a known person): then once more with that case.
        for _ in 0..<2 {
            guard var cases = try? snapshot.cases(at: selection.sorted()),
                  zip(cases.slots, cases.caseIDs).allSatisfy({ snapshot.layout.idTableHolds($1, atSlot: $0) }) else { return nil }
            // The cases the flags of the counsellor's cases (and of any case a tail touched, which
            // may be theirs now) read, as the snapshot has them.
            var dependencies = Set<Int>()
            for position in cases.people.indices where cases.people[position]?.counsellor == counsellor
                || (cases.people[position] != nil && touchedSlots.contains(cases.slots[position])) {
                guard snapshot.insertSlots(household: cases.people[position]?.household, residentID: cases.people[position]?.residentID,
                                           into: &dependencies) else { return nil }
            }
            dependencies.subtract(selection)
            if !dependencies.isEmpty {
                guard var more = try? snapshot.cases(at: dependencies.sorted()) else { return nil }
                cases = SnapshotCases.merging(&cases, &more)
                selection.formUnion(dependencies)
            }
            guard let keys = try? PersonKeyStore(directory: directory, only: keyIDs(of: cases, and: tailKeyIDs)) else { return nil }
            var batches = tails
            for index in batches.indices {
                guard keys.open(&batches[index]).missing.isEmpty else { return nil }
            }
            guard let (restored, people) = try? snapshot.caseload(from: &cases), keys.staleProtection(of: people) == nil else {
                return nil
            }
            var caseload = restored
            caseload.apply(draining: &batches)
            // Refolding a touched case read its events from the snapshot; had that failed, the
            // case would have been folded from the tail alone.
            guard snapshot.source.problem == nil else { return nil }
            // Only the cases the tails touched can have moved or been opened since the snapshot.
            var missing = Set<Int>()
            for caseID in touched {
                let shared = caseload.cases.withRecord(caseID) { record in
                    record.counsellor == counsellor ? (household: record.details.household, residentID: record.residentID.value) : nil
                }
                guard let shared = shared ?? nil else { continue }
                guard snapshot.insertSlots(household: shared.household, residentID: shared.residentID, into: &missing) else { return nil }
            }
            missing.subtract(selection)
            if missing.isEmpty {
                return CaseStore(preview: caseload, directory: directory, config: config, writerID: writerID ?? config.writer,
                                 keys: keys, positions: positions, clock: clock)
            }
            selection.formUnion(missing)
        }
        return nil
    }

    /// Every journal's lines after the snapshot's position in it (all of a journal it does not
    /// cover), and where each ends; nil when a tail is damaged or holds an erasure.
    private static func readTails(after covered: [String: JournalPosition],
                                  in directory: DataDirectory) -> (tails: [[Event]], positions: [String: JournalPosition])? {
        var tails: [[Event]] = []
        var positions: [String: JournalPosition] = [:]
        for name in directory.writers() {
            guard let scan = try? JournalScanner.scanJournal(name, in: directory, from: covered[name] ?? .start) else { return nil }
            guard scan.damage == nil, !scan.events.contains(where: \.isErasure) else { return nil }
            tails.append(scan.events)
            positions[name] = scan.position
        }
        return (tails, positions)
    }

    /// The key ids the tails' sealed people and corrections are sealed under.
    private static func sealedKeyIDs(in tails: [[Event]]) -> Set<String> {
        Set(tails.joined().lazy.filter(\.mayBeSealed).compactMap(\.personKeyID))
    }

    /// The key ids of the decoded people and of the tails' sealed people.
    private static func keyIDs(of cases: SnapshotCases, and tailKeys: Set<String>) -> KeyIDFilter {
        KeyIDFilter(cases.people.indices.lazy.compactMap { cases.people[$0]?.protection.keyID } + tailKeys)
    }
}
