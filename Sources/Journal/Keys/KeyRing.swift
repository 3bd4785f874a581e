import Cases
import Crypto
import Dispatch

/// The keys in memory at one moment: what opening sealed person fields needs. A value, so the
/// parallel scan of several journals can share it.
public struct KeyRing: Sendable {
    var keys: [String: [UInt8]] = [:]
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
            keyByResident.merge(other.keyByResident) { _, new in new }
            keyByCase.merge(other.keyByCase) { _, new in new }
            plaintextCases.formUnion(other.plaintextCases)
            missing += other.missing
        }
    }

    /// Replaces sealed person fields with the opened ones (or an erased stand-in), in place.
    public func open(_ events: inout [Event]) -> Opened {
        var opened = Opened()
        for index in events.indices {
            switch events[index].body {
            case .caseOpened(var body):
                switch body.person.protection {
                case .sealed(let key, let box):
                    if let object = unseal(box, key: key), var person = EventCodec.decodePerson(object) {
                        person.protection = .key(key)
                        opened.keyByResident[person.residentID.value] = key
                        body.person = person
                    } else {
                        let missing = !erased.contains(key)
                        if missing { opened.missing.append((events[index].writer, events[index].seq, key)) }
                        body.person = Person.erased(key: key, missing: missing)
                    }
                    opened.keyByCase[events[index].caseID] = key
                    events[index].body = .caseOpened(body)
                case .plain:
                    opened.plaintextCases.insert(events[index].caseID)
                default:
                    break
                }
            case .caseCorrected(var correction):
                guard !correction.person.isEmpty else { continue }
                if let key = correction.person["key"]?.stringValue, let box = correction.person["sealed"]?.stringValue {
                    if let object = unseal(box, key: key) {
                        correction.person = object
                    } else {
                        if !erased.contains(key) { opened.missing.append((events[index].writer, events[index].seq, key)) }
                        correction.person = JSONObject()
                    }
                    opened.keyByCase[events[index].caseID] = opened.keyByCase[events[index].caseID] ?? key
                    events[index].body = .caseCorrected(correction)
                } else {
                    opened.plaintextCases.insert(events[index].caseID)
                }
            default:
                continue
            }
        }
        return opened
    }

    /// `open` on every core: AES-GCM and the JSON of each person are independent, and at 100,000
    /// people they are a visible share of an open.
    public func openInParallel(_ events: inout [Event]) -> Opened {
        let chunkSize = 2048
        guard events.count > chunkSize else { return open(&events) }
        let chunks = stride(from: 0, to: events.count, by: chunkSize).map { Array(events[$0..<min($0 + chunkSize, events.count)]) }
        let slots = OpenedChunks(chunks)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
            var chunk = slots.input(index)
            let opened = open(&chunk)
            slots.set(index, chunk, opened)
        }
        var result = Opened()
        events.removeAll(keepingCapacity: true)
        for (chunk, opened) in slots.all {
            events += chunk
            result.add(opened)
        }
        return result
    }

    func unseal(_ box: String, key id: String) -> JSONObject? {
        guard let raw = keys[id], let bytes = Base64.decode(box),
              let sealed = try? AES.GCM.SealedBox(combined: bytes),
              let plain = try? AES.GCM.open(sealed, using: SymmetricKey(data: raw), authenticating: Array(id.utf8)) else { return nil }
        return (try? JSONParser.parse(Array(plain)))?.objectValue
    }

    static func seal(_ object: JSONObject, key: [UInt8], id: String) -> String {
        var plain: [UInt8] = []
        JSONWriter.write(.object(object), into: &plain)
        // Seal only fails for a nonce or key of the wrong size, which cannot happen here.
        let box = try! AES.GCM.seal(plain, using: SymmetricKey(data: key), authenticating: Array(id.utf8))
        return Base64.encode(box.combined!)
    }
}

/// The parallel open's chunks, in and out, behind a lock.
private final class OpenedChunks: @unchecked Sendable {
    private let inputs: [[Event]]
    private var outputs: [([Event], KeyRing.Opened)?]
    private let lock = Mutex()

    init(_ inputs: [[Event]]) {
        self.inputs = inputs
        outputs = Array(repeating: nil, count: inputs.count)
    }

    func input(_ index: Int) -> [Event] { inputs[index] }
    func set(_ index: Int, _ events: [Event], _ opened: KeyRing.Opened) { lock.locked { outputs[index] = (events, opened) } }
    var all: [([Event], KeyRing.Opened)] { lock.locked { outputs.map { $0! } } }
}
