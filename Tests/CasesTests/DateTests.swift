import XCTest
import Cases

final class LocalDateTests: XCTestCase {
    func testDaysSinceEpochRoundTripsOverAWideRange() {
        // Every day from 1600 to 2400 (covering four century rules), plus far ends.
        let start = LocalDate(year: 1600, month: 1, day: 1)!.daysSinceEpoch
        let end = LocalDate(year: 2400, month: 12, day: 31)!.daysSinceEpoch
        var previous: LocalDate?
        for days in start...end {
            let date = LocalDate(daysSinceEpoch: days)
            if date.daysSinceEpoch != days { return XCTFail("\(days) → \(date) → \(date.daysSinceEpoch)") }
            if let previous {
                if !(previous < date) { return XCTFail("\(previous) !< \(date)") }
                if previous.adding(days: 1) != date { return XCTFail("\(previous) + 1 day != \(date)") }
            }
            if LocalDate(year: date.year, month: date.month, day: date.day) != date { return XCTFail("\(date) not valid") }
            previous = date
        }
        for date in [LocalDate(year: 1, month: 1, day: 1)!, LocalDate(year: 9999, month: 12, day: 31)!] {
            XCTAssertEqual(LocalDate(daysSinceEpoch: date.daysSinceEpoch), date)
        }
    }

    func testKnownDays() {
        XCTAssertEqual(LocalDate(daysSinceEpoch: 0), day("1970-01-01"))
        XCTAssertEqual(LocalDate(daysSinceEpoch: -1), day("1969-12-31"))
        XCTAssertEqual(day("2000-03-01").daysSinceEpoch, 11_017)
        XCTAssertEqual(day("2026-11-29").daysSinceEpoch, 20_786)
        XCTAssertEqual(day("2026-11-29").days(until: day("2027-01-01")), 33)
        XCTAssertEqual(day("2027-01-01").days(until: day("2026-11-29")), -33)
    }

    func testKnownWeekdays() {
        let cases: [(String, Int)] = [
            ("2026-11-29", 7), ("2026-11-30", 1), ("2026-11-28", 6), ("1970-01-01", 4), ("1969-12-31", 3),
            ("2000-01-01", 6), ("2024-02-29", 4), ("1949-10-01", 6), ("2026-10-01", 4), ("1900-01-01", 1),
        ]
        for (iso, weekday) in cases {
            XCTAssertEqual(day(iso).weekday, weekday, iso)
            XCTAssertEqual(day(iso).isWeekend, weekday >= 6, iso)
        }
    }

    func testAddingMonthsClampsToTheMonthsLastDay() {
        let cases: [(String, Int, String)] = [
            ("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2026-03-31", 1, "2026-04-30"),
            ("2026-03-31", -1, "2026-02-28"), ("2026-11-29", 2, "2027-01-29"), ("2026-01-15", -1, "2025-12-15"),
            ("2026-12-31", 12, "2027-12-31"), ("2024-02-29", 12, "2025-02-28"), ("2024-02-29", 48, "2028-02-29"),
            ("2026-05-31", -13, "2025-04-30"), ("2026-08-31", 0, "2026-08-31"), ("2026-01-01", -24, "2024-01-01"),
        ]
        for (start, months, expected) in cases {
            XCTAssertEqual(day(start).adding(months: months), day(expected), "\(start) + \(months) months")
        }
    }

    func testLeapYears() {
        for year in [1600, 2000, 2004, 2024, 2400] { XCTAssertTrue(LocalDate.isLeap(year), "\(year)") }
        for year in [1700, 1800, 1900, 2023, 2026, 2100] { XCTAssertFalse(LocalDate.isLeap(year), "\(year)") }
        XCTAssertEqual(LocalDate.daysIn(month: 2, year: 2024), 29)
        XCTAssertEqual(LocalDate.daysIn(month: 2, year: 1900), 28)
        XCTAssertNotNil(LocalDate(year: 2000, month: 2, day: 29))
        XCTAssertNil(LocalDate(year: 2100, month: 2, day: 29))
        XCTAssertEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map { LocalDate.daysIn(month: $0, year: 2026) },
                       [31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    }

    func testISOParsingAndPrinting() {
        XCTAssertEqual(day("2026-11-29").iso, "2026-11-29")
        XCTAssertEqual(LocalDate(year: 7, month: 3, day: 5)?.iso, "0007-03-05")
        XCTAssertEqual("\(day("2026-02-14"))", "2026-02-14")
        XCTAssertEqual(LocalDate(iso: "2026-11-29"[...]), day("2026-11-29"))
        XCTAssertEqual(day("2026-05-01").quarter, 2)
        XCTAssertEqual(day("2026-12-31").quarter, 4)
    }

    func testISOParsingRejectsMalformedText() {
        let bad = [
            "", "2026-11-2", "2026-11-290", "2026/11/29", "2026-1-029", "20261129", " 2026-11-29", "2026-11-29 ",
            "2026-13-01", "2026-00-10", "2026-02-29", "2026-04-31", "2026-11-00", "0000-01-01", "2026-1a-29",
            "+026-11-29", "-026-11-29", "２０２６-11-29", "2026-11-29T00:00", "２026-11-29",
        ]
        for text in bad { XCTAssertNil(LocalDate(iso: text), "'\(text)' should not parse") }
    }

    func testOrdering() {
        XCTAssertLessThan(day("2025-12-31"), day("2026-01-01"))
        XCTAssertLessThan(day("2026-01-31"), day("2026-02-01"))
        XCTAssertEqual([day("2026-03-01"), day("2025-03-01"), day("2026-02-28")].sorted(),
                       [day("2025-03-01"), day("2026-02-28"), day("2026-03-01")])
    }
}

final class TimestampTests: XCTestCase {
    func testISORoundTripsWithPositiveNegativeAndZeroOffsets() {
        let cases: [(String, Int64, Int)] = [
            ("2026-11-29T08:41:07.125+08:00", 1_795_912_867_125, 480),
            ("2026-11-29T00:41:07.125Z", 1_795_912_867_125, 0),
            ("2026-11-28T19:41:07.125-05:00", 1_795_912_867_125, -300),
            ("2026-11-28T21:11:07.125-03:30", 1_795_912_867_125, -210),
            ("1969-12-31T23:59:59.999+00:00", -1, 0),
            ("1969-12-31T19:00:00.000-05:00", 0, -300),
            ("2026-11-29T06:26:07.125+05:45", 1_795_912_867_125, 345),
        ]
        for (text, millis, offset) in cases {
            guard let timestamp = Timestamp(iso: text) else { XCTFail("'\(text)' did not parse"); continue }
            XCTAssertEqual(timestamp.millisecondsSinceEpoch, millis, text)
            XCTAssertEqual(timestamp.offsetMinutes, offset, text)
            let printed = timestamp.iso
            XCTAssertEqual(Timestamp(iso: printed), timestamp, "\(text) → \(printed)")
            if !text.hasSuffix("Z") { XCTAssertEqual(printed, text) }
        }
        XCTAssertEqual(Timestamp(iso: "2026-11-29T00:41:07.125Z")?.iso, "2026-11-29T00:41:07.125+00:00")
    }

    func testSeededRandomRoundTrip() {
        var rng = SeededGenerator(seed: 2026_11_29)
        let offsets = [-720, -600, -300, -210, 0, 60, 330, 480, 525, 600, 840]
        for _ in 0..<5_000 {
            let millis = Int64.random(in: -3_000_000_000_000...10_000_000_000_000, using: &rng)
            let timestamp = Timestamp(millisecondsSinceEpoch: millis, offsetMinutes: offsets.randomElement(using: &rng)!)
            let parsed = Timestamp(iso: timestamp.iso)
            XCTAssertEqual(parsed, timestamp, timestamp.iso)
            if parsed != timestamp { return }
        }
    }

    func testParsingVariants() {
        XCTAssertEqual(Timestamp(iso: "2026-11-29 08:41:07+08:00")?.millisecondsSinceEpoch, 1_795_912_867_000)
        XCTAssertEqual(Timestamp(iso: "2026-11-29T08:41:07.1+08:00")?.millisecondsSinceEpoch, 1_795_912_867_100)
        XCTAssertEqual(Timestamp(iso: "2026-11-29T08:41:07.12+08:00")?.millisecondsSinceEpoch, 1_795_912_867_120)
        XCTAssertEqual(Timestamp(iso: "2026-11-29T08:41:07Z")?.millisecondsSinceEpoch, 1_795_941_667_000)
    }

    func testParsingRejectsMalformedText() {
        let bad = [
            "", "2026-11-29", "2026-11-29T08:41:07", "2026-11-29T08:41:07.125", "2026-11-29X08:41:07Z",
            "2026-11-29T24:00:00Z", "2026-11-29T08:60:00Z", "2026-11-29T08:41:61Z", "2026-11-29T8:41:07.125Z",
            "2026-11-29T08-41-07Z", "2026-11-29T08:41:07+0800", "2026-11-29T08:41:07+08:00Z", "2026-11-29T08:41:07Zx",
            "2026-11-29T08:41:07 08:00", "2026-02-30T08:41:07Z", "2026-11-29T08:41:07+8:00", "2026-11-29T0a:41:07Z",
        ]
        for text in bad { XCTAssertNil(Timestamp(iso: text), "'\(text)' should not parse") }
    }

    func testLocalDateInBinzhouNearMidnight() {
        // 2026-11-28T16:00:00Z is midnight of the 29th in +08:00.
        let midnight: Int64 = 1_795_881_600_000
        XCTAssertEqual(Timestamp(millisecondsSinceEpoch: midnight, offsetMinutes: 480).localDate, day("2026-11-29"))
        XCTAssertEqual(Timestamp(millisecondsSinceEpoch: midnight - 1, offsetMinutes: 480).localDate, day("2026-11-28"))
        XCTAssertEqual(Timestamp(millisecondsSinceEpoch: midnight - 1, offsetMinutes: 480).localTime, "23:59")
        XCTAssertEqual(Timestamp(millisecondsSinceEpoch: midnight, offsetMinutes: 480).localTime, "00:00")
        XCTAssertEqual(Timestamp(millisecondsSinceEpoch: midnight, offsetMinutes: 0).localDate, day("2026-11-28"))
        XCTAssertEqual(Timestamp(iso: "2026-11-29T00:00:00.000+08:00")?.localDate, day("2026-11-29"))
        XCTAssertEqual(Timestamp(iso: "2026-11-28T23:59:59.999+08:00")?.localDate, day("2026-11-28"))
        // Before the epoch the floor division must still land on the right day.
        XCTAssertEqual(Timestamp(millisecondsSinceEpoch: -1, offsetMinutes: 0).localDate, day("1969-12-31"))
        XCTAssertEqual(Timestamp(millisecondsSinceEpoch: -28_800_000, offsetMinutes: 480).localDate, day("1970-01-01"))
        XCTAssertEqual(Timestamp(millisecondsSinceEpoch: -28_800_001, offsetMinutes: 480).localDate, day("1969-12-31"))
    }

    func testNoonAndOrderingIgnoreTheOffset() {
        let noon = Timestamp.noon(of: day("2026-11-29"), offsetMinutes: 480)
        XCTAssertEqual(noon.iso, "2026-11-29T12:00:00.000+08:00")
        XCTAssertEqual(noon.localDate, day("2026-11-29"))
        let a = Timestamp(iso: "2026-11-29T08:00:00.000+08:00")!
        let b = Timestamp(iso: "2026-11-29T01:00:00.001Z")!
        XCTAssertLessThan(a, b)
        XCTAssertNotEqual(a, Timestamp(iso: "2026-11-29T00:00:00.000Z")!)  // same instant, other offset
        XCTAssertFalse(a < Timestamp(iso: "2026-11-29T00:00:00.000Z")!)
    }
}
