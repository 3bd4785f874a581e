import Cases

/// The days a report covers, both ends included.
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    /// The first day counted.
    public let from: LocalDate
    /// The last day counted.
    public let to: LocalDate

    /// A period from `from` to `to` inclusive; nil when `to` is before `from`.
    public init?(from: LocalDate, to: LocalDate) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
    }

    /// January 1 of `today`'s year up to `today`: the default, as the bureau reports
    /// year-to-date progress against annual targets.
    public static func yearToDate(_ today: LocalDate) -> ReportPeriod {
        ReportPeriod(from: LocalDate(year: today.year, month: 1, day: 1)!, to: today)!
    }

    /// Number of days, both ends included.
    public var days: Int { from.days(until: to) + 1 }

    /// The period of the same length that ends the day before this one starts.
    public var previous: ReportPeriod {
        let end = from.adding(days: -1)
        return ReportPeriod(from: end.adding(days: -(days - 1)), to: end)!
    }

    /// Whether `date` falls in the period.
    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }

    /// `2026-01-01–2026-11-27`.
    public var description: String { "\(from.iso)–\(to.iso)" }
}
