import Cases

/// One case behind a figure, with the date and detail that made it count.
public struct BasisEntry: Sendable, Hashable {
    /// The case.
    public let caseID: String
    /// The date that counted: an outcome's own date, a service's date, a flag's due date,
    /// the last contact, the opening.
    public let date: LocalDate?
    /// The case's number for medians (days to first contact) and aging (days overdue).
    public let days: Int?
    /// What counted ("employed", "regular_contact", "HH-371621-0012 · employed").
    public let detail: String
    /// The same in Chinese.
    public let detailChinese: String

    /// An entry; the Chinese detail defaults to the English one (ids, numbers).
    public init(caseID: String, date: LocalDate?, days: Int? = nil, detail: String, detailChinese: String? = nil) {
        self.caseID = caseID
        self.date = date
        self.days = days
        self.detail = detail
        self.detailChinese = detailChinese ?? detail
    }

    /// The detail in the chosen language.
    public func detail(chinese: Bool) -> String { chinese ? detailChinese : detail }
}

/// Which cases of a rate to list.
public enum BasisPart: String, Sendable, CaseIterable {
    /// The cases counted (a rate's numerator).
    case numerator
    /// A rate's denominator.
    case denominator
}

/// The cases behind one figure; the figure is computed from them and nothing else, so
/// drilling down always gives exactly the number shown.
public struct MeasureBasis: Sendable {
    /// The measure the cases are behind.
    public let measure: Measure
    /// The entries as the measure found them. They are sorted only when listed: a report's
    /// figures need only their number, and sorting 100,000 entries for each of a report's
    /// figures was an eighth of it.
    private let found: [BasisEntry]
    private let foundDenominator: [BasisEntry]?

    /// One entry per unit counted (person, household or case); for a rate its numerator,
    /// for a median its sample. Sorted by date, then case id (on each read).
    public var cases: [BasisEntry] { found.sorted(by: MeasureBasis.order) }
    /// A rate's denominator, one entry per unit, sorted as `cases`; nil for other shapes.
    public var denominator: [BasisEntry]? { foundDenominator?.sorted(by: MeasureBasis.order) }
    /// How many entries `cases` has.
    public var count: Int { found.count }
    /// How many entries `denominator` has.
    public var denominatorCount: Int? { foundDenominator?.count }

    init(_ measure: Measure, _ cases: [BasisEntry], denominator: [BasisEntry]? = nil) {
        self.measure = measure
        found = cases
        foundDenominator = denominator
    }

    static func order(_ a: BasisEntry, _ b: BasisEntry) -> Bool {
        let da = a.date ?? LocalDate(daysSinceEpoch: 0), db = b.date ?? LocalDate(daysSinceEpoch: 0)
        return da != db ? da < db : a.caseID < b.caseID
    }

    /// The entries of `part` (a count's or a median's cases are its numerator).
    public func entries(_ part: BasisPart) -> [BasisEntry] {
        part == .denominator ? (denominator ?? []) : cases
    }

    /// The figure: a count, a percentage (nil with an empty denominator) or a median in days
    /// (nil with no sample).
    public var value: Double? {
        switch measure.shape {
        case .count:
            return Double(found.count)
        case .rate:
            guard let denominator = foundDenominator, !denominator.isEmpty else { return nil }
            return 100 * Double(found.count) / Double(denominator.count)
        case .median:
            let days = found.compactMap(\.days).sorted()
            guard !days.isEmpty else { return nil }
            let middle = days.count / 2
            return days.count % 2 == 1 ? Double(days[middle]) : Double(days[middle - 1] + days[middle]) / 2
        }
    }
}
