import Cases

/// One-line descriptions of events for timelines, in Chinese or English.
public enum EventText {
    public static func describe(_ event: Event, chinese zh: Bool) -> String {
        switch event.body {
        case .caseOpened(let o):
            return zh ? "建档（\(o.kind.chinese)），负责人 \(o.counsellor)" : "case opened (\(o.kind.english)) for \(o.counsellor)"
        case .caseCorrected(let c):
            let fields = (c.person.keys.map { "person.\($0)" } + c.details.keys.map { "details.\($0)" }).joined(separator: ", ")
            return (zh ? "更正 " : "corrected ") + fields + (c.reason.map { " — \($0)" } ?? "")
        case .contactLogged(let c):
            let reached = zh ? (c.reached ? "已联系上" : "未联系上") : (c.reached ? "reached" : "not reached")
            let next = c.next.map { zh ? "（下次 \($0.iso)）" : " (next \($0.iso))" } ?? ""
            return zh ? "\(c.channel.chinese)联系，\(reached)：\(c.note)\(next)"
                : "contact by \(c.channel.english), \(reached): \(c.note)\(next)"
        case .serviceRecorded(let s):
            let at = [s.employer, s.position].compactMap { $0 }.joined(separator: " ")
            let until = s.ends.map { zh ? " 至 \($0.iso)" : " until \($0.iso)" } ?? ""
            return (zh ? "服务：\(s.kind.chinese)" : "service: \(s.kind.english)") + (at.isEmpty ? "" : " — \(at)") + until
        case .followUpScheduled(let date, let note):
            return (zh ? "预约回访 \(date.iso)" : "follow-up scheduled for \(date.iso)") + (note.map { ": \($0)" } ?? "")
        case .outcomeRecorded(let o):
            return zh ? "结果：\(o.kind.chinese)" + (o.employer.map { "（\($0)）" } ?? "") + "，自 \(o.date.iso)"
                : "outcome: \(o.kind.english)" + (o.employer.map { " at \($0)" } ?? "") + " from \(o.date.iso)"
        case .caseReassigned(let to, let from):
            return zh ? "转交" + (from.map { "：\($0) → " } ?? "给 ") + to : "reassigned " + (from.map { "from \($0) " } ?? "") + "to \(to)"
        case .caseClosed(let reason): return (zh ? "结案：" : "closed: ") + reason
        case .caseReopened(let reason): return (zh ? "重新打开" : "reopened") + (reason.map { ": \($0)" } ?? "")
        case .noteAdded(let text): return (zh ? "备注：" : "note: ") + text
        case .personalDataRevealed(let fields, let purpose):
            return (zh ? "查看个人信息 " : "revealed ") + fields.joined(separator: ", ") + " (\(purpose))"
        case .flagSnoozed(let rule, let until, let reason):
            return zh ? "暂缓提醒 \(rule) 至 \(until.iso)：\(reason)" : "snoozed \(rule) until \(until.iso): \(reason)"
        case .eventUndone(let id, let reason):
            return (zh ? "撤销记录 \(id)" : "undid event \(id)") + (reason.map { ": \($0)" } ?? "")
        case .journalRepaired(let journal, let offset, let length, _):
            return zh ? "修复日志 \(journal)：自字节 \(offset) 移出 \(length) 字节" : "repaired \(journal): moved \(length) bytes from byte \(offset)"
        case .casesMerged(let into, let from):
            return zh ? "合并重复档案：\(from) 并入 \(into)" : "merged duplicate \(from) into \(into)"
        case .personErased(_, let reason, _):
            return (zh ? "个人信息已删除（密钥销毁）：" : "personal data erased (key destroyed): ") + reason
        case .reportRun(let scope, let format):
            return (zh ? "运行报表 " : "ran a report ") + "\(scope) (\(format))"
        case .unknown(let type, _):
            return zh ? "未知事件“\(type)”（来自新版本，原样保留）" : "unknown event \"\(type)\" (from a newer Caseload; kept as is)"
        }
    }
}
