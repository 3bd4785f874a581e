import Cases

/// Decides every case up front (who, opened when, by whom, how it ends, whether it is left
/// overdue) so the history writer only has to lay out dates. One pass, O(cases).
struct CasePlanner {
    let calendar: DemoCalendar
    let staff: OfficeStaff
    private var profiles: ProfileFactory
    private var usedCaseIDs: Set<String> = []
    private let windowStart: Int
    private let campusSessions: [(day: Int, school: String)]
    private let graduateOpenings: WeightedTable<Int>
    private let otherOpenings: WeightedTable<Int>
    private let outreachKinds: WeightedTable<CaseKind>
    private let deskKinds: WeightedTable<CaseKind>
    /// Share of cases opened on outreach laptops, and of those, graduates.
    private static let outreachShare = 0.2
    private static let outreachMix: [(CaseKind, Double)] = [(.graduate, 0.9), (.difficulty, 0.04), (.unemployed, 0.06)]
    private static let officeMix: [(CaseKind, Double)] = [(.graduate, 0.45), (.difficulty, 0.30), (.unemployed, 0.25)]

    init(cases: Int, calendar: DemoCalendar, staff: OfficeStaff, rng: inout SeededGenerator) {
        self.calendar = calendar
        self.staff = staff
        profiles = ProfileFactory(expectedCount: cases, calendar: calendar, rng: &rng)
        usedCaseIDs.reserveCapacity(cases)
        windowStart = calendar.onOrAfter(calendar.today - 365)
        let days = (windowStart...calendar.lastDay).filter(calendar.isWorking)
        // Graduates come after leaving school in June/July; other kinds all year round.
        let graduateMonthWeight: [Double] = [3, 2, 4, 4, 4, 5, 14, 14, 12, 10, 8, 6]
        graduateOpenings = WeightedTable(days.map { ($0, graduateMonthWeight[LocalDate(daysSinceEpoch: $0).month - 1]) })
        otherOpenings = WeightedTable(days.map { ($0, 1) })
        campusSessions = CasePlanner.campusSessions(days: days, rng: &rng)
        let outreachCases = staff.outreachWriters.isEmpty ? 0 : CasePlanner.outreachShare
        outreachKinds = WeightedTable(CasePlanner.outreachMix)
        // Desks take what the laptops leave so the office as a whole keeps its mix.
        deskKinds = WeightedTable(CasePlanner.officeMix.map { kind, share in
            let laptop = CasePlanner.outreachMix.first { $0.0 == kind }!.1
            return (kind, (share - outreachCases * laptop) / (1 - outreachCases))
        })
    }

    /// Two or three campus sessions a month in spring (March–May) and autumn (September–November).
    private static func campusSessions(days: [Int], rng: inout SeededGenerator) -> [(day: Int, school: String)] {
        var byMonth: [[Int]] = []
        for day in days {
            let month = LocalDate(daysSinceEpoch: day).month
            guard [3, 4, 5, 9, 10, 11].contains(month) else { continue }
            if let last = byMonth.last?.last, LocalDate(daysSinceEpoch: last).month == month { byMonth[byMonth.count - 1].append(day) }
            else { byMonth.append([day]) }
        }
        var sessions: [(day: Int, school: String)] = []
        for monthDays in byMonth {
            for _ in 0..<rng.int(2...3) { sessions.append((rng.pick(monthDays), rng.pick(WorkCatalog.campusSchools))) }
        }
        if sessions.isEmpty, let day = days.last { sessions.append((day, WorkCatalog.campusSchools[0])) }
        return sessions.sorted { $0.day < $1.day }
    }

    mutating func planAll(count: Int, rng: inout SeededGenerator) -> [CasePlan] {
        var plans: [CasePlan] = []
        plans.reserveCapacity(count)
        while plans.count < count {
            let outreach = !staff.outreachWriters.isEmpty && rng.chance(CasePlanner.outreachShare)
            let kind = (outreach ? outreachKinds : deskKinds).pick(using: &rng)
            // About one difficulty case in six belongs to a zero-employment household.
            if kind == .difficulty, !outreach, rng.chance(0.09) {
                let size = min(count - plans.count, [1, 1, 1, 2, 2, 2, 2, 3][rng.int(0...7)])
                plans += household(size: size, rng: &rng)
            } else {
                plans.append(single(kind: kind, outreach: outreach, rng: &rng))
            }
        }
        return plans
    }

    private mutating func single(kind: CaseKind, outreach: Bool, rng: inout SeededGenerator) -> CasePlan {
        let writer: Int, opener: Int, counsellor: Int
        var opened: Int
        var campus: String?
        if outreach {
            writer = rng.pick(staff.outreachWriters)
            opener = rng.pick(staff.outreachCounsellors)
            counsellor = rng.chance(0.6) ? opener : staff.byWeight.pick(using: &rng)
            let session = rng.pick(campusSessions)
            opened = session.day
            if kind == .graduate { campus = session.school }
        } else {
            counsellor = staff.byWeight.pick(using: &rng)
            opener = counsellor
            writer = staff.homeDesk[counsellor]
            opened = (kind == .graduate ? graduateOpenings : otherOpenings).pick(using: &rng)
        }
        let profile: ProfileFactory.Profile
        var overdue: Overdue?
        switch kind {
        case .graduate:
            // Some graduates registered about five months after graduating are left short of
            // the 1+3+1+1 services as the six-month deadline comes or goes.
            var graduated: Int?
            if !outreach, rng.chance(0.05) {
                graduated = calendar.lastDay - rng.int(140...200)
                opened = min(calendar.lastDay, calendar.onOrAfter(graduated! + rng.int(5...30)))
                overdue = .incompletePackage
            }
            profile = profiles.graduate(opened: opened, campus: campus, graduated: graduated, rng: &rng)
        case .difficulty: profile = profiles.difficulty(opened: opened, rng: &rng)
        case .unemployed: profile = profiles.unemployed(opened: opened, rng: &rng)
        }
        var plan = makePlan(kind: kind, profile: profile, opened: opened, writer: writer, opener: opener,
                            counsellor: counsellor, campus: campus, rng: &rng)
        if let overdue {
            plan.resolution = nil
            plan.overdue = overdue
        }
        resolveEnding(&plan, rng: &rng)
        return plan
    }

    /// Members of one zero-employment household, opened together by one counsellor. Most
    /// households are cleared: one member is placed within the 30-day clearance period.
    private mutating func household(size: Int, rng: inout SeededGenerator) -> [CasePlan] {
        let counsellor = staff.byWeight.pick(using: &rng)
        let opened = otherOpenings.pick(using: &rng)
        let members = profiles.household(opened: opened, size: size, rng: &rng)
        var plans = members.enumerated().map { index, profile in
            makePlan(kind: .difficulty, profile: profile, opened: min(calendar.lastDay, calendar.adding(workingDays: index, to: opened)),
                     writer: staff.homeDesk[counsellor], opener: counsellor, counsellor: counsellor, campus: nil, rng: &rng)
        }
        guard let identified = members.first?.details.difficulty?.identified.daysSinceEpoch else { return plans }
        let clearBy = calendar.onOrBefore(identified + 29)
        let earner = rng.int(0...(plans.count - 1))
        let earliest = calendar.adding(workingDays: 2, to: plans[earner].opened)
        if rng.chance(0.88) {
            // Cleared: the earner is placed before the period ends (unless that is still to come).
            let placed = max(earliest, min(clearBy, calendar.adding(workingDays: rng.int(3...12), to: plans[earner].opened)))
            if placed <= calendar.lastDay {
                let outcome: OutcomeKind = rng.chance(0.5) ? .public_welfare_post : rng.chance(0.6) ? .employed : .flexible
                plans[earner].resolution = Resolution(
                    day: placed, outcome: outcome, employer: employer(for: outcome, plan: plans[earner], rng: &rng),
                    startDay: max(plans[earner].opened, calendar.onOrBefore(placed - rng.int(0...2))), closeDay: nil)
            }
        } else if clearBy < calendar.lastDay {
            // Not cleared: nobody in the household is placed, and the flag is overdue.
            for index in plans.indices {
                plans[index].resolution = nil
                plans[index].overdue = .householdNotCleared
            }
        }
        for index in plans.indices { resolveEnding(&plans[index], rng: &rng) }
        return plans
    }

    private mutating func makePlan(kind: CaseKind, profile: ProfileFactory.Profile, opened: Int, writer: Int, opener: Int,
                                   counsellor: Int, campus: String?, rng: inout SeededGenerator) -> CasePlan {
        var id = Identifiers.caseID(kind: kind, using: &rng)
        while !usedCaseIDs.insert(id).inserted { id = Identifiers.caseID(kind: kind, using: &rng) }
        var plan = CasePlan(caseID: id, kind: kind, opened: opened, openingWriter: writer, opener: opener, counsellor: counsellor,
                            person: profile.person, education: profile.education, details: profile.details, field: profile.field,
                            wish: profile.wish, campus: campus)
        if let graduated = profile.details.graduate?.graduated { plan.packageDeadline = graduated.adding(months: 6).daysSinceEpoch }
        plan.resolution = sampleResolution(for: plan, rng: &rng)
        return plan
    }
}
