import Cases
import Demo

/// One shared 2,000-case demo (generated once, so the suite stays quick) and helpers to
/// look at it.
enum DemoFixtures {
    static let today = LocalDate(year: 2026, month: 11, day: 30)!
    static let options = DemoOptions(cases: 2000, seed: 2024, today: today)
    static let demo = DemoGenerator.generate(options)
    static let events = demo.allEvents
    static let caseload = Caseload(events: events)

    static var openings: [(event: Event, opened: CaseOpened)] {
        events.compactMap { event in
            if case .caseOpened(let opened) = event.body { (event, opened) } else { nil }
        }
    }

    static func share(_ part: Int, of whole: Int) -> Double { Double(part) / Double(max(1, whole)) }
}

extension CaseRecord {
    /// A contact that reached the person within the last 30 days (the default policy's
    /// monthly real-name tracking).
    func reachedWithin30Days(of today: LocalDate) -> Bool {
        guard let last = contacts.filter(\.reached).map(\.date).max() else { return false }
        return last.days(until: today) <= 30
    }
}
