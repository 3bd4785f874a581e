import Cases
import Rules

/// Computes every measure of a report. Pure: a function of the caseload, the policy, the
/// working calendar, the period and today, with no clock or file.
///
/// Results count over the period by the dates things happened (an outcome's own date, a
/// service's date), from every event held, so an outcome recorded in January and dated in
/// December counts in December. Caseload health is a snapshot of the journal as it stood at
/// the end of a day (events whose `on` date is on or before it) with the flags the rules give
/// on that day.
public struct ReportEngine: Sendable {
    /// The period reported.
    public let period: ReportPeriod
    /// The period it is compared with: the same length, just before.
    public var previousPeriod: ReportPeriod { period.previous }
    /// The day the report is made; health is never taken after it.
    public let today: LocalDate
    /// The office's policy: flags, the package's numbers, `reached_only`.
    public let policy: Policy
    /// The working-day calendar the flags use.
    public let calendar: WorkingCalendar
    let caseload: Caseload
    /// Health at the end of the period (or today, if earlier).
    let current: Snapshot
    /// Health at the end of the previous period, which is also "the day before the period".
    let previous: Snapshot
    /// The day before the previous period, for the previous period's rate denominators.
    let beforePrevious: Snapshot

    /// Prepares the three snapshots a report needs: the end of the period, the day before it
    /// (its start, and the previous period's end) and the day before the previous period.
    public init(caseload: Caseload, policy: Policy, calendar: WorkingCalendar, period: ReportPeriod, today: LocalDate) {
        self.caseload = caseload
        self.policy = policy
        self.calendar = calendar
        self.period = period
        self.today = today
        let rules = (policy, calendar)
        // Three independent days, made on every core.
        let days = [(min(period.to, today), true), (min(period.previous.to, today), true), (period.previous.from.adding(days: -1), false)]
        let made = ParallelArray.make(count: days.count, threshold: 2) { Snapshot(caseload: caseload, day: days[$0].0, rules: days[$0].1 ? rules : nil) }
        current = made[0]
        previous = made[1]
        beforePrevious = made[2]
    }

    /// The day health figures are taken: the end of the period, or today when that is earlier.
    public var snapshotDay: LocalDate { current.day }

    /// The day the previous period's health figures are taken.
    public var previousSnapshotDay: LocalDate { previous.day }

    /// Counsellors a scope reports on, sorted: those with cases in it, and a team's members.
    public func counsellors(in scope: ReportScope) -> [String] {
        var ids = Set(caseload.counsellors.filter { scope.admits(counsellor: $0) })
        switch scope {
        case .office: break
        case .team(_, let members): ids.formUnion(members)
        case .counsellor(let id): ids = [id]
        }
        return ids.sorted()
    }

    /// The cases a scope's measures count, taken once for all its measures: the caseload's,
    /// and each health snapshot's (as assigned now). At 100,000 cases, taking them again for each
    /// of a report's 17 measures × 2 periods × 7 scopes made a report take 20 seconds.
    struct ScopedRecords {
        let scope: ReportScope
        let records: [CaseRecord]
        let current: [CaseRecord]
        let previous: [CaseRecord]
    }

    func scoped(_ scope: ReportScope) -> ScopedRecords {
        // The counsellor a case is assigned to now, read in place (a look-up by id copies the record).
        func assignedNow(_ record: CaseRecord) -> String {
            caseload.cases.withRecord(record.id) { $0.counsellor } ?? record.counsellor
        }
        return ScopedRecords(scope: scope, records: caseload.cases.values.filterInPlace { scope.admits(counsellor: $0.counsellor) },
                             current: current.records.values.filterInPlace { scope.admits(counsellor: assignedNow($0)) },
                             previous: previous.records.values.filterInPlace { scope.admits(counsellor: assignedNow($0)) })
    }

    /// The cases behind `measure` for `scope` in the period (or the previous period).
    public func basis(_ measure: Measure, scope: ReportScope, previous usePrevious: Bool = false) -> MeasureBasis {
        basis(measure, of: scoped(scope), previous: usePrevious)
    }

    func basis(_ measure: Measure, of scoped: ScopedRecords, previous usePrevious: Bool) -> MeasureBasis {
        let p = usePrevious ? period.previous : period
        let snapshot = usePrevious ? previous : current
        let start = usePrevious ? beforePrevious : previous
        let records = scoped.records
        switch measure {
        case .placements:
            return MeasureBasis(measure, placed(records, in: p) { _ in true })
        case .reemployment:
            return MeasureBasis(measure, placed(records, of: .unemployed, in: p) { _ in true })
        case .public_welfare_posts:
            return MeasureBasis(measure, placed(records, in: p) { $0 == .public_welfare_post })
        case .graduate_placement_rate:
            return placementRate(measure, records, of: .graduate, in: p, start: start)
        case .difficulty_placement_rate:
            return placementRate(measure, records, of: .difficulty, in: p, start: start)
        case .zero_employment_cleared:
            return MeasureBasis(measure, householdsCleared(records, in: p))
        case .traineeships:
            return MeasureBasis(measure, traineeships(records, in: p))
        case .first_contact_days:
            return MeasureBasis(measure, firstContacts(records, in: p))
        case .open_cases, .overdue_cases, .escalated_cases, .overdue_1_7, .overdue_8_30, .overdue_31_90, .overdue_over_90,
             .contact_rate, .graduate_package_complete:
            return health(measure, snapshot: snapshot, records: usePrevious ? scoped.previous : scoped.current)
        }
    }

    // MARK: Results

    /// One entry per person: of a person's candidate cases, the one with the earliest date
    /// (then the smallest case id) carries the count, so a person placed from two cases, or
    /// placed, closed, reopened and placed again, counts once.
    func perPerson(_ candidates: [(person: String, entry: BasisEntry)]) -> [BasisEntry] {
        var chosen: [String: BasisEntry] = [:]
        for candidate in candidates {
            if let held = chosen[candidate.person], !MeasureBasis.order(candidate.entry, held) { continue }
            chosen[candidate.person] = candidate.entry
        }
        return Array(chosen.values)
    }

    /// People with a placing outcome of the given kinds dated in `p` (in cases of `kind`, or any).
    func placed(_ records: [CaseRecord], of kind: CaseKind? = nil, in p: ReportPeriod, kinds: (OutcomeKind) -> Bool) -> [BasisEntry] {
        perPerson(records.compactMapInPlace { record in
            guard kind == nil || record.kind == kind else { return nil }
            let outcomes = record.outcomes.filter { $0.kind.isPlacement && kinds($0.kind) && p.contains($0.date) }
            guard let first = outcomes.min(by: { ($0.date, $0.order) < ($1.date, $1.order) }) else { return nil }
            return (record.residentID.value, BasisEntry(caseID: record.id, date: first.date, detail: first.kind.english,
                                                        detailChinese: first.kind.chinese))
        })
    }

    /// Placed in `p` ÷ in service during `p`: open on the journal the day before it starts
    /// (unless a placement dated before it was recorded only later), opened or reopened in
    /// it, or placed in it — so the numerator is always part of the denominator.
    func placementRate(_ measure: Measure, _ records: [CaseRecord], of kind: CaseKind, in p: ReportPeriod, start: Snapshot) -> MeasureBasis {
        let numerator = placed(records, of: kind, in: p) { _ in true }
        let served = perPerson(records.compactMapInPlace { record in
            guard record.kind == kind else { return nil }
            let placedIn = record.outcomes.contains { $0.kind.isPlacement && p.contains($0.date) }
            let settledEarlier = record.outcomes.contains { $0.kind.isPlacement && $0.date < p.from && $0.recordedOn >= p.from }
            let openAtStart = start.records.withRecord(record.id) { $0.status } == .open && !settledEarlier
            let startedIn = p.contains(record.opened) || record.reopenings.contains(where: p.contains)
            guard placedIn || openAtStart || startedIn else { return nil }
            let why = placedIn ? "placed" : openAtStart ? "open at start" : "opened or reopened"
            let whyChinese = placedIn ? "期内就业" : openAtStart ? "期初在册" : "期内建档或重开"
            return (record.residentID.value, BasisEntry(caseID: record.id, date: record.opened, detail: why, detailChinese: whyChinese))
        })
        return MeasureBasis(measure, numerator, denominator: served)
    }

    /// Zero-employment households (a difficulty case in the category; keyed by household id,
    /// or the case itself without one) where a member case has a placing outcome dated in `p`
    /// and on or after the household's earliest identification. One entry per household.
    func householdsCleared(_ records: [CaseRecord], in p: ReportPeriod) -> [BasisEntry] {
        func key(_ record: CaseRecord) -> String { record.details.household ?? "case:\(record.id)" }
        var identified: [String: LocalDate] = [:]
        records.forEachInPlace { record in
            guard let d = record.details.difficulty, d.categories.contains(.zero_employment_household) else { return }
            identified[key(record)] = min(identified[key(record)] ?? d.identified, d.identified)
        }
        var cleared: [String: BasisEntry] = [:]
        records.forEachInPlace { record in
            guard let since = identified[key(record)] else { return }
            let outcomes = record.outcomes.filter { $0.kind.isPlacement && p.contains($0.date) && $0.date >= since }
            guard let first = outcomes.min(by: { ($0.date, $0.order) < ($1.date, $1.order) }) else { return }
            let household = record.details.household ?? record.id
            let entry = BasisEntry(caseID: record.id, date: first.date, detail: "\(household) · \(first.kind.english)",
                                   detailChinese: "\(household) · \(first.kind.chinese)")
            if let held = cleared[key(record)], !MeasureBasis.order(entry, held) { return }
            cleared[key(record)] = entry
        }
        return Array(cleared.values)
    }

    /// People with a traineeship service dated in `p`.
    func traineeships(_ records: [CaseRecord], in p: ReportPeriod) -> [BasisEntry] {
        perPerson(records.compactMapInPlace { record in
            guard let first = record.services.filter({ $0.kind == .traineeship && p.contains($0.date) }).min(by: { $0.date < $1.date })
            else { return nil }
            let at = first.employer ?? ""
            return (record.residentID.value, BasisEntry(caseID: record.id, date: first.date, detail: "traineeship \(at)",
                                                        detailChinese: "就业见习 \(at)"))
        })
    }

    /// Cases opened in `p` with a first contact (reached only, when first_contact says so) by
    /// its end: calendar days from opening to that contact.
    func firstContacts(_ records: [CaseRecord], in p: ReportPeriod) -> [BasisEntry] {
        let reachedOnly = policy.bool("reached_only", of: .first_contact) ?? false
        return records.compactMapInPlace { record in
            guard p.contains(record.opened) else { return nil }
            let contacts = record.contacts.filter { (!reachedOnly || $0.reached) && $0.date <= p.to }
            guard let first = contacts.map(\.date).min() else { return nil }
            let days = max(0, record.opened.days(until: first))
            return BasisEntry(caseID: record.id, date: first, days: days, detail: "\(days) days after opening on \(record.opened.iso)",
                              detailChinese: "开案（\(record.opened.iso)）后\(days)天")
        }
    }
}
