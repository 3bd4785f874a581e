import Cases
import Rules

/// The caseload as the journal stood at the end of `day` (events whose `on` date is on or
/// before it), with the flags the rules give that day.
struct Snapshot: Sendable {
    let day: LocalDate
    /// Each case as folded from its events up to `day`; cases opened later are absent.
    let records: CaseTable
    /// The most urgent flag of each flagged case.
    let urgent: [String: Flag]
    /// The most overdue flag of each case overdue by at least a day.
    let oldest: [String: Flag]

    /// `rules` nil skips the flags (a snapshot only used for "open at the start").
    init(caseload: Caseload, day: LocalDate, rules: (policy: Policy, calendar: WorkingCalendar)?) {
        self.day = day
        var records = CaseTable()
        caseload.cases.values.forEachInPlace { record in
            guard record.opened <= day else { return }
            // Only a case with events after `day` is refolded; most are taken as they are.
            if record.events.allSatisfy({ $0.effective <= day }) {
                records.updateValue(record, forKey: record.id)
            } else if let folded = Caseload(events: record.events.filter { $0.effective <= day })[record.id] {
                records.updateValue(folded, forKey: record.id)
            }
        }
        self.records = records
        var urgent: [String: Flag] = [:]
        var oldest: [String: Flag] = [:]
        if let rules {
            for flag in Self.flags(records, day: day, policy: rules.policy, calendar: rules.calendar) {
                if urgent[flag.caseID].map({ Flag.urgentFirst(flag, $0) }) ?? true { urgent[flag.caseID] = flag }
                if flag.daysOverdue > (oldest[flag.caseID]?.daysOverdue ?? 0) { oldest[flag.caseID] = flag }
            }
        }
        self.urgent = urgent
        self.oldest = oldest
    }

    /// The rule engine over `records` with the context it gives a whole caseload: the
    /// household's cases and the same person's cases (in id order).
    static func flags(_ records: CaseTable, day: LocalDate, policy: Policy, calendar: WorkingCalendar) -> [Flag] {
        var households: [String: [CaseRecord]] = [:]
        var people: [String: [CaseRecord]] = [:]
        for record in records.values.sorted(by: { ($0.opened, $0.id) < ($1.opened, $1.id) }) {
            if let household = record.details.household { households[household, default: []].append(record) }
            people[record.residentID.value, default: []].append(record)
        }
        var flags: [Flag] = []
        let prepared = RuleEngine.PreparedPolicy(policy)
        records.values.forEachInPlace { record in
            guard record.status != .closed else { return }
            let context = CaseContext(household: record.details.household.flatMap { households[$0] } ?? [record],
                                      samePerson: (people[record.residentID.value] ?? []).sorted { $0.id < $1.id })
            flags += RuleEngine.flags(for: record, context: context, prepared: prepared, calendar: calendar, today: day)
        }
        return flags
    }
}

extension ReportEngine {
    /// The aging bucket `days` overdue falls in.
    static func agingBucket(_ days: Int) -> Measure {
        switch days {
        case ...7: .overdue_1_7
        case 8...30: .overdue_8_30
        case 31...90: .overdue_31_90
        default: .overdue_over_90
        }
    }

    /// Health measures at `snapshot`, over its `records` in scope (cases belong to their
    /// counsellor as assigned now: see `scoped`).
    func health(_ measure: Measure, snapshot: Snapshot, records: [CaseRecord]) -> MeasureBasis {
        func flagEntry(_ flag: Flag) -> BasisEntry {
            BasisEntry(caseID: flag.caseID, date: flag.dueDate, days: flag.daysOverdue, detail: flag.reason, detailChinese: flag.reasonChinese)
        }
        switch measure {
        case .open_cases:
            // Read in place: a filtered array of the open cases would copy each record.
            return MeasureBasis(measure, records.compactMapInPlace {
                $0.status == .open ? BasisEntry(caseID: $0.id, date: $0.opened, detail: $0.kind.english, detailChinese: $0.kind.chinese) : nil
            })
        case .overdue_cases, .escalated_cases:
            let severity: Severity = measure == .overdue_cases ? .overdue : .escalated
            return MeasureBasis(measure, records.compactMapInPlace { snapshot.urgent[$0.id] }.filter { $0.severity == severity }.map(flagEntry))
        case .overdue_1_7, .overdue_8_30, .overdue_31_90, .overdue_over_90:
            return MeasureBasis(measure, records.compactMapInPlace { snapshot.oldest[$0.id] }
                .filter { Self.agingBucket($0.daysOverdue) == measure }.map(flagEntry))
        case .contact_rate:
            // The last 30 days, both ends included: day−29 … day.
            let since = snapshot.day.adding(days: -29)
            let reachedOnly = policy.bool("reached_only", of: .regular_contact) ?? false
            func entry(_ record: CaseRecord) -> BasisEntry {
                let last = record.contacts.filter { !reachedOnly || $0.reached }.map(\.date).max()
                return BasisEntry(caseID: record.id, date: last, detail: last.map { "last contact \($0.iso)" } ?? "never contacted",
                                  detailChinese: last.map { "上次联系 \($0.iso)" } ?? "从未联系")
            }
            let open = records.compactMapInPlace { $0.status == .open ? entry($0) : nil }
            let contacted = open.filter { ($0.date ?? since.adding(days: -1)) >= since }
            return MeasureBasis(measure, contacted, denominator: open)
        case .graduate_package_complete:
            let entries = records.compactMapInPlace { record -> (Bool, BasisEntry)? in
                guard record.status != .closed, record.details.graduate?.leftWithoutJob == true else { return nil }
                let progress = PackageProgress(record: record, policy: policy, calendar: calendar)
                return (progress.isComplete, BasisEntry(caseID: record.id, date: record.opened, detail: progress.description))
            }
            return MeasureBasis(measure, entries.filter(\.0).map(\.1), denominator: entries.map(\.1))
        default:
            preconditionFailure("\(measure) is not a health measure")
        }
    }
}
