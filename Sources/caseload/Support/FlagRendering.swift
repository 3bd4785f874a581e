import Cases
import Rules

enum FlagRendering {
    static func object(_ flag: Rules.Flag, record: CaseRecord?) -> JSONObject {
        var o = JSONObject()
        o["case"] = .string(flag.caseID)
        o["name"] = .string(record?.name ?? "")
        o["kind"] = .string(record?.kind.rawValue ?? "")
        o["counsellor"] = .string(record?.counsellor ?? "")
        o["rule"] = .string(flag.rule.rawValue)
        o["severity"] = .string(flag.severity.identifier)
        o["due"] = .string(flag.dueDate.iso)
        o["days_overdue"] = .int(Int64(flag.daysOverdue))
        o["reason"] = .string(flag.reason)
        o["reason_zh"] = .string(flag.reasonChinese)
        o["household"] = flag.household.map(JSONValue.string) ?? .null
        return o
    }

    static let csvHeader = ["case", "name", "kind", "counsellor", "rule", "severity", "due", "days_overdue", "reason"]
}
