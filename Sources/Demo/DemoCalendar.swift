import Cases

/// Working days and office hours around `today`, for back-dated history.
///
/// The Demo module cannot see the Rules module's official calendar, so it keeps weekends,
/// New Year's Day, the Labour Day and National Day weeks and the Spring Festival week off.
/// That is enough for a history that looks like office work; the rules still use the real
/// calendar when they judge it.
struct DemoCalendar {
    /// Days are `LocalDate.daysSinceEpoch` values throughout the generator.
    let today: Int
    /// The last working day before `today`: history ends here.
    let lastDay: Int
    /// Coverage of the lookup tables; dates outside are treated by weekday only.
    private let firstCovered: Int
    private let working: [Bool]

    /// China Standard Time, the offset every demo timestamp carries.
    static let offsetMinutes = 480
    /// Office hours as working milliseconds: 08:30–12:00 and 13:30–17:30.
    static let morningMillis = 210 * 60_000
    static let workingMillisPerDay = morningMillis + 240 * 60_000

    init(today date: LocalDate) {
        today = date.daysSinceEpoch
        firstCovered = today - 900
        working = (firstCovered..<(today + 1200)).map { DemoCalendar.isWorkingDay(LocalDate(daysSinceEpoch: $0)) }
        var last = today - 1
        while !(working[last - firstCovered]) { last -= 1 }
        lastDay = last
    }

    func isWorking(_ day: Int) -> Bool {
        let index = day - firstCovered
        guard index >= 0, index < working.count else { return !LocalDate(daysSinceEpoch: day).isWeekend }
        return working[index]
    }

    /// The first working day on or after `day`.
    func onOrAfter(_ day: Int) -> Int {
        var result = day
        while !isWorking(result) { result += 1 }
        return result
    }

    /// The last working day on or before `day`.
    func onOrBefore(_ day: Int) -> Int {
        var result = day
        while !isWorking(result) { result -= 1 }
        return result
    }

    /// `count` working days after `day` (a non-working `day` counts from the next working day).
    func adding(workingDays count: Int, to day: Int) -> Int {
        var result = onOrAfter(day)
        var remaining = count
        while remaining > 0 {
            result += 1
            if isWorking(result) { remaining -= 1 }
        }
        return result
    }

    /// A working day near `day` that is not after the end of history.
    func historyDay(near day: Int) -> Int { min(onOrAfter(day), lastDay) }

    /// The instant at `workingMillis` into the office day `day`, in +08:00.
    func timestamp(day: Int, workingMillis: Int) -> Timestamp {
        let clock = workingMillis < DemoCalendar.morningMillis
            ? (8 * 60 + 30) * 60_000 + workingMillis
            : (13 * 60 + 30) * 60_000 + (workingMillis - DemoCalendar.morningMillis)
        let local = Int64(day) * 86_400_000 + Int64(clock)
        return Timestamp(millisecondsSinceEpoch: local - Int64(DemoCalendar.offsetMinutes) * 60_000,
                         offsetMinutes: DemoCalendar.offsetMinutes)
    }

    static func isWorkingDay(_ date: LocalDate) -> Bool {
        if date.isWeekend { return false }
        switch (date.month, date.day) {
        case (1, 1), (5, 1...5), (10, 1...7): return false
        default: break
        }
        if let festival = springFestival[date.year] {
            let offset = date.daysSinceEpoch - festival.daysSinceEpoch
            if (-1...5).contains(offset) { return false }
        }
        return true
    }

    /// Lunar New Year's Day; the office is closed from its eve for a week.
    private static let springFestival: [Int: LocalDate] = {
        let days = [
            (2020, 1, 25), (2021, 2, 12), (2022, 2, 1), (2023, 1, 22), (2024, 2, 10), (2025, 1, 29),
            (2026, 2, 17), (2027, 2, 6), (2028, 1, 26), (2029, 2, 13), (2030, 2, 3), (2031, 1, 23),
            (2032, 2, 11), (2033, 1, 31), (2034, 2, 19), (2035, 2, 8),
        ]
        var table: [Int: LocalDate] = [:]
        for (year, month, day) in days { table[year] = LocalDate(year: year, month: month, day: day)! }
        return table
    }()
}
