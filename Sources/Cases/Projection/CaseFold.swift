/// Rebuilds one case from its events. Pure and deterministic: the same events in the
/// same merged order always give the same record.
enum CaseFold {
    /// `events` must be sorted in merged order and start with the case's `case_opened`.
    static func fold(_ events: [Event]) -> CaseRecord? {
        events.withUnsafeBufferPointer { fold($0, holding: events) }
    }

    /// The fold, reading each event in place through `events` (the same events as `array`, which
    /// the record keeps): a `for event in` loop copies every event it visits, retaining and
    /// releasing its payload, and the fold passes over a case's events three times.
    private static func fold(_ events: UnsafeBufferPointer<Event>, holding array: [Event]) -> CaseRecord? {
        var undone: Set<String> = []
        for index in events.indices {
            if case .eventUndone(let id, _) = events[index].body { undone.insert(id) }
        }
        var openIndex: Int?
        for index in events.indices {
            if case .caseOpened = events[index].body, undone.isEmpty || !undone.contains(events[index].id) {
                openIndex = index
                break
            }
        }
        guard let openIndex, case .caseOpened(let opened) = events[openIndex].body else { return nil }

        // Room for each kind of entry made once, not grown an element at a time.
        var counts = (contacts: 0, services: 0, outcomes: 0, followUps: 0, notes: 0, snoozes: 0)
        for index in events.indices {
            switch events[index].body {
            case .contactLogged(let c):
                counts.contacts += 1
                if c.next != nil { counts.followUps += 1 }
            case .serviceRecorded: counts.services += 1
            case .outcomeRecorded: counts.outcomes += 1
            case .followUpScheduled: counts.followUps += 1
            case .noteAdded: counts.notes += 1
            case .flagSnoozed: counts.snoozes += 1
            default: break
            }
        }

        let first = events[openIndex]
        var record = CaseRecord(id: first.caseID, kind: opened.kind, person: opened.person, education: opened.education,
                                details: opened.details, counsellor: opened.counsellor, opened: first.effective,
                                source: opened.source)
        record.events = CaseEvents(array)
        record.undone = undone
        record.contacts.reserveCapacity(counts.contacts)
        record.services.reserveCapacity(counts.services)
        record.outcomes.reserveCapacity(counts.outcomes)
        record.followUps.reserveCapacity(counts.followUps)
        record.notes.reserveCapacity(counts.notes)
        record.snoozes.reserveCapacity(counts.snoozes)
        // The person and details as JSON objects, made only when a correction patches them.
        var personObject: JSONObject?
        var detailsObject: JSONObject?
        // Who last set each corrected field, for conflict reporting.
        var lastSetter: [String: (writer: String, actor: String, value: JSONValue)] = [:]

        for order in events.indices where order != openIndex && (undone.isEmpty || !undone.contains(events[order].id)) {
            // Borrowed from the buffer: the compiler copies out only what an entry keeps.
            let event = events[order]
            switch event.body {
            case .caseOpened(let other):
                // The same opening replayed (an import run twice) adds nothing; a different person
                // under the same id is a collision, kept visible rather than merged.
                if other.person.residentID != opened.person.residentID || other.kind != opened.kind {
                    record.idCollisions.append(event)
                }
                continue
            case .caseCorrected(let correction):
                for (prefix, patch) in [("person", correction.person), ("details", correction.details)] {
                    for entry in patch {
                        let field = "\(prefix).\(entry.key)"
                        if let previous = lastSetter[field], previous.writer != event.writer, previous.value != entry.value {
                            record.conflicts.append(CorrectionConflict(field: field, kept: entry.value, keptBy: event.actor,
                                                                       overwritten: previous.value, overwrittenBy: previous.actor,
                                                                       eventID: event.id))
                        }
                        lastSetter[field] = (event.writer, event.actor, entry.value)
                        if prefix == "person" {
                            personObject = personObject ?? EventCodec.encode(opened.person)
                            personObject?[entry.key] = entry.value
                        } else {
                            detailsObject = detailsObject ?? EventCodec.encode(opened.details)
                            detailsObject?[entry.key] = entry.value
                        }
                    }
                }
                if let personObject, var person = EventCodec.decodePerson(personObject) {
                    person.protection = record.person.protection  // the fields are opened; how they are kept stays
                    record.person = person
                }
                if let detailsObject, let details = EventCodec.decodeDetails(kind: record.kind, detailsObject) { record.details = details }
            case .contactLogged(let c):
                record.contacts.append(ContactEntry(order: order, eventID: event.id, date: event.effective, channel: c.channel,
                                                    reached: c.reached, note: c.note, actor: event.actor))
                if let next = c.next {
                    record.followUps.append(FollowUpEntry(order: order, eventID: event.id, date: next, setOn: event.effective, note: nil))
                }
            case .serviceRecorded(let s):
                record.services.append(ServiceEntry(order: order, eventID: event.id, date: event.effective, kind: s.kind,
                                                    employer: s.employer, position: s.position, note: s.note, ends: s.ends,
                                                    actor: event.actor))
            case .followUpScheduled(let date, let note):
                record.followUps.append(FollowUpEntry(order: order, eventID: event.id, date: date, setOn: event.effective, note: note))
            case .outcomeRecorded(let o):
                record.outcomes.append(OutcomeEntry(order: order, eventID: event.id, date: o.date, recordedOn: event.effective,
                                                    kind: o.kind, employer: o.employer, actor: event.actor))
                if o.kind.isPlacement, record.status == .open { record.status = .placed }
            case .caseReassigned(let to, _):
                record.counsellor = to
            case .caseClosed(let reason):
                record.status = .closed
                record.closeReason = reason
            case .caseReopened:
                if record.status != .open { record.reopenings.append(event.effective) }
                record.status = .open
                record.closeReason = nil
            case .noteAdded(let text):
                record.notes.append(NoteEntry(order: order, eventID: event.id, date: event.effective, text: text, actor: event.actor))
            case .flagSnoozed(let rule, let until, let reason):
                record.snoozes.append(SnoozeEntry(order: order, eventID: event.id, rule: rule, until: until, reason: reason,
                                                  actor: event.actor, on: event.effective))
            case .casesMerged(let into, _):
                // The duplicate merged away: closed, its events kept, pointing at the case that goes on.
                record.status = .closed
                record.closeReason = "merged into \(into)"
            case .personalDataRevealed, .eventUndone, .journalRepaired, .personErased, .reportRun, .unknown:
                continue
            }
        }
        return record
    }
}
