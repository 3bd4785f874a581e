import Cases

/// Chinese wording for the domain's field errors.
///
/// The domain reports problems in English (the CLI's and the logs' language); the screens show
/// them in the counsellor's language. Each pattern is the English message with `%` for the
/// values it carries, which the Chinese template takes in the same order.
enum FieldMessages {
    static let patterns: [(english: String, chinese: String)] = [
        ("check digit should be %", "校验位应为 %"),
        ("must be 18 characters, got %", "应为18位，当前 % 位"),
        ("character % '%' must be a digit or X", "第 % 位“%”应为数字或X"),
        ("character % '%' must be a digit", "第 % 位“%”应为数字"),
        ("region code % is not a valid province code", "地区码 % 不是有效的省级代码"),
        ("birth date % is not a real date", "出生日期 % 不存在"),
        ("birth date % is in the future", "出生日期 % 晚于今天"),
        ("must be 11 digits, got %", "应为11位数字，当前 % 位"),
        ("must contain only digits", "只能包含数字"),
        ("must start with 13–19", "应以13–19开头"),
        ("is required for a job recommendation", "推荐岗位时必填"),
        ("is required for a zero-employment household", "零就业家庭必填"),
        ("is required", "必填"),
        ("needs at least one value", "至少选择一项"),
        ("is longer than % characters", "超过 % 个字符"),
        ("contains a control character", "含有控制字符"),
        ("'%' is not a date (use YYYY-MM-DD, t, +7 or -1)", "“%”不是日期（YYYY-MM-DD，或 t、+7、-1）"),
        ("'%' is not a real date", "“%”不是真实日期"),
        ("'%' is outside the years %", "“%”超出年份范围 %"),
        ("'%' is not yes or no", "“%”应为“是”或“否”"),
        ("'%' is not one of %", "“%”不在可选范围内（%）"),
        ("% is in the future", "% 晚于今天"),
        ("% is in the past", "% 早于今天"),
        ("% is more than a year away", "% 在一年以后"),
        ("% is before the person turned 15", "% 早于本人年满15岁"),
        ("% is before the registration date %", "% 早于登记日期 %"),
        ("% is before the case opened on %", "% 早于建档日期 %"),
        ("% must be after the contact date %", "% 应晚于联系日期 %"),
        ("% must be after the service date %", "% 应晚于服务日期 %"),
        ("% is not after today", "% 应晚于今天"),
        ("a public welfare post subsidy lasts at most 3 years", "公益性岗位补贴最长3年"),
        ("% is closed; reopen it first", "% 已结案，请先重新打开"),
        ("% is already open", "% 已在册"),
        ("% is already %'s case", "% 已是 % 的案例"),
        ("no case matches '%'", "没有匹配“%”的案例"),
    ]

    /// The message in Chinese, or the English one when no pattern fits.
    static func chinese(_ message: String) -> String {
        for pattern in patterns {
            if let values = match(message, pattern.english) {
                var result = ""
                var remaining = values[...]
                for character in pattern.chinese {
                    if character == "%", let value = remaining.popFirst() { result += value } else { result.append(character) }
                }
                return result
            }
        }
        return message
    }

    /// The values standing where the pattern has `%`, or nil when the message does not fit.
    static func match(_ message: String, _ pattern: String) -> [String]? {
        let pieces = pattern.split(separator: "%", omittingEmptySubsequences: false).map(String.init)
        guard message.hasPrefix(pieces[0]) else { return nil }
        var rest = message.dropFirst(pieces[0].count)
        var values: [String] = []
        for (index, piece) in pieces.enumerated().dropFirst() {
            let isLast = index == pieces.count - 1
            if isLast {
                guard rest.hasSuffix(piece) else { return nil }
                values.append(String(rest.dropLast(piece.count)))
                rest = ""
            } else {
                guard let range = rest.range(of: piece) else { return nil }
                values.append(String(rest[..<range.lowerBound]))
                rest = rest[range.upperBound...]
            }
        }
        return pieces.count == 1 && !rest.isEmpty ? nil : values
    }
}

extension AppState {
    /// A field error as the counsellor should read it, in the app's language.
    func describe(_ error: ValidationError) -> String {
        chinese ? FieldMessages.chinese(error.message) : error.message
    }
}
