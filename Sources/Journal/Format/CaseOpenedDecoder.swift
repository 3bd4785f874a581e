import Cases

/// Reads the `data` of a `case_opened` line — the largest body, one line in ten — straight from
/// the line's bytes into its body, as `SimpleBodyDecoder` does for the commonest bodies: no JSON
/// tree of a dozen keys, four objects and their strings to build, search and free per case.
///
/// It gives exactly what `EventCodec.decode(type: "case_opened", data:)` gives for the parsed
/// object, or nil for anything it does not handle — an escape, whitespace, a number, a key twice,
/// bad UTF-8, a nested value where none is expected, a body the codec refuses — and the caller
/// then takes the general path. A sealed person stays sealed (`.sealed(key:box:)`), to be opened
/// by the key store with the rest, exactly as the codec leaves it.
enum CaseOpenedDecoder {
    /// A value as the codec reads it: a string's bytes (checked as UTF-8), a boolean, or null.
    private enum Value {
        case string(Range<Int>)
        case bool(Bool)
        case null
    }

    /// The fields of `person` the codec reads.
    private struct PersonFields {
        var key, sealed, name, idNumber, phone, hukou, community: Value?
    }

    /// The fields of `details` the codec reads for any kind: which it uses depends on `kind`,
    /// which may come after `details`.
    private struct DetailFields {
        var school, major, degree, graduated, leftWithoutJob: Value?
        var identified, certificate, household: Value?
        var registered, registrationNumber, previousEmployer, industry, benefitUntil: Value?
        /// nil when absent or not an object (the codec then reads an empty intention).
        var intention: IntentionFields?
        /// The strings of each array (other items the codec drops); nil when absent or not an array.
        var difficulty, categories: [Range<Int>]?
    }

    private struct IntentionFields {
        var sector, place, salary: Value?
    }

    /// Decodes the object at `index` (its `{`), moving past its `}`; nil leaves `index` alone.
    static func decode(_ line: UnsafeBufferPointer<UInt8>, at index: inout Int) -> EventBody? {
        var at = index
        var kind, counsellor, education: Value?
        var person: PersonFields?
        var details: DetailFields?
        var source: JSONObject?
        let read = object(line, &at) { name, at in
            switch name.count {
            case 4 where LineBytes.equal(name, "kind"): return simple(line, &at, into: &kind) ? 1 : nil
            case 10 where LineBytes.equal(name, "counsellor"): return simple(line, &at, into: &counsellor) ? 2 : nil
            case 9 where LineBytes.equal(name, "education"): return simple(line, &at, into: &education) ? 4 : nil
            case 6 where LineBytes.equal(name, "person"):
                guard let fields = self.person(line, &at) else { return nil }
                person = fields
                return 8
            case 7 where LineBytes.equal(name, "details"):
                guard let fields = self.details(line, &at) else { return nil }
                details = fields
                return 16
            case 6 where LineBytes.equal(name, "source"):
                guard let value = self.source(line, &at) else { return nil }
                source = value
                return 32
            default:
                var ignored: Value?
                return simple(line, &at, into: &ignored) ? 0 : nil
            }
        }
        guard read, let kindName = string(line, kind), let caseKind = CaseKind(rawValue: kindName),
              let counsellor = string(line, counsellor), let person, let details,
              let readPerson = self.person(line, person), let readDetails = self.details(line, details, kind: caseKind) else { return nil }
        index = at
        return .caseOpened(CaseOpened(counsellor: counsellor, person: readPerson, education: string(line, education),
                                      details: readDetails, source: source))
    }

    // MARK: The codec's readings

    /// A string only from a string.
    private static func string(_ line: UnsafeBufferPointer<UInt8>, _ value: Value?) -> String? {
        guard case .string(let range)? = value else { return nil }
        return text(line, range)
    }

    /// A string's bytes, already checked as UTF-8 when they were read.
    private static func text(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
    }

    private static func day(_ line: UnsafeBufferPointer<UInt8>, _ value: Value?) -> LocalDate? {
        guard case .string(let range)? = value else { return nil }
        return LocalDate(isoBytes: UnsafeBufferPointer(rebasing: line[range]))
    }

    /// `EventCodec.decodePerson`: sealed when `key` and `sealed` are both strings, else `name` and `id_number` in the clear.
    private static func person(_ line: UnsafeBufferPointer<UInt8>, _ fields: PersonFields) -> Person? {
        if let key = string(line, fields.key), let box = string(line, fields.sealed) {
            return Person(name: "", residentID: ResidentID(unchecked: ""), protection: .sealed(key: key, box: box))
        }
        guard let name = string(line, fields.name), let id = string(line, fields.idNumber) else { return nil }
        return Person(name: name, residentID: ResidentID(unchecked: id), phone: string(line, fields.phone).map(PhoneNumber.init(unchecked:)),
                      hukouAddress: string(line, fields.hukou), community: string(line, fields.community))
    }

    /// `EventCodec.decodeDetails`.
    private static func details(_ line: UnsafeBufferPointer<UInt8>, _ fields: DetailFields, kind: CaseKind) -> CaseDetails? {
        switch kind {
        case .graduate:
            guard let school = string(line, fields.school), let major = string(line, fields.major),
                  let degree = string(line, fields.degree).flatMap(Degree.init(rawValue:)),
                  let graduated = day(line, fields.graduated) else { return nil }
            let leftWithoutJob: Bool = if case .bool(let flag)? = fields.leftWithoutJob { flag } else { true }
            return .graduate(GraduateDetails(
                school: school, major: major, degree: degree, graduated: graduated, leftWithoutJob: leftWithoutJob,
                intention: intention(line, fields.intention),
                difficulty: (fields.difficulty ?? []).compactMap { GraduateDifficulty(rawValue: text(line, $0)) }))
        case .difficulty:
            guard let identified = day(line, fields.identified) else { return nil }
            let categories = (fields.categories ?? []).compactMap { DifficultyCategory(rawValue: text(line, $0)) }
            return .difficulty(DifficultyDetails(categories: categories, identified: identified,
                                                 certificate: string(line, fields.certificate), household: string(line, fields.household)))
        case .unemployed:
            guard let registered = day(line, fields.registered) else { return nil }
            return .unemployed(UnemployedDetails(
                registered: registered, registrationNumber: string(line, fields.registrationNumber),
                previousEmployer: string(line, fields.previousEmployer), industry: string(line, fields.industry),
                benefitUntil: day(line, fields.benefitUntil), intention: intention(line, fields.intention)))
        }
    }

    private static func intention(_ line: UnsafeBufferPointer<UInt8>, _ fields: IntentionFields?) -> EmploymentIntention {
        EmploymentIntention(sector: string(line, fields?.sector), place: string(line, fields?.place), salary: string(line, fields?.salary))
    }

    // MARK: Reading the bytes

    /// Walks the object at `at` (its `{`) to past its `}`: for each key, `field` gets the key's
    /// bytes with `at` on its value, reads the value, and returns the key's bit (0 for a key it
    /// does not read), or nil to decline. A key twice is declined, as the parser refuses it: the
    /// keys read are tracked by bit, the rare others in a list made only when one turns up.
    private static func object(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int,
                               _ field: (UnsafeBufferPointer<UInt8>, inout Int) -> UInt32?) -> Bool {
        guard at < line.count, line[at] == UInt8(ascii: "{") else { return false }
        at += 1
        if at < line.count, line[at] == UInt8(ascii: "}") {
            at += 1
            return true
        }
        var seen: UInt32 = 0
        var others: [Range<Int>] = []
        while true {
            guard let key = LineBytes.rawString(line, &at), JSONParser.isValidText(UnsafeBufferPointer(rebasing: line[key])),
                  at < line.count, line[at] == UInt8(ascii: ":") else { return false }
            at += 1
            let name = UnsafeBufferPointer(rebasing: line[key])
            guard let bit = field(name, &at) else { return false }
            if bit == 0 {
                guard !others.contains(where: { line[$0].elementsEqual(name) }) else { return false }
                others.append(key)
            } else {
                guard seen & bit == 0 else { return false }
                seen |= bit
            }
            guard at < line.count else { return false }
            if line[at] == UInt8(ascii: "}") {
                at += 1
                return true
            }
            guard line[at] == UInt8(ascii: ",") else { return false }
            at += 1
        }
    }

    /// One value: a string without escapes, `true`, `false` or `null`; false for anything else.
    /// Every string is checked as UTF-8, read or not: the general parser refuses bad UTF-8 anywhere.
    private static func simple(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int, into slot: inout Value?) -> Bool {
        guard at < line.count else { return false }
        switch line[at] {
        case UInt8(ascii: "\""):
            guard let range = LineBytes.rawString(line, &at), JSONParser.isValidText(UnsafeBufferPointer(rebasing: line[range])) else {
                return false
            }
            slot = .string(range)
        case UInt8(ascii: "t"):
            guard LineBytes.literal("true", line, &at) else { return false }
            slot = .bool(true)
        case UInt8(ascii: "f"):
            guard LineBytes.literal("false", line, &at) else { return false }
            slot = .bool(false)
        case UInt8(ascii: "n"):
            guard LineBytes.literal("null", line, &at) else { return false }
            slot = .null
        default:
            return false
        }
        return true
    }


    private static func person(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> PersonFields? {
        var fields = PersonFields()
        let read = object(line, &at) { name, at in
            switch name.count {
            case 3 where LineBytes.equal(name, "key"): return simple(line, &at, into: &fields.key) ? 1 : nil
            case 6 where LineBytes.equal(name, "sealed"): return simple(line, &at, into: &fields.sealed) ? 2 : nil
            case 4 where LineBytes.equal(name, "name"): return simple(line, &at, into: &fields.name) ? 4 : nil
            case 9 where LineBytes.equal(name, "id_number"): return simple(line, &at, into: &fields.idNumber) ? 8 : nil
            case 5 where LineBytes.equal(name, "phone"): return simple(line, &at, into: &fields.phone) ? 16 : nil
            case 5 where LineBytes.equal(name, "hukou"): return simple(line, &at, into: &fields.hukou) ? 32 : nil
            case 9 where LineBytes.equal(name, "community"): return simple(line, &at, into: &fields.community) ? 64 : nil
            default:
                var ignored: Value?
                return simple(line, &at, into: &ignored) ? 0 : nil
            }
        }
        return read ? fields : nil
    }

    private static func details(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> DetailFields? {
        var fields = DetailFields()
        let read = object(line, &at) { name, at in
            switch name.count {
            case 6 where LineBytes.equal(name, "school"): return simple(line, &at, into: &fields.school) ? 1 : nil
            case 5 where LineBytes.equal(name, "major"): return simple(line, &at, into: &fields.major) ? 2 : nil
            case 6 where LineBytes.equal(name, "degree"): return simple(line, &at, into: &fields.degree) ? 4 : nil
            case 9 where LineBytes.equal(name, "graduated"): return simple(line, &at, into: &fields.graduated) ? 8 : nil
            case 16 where LineBytes.equal(name, "left_without_job"): return simple(line, &at, into: &fields.leftWithoutJob) ? 16 : nil
            case 10 where LineBytes.equal(name, "identified"): return simple(line, &at, into: &fields.identified) ? 32 : nil
            case 11 where LineBytes.equal(name, "certificate"): return simple(line, &at, into: &fields.certificate) ? 64 : nil
            case 9 where LineBytes.equal(name, "household"): return simple(line, &at, into: &fields.household) ? 128 : nil
            case 10 where LineBytes.equal(name, "registered"): return simple(line, &at, into: &fields.registered) ? 256 : nil
            case 15 where LineBytes.equal(name, "registration_no"): return simple(line, &at, into: &fields.registrationNumber) ? 512 : nil
            case 17 where LineBytes.equal(name, "previous_employer"): return simple(line, &at, into: &fields.previousEmployer) ? 1024 : nil
            case 8 where LineBytes.equal(name, "industry"): return simple(line, &at, into: &fields.industry) ? 2048 : nil
            case 13 where LineBytes.equal(name, "benefit_until"): return simple(line, &at, into: &fields.benefitUntil) ? 4096 : nil
            case 9 where LineBytes.equal(name, "intention"):
                if at < line.count, line[at] == UInt8(ascii: "{") {
                    guard let intention = intention(line, &at) else { return nil }
                    fields.intention = intention
                } else {
                    var ignored: Value?
                    guard simple(line, &at, into: &ignored) else { return nil }
                }
                return 8192
            case 10 where LineBytes.equal(name, "difficulty"):
                guard let list = stringList(line, &at) else { return nil }
                fields.difficulty = list
                return 16384
            case 10 where LineBytes.equal(name, "categories"):
                guard let list = stringList(line, &at) else { return nil }
                fields.categories = list
                return 32768
            default:
                var ignored: Value?
                return simple(line, &at, into: &ignored) ? 0 : nil
            }
        }
        return read ? fields : nil
    }

    private static func intention(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> IntentionFields? {
        var fields = IntentionFields()
        let read = object(line, &at) { name, at in
            switch name.count {
            case 6 where LineBytes.equal(name, "sector"): return simple(line, &at, into: &fields.sector) ? 1 : nil
            case 5 where LineBytes.equal(name, "place"): return simple(line, &at, into: &fields.place) ? 2 : nil
            case 6 where LineBytes.equal(name, "salary"): return simple(line, &at, into: &fields.salary) ? 4 : nil
            default:
                var ignored: Value?
                return simple(line, &at, into: &ignored) ? 0 : nil
            }
        }
        return read ? fields : nil
    }

    /// An array of simple values, as the strings in it (the codec drops the rest); `.some(nil)`
    /// for a simple value that is not an array (the codec reads no list); nil to decline.
    private static func stringList(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> [Range<Int>]?? {
        guard at < line.count, line[at] == UInt8(ascii: "[") else {
            var ignored: Value?
            return simple(line, &at, into: &ignored) ? .some(nil) : nil
        }
        at += 1
        var strings: [Range<Int>] = []
        if at < line.count, line[at] == UInt8(ascii: "]") {
            at += 1
            return strings
        }
        while true {
            var item: Value?
            guard simple(line, &at, into: &item), at < line.count else { return nil }
            if case .string(let range)? = item { strings.append(range) }
            if line[at] == UInt8(ascii: "]") {
                at += 1
                return strings
            }
            guard line[at] == UInt8(ascii: ",") else { return nil }
            at += 1
        }
    }

    /// `source` through the general parser (it is rare, and any object): an object, or nil for
    /// another value, as the codec reads it. Deep nesting is declined, since the parser counts
    /// depth from the line and this from the value.
    private static func source(_ line: UnsafeBufferPointer<UInt8>, _ at: inout Int) -> JSONObject?? {
        var end = at
        guard let value = try? JSONParser.parseValue(in: line, at: &end), nesting(value) <= 16 else { return nil }
        at = end
        return .some(value.objectValue)
    }

    private static func nesting(_ value: JSONValue) -> Int {
        switch value {
        case .array(let items): 1 + items.reduce(0) { max($0, nesting($1)) }
        case .object(let object): 1 + object.reduce(0) { max($0, nesting($1.value)) }
        default: 0
        }
    }
}
