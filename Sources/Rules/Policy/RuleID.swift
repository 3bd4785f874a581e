/// The follow-up rules Caseload knows. The raw value is the name used in
/// `policy.toml` (`[rules.first_contact]`) and in snooze events.
public enum RuleID: String, CaseIterable, Sendable, Hashable, Comparable {
    case first_contact
    case scheduled_follow_up
    case regular_contact
    case graduate_package
    case zero_employment_clearance
    case difficulty_recommendations
    case unemployed_benefit_end
    case unemployed_long_term
    case post_placement
    case programme_end

    /// Short English title for lists.
    public var english: String {
        switch self {
        case .first_contact: "First contact"
        case .scheduled_follow_up: "Scheduled follow-up"
        case .regular_contact: "Regular contact"
        case .graduate_package: "Graduate 1+3+1+1 services"
        case .zero_employment_clearance: "Zero-employment household clearance"
        case .difficulty_recommendations: "Quarterly job recommendations"
        case .unemployed_benefit_end: "Unemployment benefit ending"
        case .unemployed_long_term: "Long-term unemployed"
        case .post_placement: "Post-placement check"
        case .programme_end: "Programme ending"
        }
    }

    /// Chinese title, as counsellors say it.
    public var chinese: String {
        switch self {
        case .first_contact: "首次联系"
        case .scheduled_follow_up: "预约回访"
        case .regular_contact: "实名制跟踪服务"
        case .graduate_package: "“1+3+1+1”服务"
        case .zero_employment_clearance: "零就业家庭动态清零"
        case .difficulty_recommendations: "季度岗位推荐"
        case .unemployed_benefit_end: "失业保险金到期"
        case .unemployed_long_term: "长期失业认定"
        case .post_placement: "就业稳定性回访"
        case .programme_end: "见习/公益性岗位到期"
        }
    }

    public func title(chinese useChinese: Bool) -> String { useChinese ? chinese : english }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
