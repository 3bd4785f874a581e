import Cases
import Toml

/// Working days in mainland China: Monday to Friday, except public holidays,
/// plus the weekend days the State Council turns into working days (调休上班).
///
/// The schedule is data (`Resources/calendar.toml`); an office can merge its
/// own file over it. Years the calendar has no data for fall back to plain
/// Monday–Friday, see ``coveredYears``.
public struct WorkingCalendar: Sendable, Equatable {
    /// One year's lists; nil means "not given" (so a merge keeps the other side's).
    struct Year: Sendable, Equatable {
        var holidays: Set<LocalDate>?
        var workdays: Set<LocalDate>?
    }

    private var years: [Int: Year] = [:] {
        didSet { table = Self.makeTable(years) }
    }
    /// Derived from `years`, rebuilt whenever they change.
    private var table: WorkingDayTable

    /// A calendar with no holidays: Monday to Friday are working days.
    public init() {
        table = Self.makeTable([:])
    }

    private static func makeTable(_ years: [Int: Year]) -> WorkingDayTable {
        WorkingDayTable(years: Array(years.keys)) { isWorkingDay($0, years: years) }
    }

    /// The same calendar in storage of its own. Threads that each copy the calendar per case
    /// would otherwise all update the reference counts of one shared buffer.
    func unshared() -> WorkingCalendar {
        WorkingCalendar(years: Dictionary(uniqueKeysWithValues: years.map { ($0.key, $0.value) }),
                        table: WorkingDayTable(firstDay: table.firstDay, prefix: table.prefix.map { $0 }))
    }

    /// Observers do not run in an initialiser, so the table is taken as given.
    private init(years: [Int: Year], table: WorkingDayTable) {
        self.years = years
        self.table = table
    }

    /// Two calendars are equal when their years' lists are; the table follows from them.
    public static func == (a: WorkingCalendar, b: WorkingCalendar) -> Bool { a.years == b.years }

    /// The bundled national schedule (2025–2027; 2027 provisional).
    public static let china: WorkingCalendar = {
        do {
            return try parse(text: RulesResources.text(named: "calendar"), file: "calendar.toml")
        } catch {
            preconditionFailure("bundled calendar.toml is invalid: \(error)")
        }
    }()

    /// The calendar rules use unless an office merges its own: ``china``.
    public static var `default`: WorkingCalendar { china }

    /// Parses a calendar file: `[YYYY]` tables with `holidays` and/or
    /// `workdays` date arrays. Dates must lie in their table's year, a date
    /// cannot be both, and a workday must be a Saturday or Sunday.
    public static func parse(text: String, file: String) throws(TomlError) -> WorkingCalendar {
        let root = try TomlReader(parsing: text, file: file)
        var calendar = WorkingCalendar()
        for key in root.keys {
            guard let year = Int(key), (1...9999).contains(year), key.count == 4 else {
                throw root.error(at: key, "expected a year like [2026]")
            }
            guard let table = try root.table(key) else { continue }
            try table.requireKnownKeys(["holidays", "workdays"])
            let holidays = try dates(table, "holidays", year: year)
            let workdays = try dates(table, "workdays", year: year)
            if let workdays {
                for day in workdays.sorted() {
                    if !day.isWeekend {
                        throw table.error(at: "workdays", "\(day.iso) is a weekday; only a Saturday or Sunday can be an adjusted working day")
                    }
                    if holidays?.contains(day) == true {
                        throw table.error(at: "workdays", "\(day.iso) is also listed as a holiday")
                    }
                }
            }
            calendar.years[year] = Year(holidays: holidays, workdays: workdays)
        }
        return calendar
    }

    private static func dates(_ table: TomlReader, _ key: String, year: Int) throws(TomlError) -> Set<LocalDate>? {
        guard let raw = try table.dateArray(key) else { return nil }
        var result: Set<LocalDate> = []
        for date in raw {
            guard date.year == year, let local = LocalDate(year: date.year, month: date.month, day: date.day) else {
                throw table.error(at: key, "\(date) is not in \(year)")
            }
            result.insert(local)
        }
        return result
    }

    /// This calendar with `other` laid on top: for each year `other` mentions,
    /// each list it gives replaces this calendar's list for that year.
    public func merging(_ other: WorkingCalendar) -> WorkingCalendar {
        var merged = self
        for (year, theirs) in other.years {
            var mine = merged.years[year] ?? Year()
            if let h = theirs.holidays { mine.holidays = h }
            if let w = theirs.workdays { mine.workdays = w }
            // A date the office made a holiday is no longer a default workday, and vice versa.
            if let h = theirs.holidays, theirs.workdays == nil { mine.workdays?.subtract(h) }
            if let w = theirs.workdays, theirs.holidays == nil { mine.holidays?.subtract(w) }
            merged.years[year] = mine
        }
        return merged
    }

    /// Years with holiday data, ascending. Dates outside them count weekends only.
    public var coveredYears: [Int] { years.keys.sorted() }

    /// Whether `date` is a public holiday (or a day bridged to one).
    public func isHoliday(_ date: LocalDate) -> Bool {
        years[date.year]?.holidays?.contains(date) ?? false
    }

    /// Whether `date` is a weekend day that has been made a working day (调休上班).
    public func isAdjustedWorkday(_ date: LocalDate) -> Bool {
        years[date.year]?.workdays?.contains(date) ?? false
    }

    /// Whether the office works on `date`.
    public func isWorkingDay(_ date: LocalDate) -> Bool { Self.isWorkingDay(date, years: years) }

    private static func isWorkingDay(_ date: LocalDate, years: [Int: Year]) -> Bool {
        let year = years[date.year]
        if year?.workdays?.contains(date) == true { return true }
        return !date.isWeekend && year?.holidays?.contains(date) != true
    }

    /// The date `n` working days after `date` (before it when `n` is negative);
    /// `date` itself when `n` is 0. E.g. 5 working days after Friday 2026-02-13
    /// is Friday 2026-02-27: Saturday Feb 14 (an adjusted working day) counts,
    /// the Spring Festival holiday Feb 15–23 does not.
    public func addingWorkingDays(_ n: Int, to date: LocalDate) -> LocalDate {
        if let day = table.adding(n, to: date.daysSinceEpoch) { return LocalDate(daysSinceEpoch: day) }
        return walkingWorkingDays(n, to: date)
    }

    /// `addingWorkingDays` one day at a time, for dates beyond the table (and to check it).
    func walkingWorkingDays(_ n: Int, to date: LocalDate) -> LocalDate {
        let step = n < 0 ? -1 : 1
        var remaining = abs(n)
        var day = date.daysSinceEpoch
        // Terminates: only finitely many dates are holidays, weekdays elsewhere work.
        while remaining > 0 {
            day += step
            if isWorkingDay(LocalDate(daysSinceEpoch: day)) { remaining -= 1 }
        }
        return LocalDate(daysSinceEpoch: day)
    }

    /// Signed count of the working days stepped over going from `from` to
    /// `to`: those in (from, to] going forward, minus those in [to, from)
    /// going back. So `workingDays(from: d, to: addingWorkingDays(n, to: d)) == n`.
    public func workingDays(from: LocalDate, to: LocalDate) -> Int {
        let forward = from <= to
        let (a, b) = forward ? (from.daysSinceEpoch + 1, to.daysSinceEpoch) : (to.daysSinceEpoch, from.daysSinceEpoch - 1)
        if let count = table.count(from: a, through: b) { return forward ? count : -count }
        return walkingWorkingDays(from: from, to: to)
    }

    /// `workingDays(from:to:)` one day at a time, for dates beyond the table (and to check it).
    func walkingWorkingDays(from: LocalDate, to: LocalDate) -> Int {
        let forward = from <= to
        // Forward counts the days after `from` through `to`; backward the days from `to` up to before `from`.
        var day = forward ? from.daysSinceEpoch + 1 : to.daysSinceEpoch
        let end = forward ? to.daysSinceEpoch : from.daysSinceEpoch - 1
        var count = 0
        while day <= end {
            if isWorkingDay(LocalDate(daysSinceEpoch: day)) { count += 1 }
            day += 1
        }
        return forward ? count : -count
    }
}
