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
    /// one every three weeks or so.
    static let naturalContactRate = 1.0 / 20

    public static func generate(_ options: DemoOptions) -> DemoCaseload {
        let calendar = DemoCalendar(today: options.today)
        let staff = OfficeStaff(writers: options.writers)
        let count = max(0, options.cases)
        var rng = SeededGenerator(seed: options.seed)

        var planner = CasePlanner(cases: count, calendar: calendar, staff: staff, rng: &rng)
        let plans = planner.planAll(count: count, rng: &rng)
        let builder = HistoryBuilder(calendar: calendar, staff: staff)
        var skeletons = plans.map { builder.skeleton(for: $0, rng: &rng) }
        let rate = contactRate(skeletons: skeletons, cases: count, eventsPerCase: options.eventsPerCase)

        var events: [PlacedEvent] = []
        var caseOfEvent: [Int32] = []
        let estimate = Int(Double(count) * (options.eventsPerCase ?? 11) * 1.05)
        events.reserveCapacity(estimate)
        caseOfEvent.reserveCapacity(estimate)
        for index in plans.indices {
            let placed = builder.finish(plans[index], skeletons[index], rate: rate, rng: &rng)
            skeletons[index] = CaseSkeleton()  // release as we go: skeletons hold most of the memory
            events += placed
            caseOfEvent += repeatElement(Int32(index), count: placed.count)
        }

        let layout = JournalLayout(calendar: calendar, seed: options.seed)
        let journals = layout.layout(events: events, caseOfEvent: caseOfEvent, caseIDs: plans.map(\.caseID),
                                     writers: staff.writers, rng: &rng)
        return DemoCaseload(eventsByWriter: journals, counsellors: OfficeStaff.counsellors.map(\.id), office: OfficeStaff.office)
    }

    /// The regular-contact rate that brings the average to `eventsPerCase`, given the events
    /// every skeleton already has. Bounded so a case is still called now and then, and not
    /// more than every other day.
    static func contactRate(skeletons: [CaseSkeleton], cases: Int, eventsPerCase: Double?) -> Double {
        guard let eventsPerCase, cases > 0 else { return naturalContactRate }
        let fixed = skeletons.reduce(0) { $0 + $1.drafts.count }
        let gapDays = skeletons.reduce(0) { $0 + $1.gapDays }
        guard gapDays > 0 else { return naturalContactRate }
        let wanted = eventsPerCase * Double(cases) - Double(fixed)
        return min(0.5, max(0.002, wanted / Double(gapDays)))
    }
}
