import Cases

/// The Chinese a counsellor types into notes, reasons and service records.
enum Phrases {
    /// How a contact note starts, so the words match the channel.
    private static func opening(_ channel: ContactChannel, first: Bool) -> String {
        switch channel {
        case .phone: first ? "首次电话联系" : "电话回访"
        case .wechat: first ? "首次微信联系" : "微信联系"
        case .desk: first ? "首次窗口面谈" : "窗口来访"
        case .visit: first ? "首次上门走访" : "上门走访"
        case .sms: first ? "首次短信联系，本人已回复" : "短信联系，本人已回复"
        }
    }

    static func firstContact(kind: CaseKind, channel: ContactChannel, wish: String, rng: inout SeededGenerator) -> String {
        let content = switch kind {
        case .graduate: rng.pick(["了解求职意向：\(wish)", "建立离校未就业毕业生实名台账，意向\(wish)", "推送近期招聘会信息，意向\(wish)"])
        case .difficulty: rng.pick(["了解家庭情况及就业需求", "核实困难情况，希望就近就业", "意向\(wish)，希望就近就业"])
        case .unemployed: rng.pick(["了解失业原因及求职意向\(wish)", "讲解求职登记流程，意向\(wish)", "建立实名台账，意向\(wish)"])
        }
        return opening(channel, first: true) + "，" + content
    }

    static func regularContact(kind: CaseKind, channel: ContactChannel, wish: String, rng: inout SeededGenerator) -> String {
        let content = switch rng.int(0...10) {
        case 0: "求职意向\(wish)"
        case 1: "本人仍在求职，已推送岗位信息"
        case 2: "近期参加了面试，等待结果"
        case 3: kind == .graduate ? "本人在备考公务员/事业单位" : "咨询灵活就业社保补贴政策"
        case 4: kind == .difficulty ? "了解家庭近况，本人希望就近就业" : "推送本周招聘会信息"
        case 5: "本人暂时照顾家人，下月再联系"
        case 6: "更新求职意向：\(wish)"
        case 7: "对推荐岗位薪资不满意，继续推荐"
        case 8: "推送“滨州就业”公众号岗位信息"
        case 9: "已参加面试，未录用，继续推荐"
        default: "求职状态未变"
        }
        return opening(channel, first: false) + "，" + content
    }

    static func unreached(channel: ContactChannel, rng: inout SeededGenerator) -> String {
        switch channel {
        case .phone: rng.pick(["电话无人接听", "电话关机", "电话占线，未接通"])
        case .wechat: "微信未回复"
        case .visit: "上门走访未遇，已留联系卡"
        case .sms: "短信已发送，未回复"
        case .desk: "预约来窗口未到"
        }
    }

    static func placementReport(employer: String, outcome: OutcomeKind, channel: ContactChannel,
                                rng: inout SeededGenerator) -> String {
        let content = switch outcome {
        case .further_study: "本人反馈已被录取为研究生，9月入学"
        case .enlisted: "本人反馈已应征入伍"
        case .self_employed: "本人反馈已开办个体经营（\(employer)）"
        case .public_welfare_post: "已安置到公益性岗位（\(employer)）"
        default: rng.pick(["本人反馈已在\(employer)入职", "已与\(employer)签订劳动合同", "告知已在\(employer)上班"])
        }
        return opening(channel, first: false) + "，" + content
    }

    static func postPlacement(rng: inout SeededGenerator) -> String {
        let pay = rng.pick(["3800", "4200", "4500", "5000", "5500"])
        return rng.pick(["就业稳定性回访：在岗稳定", "就业稳定性回访：工作适应良好", "就业稳定性回访：已签订劳动合同，缴纳社保",
                         "就业稳定性回访：在岗，月薪约\(pay)元"])
    }

    static let benefitEnding = "电话回访，失业保险金即将到期，沟通后续就业计划"
    static let packageReminder = "提醒本人参加职业指导和见习，补齐“1+3+1+1”服务"

    static func policyBriefing(kind: CaseKind, campus: String?) -> String {
        if let campus { return "参加公共就业服务进校园政策宣讲（\(campus)）" }
        switch kind {
        case .graduate: return "讲解离校未就业高校毕业生就业扶持政策"
        case .difficulty: return "讲解就业困难人员认定及援助政策"
        case .unemployed: return "讲解失业保险金申领及再就业扶持政策"
        }
    }

    static func careerGuidance(rng: inout SeededGenerator) -> String {
        rng.pick(["一对一职业指导，完善求职简历", "已参加职业指导讲座", "职业测评及求职技巧辅导", "模拟面试辅导"])
    }

    static func followUpPlan(rng: inout SeededGenerator) -> String {
        rng.pick(["预约到窗口进行职业指导", "预约参加下周招聘会", "预约上门走访", "预约面谈，确认培训报名"])
    }

    static func note(kind: CaseKind, rng: inout SeededGenerator) -> String {
        switch kind {
        case .graduate:
            rng.pick(["已参加滨州学院双选会", "希望从事与专业相关工作", "对薪资期望较高，已做职业指导", "家在外地，倾向留滨就业",
                      "正在准备教师资格证考试"])
        case .difficulty:
            rng.pick(["本人有腰椎病，不宜从事重体力劳动", "家中有老人需照顾，希望就近就业", "不会使用智能手机，请电话或上门联系",
                      "配偶已在魏桥创业集团工作", "有草柳编手艺，可居家加工"])
        case .unemployed:
            rng.pick(["原单位经济性裁员", "希望从事白班工作", "持有叉车证", "有五年化工操作经验", "考虑灵活就业"])
        }
    }

    static func closeReason(outcome: OutcomeKind, rng: inout SeededGenerator) -> String {
        switch outcome {
        case .moved_away: rng.pick(["迁往外地（青岛），转出", "户籍迁出，转出", "随配偶迁往济南，转出"])
        case .unreachable: "多次联系未果，按规定结案"
        case .declined: "本人明确表示暂无就业意愿，结案"
        case .further_study: "已升学，结案"
        case .enlisted: "已参军入伍，结案"
        default: rng.pick(["就业稳定，结案", "就业满三个月，回访稳定，结案"])
        }
    }

    static func reopenReason(rng: inout SeededGenerator) -> String {
        rng.pick(["劳动合同到期未续签，重新求职", "原单位裁员，重新登记求职", "返回滨州，重新申请就业服务"])
    }

    static func snoozeReason(rng: inout SeededGenerator) -> String {
        rng.pick(["本人在外地务工，返乡后再联系", "本人住院治疗，出院后再联系", "本人备考研究生，考试结束后联系", "孕产期，暂缓跟踪服务"])
    }

    static func reassignmentNote(to counsellor: String) -> String { "工作调整，移交\(counsellor)跟进" }
}
