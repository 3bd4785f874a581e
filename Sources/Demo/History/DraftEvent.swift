import Cases

/// One event of a case before it has a time of day, an id, an actor or a writer.
struct DraftEvent {
    /// The day it happened (the event's `effective` date).
    var day: Int
    /// Order among the case's events on the same day.
    var rank: Rank
    var body: EventBody
    /// Working days between the day it happened and the day it was logged.
    var lateDays = 0
    /// Whether a contact may set a next follow-up date (not the ones that close a chapter:
    /// a placement report, a post-placement check, the last call before giving up).
    var mayScheduleNext = true

    /// Same-day order: the opening first, a contact before what it led to, closure last.
    enum Rank: UInt8, Comparable {
        case opened, reopened, contact, followUp, service, outcome, note, snooze, reassigned, closed

        static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    init(day: Int, rank: Rank, body: EventBody) {
        self.day = day
        self.rank = rank
        self.body = body
    }

    static func contact(_ day: Int, _ channel: ContactChannel, reached: Bool = true, note: String,
                        next: LocalDate? = nil, final: Bool = false) -> DraftEvent {
        var draft = DraftEvent(day: day, rank: .contact,
                               body: .contactLogged(ContactLogged(channel: channel, reached: reached, note: note, next: next)))
        draft.mayScheduleNext = !final && next == nil
        return draft
    }

    static func service(_ day: Int, _ kind: ServiceKind, employer: String? = nil, position: String? = nil,
                        note: String? = nil, ends: LocalDate? = nil) -> DraftEvent {
        DraftEvent(day: day, rank: .service,
                   body: .serviceRecorded(ServiceRecorded(kind: kind, employer: employer, position: position, note: note, ends: ends)))
    }

    var isContact: Bool { if case .contactLogged = body { true } else { false } }
}

/// A case's events apart from its regular contacts, and the stretches of time those
/// contacts are to fill (exclusive of both ends, which already hold pinned contacts).
struct CaseSkeleton {
    var drafts: [DraftEvent] = []
    var gaps: [ContactGap] = []

    struct ContactGap {
        var from: Int
        var to: Int
        /// Contacts just before giving up on an unreachable person go unanswered.
        var unansweredAtEnd = false
    }

    var gapDays: Int { gaps.reduce(0) { $0 + max(0, $1.to - $1.from - 1) } }
}
