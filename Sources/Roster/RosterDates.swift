import Cases

/// Turns the dates rosters hold into `YYYY-MM-DD` before validation.
///
/// Schools and sub-district offices write `2025-06-30`, `2025/6/30`, `2025.6.30`,
/// `2025年6月30日`, `20250630`, month-only `2025.06` or `2025年6月`, sometimes with a time
/// (`2025/6/30 0:00`), and an .xlsx date cell is a serial number (`45838`). Text that matches
/// none of these is returned unchanged, so `Intake.validate` reports it in its own words.
public enum RosterDates {
    /// Which day a month-only date (`2025.06`) means.
    public enum MonthOnly: Sendable {
        /// The 1st: for dates that must not be in the future (identified, registered).
        case firstDay
        /// The last day: "graduated in June" means by the end of June; benefit "until 2027.05".
        case lastDay
    }

    /// `YYYY-MM-DD` for any recognised form (zero-padded even when not a real date, so validation
    /// says "not a real date"); the text unchanged otherwise. `excelSerial` accepts serial numbers.
    public static func normalise(_ text: String, excelSerial: Bool, monthOnly: MonthOnly) -> String {
        let trimmed = RosterValues.halfWidth(text).trimmingWhitespace()
        guard !trimmed.isEmpty else { return text }
        // A time after the date (`2025/6/30 0:00`, `2025-06-30T00:00:00`) is dropped.
        let datePart = String(trimmed.split(whereSeparator: { $0 == " " || $0 == "T" }).first ?? Substring(trimmed))
        if excelSerial, let date = serialDate(datePart) { return date.iso }
        let digits = datePart.allSatisfy { $0.isASCII && $0.isNumber }
        if digits && datePart.count == 8 {
            return iso(year: Int(datePart.prefix(4))!, month: Int(datePart.dropFirst(4).prefix(2))!, day: Int(datePart.suffix(2))!)
        }
        if digits && datePart.count == 6, let month = Int(datePart.suffix(2)), (1...12).contains(month) {
            return monthDate(year: Int(datePart.prefix(4))!, month: month, monthOnly)
        }
        let parts = datePart.split(whereSeparator: { "-/.年月日".contains($0) })
        guard parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let first = parts.first, first.count == 4,
              parts.dropFirst().allSatisfy({ (1...2).contains($0.count) }) else { return text }
        let numbers = parts.map { Int($0)! }
        switch numbers.count {
        case 3: return iso(year: numbers[0], month: numbers[1], day: numbers[2])
        case 2 where (1...12).contains(numbers[1]): return monthDate(year: numbers[0], month: numbers[1], monthOnly)
        default: return text
        }
    }

    /// Excel's serial day: days since 1899-12-30 (Excel counts a 29 February 1900 that never
    /// was, so later serials land right). Fractions are times of day and are dropped. Only
    /// five-digit whole parts count (1927 to 2173): `2025.06` is a month, not serial 2025.
    public static func serialDate(_ text: String) -> LocalDate? {
        let whole = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(whole.count), whole[0].count == 5, whole.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let value = Double(text), value.isFinite else { return nil }
        let epoch = LocalDate(year: 1899, month: 12, day: 30)!
        return epoch.adding(days: Int(value.rounded(.down)))
    }

    /// Zero-padded even when the date is not real (`2025-02-30`), so validation says "not a real date".
    private static func iso(year: Int, month: Int, day: Int) -> String {
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    private static func monthDate(year: Int, month: Int, _ monthOnly: MonthOnly) -> String {
        let day = monthOnly == .firstDay ? 1 : LocalDate.daysIn(month: month, year: year)
        return iso(year: year, month: month, day: day)
    }
}
