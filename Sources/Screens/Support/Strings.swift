/// The language the app speaks.
public enum Language: String, Sendable, CaseIterable {
    case zh, en

    /// `--lang`, else `$CASELOAD_LANG`, else the locale (`zh_*` means Chinese), else English.
    public static func resolve(flag: String?, environment: [String: String]) -> Language {
        if let flag, let language = Language(rawValue: flag.lowercased()) { return language }
        if let value = environment["CASELOAD_LANG"], let language = Language(rawValue: value.lowercased()) { return language }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }

    public var isChinese: Bool { self == .zh }
}

/// Every word the app shows, in Simplified Chinese and English: one table, so a layout can
/// be checked in both languages and nothing is left untranslated.
public enum TextKey: String, CaseIterable, Sendable {
    case appName, tabAll, tabGraduates, tabDifficulty, tabUnemployed, mine, everyone
    case columnName, columnSummary, columnCounsellor, columnNext, columnLastContact, columnStatus, columnOpened
    case statusOpen, statusPlaced, statusClosed
    case overdueCount, escalatedCount, fullAccess
    case searchPrompt, filterPrompt, noMatches, noCases, matches
    case caseTitle, flags, noFlags, package, timeline, person, residentID, phone, born, sex, male, female, counsellor, opened
    case school, major, degree, graduated, categories, identified, household, registered, benefitUntil, previousEmployer, intention
    case revealHint, revealed
    case agendaTitle, agendaOverdue, agendaToday, agendaNothing, agendaDueOn
    case helpTitle, helpFooter
    case tooSmall, tooSmallNeed
    case sortedBy, sortUrgency, sortName, sortNext, sortLastContact, sortOpened
    case readOnlyNotice, themeNotice, newEvents, unknownEvent
    case filterKind, filterSeverity, filterCounsellor, filterStatus, filterSchool, filterAny, filterCleared
    case conflict

    /// Action labels (footer and help).
    case actionHelp, actionQuit, actionBack, actionOpen, actionDown, actionUp, actionPageDown, actionPageUp, actionTop, actionBottom
    case actionNextTab, actionPreviousTab, actionSearch, actionFilter, actionClear, actionMine, actionSort, actionAgenda
    case actionRevealID, actionRevealPhone, actionHome, actionRefresh
}

public struct Strings: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    public subscript(_ key: TextKey) -> String {
        let pair = Strings.table[key] ?? (key.rawValue, key.rawValue)
        return language == .zh ? pair.zh : pair.en
    }

    /// `%1`, `%2`… placeholders filled in order.
    public func format(_ key: TextKey, _ arguments: CustomStringConvertible...) -> String {
        var text = self[key]
        for (index, argument) in arguments.enumerated() {
            text = text.replacingAll("%\(index + 1)", with: argument.description)
        }
        return text
    }

    static let table: [TextKey: (zh: String, en: String)] = [
        .appName: ("就业服务台账", "Caseload"),
        .tabAll: ("全部", "All"), .tabGraduates: ("高校毕业生", "Graduates"),
        .tabDifficulty: ("就业困难人员", "Difficulty group"), .tabUnemployed: ("失业登记人员", "Unemployed"),
        .mine: ("我的", "mine"), .everyone: ("全部人员", "everyone's"),
        .columnName: ("姓名", "Name"), .columnSummary: ("摘要", "Summary"), .columnCounsellor: ("专员", "Counsellor"),
        .columnNext: ("下次到期", "Next due"), .columnLastContact: ("上次联系", "Last contact"), .columnStatus: ("状态", "Status"),
        .columnOpened: ("建档", "Opened"),
        .statusOpen: ("在册", "open"), .statusPlaced: ("已就业", "placed"), .statusClosed: ("已结案", "closed"),
        .overdueCount: ("逾期", "overdue"), .escalatedCount: ("严重逾期", "escalated"), .fullAccess: ("单机完全访问", "full access"),
        .searchPrompt: ("搜索", "Search"), .filterPrompt: ("筛选", "Filter"), .noMatches: ("没有匹配的人员", "No matching cases"),
        .noCases: ("这里没有案例", "No cases here"), .matches: ("%1 条匹配", "%1 matches"),
        .caseTitle: ("案例", "Case"), .flags: ("提醒", "Flags"), .noFlags: ("没有到期事项", "Nothing due"),
        .package: ("“1+3+1+1”服务包", "1+3+1+1 package"), .timeline: ("服务记录（最新在前）", "Timeline (newest first)"),
        .person: ("个人信息", "Person"), .residentID: ("身份证号", "ID"), .phone: ("电话", "Phone"), .born: ("出生", "born"),
        .sex: ("性别", "sex"), .male: ("男", "male"), .female: ("女", "female"), .counsellor: ("专员", "Counsellor"),
        .opened: ("建档", "opened"), .school: ("学校", "School"), .major: ("专业", "Major"), .degree: ("学历", "Degree"),
        .graduated: ("毕业", "graduated"), .categories: ("类别", "Categories"), .identified: ("认定", "identified"),
        .household: ("家庭编号", "household"), .registered: ("登记", "Registered"), .benefitUntil: ("失业金至", "benefit until"),
        .previousEmployer: ("原单位", "Previously at"), .intention: ("求职意向", "Intention"),
        .revealHint: ("按 i 显示身份证号，p 显示电话（将记录审计）", "i reveals the ID, p the phone (audited)"),
        .revealed: ("已显示并记录审计", "shown; the reveal was journaled"),
        .agendaTitle: ("今日待办", "Today"), .agendaOverdue: ("已逾期", "Overdue"), .agendaToday: ("今天到期", "Due today"),
        .agendaNothing: ("没有待办事项", "Nothing due"), .agendaDueOn: ("%1 到期", "Due %1"),
        .helpTitle: ("按键帮助", "Keys"), .helpFooter: ("按任意键返回", "Press any key to go back"),
        .tooSmall: ("终端窗口太小", "Terminal too small"), .tooSmallNeed: ("至少需要 %1×%2，当前 %3×%4", "Need at least %1×%2, have %3×%4"),
        .sortedBy: ("排序", "sorted by"), .sortUrgency: ("紧急程度", "urgency"), .sortName: ("姓名", "name"),
        .sortNext: ("下次到期", "next due"), .sortLastContact: ("上次联系", "last contact"), .sortOpened: ("建档日期", "opened"),
        .readOnlyNotice: ("只读打开：%1", "Opened read-only: %1"), .themeNotice: ("%1", "%1"),
        .newEvents: ("同事新增 %1 条记录", "%1 new events from colleagues"), .unknownEvent: ("未知事件（来自新版本）", "unknown event (from a newer version)"),
        .filterKind: ("类型", "kind"), .filterSeverity: ("紧急程度", "severity"), .filterCounsellor: ("专员", "counsellor"),
        .filterStatus: ("状态", "status"), .filterSchool: ("学校", "school"), .filterAny: ("任意", "any"),
        .filterCleared: ("已清除筛选", "Filter cleared"), .conflict: ("冲突", "conflict"),
        .actionHelp: ("帮助", "Help"), .actionQuit: ("退出", "Quit"), .actionBack: ("返回", "Back"), .actionOpen: ("打开", "Open"),
        .actionDown: ("下移", "Down"), .actionUp: ("上移", "Up"), .actionPageDown: ("下一页", "Page down"), .actionPageUp: ("上一页", "Page up"),
        .actionTop: ("首行", "Top"), .actionBottom: ("末行", "Bottom"), .actionNextTab: ("下一标签", "Next tab"),
        .actionPreviousTab: ("上一标签", "Previous tab"), .actionSearch: ("搜索", "Search"), .actionFilter: ("筛选", "Filter"),
        .actionClear: ("清除", "Clear"), .actionMine: ("我的/全部", "Mine/all"), .actionSort: ("排序", "Sort"),
        .actionAgenda: ("今日", "Today"), .actionRevealID: ("显示身份证", "Reveal ID"), .actionRevealPhone: ("显示电话", "Reveal phone"),
        .actionHome: ("台账", "Caseload"), .actionRefresh: ("刷新", "Refresh"),
    ]
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
