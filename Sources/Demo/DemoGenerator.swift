import Cases

/// Generates a year of an employment office's casework: deterministic, pure (no clock, no
/// I/O) and linear in the number of cases, so the benchmark can ask for 100,000 cases.
///
/// The history is realistic enough to demonstrate and test the follow-up rules: most open
/// cases are up to date, while roughly one in seven is overdue in a way a counsellor would
/// recognise (never called, silent for months, a missed follow-up date, a graduate short of
/// the 1+3+1+1 services near the deadline, a zero-employment household not yet cleared).
public enum DemoGenerator {
    /// Regular contacts per day of an open stretch when no events-per-case target is set:
    /// one every three to four weeks, inside the monthly real-name tracking requirement.
    static let naturalContactRate = 1.0 / 25

    /// The office's journals for `options`: the same options always give the same events.
    /// About two seconds per million events in a release build.
    public static func generate(_ options: DemoOptions) -> DemoCaseload {
        let calendar = DemoCalendar(today: options.today)
        let staff = OfficeStaff(writers: options.writers)
        let count = max(0, options.cases)
        var rng = SeededGenerator(seed: options.seed)

        var planner = CasePlanner(cases: count, calendar: calendar, staff: staff, rng: &rng)
        let plans = planner.planAll(count: count, rng: &rng)
        // Each case draws from its own stream, so a skeleton can be drawn once to measure and
        // again to keep, without holding every skeleton in memory.
        func caseRandom(_ index: Int) -> SeededGenerator { SeededGenerator(seed: mix(options.seed, UInt64(index))) }
        var builder = HistoryBuilder(calendar: calendar, staff: staff)
        var rate = naturalContactRate
        if let target = options.eventsPerCase, count > 0 {
            rate = measuredRate(target: target, plans: plans, builder: builder, caseRandom: caseRandom)
            // Too small a budget for the natural history: drop the optional extras first, so
            // what is left still goes on regular contacts.
            if rate < minimumNaturalRate {
                builder.lean = true
                rate = measuredRate(target: target, plans: plans, builder: builder, caseRandom: caseRandom)
            }
        }

        var layout = JournalLayout(calendar: calendar, seed: options.seed, writers: staff.writers.count,
                                   expectedEvents: Int(Double(count) * (options.eventsPerCase ?? 12)))
        for index in plans.indices {
            var random = caseRandom(index)
            let skeleton = builder.skeleton(for: plans[index], rng: &random)
            layout.add(builder.finish(plans[index], skeleton, rate: rate, rng: &random), caseIndex: index, caseID: plans[index].caseID)
        }
        return DemoCaseload(eventsByWriter: layout.assemble(writers: staff.writers, rng: &rng),
                            counsellors: OfficeStaff.counsellors.map(\.id), office: OfficeStaff.office)
    }

    /// Below one regular contact in ~45 days, histories go lean rather than thin.
    static let minimumNaturalRate = 1.0 / 45

    /// The regular-contact rate that brings the average to `target` events a case, measured on
    /// a few thousand evenly spaced cases. Bounded so a case is still called now and then, and
    /// not more than every other day.
    static func measuredRate(target: Double, plans: [CasePlan], builder: HistoryBuilder,
                             caseRandom: (Int) -> SeededGenerator) -> Double {
        var sampled = 0
        var fixed = 0
        var gapDays = 0
        for index in stride(from: 0, to: plans.count, by: max(1, plans.count / 4000)) {
            var random = caseRandom(index)
            let skeleton = builder.skeleton(for: plans[index], rng: &random)
            sampled += 1
            fixed += skeleton.drafts.count
            gapDays += skeleton.gapDays
        }
        guard gapDays > 0 else { return naturalContactRate }
        let wanted = target * Double(sampled) - Double(fixed)
        return min(0.5, max(0.002, wanted / Double(gapDays)))
    }
}
