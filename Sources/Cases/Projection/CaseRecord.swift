/// A case as it stands after folding its events in merged order.
///
/// Entries keep `order`, their position in the case's event list, so rules can ask
/// "was there a contact after this follow-up was set?" without comparing timestamps.
public struct CaseRecord: Sendable, Identifiable, Equatable {
    public let id: String
    public var kind: CaseKind
    /// The person, education, details and source: set when the case opens and changed only by a
    /// correction, so they sit behind one reference. A record is then about 200 bytes instead of
    /// 440, and a table of 100,000 of them is half the memory to fill on every open.
    private var identity: CaseIdentity
    public var person: Person {
        // Borrowed, not copied: a getter would hand every reader in another module a copy,
        // retaining each of its strings.
        _read { yield identity.person }
        set { identity = CaseIdentity(person: newValue, education: identity.education, details: identity.details, source: identity.source) }
    }
    public var education: String? {
        _read { yield identity.education }
        set { identity = CaseIdentity(person: identity.person, education: newValue, details: identity.details, source: identity.source) }
    }
    public var details: CaseDetails {
        _read { yield identity.details }
        set { identity = CaseIdentity(person: identity.person, education: identity.education, details: newValue, source: identity.source) }
    }
    /// Where the case came from, e.g. an imported roster's file name and hash.
    public var source: JSONObject? {
        _read { yield identity.source }
        set { identity = CaseIdentity(person: identity.person, education: identity.education, details: identity.details, source: newValue) }
    }
    public var counsellor: String
    public var opened: LocalDate
    public var status: CaseStatus = .open
    public var closeReason: String?

    public var contacts: [ContactEntry] = []
    public var services: [ServiceEntry] = []
    public var outcomes: [OutcomeEntry] = []
    public var followUps: [FollowUpEntry] = []
    public var snoozes: [SnoozeEntry] = []
    public var notes: [NoteEntry] = []
    /// Reopen history: the date each reopen happened.
    public var reopenings: [LocalDate] = []
    /// Every event of the case in merged order, undone ones included (the timeline shows them
    /// struck). After a warm open they stay encoded in the snapshot until first read.
    public var events = CaseEvents()
    /// Ids of events a later `event_undone` cancelled.
    public var undone: Set<String> = []
    /// Field-level corrections that overwrote a value written by another writer.
    public var conflicts: [CorrectionConflict] = []
    /// Later `case_opened` events under this id for a different person or kind: two laptops
    /// drew the same random id while apart. They stay in the journal and are listed, never
    /// silently folded into this case.
    public var idCollisions: [Event] = []

    public init(id: String, kind: CaseKind, person: Person, education: String? = nil, details: CaseDetails, counsellor: String,
                opened: LocalDate, status: CaseStatus = .open, closeReason: String? = nil, source: JSONObject? = nil) {
        self.id = id
        self.kind = kind
        identity = CaseIdentity(person: person, education: education, details: details, source: source)
        self.counsellor = counsellor
        self.opened = opened
        self.status = status
        self.closeReason = closeReason
    }

    /// The latest placing outcome while the case is placed.
    public var placement: OutcomeEntry? {
        guard status == .placed else { return nil }
        return outcomes.last(where: { $0.kind.isPlacement })
    }

    public var lastContact: ContactEntry? { contacts.max(by: { ($0.date, $0.order) < ($1.date, $1.order) }) }

    /// The follow-up date set most recently, if no contact has been logged since it was set.
    public var pendingFollowUp: FollowUpEntry? {
        guard let latest = followUps.last else { return nil }
        let contactedSince = contacts.contains { $0.order > latest.order }
        return contactedSince ? nil : latest
    }

    public var residentID: ResidentID { identity.person.residentID }
    public var name: String { person.name }

    /// One-line kind-specific summary: school/major, categories, or registration date.
    public func summary(chinese: Bool) -> String {
        switch details {
        case .graduate(let g): return "\(g.school) · \(g.major)"
        case .difficulty(let d): return d.categories.map { $0.label(chinese: chinese) }.joined(separator: chinese ? "、" : ", ")
        case .unemployed(let u): return (chinese ? "登记 " : "reg. ") + u.registered.iso
        }
    }
}

/// What a case is about, shared by copies of its record until a correction replaces it.
final class CaseIdentity: Sendable, Equatable {
    let person: Person
    let education: String?
    let details: CaseDetails
    let source: JSONObject?

    init(person: Person, education: String?, details: CaseDetails, source: JSONObject?) {
        self.person = person
        self.education = education
        self.details = details
        self.source = source
    }

    static func == (lhs: CaseIdentity, rhs: CaseIdentity) -> Bool {
        lhs === rhs || (lhs.person == rhs.person && lhs.education == rhs.education && lhs.details == rhs.details && lhs.source == rhs.source)
    }
}

public struct ContactEntry: Hashable, Sendable {
    public var order: Int
    public var eventID: String
    public var date: LocalDate
    public var channel: ContactChannel
    public var reached: Bool
    public var note: String
    public var actor: String

    public init(order: Int, eventID: String, date: LocalDate, channel: ContactChannel, reached: Bool, note: String, actor: String) {
        self.order = order
        self.eventID = eventID
        self.date = date
        self.channel = channel
        self.reached = reached
        self.note = note
        self.actor = actor
    }
}

public struct ServiceEntry: Hashable, Sendable {
    public var order: Int
    public var eventID: String
    public var date: LocalDate
    public var kind: ServiceKind
    public var employer: String?
    public var position: String?
    public var note: String?
    public var ends: LocalDate?
    public var actor: String

    public init(order: Int, eventID: String, date: LocalDate, kind: ServiceKind, employer: String?, position: String?, note: String?, ends: LocalDate?, actor: String) {
        self.order = order
        self.eventID = eventID
        self.date = date
        self.kind = kind
        self.employer = employer
        self.position = position
        self.note = note
        self.ends = ends
        self.actor = actor
    }
}

public struct OutcomeEntry: Hashable, Sendable {
    public var order: Int
    public var eventID: String
    /// The outcome's own date, which counts for targets.
    public var date: LocalDate
    /// The day it was recorded.
    public var recordedOn: LocalDate
    public var kind: OutcomeKind
    public var employer: String?
    public var actor: String

    public init(order: Int, eventID: String, date: LocalDate, recordedOn: LocalDate, kind: OutcomeKind, employer: String?, actor: String) {
        self.order = order
        self.eventID = eventID
        self.date = date
        self.recordedOn = recordedOn
        self.kind = kind
        self.employer = employer
        self.actor = actor
    }
}

public struct FollowUpEntry: Hashable, Sendable {
    public var order: Int
    public var eventID: String
    public var date: LocalDate
    public var setOn: LocalDate
    public var note: String?

    public init(order: Int, eventID: String, date: LocalDate, setOn: LocalDate, note: String?) {
        self.order = order
        self.eventID = eventID
        self.date = date
        self.setOn = setOn
        self.note = note
    }
}

public struct SnoozeEntry: Hashable, Sendable {
    public var order: Int
    public var eventID: String
    public var rule: String
    public var until: LocalDate
    public var reason: String
    public var actor: String
    public var on: LocalDate

    public init(order: Int, eventID: String, rule: String, until: LocalDate, reason: String, actor: String, on: LocalDate) {
        self.order = order
        self.eventID = eventID
        self.rule = rule
        self.until = until
        self.reason = reason
        self.actor = actor
        self.on = on
    }
}

public struct NoteEntry: Hashable, Sendable {
    public var order: Int
    public var eventID: String
    public var date: LocalDate
    public var text: String
    public var actor: String

    public init(order: Int, eventID: String, date: LocalDate, text: String, actor: String) {
        self.order = order
        self.eventID = eventID
        self.date = date
        self.text = text
        self.actor = actor
    }
}

/// Two writers corrected the same field; the later one (merged order) won.
public struct CorrectionConflict: Hashable, Sendable {
    public var field: String
    public var kept: JSONValue
    public var keptBy: String
    public var overwritten: JSONValue
    public var overwrittenBy: String
    public var eventID: String

    public init(field: String, kept: JSONValue, keptBy: String, overwritten: JSONValue, overwrittenBy: String, eventID: String) {
        self.field = field
        self.kept = kept
        self.keptBy = keptBy
        self.overwritten = overwritten
        self.overwrittenBy = overwrittenBy
        self.eventID = eventID
    }
}

extension CorrectionConflict {
    /// A conflicting value as text for screens and exports: ID numbers and phones masked
    /// unless the caller is showing personal data on purpose (and has audited it).
    public static func display(_ value: JSONValue, field: String, unmasked: Bool = false) -> String {
        guard !unmasked, let text = value.stringValue else { return value.stringValue ?? JSONWriter.string(value) }
        switch field {
        case "person.id_number": return ResidentID(unchecked: text).masked
        case "person.phone": return PhoneNumber(unchecked: text).masked
        default: return text
        }
    }

    public func keptText(unmasked: Bool = false) -> String { Self.display(kept, field: field, unmasked: unmasked) }
    public func overwrittenText(unmasked: Bool = false) -> String { Self.display(overwritten, field: field, unmasked: unmasked) }
}
