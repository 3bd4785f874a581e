/// One fact that happened, as read from or written to a journal line.
///
/// `recorded` is the real time the line was written; `effective` is the day the fact
/// happened (the day of a contact logged late, or `--today` in a reproducible run).
public struct Event: Hashable, Sendable {
    public var id: String
    /// The journal (desk or laptop) that wrote the event; empty until appended.
    public var writer: String
    /// Gapless per-writer sequence number, from 1; 0 until appended.
    public var seq: Int
    public var recorded: Timestamp
    public var effective: LocalDate
    /// The counsellor who did it.
    public var actor: String
    /// The case it concerns; empty for office-level events such as an unmasked export.
    public var caseID: String
    public var body: EventBody

    public init(id: String, writer: String = "", seq: Int = 0, recorded: Timestamp, effective: LocalDate,
                actor: String, caseID: String, body: EventBody) {
        self.id = id
        self.writer = writer
        self.seq = seq
        self.recorded = recorded
        self.effective = effective
        self.actor = actor
        self.caseID = caseID
        self.body = body
    }

    public var type: String { body.typeName }

    /// The merged order of all journals: timestamp, then writer, then sequence.
    /// Every desk that holds the same lines sorts them the same way.
    public static func mergedOrder(_ lhs: Event, _ rhs: Event) -> Bool {
        if lhs.recorded.millisecondsSinceEpoch != rhs.recorded.millisecondsSinceEpoch {
            return lhs.recorded.millisecondsSinceEpoch < rhs.recorded.millisecondsSinceEpoch
        }
        if lhs.writer != rhs.writer { return lhs.writer < rhs.writer }
        return lhs.seq < rhs.seq
    }
}

extension Event {
    /// What a slot holds once its event has been moved out (an open moves a million of them):
    /// an event with no strings or payload to retain or release. Never a real event.
    public static let vacated = Event(id: "", recorded: Timestamp(millisecondsSinceEpoch: 0, offsetMinutes: 0),
                                      effective: LocalDate(year: 2000, month: 1, day: 1)!, actor: "", caseID: "",
                                      body: .caseReopened(reason: nil))
}

public struct CaseOpened: Hashable, Sendable {
    public var kind: CaseKind
    public var counsellor: String
    public var person: Person
    public var education: String?
    public var details: CaseDetails
    /// Where the case came from, e.g. an imported roster's file name and hash.
    public var source: JSONObject?

    public init(counsellor: String, person: Person, education: String? = nil, details: CaseDetails, source: JSONObject? = nil) {
        self.kind = details.kind
        self.counsellor = counsellor
        self.person = person
        self.education = education
        self.details = details
        self.source = source
    }
}

public struct ContactLogged: Hashable, Sendable {
    public var channel: ContactChannel
    public var reached: Bool
    public var note: String
    /// The next follow-up the counsellor set (`--next`).
    public var next: LocalDate?

    public init(channel: ContactChannel, reached: Bool = true, note: String, next: LocalDate? = nil) {
        self.channel = channel
        self.reached = reached
        self.note = note
        self.next = next
    }
}

public struct ServiceRecorded: Hashable, Sendable {
    public var kind: ServiceKind
    public var employer: String?
    public var position: String?
    public var note: String?
    /// Planned end of a traineeship, or subsidy end of a public welfare post.
    public var ends: LocalDate?

    public init(kind: ServiceKind, employer: String? = nil, position: String? = nil, note: String? = nil, ends: LocalDate? = nil) {
        self.kind = kind
        self.employer = employer
        self.position = position
        self.note = note
        self.ends = ends
    }
}

public struct OutcomeRecorded: Hashable, Sendable {
    public var kind: OutcomeKind
    public var employer: String?
    /// The day the outcome took effect (the first working day, say); this, not the
    /// day it was recorded, is what targets and post-placement checks count from.
    public var date: LocalDate

    public init(kind: OutcomeKind, employer: String? = nil, date: LocalDate) {
        self.kind = kind
        self.employer = employer
        self.date = date
    }
}

/// A correction of the person or the case's details: only the fields it names change.
/// Keys are the journal's field names (`phone`, `school`, `categories`…).
public struct CaseCorrected: Hashable, Sendable {
    public var person: JSONObject
    public var details: JSONObject
    public var reason: String?

    public init(person: JSONObject = .init(), details: JSONObject = .init(), reason: String? = nil) {
        self.person = person
        self.details = details
        self.reason = reason
    }
}

/// What happened. Types this version does not know are kept whole as `.unknown`.
///
/// The large, less common payloads are `indirect` so an `Event` stays small: a caseload holds
/// a million of them, and they are copied as they are sorted into cases.
public enum EventBody: Hashable, Sendable {
    indirect case caseOpened(CaseOpened)
    case caseCorrected(CaseCorrected)
    case contactLogged(ContactLogged)
    indirect case serviceRecorded(ServiceRecorded)
    case followUpScheduled(date: LocalDate, note: String?)
    case outcomeRecorded(OutcomeRecorded)
    case caseReassigned(to: String, from: String?)
    case caseClosed(reason: String)
    case caseReopened(reason: String?)
    case noteAdded(text: String)
    /// Audit: personal data was shown unmasked (`fields`: `id_number`, `phone`) and where.
    case personalDataRevealed(fields: [String], purpose: String)
    indirect case flagSnoozed(rule: String, until: LocalDate, reason: String)
    /// A compensating event: the named event no longer counts.
    case eventUndone(eventID: String, reason: String?)
    /// Office-level: `caseload repair` moved bytes of a journal to quarantine, with consent.
    indirect case journalRepaired(journal: String, offset: Int, length: Int, quarantined: String)
    /// A supervisor merged this case, a probable duplicate, into `into`: it is closed and its events stay.
    case casesMerged(into: String, from: String)
    /// `caseload erase`: the person's keys (`keys`) were destroyed. PII-free: key ids, the
    /// reason, and which local files were scrubbed of plaintext (by kind and name only).
    case personErased(keys: [String], reason: String, scrubbed: [String])
    /// Audit: a supervisors' report was run (`scope`: office, team:T or counsellor:C).
    case reportRun(scope: String, format: String)
    case unknown(type: String, data: JSONObject)

    public var typeName: String {
        switch self {
        case .caseOpened: "case_opened"
        case .caseCorrected: "case_corrected"
        case .contactLogged: "contact_logged"
        case .serviceRecorded: "service_recorded"
        case .followUpScheduled: "follow_up_scheduled"
        case .outcomeRecorded: "outcome_recorded"
        case .caseReassigned: "case_reassigned"
        case .caseClosed: "case_closed"
        case .caseReopened: "case_reopened"
        case .noteAdded: "note_added"
        case .personalDataRevealed: "personal_data_revealed"
        case .flagSnoozed: "flag_snoozed"
        case .eventUndone: "event_undone"
        case .journalRepaired: "journal_repaired"
        case .casesMerged: "cases_merged"
        case .personErased: "person_erased"
        case .reportRun: "report_run"
        case .unknown(let type, _): type
        }
    }

    /// Every type this version understands, for documentation and tests.
    public static let knownTypes = [
        "case_opened", "case_corrected", "contact_logged", "service_recorded", "follow_up_scheduled",
        "outcome_recorded", "case_reassigned", "case_closed", "case_reopened", "note_added",
        "personal_data_revealed", "flag_snoozed", "event_undone", "journal_repaired", "cases_merged",
        "person_erased", "report_run",
    ]
}
