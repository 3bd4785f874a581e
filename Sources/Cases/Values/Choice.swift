/// A closed set of values typed on the command line as snake_case identifiers
/// (`zero_employment_household`) or as their Chinese labels (`零就业家庭`).
public protocol Choice: CaseIterable, RawRepresentable, Hashable, Sendable where RawValue == String, AllCases: Sendable {
    /// Simplified Chinese label, as counsellors say it.
    var chinese: String { get }
    /// Short English label.
    var english: String { get }
    /// The field name used in messages (`degree`, `channel`…).
    static var fieldName: String { get }
}

extension Choice {
    /// Accepts the identifier, the Chinese label or the English label (case-insensitive).
    public static func parse(_ text: String, field: String? = nil) throws(ValidationError) -> Self {
        let trimmed = text.trimmingWhitespace()
        let lowered = trimmed.lowercased()
        if let match = allCases.first(where: {
            $0.rawValue == lowered || $0.chinese == trimmed || $0.english.lowercased() == lowered
                || $0.rawValue.replacingUnderscores() == lowered
        }) {
            return match
        }
        let name = field ?? fieldName
        if trimmed.isEmpty { throw ValidationError(field: name, "is required") }
        throw ValidationError(field: name, "'\(trimmed)' is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// Parses a comma-separated list (`age_4050,disability` or `4050人员，残疾人`).
    public static func parseList(_ text: String, field: String? = nil) throws(ValidationError) -> [Self] {
        var result: [Self] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }) {
            let value = try parse(String(part), field: field)
            if !result.contains(value) { result.append(value) }
        }
        if result.isEmpty { throw ValidationError(field: field ?? fieldName, "needs at least one value") }
        return result
    }

    /// `desk (窗口)` lines for `--help`.
    public static var helpList: String { allCases.map { "\($0.rawValue) (\($0.chinese))" }.joined(separator: ", ") }

    public func label(chinese useChinese: Bool) -> String { useChinese ? chinese : english }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}

/// The three kinds of case, each with its own screens and rules.
public enum CaseKind: String, Choice, Codable {
    case graduate, difficulty, unemployed
    public static let fieldName = "kind"
    public var chinese: String {
        switch self {
        case .graduate: "高校毕业生"
        case .difficulty: "就业困难人员"
        case .unemployed: "失业登记人员"
        }
    }
    public var english: String {
        switch self {
        case .graduate: "Graduate"
        case .difficulty: "Difficulty group"
        case .unemployed: "Unemployed"
        }
    }
    /// The letter that starts this kind's case ids.
    public var letter: Character {
        switch self {
        case .graduate: "G"
        case .difficulty: "D"
        case .unemployed: "U"
        }
    }
}

public enum CaseStatus: String, Choice, Codable {
    case open, placed, closed
    public static let fieldName = "status"
    public var chinese: String {
        switch self {
        case .open: "在册"
        case .placed: "已就业"
        case .closed: "已结案"
        }
    }
    public var english: String { rawValue }
}

public enum Degree: String, Choice, Codable {
    case associate, bachelor, master, doctor
    public static let fieldName = "degree"
    public var chinese: String {
        switch self {
        case .associate: "专科"
        case .bachelor: "本科"
        case .master: "硕士"
        case .doctor: "博士"
        }
    }
    public var english: String { rawValue }
}

/// Why a graduate counts as a "graduate in difficulty" (困难毕业生).
public enum GraduateDifficulty: String, Choice, Codable {
    case low_income_household, zero_employment_household, minimum_living_allowance, disabled, disabled_parent
    case poverty_alleviation, other
    public static let fieldName = "difficulty"
    public var chinese: String {
        switch self {
        case .low_income_household: "低收入家庭"
        case .zero_employment_household: "零就业家庭"
        case .minimum_living_allowance: "低保家庭"
        case .disabled: "残疾"
        case .disabled_parent: "父母残疾"
        case .poverty_alleviation: "脱贫家庭"
        case .other: "其他"
        }
    }
    public var english: String {
        switch self {
        case .low_income_household: "low-income household"
        case .zero_employment_household: "zero-employment household"
        case .minimum_living_allowance: "minimum living allowance"
        case .disabled: "disabled"
        case .disabled_parent: "disabled parent"
        case .poverty_alleviation: "poverty alleviation"
        case .other: "other"
        }
    }
}

/// Categories of the employment-difficulty group (就业困难人员).
public enum DifficultyCategory: String, Choice, Codable {
    case age_4050, disability, zero_employment_household, long_term_unemployed, minimum_living_allowance
    case land_lost_farmer, released_prisoner, demobilised_soldier, single_parent, other
    public static let fieldName = "category"
    public var chinese: String {
        switch self {
        case .age_4050: "4050人员"
        case .disability: "残疾人"
        case .zero_employment_household: "零就业家庭"
        case .long_term_unemployed: "长期失业人员"
        case .minimum_living_allowance: "低保家庭"
        case .land_lost_farmer: "失地农民"
        case .released_prisoner: "刑满释放人员"
        case .demobilised_soldier: "退役军人"
        case .single_parent: "单亲家庭"
        case .other: "其他"
        }
    }
    public var english: String {
        switch self {
        case .age_4050: "4050"
        case .disability: "disability"
        case .zero_employment_household: "zero-employment household"
        case .long_term_unemployed: "long-term unemployed"
        case .minimum_living_allowance: "minimum living allowance"
        case .land_lost_farmer: "land-lost farmer"
        case .released_prisoner: "released prisoner"
        case .demobilised_soldier: "demobilised soldier"
        case .single_parent: "single parent"
        case .other: "other"
        }
    }
}

public enum ContactChannel: String, Choice, Codable {
    case desk, phone, visit, wechat, sms
    public static let fieldName = "channel"
    public var chinese: String {
        switch self {
        case .desk: "窗口"
        case .phone: "电话"
        case .visit: "上门走访"
        case .wechat: "微信"
        case .sms: "短信"
        }
    }
    public var english: String {
        switch self {
        case .desk: "desk"
        case .phone: "phone"
        case .visit: "home visit"
        case .wechat: "WeChat"
        case .sms: "SMS"
        }
    }
}

public enum ServiceKind: String, Choice, Codable {
    case policy_briefing, job_recommendation, career_guidance, training_referral, traineeship
    case public_welfare_post, micro_factory, entrepreneurship, subsidy
    public static let fieldName = "kind"
    public var chinese: String {
        switch self {
        case .policy_briefing: "政策宣讲"
        case .job_recommendation: "岗位推荐"
        case .career_guidance: "职业指导"
        case .training_referral: "培训推荐"
        case .traineeship: "就业见习"
        case .public_welfare_post: "公益性岗位"
        case .micro_factory: "社区微工厂"
        case .entrepreneurship: "创业服务"
        case .subsidy: "补贴发放"
        }
    }
    public var english: String {
        switch self {
        case .policy_briefing: "policy briefing"
        case .job_recommendation: "job recommendation"
        case .career_guidance: "career guidance"
        case .training_referral: "training referral"
        case .traineeship: "traineeship"
        case .public_welfare_post: "public welfare post"
        case .micro_factory: "micro-factory placement"
        case .entrepreneurship: "entrepreneurship support"
        case .subsidy: "subsidy"
        }
    }
}

public enum OutcomeKind: String, Choice, Codable {
    case employed, self_employed, flexible, public_welfare_post, further_study, enlisted
    case moved_away, unreachable, declined
    public static let fieldName = "kind"
    public var chinese: String {
        switch self {
        case .employed: "单位就业"
        case .self_employed: "自主创业"
        case .flexible: "灵活就业"
        case .public_welfare_post: "公益性岗位安置"
        case .further_study: "升学"
        case .enlisted: "参军入伍"
        case .moved_away: "迁出"
        case .unreachable: "无法联系"
        case .declined: "拒绝服务"
        }
    }
    public var english: String {
        switch self {
        case .employed: "employed"
        case .self_employed: "self-employed"
        case .flexible: "flexible employment"
        case .public_welfare_post: "public welfare post"
        case .further_study: "further study"
        case .enlisted: "enlisted"
        case .moved_away: "moved away"
        case .unreachable: "unreachable"
        case .declined: "declined"
        }
    }
    /// Whether this outcome places the person (the case's status becomes `placed`).
    /// Further study and enlistment count as a settled destination (去向落实), as in graduate statistics.
    public var isPlacement: Bool {
        switch self {
        case .employed, .self_employed, .flexible, .public_welfare_post, .further_study, .enlisted: true
        case .moved_away, .unreachable, .declined: false
        }
    }
}
