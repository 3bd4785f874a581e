/// An 18-character resident identity number (公民身份号码), GB 11643-1999.
///
/// Layout: 6-digit region code, 8-digit birth date, 3-digit sequence (odd = male),
/// and an ISO 7064 MOD 11-2 check character (`0`–`9` or `X`).
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    /// The normalised number: 18 characters, a trailing `x` upper-cased.
    public let value: String

    public enum Sex: String, Sendable, Codable { case male, female }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// Province-level prefixes in use (GB/T 2260), including 71/81/82 for Taiwan, Hong Kong, Macao.
    private static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
        41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ]

    /// Validates a number as typed. `today` bounds the birth date.
    public static func parse(_ text: String, today: LocalDate, field: String = "id") throws(ValidationError) -> ResidentID {
        let trimmed = text.trimmingWhitespace().uppercased()
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required") }
        let chars = Array(trimmed)
        guard chars.count == 18 else {
            throw ValidationError(field: field, "must be 18 characters, got \(chars.count)")
        }
        for (index, char) in chars.enumerated() where !(char.isASCII && char.isNumber) {
            if index == 17 && char == "X" { continue }
            throw ValidationError(field: field, "character \(index + 1) '\(char)' must be a digit" + (index == 17 ? " or X" : ""))
        }
        let digits = chars.prefix(17).map { Int(String($0))! }
        let region = digits.prefix(6).reduce(0) { $0 * 10 + $1 }
        guard provinces.contains(region / 10_000) else {
            throw ValidationError(field: field, "region code \(String(chars.prefix(6))) is not a valid province code")
        }
        let year = digits[6..<10].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard year >= 1800, let birth = LocalDate(year: year, month: month, day: day) else {
            throw ValidationError(field: field, "birth date \(String(chars[6..<14])) is not a real date")
        }
        guard birth <= today else {
            throw ValidationError(field: field, "birth date \(birth.iso) is in the future")
        }
        let expected = checkCharacter(for: digits)
        guard chars[17] == expected else {
            throw ValidationError(field: field, "check digit should be \(expected)")
        }
        return ResidentID(unchecked: trimmed)
    }

    /// The check character for the first 17 digits.
    public static func checkCharacter(for digits: some Collection<Int>) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Wraps a number already validated (read back from the journal).
    public init(unchecked value: String) { self.value = value }

    public var regionCode: String { String(value.prefix(6)) }

    public var birthDate: LocalDate? { isErased ? nil : LocalDate(iso: "\(value.dropFirst(6).prefix(4))-\(value.dropFirst(10).prefix(2))-\(value.dropFirst(12).prefix(2))") }

    public var sex: Sex? {
        guard !isErased, let digit = value.dropFirst(16).first?.wholeNumberValue else { return nil }
        return digit % 2 == 1 ? .male : .female
    }

    /// Whole years of age on `date`.
    public func age(on date: LocalDate) -> Int? {
        guard let birth = birthDate else { return nil }
        var age = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { age -= 1 }
        return age
    }

    /// `371602********123X`: region code and last four kept.
    public var masked: String { isErased ? "—" : Masking.mask(value, keepFirst: 6, keepLast: 4) }

    /// Stands in for the number of a person whose key was destroyed (see `Person.erased`).
    public static let erasedPrefix = "erased:"
    public var isErased: Bool { value.hasPrefix(ResidentID.erasedPrefix) }

    public var description: String { masked }
}

/// An 11-digit mainland mobile number starting 13–19.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public static func parse(_ text: String, field: String = "phone") throws(ValidationError) -> PhoneNumber {
        var digits = text.trimmingWhitespace().filter { $0 != " " && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) }
        guard !digits.isEmpty else { throw ValidationError(field: field, "is required") }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError(field: field, "must contain only digits")
        }
        guard digits.count == 11 else {
            throw ValidationError(field: field, "must be 11 digits, got \(digits.count)")
        }
        let second = digits.dropFirst().first!
        guard digits.first == "1", ("3"..."9").contains(second) else {
            throw ValidationError(field: field, "must start with 13–19")
        }
        return PhoneNumber(unchecked: digits)
    }

    public init(unchecked value: String) { self.value = value }

    /// `138****5678`.
    public var masked: String { Masking.mask(value, keepFirst: 3, keepLast: 4) }

    public var description: String { masked }
}

/// Masks the middle of personal numbers for screens and exports.
public enum Masking {
    public static func mask(_ value: String, keepFirst: Int, keepLast: Int) -> String {
        guard value.count > keepFirst + keepLast else { return String(repeating: "*", count: value.count) }
        return String(value.prefix(keepFirst)) + String(repeating: "*", count: value.count - keepFirst - keepLast)
            + String(value.suffix(keepLast))
    }
}

extension String {
    /// Trims spaces, tabs, newlines and the ideographic space U+3000 that IMEs insert.
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
