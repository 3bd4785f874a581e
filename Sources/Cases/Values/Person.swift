/// The person a case is about. Every field here is personal data: it travels in the
/// event's `person` object so the privacy layer can encrypt it as one unit.
public struct Person: Hashable, Sendable {
    public var name: String
    public var residentID: ResidentID
    public var phone: PhoneNumber?
    /// Household registration (户籍) address.
    public var hukouAddress: String?
    /// Current community or street (现居住社区/街道).
    public var community: String?
    /// How these fields are kept in the journal: in the clear (lines written before
    /// encryption) or sealed under a per-person key. See `PersonProtection`.
    public var protection: PersonProtection

    public init(name: String, residentID: ResidentID, phone: PhoneNumber? = nil, hukouAddress: String? = nil, community: String? = nil,
                protection: PersonProtection = .plain) {
        self.name = name
        self.residentID = residentID
        self.phone = phone
        self.hukouAddress = hukouAddress
        self.community = community
        self.protection = protection
    }

    /// The person as shown once their key is gone: no name, number or phone. The resident
    /// id is replaced by a value unique to the key, so reports still count them once.
    public static func erased(key: String, missing: Bool) -> Person {
        Person(name: missing ? "⚠ key missing" : "[erased]", residentID: ResidentID(unchecked: ResidentID.erasedPrefix + key),
               protection: missing ? .keyMissing(key: key) : .erased(key: key))
    }

    /// Whether the personal fields are unreadable (erased, or a key that should be there is not).
    public var isErased: Bool {
        switch protection {
        case .erased, .keyMissing: true
        default: false
        }
    }

    public var sex: ResidentID.Sex? { residentID.sex }
    public var birthDate: LocalDate? { residentID.birthDate }

    /// Validates a person's name: any Unicode, trimmed, not empty, at most 40 characters.
    public static func validateName(_ text: String, field: String = "name") throws(ValidationError) -> String {
        let name = text.trimmingWhitespace()
        guard !name.isEmpty else { throw ValidationError(field: field, "is required") }
        guard name.count <= 40 else { throw ValidationError(field: field, "is longer than 40 characters") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError(field: field, "contains a control character")
        }
        return name
    }
}

/// How a person's fields are stored in the journal.
///
/// Lines written since encryption carry `"person":{"key":"K-…","sealed":"…"}`: the fields,
/// AES-GCM sealed under that person's key from the key store (`keys/`). The journal layer
/// opens them at read time; destroying the key erases the person without touching a line.
public enum PersonProtection: Hashable, Sendable {
    /// Written in the clear (before encryption): cannot be erased by destroying a key.
    case plain
    /// As read from disk, not yet opened: `box` is base64 of nonce, ciphertext and tag.
    case sealed(key: String, box: String)
    /// Opened with its key, or new and to be sealed under it.
    case key(String)
    /// The key was destroyed by `caseload erase`: the fields are gone for good.
    case erased(key: String)
    /// Neither the key nor a record of its destruction is in the key store: loud, see `verify`.
    case keyMissing(key: String)

    /// The key id, when there is one.
    public var keyID: String? {
        switch self {
        case .plain: nil
        case .sealed(let key, _), .key(let key), .erased(let key), .keyMissing(let key): key
        }
    }
}

/// What a job seeker hopes for (就业意向).
public struct EmploymentIntention: Hashable, Sendable {
    public var sector: String?
    public var place: String?
    public var salary: String?

    public init(sector: String? = nil, place: String? = nil, salary: String? = nil) {
        self.sector = sector
        self.place = place
        self.salary = salary
    }

    public var isEmpty: Bool { sector == nil && place == nil && salary == nil }
    public var summary: String { [sector, place, salary].compactMap { $0 }.joined(separator: " · ") }
}

public struct GraduateDetails: Hashable, Sendable {
    public var school: String
    public var major: String
    public var degree: Degree
    public var graduated: LocalDate
    /// Left school without a job (离校未就业): most graduate cases.
    public var leftWithoutJob: Bool
    public var intention: EmploymentIntention
    /// Reasons this is a graduate in difficulty (困难毕业生); empty when not.
    public var difficulty: [GraduateDifficulty]

    public init(school: String, major: String, degree: Degree, graduated: LocalDate, leftWithoutJob: Bool = true,
                intention: EmploymentIntention = .init(), difficulty: [GraduateDifficulty] = []) {
        self.school = school
        self.major = major
        self.degree = degree
        self.graduated = graduated
        self.leftWithoutJob = leftWithoutJob
        self.intention = intention
        self.difficulty = difficulty
    }
}

public struct DifficultyDetails: Hashable, Sendable {
    public var categories: [DifficultyCategory]
    /// The date the person was officially identified (认定日期).
    public var identified: LocalDate
    public var certificate: String?
    /// Household id, shared by members of one zero-employment household.
    public var household: String?

    public init(categories: [DifficultyCategory], identified: LocalDate, certificate: String? = nil, household: String? = nil) {
        self.categories = categories
        self.identified = identified
        self.certificate = certificate
        self.household = household
    }
}

public struct UnemployedDetails: Hashable, Sendable {
    public var registered: LocalDate
    public var registrationNumber: String?
    public var previousEmployer: String?
    public var industry: String?
    public var benefitUntil: LocalDate?
    public var intention: EmploymentIntention

    public init(registered: LocalDate, registrationNumber: String? = nil, previousEmployer: String? = nil,
                industry: String? = nil, benefitUntil: LocalDate? = nil, intention: EmploymentIntention = .init()) {
        self.registered = registered
        self.registrationNumber = registrationNumber
        self.previousEmployer = previousEmployer
        self.industry = industry
        self.benefitUntil = benefitUntil
        self.intention = intention
    }
}

/// Kind-specific details of a case.
public enum CaseDetails: Hashable, Sendable {
    case graduate(GraduateDetails)
    case difficulty(DifficultyDetails)
    case unemployed(UnemployedDetails)

    public var kind: CaseKind {
        switch self {
        case .graduate: .graduate
        case .difficulty: .difficulty
        case .unemployed: .unemployed
        }
    }

    public var graduate: GraduateDetails? { if case .graduate(let d) = self { d } else { nil } }
    public var difficulty: DifficultyDetails? { if case .difficulty(let d) = self { d } else { nil } }
    public var unemployed: UnemployedDetails? { if case .unemployed(let d) = self { d } else { nil } }

    /// The household id used by the zero-employment clearance rule.
    public var household: String? { difficulty?.household }
}
