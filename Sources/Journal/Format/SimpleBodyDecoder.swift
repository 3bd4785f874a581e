import Cases

/// Reads the `data` of the commonest lines — contacts, services, follow-ups, outcomes, notes:
/// nine in ten of a journal — straight from the line's bytes into their body, with no JSON tree
/// in between. Building that tree (an array of keys and values per line) was the largest share
/// of a cold open after the checksums.
///
/// It gives exactly what `EventCodec.decode(type:data:)` gives for the parsed object, or nil for
/// anything it does not handle (an escape, a number or nested value, a key twice, whitespace, a
/// value the codec would refuse), and the caller then takes the general path.
enum SimpleBodyDecoder {
    private enum Kind {
        case contact, service, followUp, outcome, note
    }

    /// A value as the codec reads it: a string's bytes, a boolean, or something else (null).
    private enum Value {
        case string(Range<Int>)
        case bool(Bool)
        case other
    }

    /// `decode(type:_:at:)` for a type given as a string.
    static func decode(type: String, _ line: UnsafeBufferPointer<UInt8>, at index: inout Int) -> EventBody? {
        var name = type
        return name.withUTF8 { decode(type: $0, line, at: &index) }
    }

    /// Decodes the object at `index` (its `{`) for `type`, moving past its `}`; nil leaves `index` alone.
    /// Every string is checked as UTF-8 and may hold no escape or control byte. A `case_opened`
    /// body is read by `CaseOpenedDecoder` on the same terms.
    static func decode(type: UnsafeBufferPointer<UInt8>, _ line: UnsafeBufferPointer<UInt8>, at index: inout Int) -> EventBody? {
        // By the type's bytes, not a string switch: the type names are ASCII, and most lines are one of these.
        let kind: Kind
        switch type.count {
        case 14 where LineBytes.equal(type, "contact_logged"): kind = .contact
        case 16 where LineBytes.equal(type, "service_recorded"): kind = .service
        case 19 where LineBytes.equal(type, "follow_up_scheduled"): kind = .followUp
        case 16 where LineBytes.equal(type, "outcome_recorded"): kind = .outcome
        case 10 where LineBytes.equal(type, "note_added"): kind = .note
        case 11 where LineBytes.equal(type, "case_opened"): return CaseOpenedDecoder.decode(line, at: &index)
        default: return nil
        }
        var at = index
        guard at < line.count, line[at] == UInt8(ascii: "{") else { return nil }
        at += 1
        // The keys these bodies read; any other key's value is skipped, as the codec ignores it.
        var channel, reached, note, next, kindValue, employer, position, ends, date, text: Value?
        var seen: UInt16 = 0
        var others: [Range<Int>] = []
        if at < line.count, line[at] == UInt8(ascii: "}") {
            at += 1
        } else {
            while true {
                guard let key = LineBytes.rawString(line, &at), JSONParser.isValidText(UnsafeBufferPointer(rebasing: line[key])),
                      at < line.count, line[at] == UInt8(ascii: ":") else { return nil }
                at += 1
                guard let value = value(line, &at) else { return nil }
                let name = UnsafeBufferPointer(rebasing: line[key])
                // A key twice, read or not, is for the general parser to refuse: the keys read are
                // tracked by bit, the rare others in a list made only when one turns up.
                func set(_ slot: inout Value?, _ bit: UInt16) -> Bool {
                    guard seen & bit == 0 else { return false }
                    seen |= bit
                    slot = value
                    return true
                }
                let fresh: Bool
                switch name.count {
                case 4 where LineBytes.equal(name, "note"): fresh = set(&note, 1)
                case 4 where LineBytes.equal(name, "next"): fresh = set(&next, 2)
                case 4 where LineBytes.equal(name, "kind"): fresh = set(&kindValue, 4)
                case 4 where LineBytes.equal(name, "ends"): fresh = set(&ends, 8)
                case 4 where LineBytes.equal(name, "date"): fresh = set(&date, 16)
                case 4 where LineBytes.equal(name, "text"): fresh = set(&text, 32)
                case 7 where LineBytes.equal(name, "channel"): fresh = set(&channel, 64)
                case 7 where LineBytes.equal(name, "reached"): fresh = set(&reached, 128)
                case 8 where LineBytes.equal(name, "employer"): fresh = set(&employer, 256)
                case 8 where LineBytes.equal(name, "position"): fresh = set(&position, 512)
                default:
                    fresh = !others.contains { line[$0].elementsEqual(name) }
                    others.append(key)
                }
                guard fresh, at < line.count else { return nil }
                if line[at] == UInt8(ascii: "}") {
                    at += 1
                    break
                }
                guard line[at] == UInt8(ascii: ",") else { return nil }
                at += 1
            }
        }

        // The codec's reading of each value: a string only from a string, a boolean only from a
        // boolean. (Every string here was checked as UTF-8 when it was read.)
        func string(_ value: Value?) -> String? {
            guard case .string(let range)? = value else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
        }
        func day(_ value: Value?) -> LocalDate? {
            guard case .string(let range)? = value else { return nil }
            return LocalDate(isoBytes: UnsafeBufferPointer(rebasing: line[range]))
        }
        func choice<C: Choice>(_ value: Value?, _ table: ChoiceBytes<C>) -> C? {
            guard case .string(let range)? = value else { return nil }
            return table.value(UnsafeBufferPointer(rebasing: line[range]))
        }
        // A value the codec would refuse (it keeps such a line as `.unknown` with its data) leaves
        // the line to the general path.
        let body: EventBody
        switch kind {
        case .contact:
            guard let channelValue = choice(channel, SimpleBodyDecoder.channels) else { return nil }
            let reachedValue: Bool = if case .bool(let flag)? = reached { flag } else { true }
            body = .contactLogged(ContactLogged(channel: channelValue, reached: reachedValue, note: string(note) ?? "", next: day(next)))
        case .service:
            guard let serviceKind = choice(kindValue, SimpleBodyDecoder.serviceKinds) else { return nil }
            body = .serviceRecorded(ServiceRecorded(kind: serviceKind, employer: string(employer), position: string(position),
                                                    note: string(note), ends: day(ends)))
        case .followUp:
            guard let when = day(date) else { return nil }
            body = .followUpScheduled(date: when, note: string(note))
        case .outcome:
            guard let when = day(date), let outcomeKind = choice(kindValue, SimpleBodyDecoder.outcomeKinds) else { return nil }
            body = .outcomeRecorded(OutcomeRecorded(kind: outcomeKind, employer: string(employer), date: when))
        case .note:
            guard let value = string(text) else { return nil }
            body = .noteAdded(text: value)
        }
        index = at
        return body
    }

    static let channels = ChoiceBytes<ContactChannel>()
    static let serviceKinds = ChoiceBytes<ServiceKind>()
    static let outcomeKinds = ChoiceBytes<OutcomeKind>()

    /// One value: a string without escapes, `true`, `false` or `null`; nil for anything else.
    private static func value(_ line: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Value? {
        guard index < line.count else { return nil }
        switch line[index] {
        case UInt8(ascii: "\""):
            // Checked here for every key, read or not: the general parser refuses bad UTF-8 anywhere.
            guard let range = LineBytes.rawString(line, &index), JSONParser.isValidText(UnsafeBufferPointer(rebasing: line[range])) else {
                return nil
            }
            return .string(range)
        case UInt8(ascii: "t"):
            return LineBytes.literal("true", line, &index) ? .bool(true) : nil
        case UInt8(ascii: "f"):
            return LineBytes.literal("false", line, &index) ? .bool(false) : nil
        case UInt8(ascii: "n"):
            return LineBytes.literal("null", line, &index) ? .other : nil
        default:
            return nil
        }
    }

}

/// A choice read from the bytes of its raw value, as `init(rawValue:)` reads the string made of
/// them: plain ASCII is compared byte for byte with each raw value (no string is made and no
/// string switch run, for most lines of a journal); anything else goes through the string,
/// whose comparison is Unicode's.
struct ChoiceBytes<C: Choice>: Sendable {
    private let table: [(raw: [UInt8], value: C)]
    /// Whether every raw value is ASCII, so that equal bytes and equal strings agree for ASCII input.
    private let asciiRawValues: Bool

    init() {
        table = C.allCases.map { (Array($0.rawValue.utf8), $0) }
        asciiRawValues = table.allSatisfy { $0.raw.allSatisfy { $0 < 0x80 } }
    }

    func value(_ bytes: UnsafeBufferPointer<UInt8>) -> C? {
        guard asciiRawValues else { return C(rawValue: String(decoding: bytes, as: UTF8.self)) }
        for byte in bytes where byte >= 0x80 { return C(rawValue: String(decoding: bytes, as: UTF8.self)) }
        for entry in table where entry.raw.count == bytes.count && entry.raw.elementsEqual(bytes) { return entry.value }
        return nil
    }
}
