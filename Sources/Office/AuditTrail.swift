import Cases

/// The audit trail: every reveal of an ID number or phone (on screen, `--unmasked` exports),
/// every report run, every reassignment, merge and erasure, as journal events.
public enum AuditTrail {
    /// The event types that make up the trail.
    public static let types: Set<String> = ["personal_data_revealed", "report_run", "case_reassigned", "cases_merged", "person_erased"]

    public struct Filter: Sendable {
        public var who: String?
        /// Days compare with the event's `on` date (the real day unless a command ran with `--today`).
        public var from: LocalDate?
        public var to: LocalDate?
        public var caseID: String?

        public init(who: String? = nil, from: LocalDate? = nil, to: LocalDate? = nil, caseID: String? = nil) {
            self.who = who
            self.from = from
            self.to = to
            self.caseID = caseID
        }

        public func matches(_ event: Event) -> Bool {
            guard AuditTrail.types.contains(event.type) else { return false }
            if let who, event.actor != who { return false }
            if let from, event.effective < from { return false }
            if let to, event.effective > to { return false }
            if let caseID, event.caseID != caseID { return false }
            return true
        }
    }

    /// The matching events, in merged order.
    public static func entries(_ events: [Event], _ filter: Filter) -> [Event] {
        events.filter(filter.matches)
    }
}
