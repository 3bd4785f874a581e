import Cases
import Journal

/// Where an open session learns what day it is. The app can stay open past midnight, so
/// "today" is asked again on every tick rather than fixed at start.
public protocol DaySource: Sendable {
    func today() -> LocalDate
}

/// Always the same day: `--today DATE`, and tests.
public struct FixedDay: DaySource {
    public let day: LocalDate
    public init(_ day: LocalDate) { self.day = day }
    public func today() -> LocalDate { day }
}

/// The local date of a clock's "now" (the real clock in the app; an advancing one in tests).
public struct ClockDays: DaySource {
    public let clock: any WallClock
    public init(_ clock: any WallClock) { self.clock = clock }
    public func today() -> LocalDate { clock.now().localDate }
}
