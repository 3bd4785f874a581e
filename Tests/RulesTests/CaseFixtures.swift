import Cases
@testable import Rules

/// Shorthand for dates in tests: `d("2026-02-14")`.
func d(_ iso: String) -> LocalDate {
    guard let date = LocalDate(iso: iso) else { fatalError("bad test date \(iso)") }
    return date
}

/// Writes events for test cases. Events are recorded in the order they are
/// written (the merged order), whatever their effective dates.
final class Journal {
    private(set) var events: [Event] = []
    private var counter: Int64 = 0
    private var residents = 0

    /// A distinct 18-character resident ID number per call.
    func nextResident() -> String {
        residents += 1
        let n = String(residents)
        return "371602199001" + String(repeating: "0", count: 6 - n.count) + n
    }

    func append(_ caseID: String, on date: LocalDate, _ body: EventBody) {
        events.append(make(caseID, on: date, body))
    }

    /// The next event in merged order, without keeping it.
    func make(_ caseID: String, on date: LocalDate, _ body: EventBody) -> Event {
        counter += 1
        return Event(
            id: "E\(counter)", writer: "test", seq: Int(counter),
            recorded: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000 + counter * 1000, offsetMinutes: 480),
            effective: date, actor: "counsellor", caseID: caseID, body: body)
    }

    var caseload: Caseload { Caseload(events: events) }

    func record(_ id: String) -> CaseRecord {
        guard let record = caseload[id] else { fatalError("no case \(id)") }
        return record
    }
}

/// Builds one case's events fluently.
struct CaseScript {
    let journal: Journal
    let id: String

    @discardableResult
    init(_ journal: Journal, _ id: String, opened: LocalDate, details: CaseDetails, resident: String? = nil) {
        self.journal = journal
        self.id = id
        let residentID = ResidentID(unchecked: resident ?? journal.nextResident())
        let person = Person(name: "测试\(id)", residentID: residentID)
        journal.append(id, on: opened, .caseOpened(CaseOpened(counsellor: "counsellor", person: person, details: details)))
    }

    @discardableResult
    func contact(_ date: LocalDate, reached: Bool = true, next: LocalDate? = nil) -> Self {
        journal.append(id, on: date, .contactLogged(ContactLogged(channel: .phone, reached: reached, note: "n", next: next)))
        return self
    }

    @discardableResult
    func service(_ kind: ServiceKind, _ date: LocalDate, ends: LocalDate? = nil, employer: String? = nil) -> Self {
        journal.append(id, on: date, .serviceRecorded(ServiceRecorded(kind: kind, employer: employer, ends: ends)))
        return self
    }

    @discardableResult
    func followUp(_ date: LocalDate, setOn: LocalDate) -> Self {
        journal.append(id, on: setOn, .followUpScheduled(date: date, note: nil))
        return self
    }

    @discardableResult
    func outcome(_ kind: OutcomeKind, _ date: LocalDate, recordedOn: LocalDate? = nil) -> Self {
        journal.append(id, on: recordedOn ?? date, .outcomeRecorded(OutcomeRecorded(kind: kind, employer: "滨州某公司", date: date)))
        return self
    }

    @discardableResult
    func snooze(_ rule: RuleID, until: LocalDate, on: LocalDate) -> Self {
        journal.append(id, on: on, .flagSnoozed(rule: rule.rawValue, until: until, reason: "test"))
        return self
    }

    @discardableResult
    func close(_ date: LocalDate) -> Self {
        journal.append(id, on: date, .caseClosed(reason: "test"))
        return self
    }

    @discardableResult
    func reopen(_ date: LocalDate) -> Self {
        journal.append(id, on: date, .caseReopened(reason: nil))
        return self
    }

    var record: CaseRecord { journal.record(id) }
}

func graduate(graduated: LocalDate, leftWithoutJob: Bool = true) -> CaseDetails {
    .graduate(GraduateDetails(school: "滨州学院", major: "会计", degree: .bachelor, graduated: graduated,
                              leftWithoutJob: leftWithoutJob))
}

func difficulty(_ categories: [DifficultyCategory] = [.age_4050], identified: LocalDate, household: String? = nil) -> CaseDetails {
    .difficulty(DifficultyDetails(categories: categories, identified: identified, household: household))
}

func unemployed(registered: LocalDate, benefitUntil: LocalDate? = nil) -> CaseDetails {
    .unemployed(UnemployedDetails(registered: registered, benefitUntil: benefitUntil))
}

/// Flags of one rule for a case (in its caseload context) on `today`.
func flags(
    _ rule: RuleID, _ journal: Journal, _ id: String, today: LocalDate, policy: Policy = .default
) -> [Flag] {
    RuleEngine.flags(for: journal.caseload, policy: policy, calendar: .china, today: today)
        .filter { $0.caseID == id && $0.rule == rule }
}

/// A boundary expectation: on `today`, the rule's flag has this severity and
/// days overdue, or there is none (`severity == nil`).
struct Expect {
    let today: String
    let severity: Severity?
    let daysOverdue: Int

    init(_ today: String, _ severity: Severity?, _ daysOverdue: Int = 0) {
        self.today = today
        self.severity = severity
        self.daysOverdue = daysOverdue
    }
}
