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
    case overdueCount, escalatedCount, fullAccess, roleCounsellor, roleSupervisor, roleAuditor, roleNone, team, stubNotice
    case searchPrompt, filterPrompt, noMatches, noCases, matches
    case caseTitle, flags, noFlags, package, timeline, person, residentID, phone, born, sex, male, female, counsellor, opened
    case school, major, degree, graduated, categories, identified, household, registered, benefitUntil, previousEmployer, intention
    case revealHint, revealed
    case agendaTitle, agendaOverdue, agendaToday, agendaNothing, agendaDueOn
    case helpTitle, helpFooter
    case tooSmall, tooSmallNeed, opening, openingSize, stillOpening
    case sortedBy, sortUrgency, sortName, sortNext, sortLastContact, sortOpened
    case readOnlyNotice, themeNotice, newEvents, unknownEvent
    case filterKind, filterSeverity, filterCounsellor, filterStatus, filterSchool, filterAny, filterCleared
    case conflict

    /// Action labels (footer and help).
    case actionHelp, actionQuit, actionBack, actionOpen, actionDown, actionUp, actionPageDown, actionPageUp, actionTop, actionBottom
    case actionNextTab, actionPreviousTab, actionSearch, actionFilter, actionClear, actionMine, actionSort, actionAgenda
    case actionRevealID, actionRevealPhone, actionHome, actionRefresh

    // Forms and actions
    case fieldKind, fieldName, fieldID, fieldPhone, fieldHukou, fieldCommunity, fieldEducation, fieldSchool, fieldMajor, fieldDegree
    case fieldGraduated, fieldLeftWithoutJob, fieldDifficulty, fieldSector, fieldPlace, fieldSalary, fieldCategories, fieldIdentified
    case fieldCertificate, fieldHousehold, fieldRegistered, fieldRegistrationNo, fieldPreviousEmployer, fieldIndustry, fieldBenefitUntil
    case fieldSession, fieldIntention, fieldChannel, fieldReached, fieldNote, fieldNext, fieldDate, fieldService, fieldEmployer
    case fieldPosition, fieldEnds, fieldOutcome, fieldOutcomeDate, fieldFollowUpDate, fieldRule, fieldUntil, fieldReason, fieldTo, fieldText
    case titleNewCase, titleCorrect, titleContact, titleBulkContact, titleService, titleOutcome, titleSchedule, titleSnooze
    case titleReassign, titleBulkAssign, titleClose, titleReopen, titleNote, titleOutreach
    case formRequired, formFixFields, formSaved, formSavedCase, formKeptDraft, formDraftFailed, formDraftKeptOnScreen, formNothingChanged
    case formDiscardTitle, formDiscardQuestion, formDuplicateTitle, formDuplicate, formDuplicateShort, formOpenInstead, formBorn, formFits4050
    case formOffer4050, formNoMatch, formNoEditor, formKnownCounsellors
    case hintDate, hintChoice, hintMulti, hintLongText, hintText, hintRequired, hintSave, hintOutreachEnter
    case caseClosedReopen, caseAlreadyOpen, nothingToSnooze, undoNothing, undoTitle, undoQuestion, undone
    case draftTitle, draftQuestion, draftChoices, draftDiscarded, outreachCount, outreachSaved, bulkCases, bulkSaved, bulkSkipped, marked
    case actionContact, actionService, actionOutcome, actionSchedule, actionSnooze, actionCorrect, actionReassign, actionCloseCase
    case actionReopen, actionNote, actionUndo, actionNewCase, actionOutreach, actionMark, actionBulkAssign, actionBulkContact
    case actionSave, actionSubmitOrNext, actionNextField, actionPreviousField, actionNextChoice, actionPreviousChoice
    case actionToggleChoice, actionExternalEditor, actionCancel, actionYes, actionNo
    // Supervisor
    case dashboardTitle, dashboardTeam, dashboardOpen, dashboardOverdue, dashboardEscalated, dashboardPlaced, dashboardContactRate
    case dashboardTargets, dashboardNoTargets, dashboardAging, dashboardHint, dashboardCaseCount, dashboardNumerator, dashboardDenominator
    case dashboardComputing, dashboardDate, dashboardDetail, dashboardReassignPrompt, dashboardReassigned, dashboardAlreadyTheirs, dashboardBadCounsellor
    case actionDashboard, actionReassignTo, actionRatePart
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
        .overdueCount: ("逾期", "overdue"), .escalatedCount: ("严重逾期", "escalated"), .fullAccess: ("完全访问 · 无人员名单", "full access · no staff file"),
        .roleCounsellor: ("就业顾问", "counsellor"), .roleSupervisor: ("科长", "supervisor"), .roleAuditor: ("审计 · 只读", "auditor · read-only"),
        .roleNone: ("未列入人员名单 · 仅摘要", "not in staff file · stubs only"), .team: ("组", "team"),
        .stubNotice: ("仅显示摘要：详情限该顾问所在组", "stub only: details are for the counsellor's team"),
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
        .opening: ("正在打开案件库…", "Opening the caseload…"), .openingSize: ("读取 %1 MB 记录", "reading %1 MB of records"),
        .stillOpening: ("全部案件仍在打开…", "whole office still opening…"),
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
        // Forms and actions
        .fieldKind: ("类型", "Kind"), .fieldName: ("姓名", "Name"), .fieldID: ("身份证号", "ID number"), .fieldPhone: ("手机号", "Phone"),
        .fieldHukou: ("户籍地址", "Hukou address"), .fieldCommunity: ("现居社区", "Community"), .fieldEducation: ("文化程度", "Education"),
        .fieldSchool: ("毕业院校", "School"), .fieldMajor: ("专业", "Major"), .fieldDegree: ("学历", "Degree"),
        .fieldGraduated: ("毕业时间", "Graduated"), .fieldLeftWithoutJob: ("离校未就业", "Left without job"),
        .fieldDifficulty: ("困难类别", "Difficulty"), .fieldSector: ("意向行业", "Intended sector"), .fieldPlace: ("意向地点", "Intended place"),
        .fieldSalary: ("期望薪资", "Expected salary"), .fieldCategories: ("人员类别", "Categories"), .fieldIdentified: ("认定日期", "Identified"),
        .fieldCertificate: ("证件编号", "Certificate"), .fieldHousehold: ("家庭编号", "Household"), .fieldRegistered: ("登记日期", "Registered"),
        .fieldRegistrationNo: ("登记证号", "Registration no."), .fieldPreviousEmployer: ("原工作单位", "Previous employer"),
        .fieldIndustry: ("原行业", "Industry"), .fieldBenefitUntil: ("失业金截止", "Benefit until"), .fieldSession: ("场次", "Session"),
        .fieldIntention: ("求职意向", "Intention"), .fieldChannel: ("联系方式", "Channel"), .fieldReached: ("是否联系上", "Reached"),
        .fieldNote: ("内容", "Note"), .fieldNext: ("下次回访", "Next follow-up"), .fieldDate: ("日期", "Date"),
        .fieldService: ("服务类型", "Service"), .fieldEmployer: ("用人单位", "Employer"), .fieldPosition: ("岗位", "Position"),
        .fieldEnds: ("结束日期", "Ends"), .fieldOutcome: ("去向", "Outcome"), .fieldOutcomeDate: ("生效日期", "Date"),
        .fieldFollowUpDate: ("回访日期", "Follow-up date"), .fieldRule: ("提醒", "Flag"), .fieldUntil: ("暂缓至", "Until"),
        .fieldReason: ("原因", "Reason"), .fieldTo: ("转交给", "To counsellor"), .fieldText: ("备注", "Note"),
        .titleNewCase: ("新建档案", "New case"), .titleCorrect: ("更正信息", "Correct details"), .titleContact: ("记录联系", "Log a contact"),
        .titleBulkContact: ("批量记录联系", "Log a contact for each"), .titleService: ("记录服务", "Record a service"),
        .titleOutcome: ("记录去向", "Record an outcome"), .titleSchedule: ("预约回访", "Schedule a follow-up"),
        .titleSnooze: ("暂缓提醒", "Snooze a flag"), .titleReassign: ("转交", "Reassign"), .titleBulkAssign: ("批量转交", "Reassign each"),
        .titleClose: ("结案", "Close the case"), .titleReopen: ("重新打开", "Reopen the case"), .titleNote: ("添加备注", "Add a note"),
        .titleOutreach: ("进校园快速登记", "Campus outreach: quick intake"),
        .formRequired: ("必填", "is required"), .formFixFields: ("未保存：%1 项需要修改", "Not saved: %1 field(s) to fix"),
        .formSaved: ("已保存 · %1 · %2", "Saved · %1 · %2"), .formSavedCase: ("已保存：新档案 %1 %2", "Saved: new case %1 %2"),
        .formKeptDraft: ("未保存，已输入的内容保存为草稿", "Not saved; your input is kept as a draft"), .formDraftFailed: ("草稿无法保存", "Draft not saved"),
        .formDraftKeptOnScreen: ("已输入的内容仍在屏幕上，请勿关闭", "your input is still on screen; do not close the form"),
        .formNothingChanged: ("没有改动", "nothing has changed"), .formDiscardTitle: ("放弃修改？", "Discard changes?"),
        .formDiscardQuestion: ("填写的内容尚未保存，确定放弃吗？", "What you typed is not saved. Discard it?"),
        .formDuplicateTitle: ("已有档案", "Already registered"),
        .formDuplicate: ("%1 已有在册的%2档案 %3（%4）", "%1 already has an open %2 case %3 (%4)"),
        .formDuplicateShort: ("已有在册%1档案 %2（%3）", "already has an open %1 case %2 (%3)"),
        .formOpenInstead: ("打开已有档案吗？y 打开，n 返回表单", "Open it instead? y opens it, n goes back to the form"),
        .formBorn: ("出生 %1 · %2 · %3 岁", "born %1 · %2 · %3 years"), .formFits4050: ("符合“4050”", "fits 4050"),
        .formOffer4050: ("年龄符合“4050”：按空格添加", "the ID's age fits 4050: Space adds it"),
        .formNoMatch: ("没有匹配“%1”的选项", "No option matches \"%1\""), .formNoEditor: ("没有可用的终端来运行编辑器", "No terminal to run an editor in"),
        .formKnownCounsellors: ("现有专员：%1", "known: %1"),
        .hintDate: ("日期：YYYY-MM-DD、t（今天）、+7、-1", "YYYY-MM-DD, t (today), +7 or -1"),
        .hintChoice: ("输入文字选择，←/→ 切换", "type to choose, ←/→ to cycle"),
        .hintMulti: ("输入文字查找，空格勾选，←/→ 移动", "type to find, Space toggles, ←/→ to move"),
        .hintLongText: ("F9 用 $EDITOR 编辑", "F9 edits in $EDITOR"), .hintText: ("←/→ Home/End Ctrl-A/E/U/K/W", "←/→ Home/End Ctrl-A/E/U/K/W"),
        .hintRequired: ("必填", "required"), .hintSave: ("Ctrl-S 保存", "Ctrl-S saves"),
        .hintOutreachEnter: ("回车：必填项齐全即保存", "Enter saves once the required fields are filled"),
        .caseClosedReopen: ("%1 已结案，请先重新打开", "%1 is closed; reopen it first"), .caseAlreadyOpen: ("%1 已是在册状态", "%1 is already open"),
        .nothingToSnooze: ("这个案例没有可暂缓的提醒", "This case has no flag to snooze"),
        .undoNothing: ("本次没有可撤销的操作", "Nothing of yours to undo in this session"), .undoTitle: ("撤销", "Undo"),
        .undoQuestion: ("撤销你对 %1（%2）的最近一次操作？", "Undo your last action, on %1 (%2)?"), .undone: ("已撤销：%1", "Undone: %1"),
        .draftTitle: ("未保存的草稿", "Unsaved draft"), .draftQuestion: ("%1（%2）", "%1 (from %2)"),
        .draftChoices: ("y 继续填写 · n 删除草稿 · Esc 以后再说", "y resumes it · n discards it · Esc keeps it for later"),
        .draftDiscarded: ("草稿已删除", "Draft discarded"), .outreachCount: ("本场已登记 %1 人", "Registered this session: %1"),
        .outreachSaved: ("已保存 %1（%2），本场共 %3 人。请登记下一位", "Saved %1 (%2) — %3 this session. Next person."),
        .bulkCases: ("%1 个案例", "%1 cases"), .bulkSaved: ("已保存 %1/%2 个案例", "Saved for %1 of %2 cases"),
        .bulkSkipped: ("跳过 %1 个：%2", "skipped %1: %2"), .marked: ("已标记 %1 个", "%1 marked"),
        .actionContact: ("联系", "Contact"), .actionService: ("服务", "Service"), .actionOutcome: ("去向", "Outcome"),
        .actionSchedule: ("预约回访", "Schedule follow-up"), .actionSnooze: ("暂缓提醒", "Snooze a flag"),
        .actionCorrect: ("更正信息", "Correct details"), .actionReassign: ("转交", "Reassign"), .actionCloseCase: ("结案", "Close case"),
        .actionReopen: ("重新打开", "Reopen"), .actionNote: ("备注", "Add a note"), .actionUndo: ("撤销", "Undo my last action"),
        .actionNewCase: ("新建", "New"), .actionOutreach: ("进校园登记", "Campus outreach"), .actionMark: ("标记", "Mark row"),
        .actionBulkAssign: ("批量转交", "Reassign marked"), .actionBulkContact: ("批量联系", "Contact for marked"),
        .actionSave: ("保存", "Save"), .actionSubmitOrNext: ("下一项/保存", "Next/save"), .actionNextField: ("下一项", "Next field"),
        .actionPreviousField: ("上一项", "Previous field"), .actionNextChoice: ("下一个选项", "Next option"),
        .actionPreviousChoice: ("上一个选项", "Previous option"), .actionToggleChoice: ("勾选", "Toggle option"),
        .actionExternalEditor: ("编辑器", "Editor"), .actionCancel: ("取消", "Cancel"), .actionYes: ("是", "Yes"), .actionNo: ("否", "No"),
        // Supervisor
        .dashboardTitle: ("主管看板", "Supervisor dashboard"), .dashboardComputing: ("正在计算…", "computing…"), .dashboardTeam: ("合计", "Team total"),
        .dashboardOpen: ("在册", "Open"), .dashboardOverdue: ("逾期", "Overdue"), .dashboardEscalated: ("严重逾期", "Escalated"),
        .dashboardPlaced: ("新增就业", "Placed"), .dashboardContactRate: ("30天联系率", "Contacted"),
        .dashboardTargets: ("年度目标完成", "Targets this year"), .dashboardNoTargets: ("未设定（targets.toml）", "none set (targets.toml)"),
        .dashboardAging: ("逾期时长", "Overdue aging"),
        .dashboardHint: ("Enter：打开专员台账，或列出指标背后的案例", "Enter: a counsellor's caseload, or the cases behind a figure"),
        .dashboardCaseCount: ("%1 项", "%1 counted"), .dashboardNumerator: ("分子", "numerator"), .dashboardDenominator: ("分母", "denominator"),
        .dashboardDate: ("日期", "Date"), .dashboardDetail: ("说明", "Detail"),
        .dashboardReassignPrompt: ("将 %1 转交给专员：", "Reassign %1 to counsellor:"),
        .dashboardReassigned: ("已将 %1 由 %2 转交给 %3", "Reassigned %1 from %2 to %3"),
        .dashboardAlreadyTheirs: ("%1 已由 %2 负责", "%1 is already %2's"),
        .dashboardBadCounsellor: ("专员编号不能为空，不能含空格或逗号，最多32个字符", "A counsellor id is 1–32 characters without spaces or commas"),
        .actionDashboard: ("主管看板", "Dashboard"), .actionReassignTo: ("转交", "Reassign"), .actionRatePart: ("分子/分母", "Numerator/denominator"),
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
