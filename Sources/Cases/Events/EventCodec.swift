/// Converts event bodies to and from the `data` object of a journal line.
///
/// Decoding never throws: data this version cannot read (a newer writer's type, or a known
/// type whose shape changed) is kept as `.unknown` so it survives replay and merge untouched.
public enum EventCodec {
    public static func encode(_ body: EventBody) -> JSONObject {
        var o = JSONObject()
        switch body {
        case .caseOpened(let opened):
            o["kind"] = .string(opened.kind.rawValue)
            o["counsellor"] = .string(opened.counsellor)
            o["person"] = .object(encode(opened.person))
            o["education"] = opened.education.map(JSONValue.string)
            o["details"] = .object(encode(opened.details))
            o["source"] = opened.source.map(JSONValue.object)
        case .caseCorrected(let correction):
            if !correction.person.isEmpty { o["person"] = .object(correction.person) }
            if !correction.details.isEmpty { o["details"] = .object(correction.details) }
            o["reason"] = correction.reason.map(JSONValue.string)
        case .contactLogged(let contact):
            o["channel"] = .string(contact.channel.rawValue)
            o["reached"] = .bool(contact.reached)
            o["note"] = .string(contact.note)
            o["next"] = contact.next.map { .string($0.iso) }
        case .serviceRecorded(let service):
            o["kind"] = .string(service.kind.rawValue)
            o["employer"] = service.employer.map(JSONValue.string)
            o["position"] = service.position.map(JSONValue.string)
            o["note"] = service.note.map(JSONValue.string)
            o["ends"] = service.ends.map { .string($0.iso) }
        case .followUpScheduled(let date, let note):
            o["date"] = .string(date.iso)
            o["note"] = note.map(JSONValue.string)
        case .outcomeRecorded(let outcome):
            o["kind"] = .string(outcome.kind.rawValue)
            o["employer"] = outcome.employer.map(JSONValue.string)
            o["date"] = .string(outcome.date.iso)
        case .caseReassigned(let to, let from):
            o["to"] = .string(to)
            o["from"] = from.map(JSONValue.string)
        case .caseClosed(let reason):
            o["reason"] = .string(reason)
        case .caseReopened(let reason):
            o["reason"] = reason.map(JSONValue.string)
        case .noteAdded(let text):
            o["text"] = .string(text)
        case .personalDataRevealed(let fields, let purpose):
            o["fields"] = .array(fields.map(JSONValue.string))
            o["purpose"] = .string(purpose)
        case .flagSnoozed(let rule, let until, let reason):
            o["rule"] = .string(rule)
            o["until"] = .string(until.iso)
            o["reason"] = .string(reason)
        case .eventUndone(let eventID, let reason):
            o["event"] = .string(eventID)
            o["reason"] = reason.map(JSONValue.string)
        case .journalRepaired(let journal, let offset, let length, let quarantined):
            o["journal"] = .string(journal)
            o["offset"] = .int(Int64(offset))
            o["length"] = .int(Int64(length))
            o["quarantined"] = .string(quarantined)
        case .casesMerged(let into, let from):
            o["into"] = .string(into)
            o["from"] = .string(from)
        case .personErased(let keys, let reason, let scrubbed):
            o["keys"] = .array(keys.map(JSONValue.string))
            o["reason"] = .string(reason)
            o["scrubbed"] = .array(scrubbed.map(JSONValue.string))
        case .reportRun(let scope, let format):
            o["scope"] = .string(scope)
            o["format"] = .string(format)
        case .unknown(_, let data):
            return data
        }
        return o
    }

    public static func decode(type: String, data: JSONObject) -> EventBody {
        decodeKnown(type: type, data: data) ?? .unknown(type: type, data: data)
    }

    private static func decodeKnown(type: String, data o: JSONObject) -> EventBody? {
        switch type {
        case "case_opened":
            guard let kind = o["kind"]?.stringValue.flatMap(CaseKind.init(rawValue:)),
                  let counsellor = o["counsellor"]?.stringValue,
                  let personObject = o["person"]?.objectValue, let person = decodePerson(personObject),
                  let detailsObject = o["details"]?.objectValue,
                  let details = decodeDetails(kind: kind, detailsObject) else { return nil }
            return .caseOpened(CaseOpened(counsellor: counsellor, person: person, education: o["education"]?.stringValue,
                                          details: details, source: o["source"]?.objectValue))
        case "case_corrected":
            return .caseCorrected(CaseCorrected(person: o["person"]?.objectValue ?? .init(),
                                                details: o["details"]?.objectValue ?? .init(),
                                                reason: o["reason"]?.stringValue))
        case "contact_logged":
            guard let channel = o["channel"]?.stringValue.flatMap(ContactChannel.init(rawValue:)) else { return nil }
            return .contactLogged(ContactLogged(channel: channel, reached: o["reached"]?.boolValue ?? true,
                                                note: o["note"]?.stringValue ?? "", next: date(o["next"])))
        case "service_recorded":
            guard let kind = o["kind"]?.stringValue.flatMap(ServiceKind.init(rawValue:)) else { return nil }
            return .serviceRecorded(ServiceRecorded(kind: kind, employer: o["employer"]?.stringValue,
                                                    position: o["position"]?.stringValue, note: o["note"]?.stringValue,
                                                    ends: date(o["ends"])))
        case "follow_up_scheduled":
            guard let when = date(o["date"]) else { return nil }
            return .followUpScheduled(date: when, note: o["note"]?.stringValue)
        case "outcome_recorded":
            guard let kind = o["kind"]?.stringValue.flatMap(OutcomeKind.init(rawValue:)),
                  let when = date(o["date"]) else { return nil }
            return .outcomeRecorded(OutcomeRecorded(kind: kind, employer: o["employer"]?.stringValue, date: when))
        case "case_reassigned":
            guard let to = o["to"]?.stringValue else { return nil }
            return .caseReassigned(to: to, from: o["from"]?.stringValue)
        case "case_closed":
            guard let reason = o["reason"]?.stringValue else { return nil }
            return .caseClosed(reason: reason)
        case "case_reopened":
            return .caseReopened(reason: o["reason"]?.stringValue)
        case "note_added":
            guard let text = o["text"]?.stringValue else { return nil }
            return .noteAdded(text: text)
        case "personal_data_revealed":
            guard let fields = o["fields"]?.arrayValue?.compactMap(\.stringValue) else { return nil }
            return .personalDataRevealed(fields: fields, purpose: o["purpose"]?.stringValue ?? "")
        case "flag_snoozed":
            guard let rule = o["rule"]?.stringValue, let until = date(o["until"]),
                  let reason = o["reason"]?.stringValue else { return nil }
            return .flagSnoozed(rule: rule, until: until, reason: reason)
        case "event_undone":
            guard let id = o["event"]?.stringValue else { return nil }
            return .eventUndone(eventID: id, reason: o["reason"]?.stringValue)
        case "journal_repaired":
            guard let journal = o["journal"]?.stringValue, let offset = o["offset"]?.intValue,
                  let length = o["length"]?.intValue, let quarantined = o["quarantined"]?.stringValue else { return nil }
            return .journalRepaired(journal: journal, offset: Int(offset), length: Int(length), quarantined: quarantined)
        case "cases_merged":
            guard let into = o["into"]?.stringValue, let from = o["from"]?.stringValue else { return nil }
            return .casesMerged(into: into, from: from)
        case "person_erased":
            guard let keys = o["keys"]?.arrayValue?.compactMap(\.stringValue), let reason = o["reason"]?.stringValue else { return nil }
            return .personErased(keys: keys, reason: reason, scrubbed: (o["scrubbed"]?.arrayValue ?? []).compactMap(\.stringValue))
        case "report_run":
            guard let scope = o["scope"]?.stringValue else { return nil }
            return .reportRun(scope: scope, format: o["format"]?.stringValue ?? "")
        default:
            return nil
        }
    }

    // MARK: Person and details

    public static func encode(_ person: Person) -> JSONObject {
        var o = JSONObject()
        if case .sealed(let key, let box) = person.protection {
            o["key"] = .string(key)
            o["sealed"] = .string(box)
            return o
        }
        o["name"] = .string(person.name)
        o["id_number"] = .string(person.residentID.value)
        o["phone"] = person.phone.map { .string($0.value) }
        o["hukou"] = person.hukouAddress.map(JSONValue.string)
        o["community"] = person.community.map(JSONValue.string)
        return o
    }

    public static func decodePerson(_ o: JSONObject) -> Person? {
        if let key = o["key"]?.stringValue, let box = o["sealed"]?.stringValue {
            // Opened by the journal layer with the key store before the fold.
            return Person(name: "", residentID: ResidentID(unchecked: ""), protection: .sealed(key: key, box: box))
        }
        guard let name = o["name"]?.stringValue, let id = o["id_number"]?.stringValue else { return nil }
        return Person(name: name, residentID: ResidentID(unchecked: id), phone: o["phone"]?.stringValue.map(PhoneNumber.init(unchecked:)),
                      hukouAddress: o["hukou"]?.stringValue, community: o["community"]?.stringValue)
    }

    public static func encode(_ details: CaseDetails) -> JSONObject {
        var o = JSONObject()
        switch details {
        case .graduate(let g):
            o["school"] = .string(g.school)
            o["major"] = .string(g.major)
            o["degree"] = .string(g.degree.rawValue)
            o["graduated"] = .string(g.graduated.iso)
            o["left_without_job"] = .bool(g.leftWithoutJob)
            if !g.intention.isEmpty { o["intention"] = .object(encode(g.intention)) }
            if !g.difficulty.isEmpty { o["difficulty"] = .array(g.difficulty.map { .string($0.rawValue) }) }
        case .difficulty(let d):
            o["categories"] = .array(d.categories.map { .string($0.rawValue) })
            o["identified"] = .string(d.identified.iso)
            o["certificate"] = d.certificate.map(JSONValue.string)
            o["household"] = d.household.map(JSONValue.string)
        case .unemployed(let u):
            o["registered"] = .string(u.registered.iso)
            o["registration_no"] = u.registrationNumber.map(JSONValue.string)
            o["previous_employer"] = u.previousEmployer.map(JSONValue.string)
            o["industry"] = u.industry.map(JSONValue.string)
            o["benefit_until"] = u.benefitUntil.map { .string($0.iso) }
            if !u.intention.isEmpty { o["intention"] = .object(encode(u.intention)) }
        }
        return o
    }

    public static func decodeDetails(kind: CaseKind, _ o: JSONObject) -> CaseDetails? {
        switch kind {
        case .graduate:
            guard let school = o["school"]?.stringValue, let major = o["major"]?.stringValue,
                  let degree = o["degree"]?.stringValue.flatMap(Degree.init(rawValue:)),
                  let graduated = date(o["graduated"]) else { return nil }
            return .graduate(GraduateDetails(
                school: school, major: major, degree: degree, graduated: graduated,
                leftWithoutJob: o["left_without_job"]?.boolValue ?? true,
                intention: decodeIntention(o["intention"]?.objectValue),
                difficulty: (o["difficulty"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(GraduateDifficulty.init(rawValue:)) }))
        case .difficulty:
            guard let identified = date(o["identified"]) else { return nil }
            let categories = (o["categories"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(DifficultyCategory.init(rawValue:)) }
            return .difficulty(DifficultyDetails(categories: categories, identified: identified,
                                                 certificate: o["certificate"]?.stringValue, household: o["household"]?.stringValue))
        case .unemployed:
            guard let registered = date(o["registered"]) else { return nil }
            return .unemployed(UnemployedDetails(
                registered: registered, registrationNumber: o["registration_no"]?.stringValue,
                previousEmployer: o["previous_employer"]?.stringValue, industry: o["industry"]?.stringValue,
                benefitUntil: date(o["benefit_until"]), intention: decodeIntention(o["intention"]?.objectValue)))
        }
    }

    static func encode(_ intention: EmploymentIntention) -> JSONObject {
        var o = JSONObject()
        o["sector"] = intention.sector.map(JSONValue.string)
        o["place"] = intention.place.map(JSONValue.string)
        o["salary"] = intention.salary.map(JSONValue.string)
        return o
    }

    static func decodeIntention(_ o: JSONObject?) -> EmploymentIntention {
        EmploymentIntention(sector: o?["sector"]?.stringValue, place: o?["place"]?.stringValue, salary: o?["salary"]?.stringValue)
    }

    private static func date(_ value: JSONValue?) -> LocalDate? { value?.stringValue.flatMap { LocalDate(iso: $0) } }
}
