import Cases
import Crypto
import Dispatch

/// The keys in memory at one moment: what opening sealed person fields needs. A value, so the
/// parallel scan of several journals can share it.
public struct KeyRing: Sendable {
    var keys: [String: PersonKey] = [:]
    var erased: Set<String> = []

    /// What opening a batch of events learnt: which key each person and case uses, and the
    /// sealed fields that could not be opened.
    public struct Opened: Sendable {
        public var keyByResident: [String: String] = [:]
        public var keyByCase: [String: String] = [:]
        /// Cases with personal fields written in the clear (before encryption): not erasable by key.
        public var plaintextCases: Set<String> = []
        /// Sealed fields whose key is neither here nor recorded as destroyed: `writer`/`seq` and key.
        public var missing: [(writer: String, seq: Int, key: String)] = []

        mutating func add(_ other: Opened) {
            Opened.merge(other.keyByResident, into: &keyByResident)
            Opened.merge(other.keyByCase, into: &keyByCase)
            plaintextCases.formUnion(other.plaintextCases)
            missing += other.missing
        }

        /// `other` wins where both have a key; an empty side costs nothing (the other's storage is shared).
        private static func merge(_ other: [String: String], into mine: inout [String: String]) {
            if mine.isEmpty { mine = other } else if !other.isEmpty { mine.merge(other) { _, new in new } }
        }

        /// Takes what runs of events found, in event order: a later key for the same person or
        /// case replaces an earlier one, as if each had been set in turn. The two dictionaries are
        /// filled at once, on two cores: at 100,000 people each is tens of milliseconds.
        mutating func add(_ runs: [Findings]) {
            var byResident = keyByResident, byCase = keyByCase
            keyByResident = [:]
            keyByCase = [:]
            bothAtOnce({
                byResident.reserveCapacity(runs.reduce(byResident.count) { $0 + $1.residents.count })
                for run in runs {
                    for (resident, key) in run.residents { byResident[resident] = key }
                }
            }, {
                byCase.reserveCapacity(runs.reduce(byCase.count) { $0 + $1.cases.count })
                for run in runs {
                    for (caseID, key) in run.cases { byCase[caseID] = key }
                }
            })
            keyByResident = byResident
            keyByCase = byCase
            for run in runs {
                plaintextCases.formUnion(run.plaintextCases)
                missing += run.missing
            }
        }
    }

    /// What opening one run of events found, as lists in event order: cheap to collect on each
    /// core, and turned into dictionaries once (`Opened.add`), not once per run and again per merge.
    struct Findings {
        var residents: [(resident: String, key: String)] = []
        var cases: [(caseID: String, key: String)] = []
        var plaintextCases: [String] = []
        var missing: [(writer: String, seq: Int, key: String)] = []
    }

    /// Replaces sealed person fields with the opened ones (or an erased stand-in), in place.
    public func open(_ events: inout [Event]) -> Opened {
        var opened = Opened()
        opened.add([events.withUnsafeMutableBufferPointer { open($0, at: $0.indices) }])
        return opened
    }

    /// `open` of the events at `indices`, in place. A correction's key counts for its case only
    /// when no opening earlier in the same run set one.
    func open(_ events: UnsafeMutableBufferPointer<Event>, at indices: some Collection<Int>) -> Findings {
        var found = Findings()
        found.residents.reserveCapacity(indices.count)
        found.cases.reserveCapacity(indices.count)
        var casesSoFar: Set<String>?
        for index in indices {
            switch events[index].body {
            case .caseOpened(var body):
                switch body.person.protection {
                case .sealed(let key, let box):
                    if var person = unsealPerson(box, key: key) {
                        person.protection = .key(key)
                        found.residents.append((person.residentID.value, key))
                        body.person = person
                    } else {
                        let missing = !erased.contains(key)
                        if missing { found.missing.append((events[index].writer, events[index].seq, key)) }
                        body.person = Person.erased(key: key, missing: missing)
                    }
                    found.cases.append((events[index].caseID, key))
                    casesSoFar?.insert(events[index].caseID)
                    events[index].body = .caseOpened(body)
                case .plain:
                    found.plaintextCases.append(events[index].caseID)
                default:
                    break
                }
            case .caseCorrected(var correction):
                guard !correction.person.isEmpty else { continue }
                if let key = correction.person["key"]?.stringValue, let box = correction.person["sealed"]?.stringValue {
                    if let object = unseal(box, key: key) {
                        correction.person = object
                    } else {
                        if !erased.contains(key) { found.missing.append((events[index].writer, events[index].seq, key)) }
                        correction.person = JSONObject()
                    }
                    let caseID = events[index].caseID
                    // Which cases this run has keys for: kept only once a run has a correction (few do).
                    if casesSoFar == nil { casesSoFar = Set(found.cases.map(\.caseID)) }
                    if casesSoFar!.insert(caseID).inserted { found.cases.append((caseID, key)) }
                    events[index].body = .caseCorrected(correction)
                } else {
                    found.plaintextCases.append(events[index].caseID)
                }
            default:
                continue
            }
        }
        return found
    }

    /// `open` of the events at `indices` (ascending) on every core, in place: AES-GCM and the
    /// JSON of each person are independent, and at 100,000 people they are a visible share of an
    /// open. Returns each run's findings, in order.
    func openInParallel(_ events: inout [Event], at indices: [Int]) -> [Findings] {
        let runSize = 2048
        let runs = stride(from: 0, to: indices.count, by: runSize).map { indices[$0..<min($0 + runSize, indices.count)] }
        guard runs.count > 1 else { return runs.map { run in events.withUnsafeMutableBufferPointer { open($0, at: run) } } }
        var findings = [Findings](repeating: Findings(), count: runs.count)
        events.withUnsafeMutableBufferPointer { buffer in
            findings.withUnsafeMutableBufferPointer { slots in
                // Each run touches only its own events and its own slot.
                let shared = RunBuffers(events: buffer, findings: slots)
                DispatchQueue.concurrentPerform(iterations: runs.count) { run in
                    shared.findings[run] = open(shared.events, at: runs[run])
                }
            }
        }
        return findings
    }

    func unseal(_ box: String, key id: String) -> JSONObject? {
        open(box, key: id) { (try? JSONParser.parse($0))?.objectValue }
    }

    /// `unseal` and `EventCodec.decodePerson`, reading the common shape without a JSON tree.
    func unsealPerson(_ box: String, key id: String) -> Person? {
        open(box, key: id) { plain in
            PersonPlaintext.person(plain) ?? (try? JSONParser.parse(plain))?.objectValue.flatMap(EventCodec.decodePerson)
        }
    }

    /// Opens a box and reads its plaintext with `read`; nil when the key is not here or the box
    /// does not open under it. The box is decoded on the stack and handed to swift-crypto as raw
    /// bytes, with the key id as the authenticated data, and the plaintext is read where it
    /// lies: no array per box, per key id or per opened person.
    private func open<Result>(_ box: String, key id: String, _ read: (UnsafeBufferPointer<UInt8>) -> Result?) -> Result? {
        guard let key = keys[id] else { return nil }
        var box = box  // `withUTF8` makes it contiguous if it is not (it always is on Linux)
        return box.withUTF8 { chars -> Result? in
            guard let count = Base64.decodedCount(chars), count >= 28 else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { combined -> Result? in
                guard Base64.decode(chars, into: combined.baseAddress!),
                      let sealed = try? AES.GCM.SealedBox(combined: UnsafeRawBufferPointer(combined)) else { return nil }
                return KeyRing.authenticating(id) { aad -> Result? in
                    guard let plain = try? AES.GCM.open(sealed, using: key.withUnsafeBytes(SymmetricKey.init), authenticating: aad) else { return nil }
                    return plain.withUnsafeBytes { read($0.bindMemory(to: UInt8.self)) }
                }
            }
        }
    }

    /// The key id's bytes, as the authenticated data that binds a box to its key.
    private static func authenticating<Result>(_ id: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let result = id.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        return Array(id.utf8).withUnsafeBytes(body)
    }

    static func seal(_ object: JSONObject, key: PersonKey, id: String) -> String {
        var plain: [UInt8] = []
        JSONWriter.write(.object(object), into: &plain)
        // Seal only fails for a nonce or key of the wrong size, which cannot happen here.
        let box = try! AES.GCM.seal(plain, using: key.withUnsafeBytes(SymmetricKey.init), authenticating: Array(id.utf8))
        return Base64.encode(box.combined!)
    }
}

/// The events and the findings slots the parallel open's runs write to, each run its own part.
private struct RunBuffers: @unchecked Sendable {
    let events: UnsafeMutableBufferPointer<Event>
    let findings: UnsafeMutableBufferPointer<KeyRing.Findings>
}

/// Runs two independent pieces of work at once (on two cores when there are two) and returns
/// when both are done. Each must touch only what the other does not.
func bothAtOnce(_ first: () -> Void, _ second: () -> Void) {
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            let jobs = TwoJobs(first: first, second: second)
            DispatchQueue.concurrentPerform(iterations: 2) { $0 == 0 ? jobs.first() : jobs.second() }
        }
    }
}

private struct TwoJobs: @unchecked Sendable {
    let first: () -> Void
    let second: () -> Void
}
