/// An instant with the UTC offset it was recorded in, as written on every journal line
/// (`2026-11-29T08:41:07.125+08:00`).
///
/// Ordering uses the instant only; the offset is kept so the line reads as the writer saw it.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64
    /// Offset from UTC in minutes (+480 for China Standard Time).
    public let offsetMinutes: Int

    public init(millisecondsSinceEpoch: Int64, offsetMinutes: Int) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
        self.offsetMinutes = offsetMinutes
    }

    /// The local calendar date at this instant in its own offset.
    public var localDate: LocalDate {
        let localMillis = millisecondsSinceEpoch + Int64(offsetMinutes) * 60_000
        return LocalDate(daysSinceEpoch: Int(floorDiv(localMillis, 86_400_000)))
    }

    /// Local wall-clock time as `HH:MM`.
    public var localTime: String {
        let localMillis = millisecondsSinceEpoch + Int64(offsetMinutes) * 60_000
        let secondsOfDay = Int(floorMod(localMillis, 86_400_000) / 1000)
        return "\(twoDigits(secondsOfDay / 3600)):\(twoDigits(secondsOfDay % 3600 / 60))"
    }

    /// A timestamp at local noon of `date` in the given offset; used for back-dated demo history.
    public static func noon(of date: LocalDate, offsetMinutes: Int) -> Timestamp {
        let millis = Int64(date.daysSinceEpoch) * 86_400_000 + 12 * 3_600_000 - Int64(offsetMinutes) * 60_000
        return Timestamp(millisecondsSinceEpoch: millis, offsetMinutes: offsetMinutes)
    }

    /// RFC 3339 with milliseconds and offset.
    public var iso: String {
        let localMillis = millisecondsSinceEpoch + Int64(offsetMinutes) * 60_000
        let date = LocalDate(daysSinceEpoch: Int(floorDiv(localMillis, 86_400_000)))
        let msOfDay = Int(floorMod(localMillis, 86_400_000))
        let seconds = msOfDay / 1000
        let millis = msOfDay % 1000
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(date.iso)T\(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60)):\(twoDigits(seconds % 60)).\(ms)\(sign)\(twoDigits(offset / 60)):\(twoDigits(offset % 60))"
    }

    /// Parses RFC 3339 (`YYYY-MM-DDTHH:MM:SS[.fff]±HH:MM` or `Z`).
    public init?(iso text: some StringProtocol) {
        var string = String(text)
        guard let stamp = string.withUTF8({ Timestamp(isoBytes: $0) }) else { return nil }
        self = stamp
    }

    /// Parses RFC 3339 from UTF-8 bytes, without making a string (the journal reader).
    public init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 20, let date = LocalDate(isoBytes: UnsafeBufferPointer(rebasing: bytes[0..<10])),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
              hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var millis = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                millis += Int(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        if bytes[index] == UInt8(ascii: "Z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                  bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                  let oh = digits(index + 1..<index + 3), let om = digits(index + 4..<index + 6), oh < 24, om < 60 else { return nil }
            offset = (oh * 60 + om) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        let localMillis = Int64(date.daysSinceEpoch) * 86_400_000
            + Int64(hour * 3600 + minute * 60 + second) * 1000 + Int64(millis)
        self.init(millisecondsSinceEpoch: localMillis - Int64(offset) * 60_000, offsetMinutes: offset)
    }

    public var description: String { iso }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}

private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
private func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
