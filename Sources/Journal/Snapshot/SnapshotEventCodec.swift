import Cases

/// Writes and reads one event in a snapshot.
///
/// The common, simple bodies (contacts, services, follow-ups, outcomes, notes…) get a compact
/// binary form. Everything else — openings and corrections (which carry personal data), audit
/// and office events, unknown types — is stored as its journal `data` object, written and read
/// through `EventCodec` and the JSON parser exactly as a journal line is, so the snapshot never
/// has its own idea of how a person is encoded.
enum SnapshotEventCodec {
    private enum Tag: UInt8 {
        case json = 0, contact, service, followUp, outcome, reassigned, closed, reopened, note, snoozed, undone, merged, opened
    }

    /// `writers` numbers the journals; an event's writer is stored as its index there.
    static func encode(_ event: Event, writers: [String: Int], into out: inout SnapshotEncoder) {
        out.string(event.id)
        if let writer = writers[event.writer] {
            out.count(writer)
        } else {
            out.count(writers.count)
            out.string(event.writer)
        }
        out.count(event.seq)
        out.signed(event.recorded.millisecondsSinceEpoch)
        out.signed(Int64(event.recorded.offsetMinutes))
        out.date(event.effective)
        out.string(event.actor)
        encode(event.body, into: &out)
    }

    static func decode(_ input: inout SnapshotDecoder, caseID: String, writers: [String]) throws(SnapshotError) -> Event {
        let id = try input.string()
        let writerIndex = try input.count()
        let writer = writerIndex < writers.count ? writers[writerIndex] : try input.string()
        let seq = try input.number()
        let millis = try input.signed()
        let offset = try input.signed()
        guard abs(offset) < 24 * 60 else { throw SnapshotError("a time offset is out of range") }
        let recorded = Timestamp(millisecondsSinceEpoch: millis, offsetMinutes: Int(offset))
        let effective = try input.date()
        let actor = try input.string()
        return Event(id: id, writer: writer, seq: seq, recorded: recorded, effective: effective, actor: actor,
                     caseID: caseID, body: try decodeBody(&input))
    }

    private static func encode(_ body: EventBody, into out: inout SnapshotEncoder) {
        switch body {
        case .contactLogged(let c):
            out.bytes.append(Tag.contact.rawValue)
            out.string(c.channel.rawValue)
            out.bool(c.reached)
            out.string(c.note)
            out.optionalDate(c.next)
        case .serviceRecorded(let s):
            out.bytes.append(Tag.service.rawValue)
            out.string(s.kind.rawValue)
            out.optionalString(s.employer)
            out.optionalString(s.position)
            out.optionalString(s.note)
            out.optionalDate(s.ends)
        case .followUpScheduled(let date, let note):
            out.bytes.append(Tag.followUp.rawValue)
            out.date(date)
            out.optionalString(note)
        case .outcomeRecorded(let o):
            out.bytes.append(Tag.outcome.rawValue)
            out.string(o.kind.rawValue)
            out.optionalString(o.employer)
            out.date(o.date)
        case .caseReassigned(let to, let from):
            out.bytes.append(Tag.reassigned.rawValue)
            out.string(to)
            out.optionalString(from)
        case .caseClosed(let reason):
            out.bytes.append(Tag.closed.rawValue)
            out.string(reason)
        case .caseReopened(let reason):
            out.bytes.append(Tag.reopened.rawValue)
            out.optionalString(reason)
        case .noteAdded(let text):
            out.bytes.append(Tag.note.rawValue)
            out.string(text)
        case .flagSnoozed(let rule, let until, let reason):
            out.bytes.append(Tag.snoozed.rawValue)
            out.string(rule)
            out.date(until)
            out.string(reason)
        case .eventUndone(let eventID, let reason):
            out.bytes.append(Tag.undone.rawValue)
            out.string(eventID)
            out.optionalString(reason)
        case .casesMerged(let into, let from):
            out.bytes.append(Tag.merged.rawValue)
            out.string(into)
            out.string(from)
        case .caseOpened(let opened):
            // Binary, like the folded record's person and details: a case's history is decoded
            // when it is first read, and parsing its opening as JSON was most of that.
            out.bytes.append(Tag.opened.rawValue)
            out.string(opened.counsellor)
            SnapshotRecordCodec.encode(opened.person, into: &out)
            out.optionalString(opened.education)
            SnapshotRecordCodec.encode(opened.details, into: &out)
            out.bool(opened.source != nil)
            if let source = opened.source { out.json(.object(source)) }
        case .caseCorrected, .personalDataRevealed, .journalRepaired, .personErased, .reportRun, .unknown:
            out.bytes.append(Tag.json.rawValue)
            out.string(body.typeName)
            var data = EventCodec.encode(body)
            if case .caseOpened(let opened) = body { PersonProtectionMark.add(opened.person.protection, to: &data) }
            var json: [UInt8] = []
            JSONWriter.write(.object(data), into: &json)
            out.count(json.count)
            out.bytes.append(contentsOf: json)
        }
    }

    private static func decodeBody(_ input: inout SnapshotDecoder) throws(SnapshotError) -> EventBody {
        guard let tag = Tag(rawValue: try input.byte()) else { throw SnapshotError("unknown event tag") }
        switch tag {
        case .json:
            let type = try input.string()
            let json = try input.bytes(try input.count())
            guard case .object(let data)? = try? JSONParser.parse(json) else { throw SnapshotError("an event's data is not a JSON object") }
            var body = EventCodec.decode(type: type, data: data)
            if case .caseOpened(var opened) = body, let protection = PersonProtectionMark.read(data) {
                opened.person.protection = protection
                body = .caseOpened(opened)
            }
            return body
        case .contact:
            return .contactLogged(ContactLogged(channel: try choice(&input), reached: try input.bool(), note: try input.string(),
                                                next: try input.optionalDate()))
        case .service:
            return .serviceRecorded(ServiceRecorded(kind: try choice(&input), employer: try input.optionalString(),
                                                    position: try input.optionalString(), note: try input.optionalString(),
                                                    ends: try input.optionalDate()))
        case .followUp:
            return .followUpScheduled(date: try input.date(), note: try input.optionalString())
        case .outcome:
            return .outcomeRecorded(OutcomeRecorded(kind: try choice(&input), employer: try input.optionalString(), date: try input.date()))
        case .reassigned:
            return .caseReassigned(to: try input.string(), from: try input.optionalString())
        case .closed:
            return .caseClosed(reason: try input.string())
        case .reopened:
            return .caseReopened(reason: try input.optionalString())
        case .note:
            return .noteAdded(text: try input.string())
        case .snoozed:
            return .flagSnoozed(rule: try input.string(), until: try input.date(), reason: try input.string())
        case .undone:
            return .eventUndone(eventID: try input.string(), reason: try input.optionalString())
        case .merged:
            return .casesMerged(into: try input.string(), from: try input.string())
        case .opened:
            let counsellor = try input.string()
            let person = try SnapshotRecordCodec.decodePerson(&input)
            let education = try input.optionalString()
            let details = try SnapshotRecordCodec.decodeDetails(&input)
            var source: JSONObject?
            if try input.bool() {
                guard case .object(let object) = try input.json() else { throw SnapshotError("a case's source is not an object") }
                source = object
            }
            return .caseOpened(CaseOpened(counsellor: counsellor, person: person, education: education, details: details, source: source))
        }
    }

    private static func choice<T: RawRepresentable>(_ input: inout SnapshotDecoder) throws(SnapshotError) -> T where T.RawValue == String {
        let raw = try input.string()
        guard let value = T(rawValue: raw) else { throw SnapshotError("unknown value \"\(raw)\"") }
        return value
    }
}

/// How an opened person was kept in the journal, carried in a snapshot beside their fields
/// (the journal line itself says it by being sealed). Without it a warm open would take a
/// sealed person for one written in the clear, and `erase` and `verify` would be misled.
enum PersonProtectionMark {
    static func add(_ protection: PersonProtection, to data: inout JSONObject) {
        guard case .object(var person)? = data["person"] else { return }
        switch protection {
        case .plain, .sealed: return  // a sealed one encodes as its box already
        case .key(let key): person["snapshot_key"] = .string(key)
        case .erased(let key): person["snapshot_erased"] = .string(key)
        case .keyMissing(let key): person["snapshot_missing"] = .string(key)
        }
        data["person"] = .object(person)
    }

    static func read(_ data: JSONObject) -> PersonProtection? {
        guard case .object(let person)? = data["person"] else { return nil }
        if let key = person["snapshot_key"]?.stringValue { return .key(key) }
        if let key = person["snapshot_erased"]?.stringValue { return .erased(key: key) }
        if let key = person["snapshot_missing"]?.stringValue { return .keyMissing(key: key) }
        return nil
    }
}
