/// What a figure counts in: its unit, shown beside numbers and in the CSV/JSON `unit` field.
public enum MeasureUnit: String, Sendable {
    /// Resident ID numbers, each once.
    case people
    /// Household ids, each once.
    case households
    /// Cases.
    case cases
    /// A rate, 0–100.
    case percent
    /// Calendar days.
    case days
}

/// How a figure is computed from the cases behind it.
public enum MeasureShape: Sendable {
    /// The number of people, households or cases behind it.
    case count
    /// Numerator ÷ denominator, shown as a percentage.
    case rate
    /// The median of one number per case (days).
    case median
}

/// The two panels of a report.
public enum MeasureGroup: String, Sendable {
    /// Results over the period, against the year's targets.
    case results
    /// The state of the caseload at the end of the period.
    case health
}

/// Every figure a report shows, each with one definition (README, "Measures and reports").
/// The raw values are the ids used in `targets.toml`, `--measure`, CSV and JSON.
public enum Measure: String, CaseIterable, Sendable, Hashable {
    // Results over the period (people or households, each counted once).
    case placements, reemployment, graduate_placement_rate, difficulty_placement_rate
    case zero_employment_cleared, traineeships, public_welfare_posts
    // Caseload health at the end of the period (cases).
    case open_cases, overdue_cases, escalated_cases
    case overdue_1_7, overdue_8_30, overdue_31_90, overdue_over_90
    case contact_rate, first_contact_days, graduate_package_complete

    /// The four aging buckets of overdue cases, youngest first.
    public static let aging: [Measure] = [.overdue_1_7, .overdue_8_30, .overdue_31_90, .overdue_over_90]

    /// The panel it belongs to.
    public var group: MeasureGroup {
        switch self {
        case .placements, .reemployment, .graduate_placement_rate, .difficulty_placement_rate,
             .zero_employment_cleared, .traineeships, .public_welfare_posts: .results
        default: .health
        }
    }

    /// How its figure is computed.
    public var shape: MeasureShape {
        switch self {
        case .graduate_placement_rate, .difficulty_placement_rate, .contact_rate, .graduate_package_complete: .rate
        case .first_contact_days: .median
        default: .count
        }
    }

    /// What it counts in.
    public var unit: MeasureUnit {
        switch self {
        case .placements, .reemployment, .traineeships, .public_welfare_posts: .people
        case .zero_employment_cleared: .households
        case .first_contact_days: .days
        default: shape == .rate ? .percent : .cases
        }
    }

    /// Whether `targets.toml` may set a target for it: the results, and the two health
    /// shares where more is better.
    public var isTargetable: Bool { group == .results || self == .contact_rate || self == .graduate_package_complete }

    /// Measures that take a target, in report order.
    public static var targetable: [Measure] { allCases.filter(\.isTargetable) }

    /// The label in Simplified Chinese, as in the bureau's reports.
    public var chinese: String {
        switch self {
        case .placements: "新增就业"
        case .reemployment: "失业人员再就业"
        case .graduate_placement_rate: "高校毕业生去向落实率"
        case .difficulty_placement_rate: "就业困难人员就业率"
        case .zero_employment_cleared: "零就业家庭清零"
        case .traineeships: "就业见习"
        case .public_welfare_posts: "公益性岗位安置"
        case .open_cases: "在册案例"
        case .overdue_cases: "逾期案例"
        case .escalated_cases: "严重逾期案例"
        case .overdue_1_7: "逾期1–7天"
        case .overdue_8_30: "逾期8–30天"
        case .overdue_31_90: "逾期31–90天"
        case .overdue_over_90: "逾期90天以上"
        case .contact_rate: "30天联系率"
        case .first_contact_days: "首次联系用时（中位数）"
        case .graduate_package_complete: "“1+3+1+1”完成率"
        }
    }

    /// The label in English.
    public var english: String {
        switch self {
        case .placements: "Placements"
        case .reemployment: "Unemployed reemployed"
        case .graduate_placement_rate: "Graduate placement rate"
        case .difficulty_placement_rate: "Difficulty-group placement rate"
        case .zero_employment_cleared: "Zero-employment households cleared"
        case .traineeships: "Traineeships"
        case .public_welfare_posts: "Public welfare posts filled"
        case .open_cases: "Open cases"
        case .overdue_cases: "Overdue cases"
        case .escalated_cases: "Escalated cases"
        case .overdue_1_7: "Overdue 1–7 days"
        case .overdue_8_30: "Overdue 8–30 days"
        case .overdue_31_90: "Overdue 31–90 days"
        case .overdue_over_90: "Overdue over 90 days"
        case .contact_rate: "Contacted in last 30 days"
        case .first_contact_days: "Days to first contact (median)"
        case .graduate_package_complete: "1+3+1+1 package complete"
        }
    }

    /// The label in the chosen language.
    public func label(chinese useChinese: Bool) -> String { useChinese ? chinese : english }

    /// The definition in one sentence, for `--help` and the README.
    public var definition: String {
        switch self {
        case .placements:
            "People with a placing outcome (employed, self-employed, flexible, public welfare post, further study, enlisted) dated in the period, any kind of case."
        case .reemployment: "People with an unemployed-registration case and a placing outcome dated in the period."
        case .graduate_placement_rate:
            "Graduates placed in the period ÷ graduates in service during the period (open at its start, opened or reopened in it, or placed in it)."
        case .difficulty_placement_rate: "As the graduate rate, for difficulty-group cases."
        case .zero_employment_cleared:
            "Zero-employment households with a member's placing outcome dated in the period, on or after the household's identification."
        case .traineeships: "People with a traineeship service dated in the period."
        case .public_welfare_posts: "People with a public-welfare-post outcome dated in the period."
        case .open_cases: "Cases open at the end of the period."
        case .overdue_cases: "Cases whose most urgent flag at the end of the period is overdue (not escalated)."
        case .escalated_cases: "Cases whose most urgent flag at the end of the period is escalated."
        case .overdue_1_7, .overdue_8_30, .overdue_31_90, .overdue_over_90:
            "Overdue or escalated cases at the end of the period, by the days overdue of their most overdue flag."
        case .contact_rate: "Open cases at the end of the period with a contact in its last 30 days ÷ open cases."
        case .first_contact_days: "Median calendar days from opening to first contact, for cases opened in the period and contacted by its end."
        case .graduate_package_complete:
            "Graduate cases (left school without a job) not closed at the end of the period whose 1+3+1+1 package is complete ÷ those cases."
        }
    }
}
