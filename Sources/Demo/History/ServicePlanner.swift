import Cases

/// The services a case receives, by kind: the graduates' 1+3+1+1 package before the
/// six-month deadline, three job recommendations a quarter for the difficulty group, and
/// recommendations and training for the registered unemployed. Nothing after `serviceEnd`.
/// A `lean` history keeps only what the follow-up policy asks for.
struct ServicePlanner {
    let calendar: DemoCalendar
    let plan: CasePlan
    let serviceEnd: Int
    let lean: Bool
    private var drafts: [DraftEvent] = []

    init(calendar: DemoCalendar, plan: CasePlan, serviceEnd: Int, lean: Bool) {
        self.calendar = calendar
        self.plan = plan
        self.serviceEnd = min(serviceEnd, calendar.lastDay)
        self.lean = lean
    }

    /// A chance for something the policy does not require; never in a lean history.
    private func extra(_ probability: Double, rng: inout SeededGenerator) -> Bool {
        !lean && rng.chance(probability)
    }

    mutating func services(rng: inout SeededGenerator) -> [DraftEvent] {
        let briefedAtOpening = plan.campus != nil || (plan.kind == .graduate ? rng.chance(0.5) : extra(0.8, rng: &rng))
        if briefedAtOpening {
            drafts.append(.service(plan.opened, .policy_briefing, note: Phrases.policyBriefing(kind: plan.kind, campus: plan.campus)))
        }
        // A case nobody has contacted yet has had nothing but its opening.
        if plan.overdue != .neverContacted {
            switch plan.kind {
            case .graduate: graduatePackage(briefed: briefedAtOpening, rng: &rng)
            case .difficulty: quarterlyRecommendations(rng: &rng)
            case .unemployed: unemployedServices(rng: &rng)
            }
            if plan.kind != .graduate {
                if extra(0.3, rng: &rng) { add(at: randomDay(rng: &rng), .career_guidance, note: Phrases.careerGuidance(rng: &rng)) }
                if extra(0.25, rng: &rng), let day = randomDay(rng: &rng) {
                    let training = WorkCatalog.trainings.pick(using: &rng)
                    add(at: day, .training_referral, employer: training.school, note: "推荐参加\(training.course)")
                    // The subsidy follows a course completed, a month or two later.
                    if rng.chance(0.3) { add(at: calendar.onOrAfter(day + rng.int(30...60)), .subsidy, note: "发放职业技能提升补贴") }
                }
            }
        }
        placementServices(rng: &rng)
        return drafts
    }

    /// Recommendations only: for a case reopened after its ending.
    mutating func recurringServices(rng: inout SeededGenerator) -> [DraftEvent] {
        if plan.kind == .difficulty { quarterlyRecommendations(rng: &rng) } else { recommend(at: randomDay(rng: &rng), rng: &rng) }
        return drafts
    }

    private mutating func add(at day: Int?, _ kind: ServiceKind, employer: String? = nil, position: String? = nil,
                              note: String? = nil, ends: LocalDate? = nil) {
        guard let day, day >= plan.opened, day <= serviceEnd else { return }
        drafts.append(.service(day, kind, employer: employer, position: position, note: note, ends: ends))
    }

    /// A working day between opening and `serviceEnd`, or in `range` when given.
    private func randomDay(in range: ClosedRange<Int>? = nil, rng: inout SeededGenerator) -> Int? {
        let low = max(range?.lowerBound ?? plan.opened, plan.opened)
        let high = min(range?.upperBound ?? serviceEnd, serviceEnd)
        guard low <= high else { return nil }
        let day = calendar.onOrBefore(low + rng.int(0...(high - low)))
        return day >= low ? day : calendar.onOrAfter(low)
    }

    private mutating func recommend(at day: Int?, rng: inout SeededGenerator) {
        let opening = rng.pick(WorkCatalog.openings(for: plan.field))
        add(at: day, .job_recommendation, employer: opening.employer, position: rng.pick(opening.positions),
            note: "推荐至\(opening.employer)面试")
    }

    /// 1 policy briefing, 3 job recommendations, 1 career guidance, 1 training or traineeship,
    /// spread over the first months and finished a week before the deadline. A graduate marked
    /// `incompletePackage` misses some of them.
    private mutating func graduatePackage(briefed: Bool, rng: inout SeededGenerator) {
        let deadline = plan.packageDeadline ?? (plan.opened + 180)
        let windowEnd = max(plan.opened + 20, min(deadline - 7, plan.opened + 110))
        let window = plan.opened...windowEnd
        var items: [ServiceKind] = [.job_recommendation, .job_recommendation, .job_recommendation, .career_guidance,
                                    rng.chance(0.35) ? .traineeship : .training_referral]
        if !briefed { items.append(.policy_briefing) }
        if plan.overdue == .incompletePackage {
            rng.shuffle(&items)
            items.removeLast(rng.int(2...3))
        } else {
            if extra(0.3, rng: &rng) { items.append(.job_recommendation) }
        }
        for item in items {
            let day = randomDay(in: window, rng: &rng)
            switch item {
            case .job_recommendation: recommend(at: day, rng: &rng)
            case .career_guidance: add(at: day, .career_guidance, note: Phrases.careerGuidance(rng: &rng))
            case .policy_briefing: add(at: day, .policy_briefing, note: Phrases.policyBriefing(kind: .graduate, campus: nil))
            case .traineeship:
                let base = WorkCatalog.traineeship(for: plan.field)
                let ends = day.map { LocalDate(daysSinceEpoch: $0).adding(months: rng.int(3...6)) }
                add(at: day, .traineeship, employer: base.employer, position: base.position, note: "参加就业见习", ends: ends)
            default:
                let training = WorkCatalog.trainings.pick(using: &rng)
                add(at: day, .training_referral, employer: training.school, note: "推荐参加\(training.course)")
            }
        }
        if plan.details.graduate?.difficulty.isEmpty == false, extra(0.6, rng: &rng) {
            add(at: randomDay(in: window, rng: &rng), .subsidy, note: "发放一次性求职创业补贴")
        }
    }

    /// Three recommendations in every whole quarter the case is open, and a share of three in
    /// part quarters. `fewRecommendations` leaves the last whole quarter short.
    private mutating func quarterlyRecommendations(rng: inout SeededGenerator) {
        let opened = LocalDate(daysSinceEpoch: plan.opened)
        let today = LocalDate(daysSinceEpoch: calendar.today)
        var quarterStart = LocalDate(year: opened.year, month: (opened.quarter - 1) * 3 + 1, day: 1)!
        let currentQuarter = LocalDate(year: today.year, month: (today.quarter - 1) * 3 + 1, day: 1)!
        // A case still open counts as open to the end of history, even if its last contact was earlier.
        let openUntil = plan.resolution?.day ?? calendar.lastDay
        while quarterStart.daysSinceEpoch <= serviceEnd {
            let next = quarterStart.adding(months: 3)
            let low = max(quarterStart.daysSinceEpoch, plan.opened)
            let high = min(next.daysSinceEpoch - 1, openUntil)
            let whole = low == quarterStart.daysSinceEpoch && high == next.daysSinceEpoch - 1
            var count = whole ? 3 : rng.stochasticRound(3 * Double(high - low + 1) / 91)
            if whole, next == currentQuarter, plan.overdue == .fewRecommendations { count = 1 }
            for _ in 0..<count { recommend(at: randomDay(in: low...high, rng: &rng), rng: &rng) }
            quarterStart = next
        }
    }

    /// Recommendations about every two months of the case.
    private mutating func unemployedServices(rng: inout SeededGenerator) {
        let count = lean ? 1 : max(1, rng.stochasticRound(Double(serviceEnd - plan.opened) / 60))
        for _ in 0..<count { recommend(at: randomDay(rng: &rng), rng: &rng) }
    }

    /// The post or workshop a placement came through, recorded the day it is reported; an
    /// employed person's last recommendation is made the one that worked.
    private mutating func placementServices(rng: inout SeededGenerator) {
        guard let resolution = plan.resolution, let employer = resolution.employer else { return }
        let start = LocalDate(daysSinceEpoch: resolution.startDay)
        switch resolution.outcome {
        case .public_welfare_post:
            add(at: resolution.day, .public_welfare_post, employer: employer, position: rng.pick(WorkCatalog.publicWelfarePosts),
                note: "公益性岗位安置", ends: start.adding(months: rng.int(12...36)))
        case .flexible where employer.hasSuffix("微工厂"):
            add(at: resolution.day, .micro_factory, employer: employer, position: rng.pick(WorkCatalog.microFactoryWork),
                note: "就近就业，可居家加工")
        case .employed:
            let recommendations = drafts.indices.filter {
                if case .serviceRecorded(let s) = drafts[$0].body { s.kind == .job_recommendation } else { false }
            }
            guard let index = recommendations.max(by: { drafts[$0].day < drafts[$1].day }),
                  case .serviceRecorded(var service) = drafts[index].body else { return }
            let positions = WorkCatalog.openings(for: plan.field).first { $0.employer == employer }?.positions
            service.employer = employer
            service.position = positions.map { rng.pick($0) } ?? service.position
            service.note = "推荐至\(employer)面试"
            drafts[index].body = .serviceRecorded(service)
        default:
            break
        }
    }
}
