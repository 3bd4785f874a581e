import Cases

/// One measure's figures: actual, target, completion, the previous period and the change.
public struct Figure: Sendable, Hashable {
    /// The measure.
    public let measure: Measure
    /// The count, percentage (0–100) or median days; nil when there is nothing to divide or
    /// take the median of.
    public let value: Double?
    /// A rate's numerator, or a median's sample size.
    public let numerator: Int?
    /// A rate's denominator.
    public let denominator: Int?
    /// The scope's target (a count, or a percentage for rates); nil when none is set.
    public let target: Double?
    /// The same measure over the previous period.
    public let previous: Double?

    /// A figure from its parts.
    public init(measure: Measure, value: Double?, numerator: Int?, denominator: Int?, target: Double?, previous: Double?) {
        self.measure = measure
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.target = target
        self.previous = previous
    }

    /// The figure from its cases: a count is the number of cases behind it.
    init(_ basis: MeasureBasis, target: Double?, previous: MeasureBasis) {
        let shape = basis.measure.shape
        self.init(measure: basis.measure, value: basis.value,
                  numerator: shape == .count ? nil : basis.count,
                  denominator: basis.denominatorCount, target: target, previous: previous.value)
    }

    /// Actual ÷ target as a percentage; above 100 when the target is exceeded.
    public var completion: Double? {
        guard let value, let target, target > 0 else { return nil }
        return 100 * value / target
    }

    /// Actual minus the previous period's (percentage points for rates, days for medians).
    public var change: Double? {
        guard let value, let previous else { return nil }
        return value - previous
    }
}

/// One counsellor's figures within a report.
public struct CounsellorFigures: Sendable {
    /// The counsellor's id.
    public let counsellor: String
    /// Every measure for their cases, in ``Measure/allCases`` order.
    public let figures: [Figure]

    /// The figure of `measure`.
    public subscript(measure: Measure) -> Figure { figures.first { $0.measure == measure }! }
}

/// Everything a supervisor's report shows for one scope.
public struct Report: Sendable {
    /// The period reported.
    public let period: ReportPeriod
    /// The period compared with.
    public let previousPeriod: ReportPeriod
    /// The day health figures are taken (the period's end, or today if earlier).
    public let snapshotDay: LocalDate
    /// The day the previous health figures are taken.
    public let previousSnapshotDay: LocalDate
    /// Whose cases are counted.
    public let scope: ReportScope
    /// The targets file used, when its targets apply to this period.
    public let targetsFile: String?
    /// Every measure, in ``Measure/allCases`` order.
    public let figures: [Figure]
    /// The same figures for each counsellor in scope, with their own targets.
    public let counsellors: [CounsellorFigures]

    /// The figure of `measure`.
    public subscript(measure: Measure) -> Figure { figures.first { $0.measure == measure }! }
}

extension ReportEngine {
    /// The report for `scope`: every measure for the scope and for each of its counsellors.
    /// Targets that do not apply to the period (another year) are left out.
    public func report(scope: ReportScope, targets: Targets = .none) -> Report {
        let applied = targets.apply(to: period) ? targets : .none
        @Sendable func figures(_ scope: ReportScope) -> [Figure] {
            let records = scoped(scope)
            return Measure.allCases.map { measure in
                Figure(basis(measure, of: records, previous: false), target: applied.target(measure, for: scope),
                       previous: basis(measure, of: records, previous: true))
            }
        }
        // The scope's figures and each counsellor's are independent: made on every core, the
        // scope's first (it counts every case the counsellors' do).
        let names = counsellors(in: scope)
        let scopes = [scope] + names.map { ReportScope.counsellor($0) }
        let made = ParallelArray.make(count: scopes.count, threshold: 2) { figures(scopes[$0]) }
        return Report(period: period, previousPeriod: previousPeriod, snapshotDay: snapshotDay,
                      previousSnapshotDay: previousSnapshotDay, scope: scope, targetsFile: applied.file,
                      figures: made[0],
                      counsellors: zip(names, made.dropFirst()).map { CounsellorFigures(counsellor: $0, figures: $1) })
    }
}
