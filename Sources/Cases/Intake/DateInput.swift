/// Dates as counsellors type them: `YYYY-MM-DD`, `t` (today), `+7` or `-1` (days from today),
/// and `y` (yesterday).
public enum DateInput {
    /// The years a counsellor's dates may fall in; anything outside is a typing slip.
    public static let years = 1900...2199

    public static func parse(_ text: String, today: LocalDate, field: String) throws(ValidationError) -> LocalDate {
        let date = try parseAnyYear(text, today: today, field: field)
        guard years.contains(date.year) else {
            throw ValidationError(field: field, "'\(text)' is outside the years \(years.lowerBound)–\(years.upperBound)")
        }
        return date
    }

    private static func parseAnyYear(_ text: String, today: LocalDate, field: String) throws(ValidationError) -> LocalDate {
        let trimmed = text.trimmingWhitespace().lowercased()
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required") }
        switch trimmed {
        case "t", "today", "今天": return today
        case "y", "yesterday", "昨天": return today.adding(days: -1)
        default: break
        }
        if let sign = trimmed.first, sign == "+" || sign == "-", let days = Int(trimmed.dropFirst()), trimmed.count <= 6 {
            return today.adding(days: sign == "+" ? days : -days)
        }
        if let date = LocalDate(iso: trimmed) { return date }
        if trimmed.count == 10, trimmed.filter(\.isNumber).count == 8 {
            throw ValidationError(field: field, "'\(text)' is not a real date")
        }
        throw ValidationError(field: field, "'\(text)' is not a date (use YYYY-MM-DD, t, +7 or -1)")
    }

    /// A date that must not be after today (an identification, a registration, a contact).
    public static func parsePast(_ text: String, today: LocalDate, field: String) throws(ValidationError) -> LocalDate {
        let date = try parse(text, today: today, field: field)
        guard date <= today else { throw ValidationError(field: field, "\(date.iso) is in the future") }
        return date
    }
}
