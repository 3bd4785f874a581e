import XCTest
import Cases

/// Shared helpers for the Cases tests: dates, valid resident ID numbers, validation-error
/// assertions, event builders and a canonical dump of a whole caseload.

/// A date from `YYYY-MM-DD`; fails the test (and returns the epoch) when the text is not a date.
func day(_ iso: String, file: StaticString = #filePath, line: UInt = #line) -> LocalDate {
    guard let date = LocalDate(iso: iso) else {
        XCTFail("'\(iso)' is not a date", file: file, line: line)
        return LocalDate(daysSinceEpoch: 0)
    }
    return date
}

/// A valid 18-character resident ID: the 17 digits given by the parts plus the right check character.
/// The default region 371602 is Bincheng District, Binzhou.
func makeResidentID(region: String = "371602", birth: String = "19900101", sequence: String = "123") -> String {
    let body = region + birth + sequence
    precondition(body.count == 17 && body.allSatisfy(\.isNumber), "17 digits expected, got \(body)")
    return body + String(ResidentID.checkCharacter(for: body.map { $0.wholeNumberValue! }))
}

/// Asserts that `body` throws a ValidationError for `field` whose message contains `message`.
func assertValidationError<T>(
    _ body: () throws(ValidationError) -> T, field: String, contains message: String,
    _ context: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    do {
        let value = try body()
        XCTFail("expected \(field): …\(message)…, got \(value) \(context())", file: file, line: line)
    } catch {
        XCTAssertEqual(error.field, field, "\(error) \(context())", file: file, line: line)
        XCTAssertTrue(error.message.contains(message), "'\(error.message)' lacks '\(message)' \(context())",
                      file: file, line: line)
    }
}

/// 2026-11-29 09:00 in Binzhou (+08:00) plus `minutes`.
func binzhouTime(minutes: Int = 0) -> Timestamp {
    Timestamp(millisecondsSinceEpoch: 1_795_914_000_000 + Int64(minutes) * 60_000, offsetMinutes: 480)
}

/// An event as a journal would hold it: writer and seq set, recorded `minutes` after 09:00.
func makeEvent(_ id: String, case caseID: String, _ body: EventBody, writer: String = "desk-01", seq: Int,
               minutes: Int, actor: String = "wangfang", on effective: LocalDate? = nil) -> Event {
    let recorded = binzhouTime(minutes: minutes)
    return Event(id: id, writer: writer, seq: seq, recorded: recorded, effective: effective ?? recorded.localDate,
                 actor: actor, caseID: caseID, body: body)
}

/// Builds events for one writer, numbering seq from 1 and advancing the clock a minute per event
/// unless told the minute.
struct EventScript {
    let writer: String
    let actor: String
    private(set) var seq = 0
    private(set) var events: [Event] = []

    init(writer: String, actor: String = "wangfang") {
        self.writer = writer
        self.actor = actor
    }

    @discardableResult
    mutating func add(_ caseID: String, _ body: EventBody, at minutes: Int, id: String? = nil) -> Event {
        seq += 1
        let event = makeEvent(id ?? "\(writer)-\(seq)", case: caseID, body, writer: writer, seq: seq,
                              minutes: minutes, actor: actor)
        events.append(event)
        return event
    }
}

/// Sample bodies used across tests.
enum Samples {
    static let graduateID = "11010519491231002X"
    static let otherID = "440524188001010014"

    static func person(_ id: String = makeResidentID(), name: String = "王芳", phone: String? = "13800138000") -> Person {
        Person(name: name, residentID: ResidentID(unchecked: id), phone: phone.map(PhoneNumber.init(unchecked:)),
               hukouAddress: "山东省滨州市滨城区黄河五路 1 号", community: "市中街道")
    }

    static func graduateOpened(id: String = makeResidentID(), counsellor: String = "wangfang") -> EventBody {
        .caseOpened(CaseOpened(
            counsellor: counsellor, person: person(id), education: "本科",
            details: .graduate(GraduateDetails(
                school: "滨州学院", major: "机械设计制造及其自动化", degree: .bachelor, graduated: day("2026-06-30"),
                leftWithoutJob: true, intention: EmploymentIntention(sector: "制造业", place: "滨州", salary: "4000+"),
                difficulty: [.zero_employment_household, .disabled_parent])),
            source: JSONObject([("file", "roster-2026.csv"), ("row", 12)])))
    }

    static func difficultyOpened(id: String = makeResidentID(birth: "19800505", sequence: "246")) -> EventBody {
        .caseOpened(CaseOpened(
            counsellor: "lijun", person: person(id, name: "李娟", phone: nil),
            details: .difficulty(DifficultyDetails(categories: [.age_4050, .zero_employment_household],
                                                   identified: day("2026-03-02"), certificate: "BZ-2026-0042",
                                                   household: "HH-17"))))
    }

    static func unemployedOpened(id: String = makeResidentID(birth: "19850707", sequence: "135")) -> EventBody {
        .caseOpened(CaseOpened(
            counsellor: "zhaolei", person: person(id, name: "赵磊", phone: "13912345678"),
            details: .unemployed(UnemployedDetails(registered: day("2026-09-01"), registrationNumber: "SY-88",
                                                   previousEmployer: "滨州纺织厂", industry: "纺织",
                                                   benefitUntil: day("2027-03-01"),
                                                   intention: EmploymentIntention(sector: "物流")))))
    }

    /// At least one body of every known type (three `case_opened`, one per kind).
    static var everyKnownBody: [EventBody] {
        [
            graduateOpened(), difficultyOpened(), unemployedOpened(),
            .caseCorrected(CaseCorrected(person: JSONObject([("phone", "13700000000")]),
                                         details: JSONObject([("school", "山东大学")]), reason: "typo")),
            .contactLogged(ContactLogged(channel: .phone, reached: false, note: "无人接听\n再打", next: day("2026-12-03"))),
            .serviceRecorded(ServiceRecorded(kind: .job_recommendation, employer: "魏桥创业集团", position: "质检员",
                                             note: "面试 12/5", ends: day("2027-06-01"))),
            .followUpScheduled(date: day("2026-12-10"), note: "回访"),
            .outcomeRecorded(OutcomeRecorded(kind: .employed, employer: "京博控股", date: day("2026-12-01"))),
            .caseReassigned(to: "lijun", from: "wangfang"),
            .caseClosed(reason: "迁出本市"),
            .caseReopened(reason: "返回滨州"),
            .noteAdded(text: "说明 \"引号\" \\ 反斜杠 \t tab"),
            .personalDataRevealed(fields: ["id_number", "phone"], purpose: "社保核验"),
            .flagSnoozed(rule: "regular_contact", until: day("2026-12-20"), reason: "住院"),
            .eventUndone(eventID: "0123456789AB", reason: "logged on the wrong case"),
            .casesMerged(into: "G-AAAAAAA", from: "G-BBBBBBB"),
            .journalRepaired(journal: "desk-01", offset: 4096, length: 311, quarantined: "quarantine/desk-01.jsonl.4096.frag"),
            .personErased(keys: ["K-0123456789ABCDEF"], reason: "retention period over", scrubbed: ["deleted drafts/x.json"]),
            .reportRun(scope: "team:east", format: "json"),
        ]
    }
}

/// Every observable part of a caseload as text, in a canonical order, so two caseloads built
/// from the same events in different orders can be compared exactly.
func canonicalDump(_ caseload: Caseload) -> String {
    func opt(_ value: (some Any)?) -> String { value.map { "\($0)" } ?? "nil" }
    func json(_ body: EventBody) -> String { JSONWriter.string(.object(EventCodec.encode(body))) }
    var lines = ["events \(caseload.eventCount)", "orphans \(caseload.orphanCaseIDs.sorted())"]
    for event in caseload.officeEvents {
        lines.append("office \(event.id) \(event.writer)#\(event.seq) \(event.type) \(json(event.body))")
    }
    for record in caseload.allCases {
        let p = record.person
        lines.append("case \(record.id) \(record.kind) \(record.status) close=\(opt(record.closeReason)) by=\(record.counsellor) opened=\(record.opened)")
        lines.append("  person \(p.name) \(p.residentID.value) \(opt(p.phone?.value)) \(opt(p.hukouAddress)) \(opt(p.community)) edu=\(opt(record.education))")
        lines.append("  details \(record.details)")
        lines.append("  source \(opt(record.source))")
        lines.append("  contacts \(record.contacts)")
        lines.append("  services \(record.services)")
        lines.append("  outcomes \(record.outcomes)")
        lines.append("  followUps \(record.followUps)")
        lines.append("  snoozes \(record.snoozes)")
        lines.append("  notes \(record.notes)")
        lines.append("  reopenings \(record.reopenings)")
        lines.append("  undone \(record.undone.sorted())")
        lines.append("  conflicts \(record.conflicts)")
        for event in record.events {
            lines.append("  event \(event.id) \(event.writer)#\(event.seq) \(event.recorded.iso) \(event.type) \(json(event.body))")
        }
    }
    for id in caseload.orphanCaseIDs.sorted() {
        lines.append("orphan \(id) \(caseload.events(forCase: id).map(\.id))")
    }
    return lines.joined(separator: "\n")
}
