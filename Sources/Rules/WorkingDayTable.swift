import Cases

/// Working days of a span of years as a prefix count, so that "n working days after" and
/// "working days between" are a lookup and a binary search instead of a walk that asks the
/// holiday sets about every day. Rules ask these questions for nearly every case, and a city
/// caseload has 100,000 cases.
struct WorkingDayTable: Sendable {
    /// Days since 1970-01-01 of the first day covered.
    let firstDay: Int
    /// `prefix[i]` = working days in [firstDay, firstDay + i); one longer than the days covered.
    let prefix: [Int32]

    /// Covers the calendar's years with ten years' margin each side, and at least 1990–2060,
    /// where every case of a working office falls; dates outside fall back to walking.
    init(years: [Int], isWorkingDay: (LocalDate) -> Bool) {
        // The margin stays within the years a LocalDate holds (an office calendar may name year 9995).
        let first = max(min(years.min() ?? 1990, 1990) - 10, 1)
        let last = min(max(years.max() ?? 2060, 2060) + 10, 9999)
        let start = LocalDate(year: first, month: 1, day: 1)!.daysSinceEpoch
        let end = LocalDate(year: last, month: 12, day: 31)!.daysSinceEpoch
        var prefix: [Int32] = [0]
        prefix.reserveCapacity(end - start + 2)
        var count: Int32 = 0
        for day in start...end {
            if isWorkingDay(LocalDate(daysSinceEpoch: day)) { count += 1 }
            prefix.append(count)
        }
        firstDay = start
        self.prefix = prefix
    }

    init(firstDay: Int, prefix: [Int32]) {
        self.firstDay = firstDay
        self.prefix = prefix
    }

    private var dayCount: Int { prefix.count - 1 }

    private func covers(_ day: Int) -> Bool { day >= firstDay && day < firstDay + dayCount }

    /// Working days in [from, through], or nil when the table does not cover them.
    func count(from: Int, through: Int) -> Int? {
        guard from <= through else { return 0 }
        guard covers(from), covers(through) else { return nil }
        return Int(prefix[through - firstDay + 1] - prefix[from - firstDay])
    }

    /// The day `n` working days after `day` (before it when negative), or nil when the answer
    /// lies outside the table.
    func adding(_ n: Int, to day: Int) -> Int? {
        guard n != 0 else { return day }
        guard covers(day) else { return nil }
        let index = day - firstDay
        // The answer is the working day whose prefix count (through it) reaches `target`.
        let target = n > 0 ? Int(prefix[index + 1]) + n : Int(prefix[index]) + n + 1
        guard target >= 1, target <= Int(prefix[dayCount]) else { return nil }
        var low = 0
        var high = prefix.count - 1
        while low < high {
            let mid = (low + high) / 2
            if Int(prefix[mid]) >= target { high = mid } else { low = mid + 1 }
        }
        return firstDay + low - 1
    }
}
