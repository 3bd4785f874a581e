import Cases

/// What `caseload demo` should generate.
///
/// The same options always give the same caseload, event for event: the generator reads
/// no clock and draws every random choice from `seed`.
public struct DemoOptions: Sendable {
    /// Number of cases to open.
    public var cases: Int = 2000
    /// Every random choice derives from it: names, dates, outcomes, event ids.
    public var seed: UInt64 = 2024
    /// The day the demo is "as of". History ends on the last working day before it, so no
    /// event is dated `today` or later and none is recorded in the future of a same-day `now`.
    public var today: LocalDate
    /// Average events per case; nil keeps the natural rhythm (about 13: a contact every three
    /// to four weeks plus the services the policy requires). The benchmark sets this to reach
    /// an event total. Regular contacts are scaled; below the natural rhythm the optional
    /// extras (notes, extra services) go first. Values below ~9 are approached, not reached.
    public var eventsPerCase: Double? = nil
    /// Journals to spread the history over. Writers whose id contains `outreach` are campus
    /// laptops: they open graduate cases at campus sessions; counsellors' other work is
    /// written at the desks.
    public var writers: [String] = ["desk-01", "desk-02", "outreach-01"]

    /// Options for `caseload demo`; only `today` has no default.
    public init(cases: Int = 2000, seed: UInt64 = 2024, today: LocalDate, eventsPerCase: Double? = nil,
                writers: [String] = ["desk-01", "desk-02", "outreach-01"]) {
        self.cases = cases
        self.seed = seed
        self.today = today
        self.eventsPerCase = eventsPerCase
        self.writers = writers
    }
}

/// A generated office caseload, ready to be written into journals.
public struct DemoCaseload: Sendable {
    /// Each writer's events in its own timestamp order (strictly increasing), with `writer`
    /// and `seq` still unset: `JournalWriter.append` assigns them.
    public var eventsByWriter: [String: [Event]]
    /// Counsellor ids, in the order the office lists them.
    public var counsellors: [String]
    /// The office's name, for `config.toml`.
    public var office: String

    /// A caseload from its parts (the generator builds them; tests may build small ones).
    public init(eventsByWriter: [String: [Event]], counsellors: [String], office: String) {
        self.eventsByWriter = eventsByWriter
        self.counsellors = counsellors
        self.office = office
    }

    /// Writer ids, sorted: iterate with these rather than over the dictionary.
    public var writers: [String] { eventsByWriter.keys.sorted() }

    /// Events across all writers.
    public var eventCount: Int { eventsByWriter.values.reduce(0) { $0 + $1.count } }

    /// Every event stamped with the writer and seq that appending would give it, in merged
    /// order: what `Caseload` sees after the journals are written and read back.
    public var allEvents: [Event] {
        var merged: [Event] = []
        merged.reserveCapacity(eventCount)
        for writer in writers {
            for (index, event) in eventsByWriter[writer]!.enumerated() {
                var stamped = event
                stamped.writer = writer
                stamped.seq = index + 1
                merged.append(stamped)
            }
        }
        return merged.sorted(by: Event.mergedOrder)
    }
}
