import Cases

/// Writes and reads a case's folded record in a snapshot (everything but its events, which the
/// snapshot keeps apart and decodes on demand).
///
/// A warm open reads these instead of folding every case's events again. The fields are binary;
/// closed sets (channels, service kinds…) are their position in `allCases`, which
/// `SnapshotChoices.fingerprint` pins so a build with other values ignores the snapshot. Long
/// strings go through the chunk's shared-string table: a school or a contact note stored once.
enum SnapshotRecordCodec {
    static func encode(_ record: CaseRecord, writers: [String: Int], into out: inout SnapshotEncoder) {
        out.choice(record.kind, in: SnapshotChoices.kinds)
        encode(record.person, into: &out)
        out.optionalShared(record.education)
        encode(record.details, into: &out)
        out.shared(record.counsellor)
        out.date(record.opened)
        out.choice(record.status, in: SnapshotChoices.statuses)
        out.optionalShared(record.closeReason)
        out.bool(record.source != nil)
        if let source = record.source { out.json(.object(source)) }

        out.count(record.contacts.count)
        for c in record.contacts {
            out.count(c.order); out.string(c.eventID); out.date(c.date); out.choice(c.channel, in: SnapshotChoices.channels)
            out.bool(c.reached); out.shared(c.note); out.shared(c.actor)
        }
        out.count(record.services.count)
        for s in record.services {
            out.count(s.order); out.string(s.eventID); out.date(s.date); out.choice(s.kind, in: SnapshotChoices.services)
            out.optionalShared(s.employer); out.optionalShared(s.position); out.optionalShared(s.note); out.optionalDate(s.ends)
            out.shared(s.actor)
        }
        out.count(record.outcomes.count)
        for o in record.outcomes {
            out.count(o.order); out.string(o.eventID); out.date(o.date); out.date(o.recordedOn)
            out.choice(o.kind, in: SnapshotChoices.outcomes); out.optionalShared(o.employer); out.shared(o.actor)
        }
        out.count(record.followUps.count)
        for f in record.followUps {
            out.count(f.order); out.string(f.eventID); out.date(f.date); out.date(f.setOn); out.optionalShared(f.note)
        }
        out.count(record.snoozes.count)
        for s in record.snoozes {
            out.count(s.order); out.string(s.eventID); out.shared(s.rule); out.date(s.until); out.shared(s.reason)
            out.shared(s.actor); out.date(s.on)
        }
        out.count(record.notes.count)
        for n in record.notes {
            out.count(n.order); out.string(n.eventID); out.date(n.date); out.shared(n.text); out.shared(n.actor)
        }
        out.count(record.reopenings.count)
        for day in record.reopenings { out.date(day) }
        out.count(record.undone.count)
        for id in record.undone.sorted() { out.string(id) }
        out.count(record.conflicts.count)
        for c in record.conflicts {
            out.shared(c.field); out.json(c.kept); out.shared(c.keptBy); out.json(c.overwritten); out.shared(c.overwrittenBy)
            out.string(c.eventID)
        }
        out.count(record.idCollisions.count)
        for event in record.idCollisions { SnapshotEventCodec.encode(event, writers: writers, into: &out) }
    }

    static func decode(_ input: inout SnapshotDecoder, caseID: String, writers: [String]) throws(SnapshotError) -> CaseRecord {
        let kind = try input.choice(in: SnapshotChoices.kinds)
        let person = try decodePerson(&input)
        let education = try input.optionalShared()
        let details = try decodeDetails(&input)
        guard details.kind == kind else { throw SnapshotError("a case's details are not of its kind") }
        var record = CaseRecord(id: caseID, kind: kind, person: person, education: education, details: details,
                                counsellor: try input.shared(), opened: try input.date(),
                                status: try input.choice(in: SnapshotChoices.statuses), closeReason: try input.optionalShared())
        if try input.bool() {
            guard case .object(let source) = try input.json() else { throw SnapshotError("a case's source is not an object") }
            record.source = source
        }
        record.contacts = try input.list { (input) throws(SnapshotError) in
            ContactEntry(order: try input.number(), eventID: try input.string(), date: try input.date(),
                         channel: try input.choice(in: SnapshotChoices.channels), reached: try input.bool(), note: try input.shared(),
                         actor: try input.shared())
        }
        record.services = try input.list { (input) throws(SnapshotError) in
            ServiceEntry(order: try input.number(), eventID: try input.string(), date: try input.date(),
                         kind: try input.choice(in: SnapshotChoices.services), employer: try input.optionalShared(),
                         position: try input.optionalShared(), note: try input.optionalShared(), ends: try input.optionalDate(),
                         actor: try input.shared())
        }
        record.outcomes = try input.list { (input) throws(SnapshotError) in
            OutcomeEntry(order: try input.number(), eventID: try input.string(), date: try input.date(), recordedOn: try input.date(),
                         kind: try input.choice(in: SnapshotChoices.outcomes), employer: try input.optionalShared(),
                         actor: try input.shared())
        }
        record.followUps = try input.list { (input) throws(SnapshotError) in
            FollowUpEntry(order: try input.number(), eventID: try input.string(), date: try input.date(), setOn: try input.date(),
                          note: try input.optionalShared())
        }
        record.snoozes = try input.list { (input) throws(SnapshotError) in
            SnoozeEntry(order: try input.number(), eventID: try input.string(), rule: try input.shared(), until: try input.date(),
                        reason: try input.shared(), actor: try input.shared(), on: try input.date())
        }
        record.notes = try input.list { (input) throws(SnapshotError) in
            NoteEntry(order: try input.number(), eventID: try input.string(), date: try input.date(), text: try input.shared(),
                      actor: try input.shared())
        }
        record.reopenings = try input.list { (input) throws(SnapshotError) in try input.date() }
        record.undone = Set(try input.list { (input) throws(SnapshotError) in try input.string() })
        record.conflicts = try input.list { (input) throws(SnapshotError) in
            CorrectionConflict(field: try input.shared(), kept: try input.json(), keptBy: try input.shared(),
                               overwritten: try input.json(), overwrittenBy: try input.shared(), eventID: try input.string())
        }
        record.idCollisions = try input.list { (input) throws(SnapshotError) in
            try SnapshotEventCodec.decode(&input, caseID: caseID, writers: writers)
        }
        return record
    }

    // MARK: Person and details

    static func encode(_ person: Person, into out: inout SnapshotEncoder) {
        out.string(person.name)
        out.string(person.residentID.value)
        out.optionalString(person.phone?.value)
        out.optionalShared(person.hukouAddress)
        out.optionalShared(person.community)
        switch person.protection {
        case .plain: out.count(0)
        case .sealed(let key, let box): out.count(1); out.string(key); out.string(box)
        case .key(let key): out.count(2); out.string(key)
        case .erased(let key): out.count(3); out.string(key)
        case .keyMissing(let key): out.count(4); out.string(key)
        }
    }

    static func decodePerson(_ input: inout SnapshotDecoder) throws(SnapshotError) -> Person {
        let name = try input.string()
        let residentID = ResidentID(unchecked: try input.string())
        let phone = try input.optionalString().map(PhoneNumber.init(unchecked:))
        let hukou = try input.optionalShared(), community = try input.optionalShared()
        let protection: PersonProtection
        switch try input.count() {
        case 0: protection = .plain
        case 1: protection = .sealed(key: try input.string(), box: try input.string())
        case 2: protection = .key(try input.string())
        case 3: protection = .erased(key: try input.string())
        case 4: protection = .keyMissing(key: try input.string())
        default: throw SnapshotError("a person's protection is unknown")
        }
        return Person(name: name, residentID: residentID, phone: phone, hukouAddress: hukou, community: community, protection: protection)
    }

    static func encode(_ details: CaseDetails, into out: inout SnapshotEncoder) {
        switch details {
        case .graduate(let g):
            out.count(0)
            out.shared(g.school); out.shared(g.major); out.choice(g.degree, in: SnapshotChoices.degrees); out.date(g.graduated)
            out.bool(g.leftWithoutJob); encode(g.intention, into: &out)
            out.count(g.difficulty.count)
            for reason in g.difficulty { out.choice(reason, in: SnapshotChoices.graduateDifficulties) }
        case .difficulty(let d):
            out.count(1)
            out.count(d.categories.count)
            for category in d.categories { out.choice(category, in: SnapshotChoices.difficultyCategories) }
            out.date(d.identified); out.optionalString(d.certificate); out.optionalString(d.household)
        case .unemployed(let u):
            out.count(2)
            out.date(u.registered); out.optionalString(u.registrationNumber); out.optionalShared(u.previousEmployer)
            out.optionalShared(u.industry); out.optionalDate(u.benefitUntil); encode(u.intention, into: &out)
        }
    }

    static func decodeDetails(_ input: inout SnapshotDecoder) throws(SnapshotError) -> CaseDetails {
        switch try input.count() {
        case 0:
            let school = try input.shared(), major = try input.shared()
            let degree = try input.choice(in: SnapshotChoices.degrees), graduated = try input.date()
            let left = try input.bool(), intention = try decodeIntention(&input)
            let difficulty = try input.list { (input) throws(SnapshotError) in try input.choice(in: SnapshotChoices.graduateDifficulties) }
            return .graduate(GraduateDetails(school: school, major: major, degree: degree, graduated: graduated, leftWithoutJob: left,
                                             intention: intention, difficulty: difficulty))
        case 1:
            let categories = try input.list { (input) throws(SnapshotError) in try input.choice(in: SnapshotChoices.difficultyCategories) }
            return .difficulty(DifficultyDetails(categories: categories, identified: try input.date(),
                                                 certificate: try input.optionalString(), household: try input.optionalString()))
        case 2:
            return .unemployed(UnemployedDetails(registered: try input.date(), registrationNumber: try input.optionalString(),
                                                 previousEmployer: try input.optionalShared(), industry: try input.optionalShared(),
                                                 benefitUntil: try input.optionalDate(), intention: try decodeIntention(&input)))
        default:
            throw SnapshotError("a case's details are of an unknown kind")
        }
    }

    private static func encode(_ intention: EmploymentIntention, into out: inout SnapshotEncoder) {
        out.optionalShared(intention.sector); out.optionalShared(intention.place); out.optionalShared(intention.salary)
    }

    private static func decodeIntention(_ input: inout SnapshotDecoder) throws(SnapshotError) -> EmploymentIntention {
        EmploymentIntention(sector: try input.optionalShared(), place: try input.optionalShared(), salary: try input.optionalShared())
    }
}

/// The closed sets a snapshot stores by position, read once.
enum SnapshotChoices {
    static let kinds = CaseKind.allCases
    static let statuses = CaseStatus.allCases
    static let degrees = Degree.allCases
    static let graduateDifficulties = GraduateDifficulty.allCases
    static let difficultyCategories = DifficultyCategory.allCases
    static let channels = ContactChannel.allCases
    static let services = ServiceKind.allCases
    static let outcomes = OutcomeKind.allCases

    /// A hash of every value above in order (FNV-1a, 32 bits): a build whose sets differ (a
    /// channel added, say) reads a snapshot written by another build as unusable, not as wrong.
    static let fingerprint: UInt32 = {
        var hash: UInt32 = 0x811C_9DC5
        let names = [kinds.map(\.rawValue), statuses.map(\.rawValue), degrees.map(\.rawValue), graduateDifficulties.map(\.rawValue),
                     difficultyCategories.map(\.rawValue), channels.map(\.rawValue), services.map(\.rawValue), outcomes.map(\.rawValue)]
        for byte in names.map({ $0.joined(separator: ",") }).joined(separator: ";").utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return hash
    }()
}

extension SnapshotEncoder {
    mutating func choice<T: Equatable>(_ value: T, in table: [T]) { count(table.firstIndex(of: value)!) }

    mutating func json(_ value: JSONValue) {
        var text: [UInt8] = []
        JSONWriter.write(value, into: &text)
        count(text.count)
        bytes.append(contentsOf: text)
    }
}

extension SnapshotDecoder {
    mutating func choice<T>(in table: [T]) throws(SnapshotError) -> T {
        let index = try count()
        guard index < table.count else { throw SnapshotError("a value is out of its set") }
        return table[index]
    }

    mutating func json() throws(SnapshotError) -> JSONValue {
        let text = try bytes(try count())
        guard let value = try? JSONParser.parse(text) else { throw SnapshotError("a JSON value does not parse") }
        return value
    }

    /// A count, then that many elements read by `element`.
    mutating func list<T>(_ element: (inout SnapshotDecoder) throws(SnapshotError) -> T) throws(SnapshotError) -> [T] {
        let count = try count()
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try element(&self)) }
        return items
    }
}
