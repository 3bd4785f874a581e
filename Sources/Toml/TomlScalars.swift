/// Strings, numbers, booleans and dates.
extension TomlParser {
    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\")

    private func isControl(_ b: UInt8) -> Bool {
        (b < 0x20 && b != 0x09) || b == 0x7F
    }

    // MARK: Strings

    /// Body of `"..."`; the opening quote is already consumed.
    mutating func parseBasicString() throws(TomlError) -> String {
        let openLine = line
        var out: [UInt8] = []
        while true {
            guard let b = peek() else { throw error("unterminated string", line: openLine) }
            switch b {
            case Self.quote:
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case Self.backslash:
                try parseEscape(into: &out)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error("unterminated string (a \"...\" string cannot span lines; use \"\"\"...\"\"\")")
            default:
                if isControl(b) { throw error("control character in string; use an escape") }
                out.append(b)
                pos += 1
            }
        }
    }

    /// Body of `"""..."""`; the opening quotes are already consumed.
    mutating func parseMultilineBasicString() throws(TomlError) -> String {
        let openLine = line
        _ = try consumeNewline()   // a newline right after """ is trimmed
        var out: [UInt8] = []
        while true {
            guard let b = peek() else { throw error("unterminated multi-line string", line: openLine) }
            switch b {
            case Self.quote:
                if let end = try closeMultiline(Self.quote, into: &out) { return end }
            case Self.backslash:
                // A backslash at the end of a line joins it to the next non-blank text.
                var look = 1
                while let c = peek(look), c == 0x20 || c == 0x09 { look += 1 }
                if peek(look) == UInt8(ascii: "\n") || peek(look) == UInt8(ascii: "\r") {
                    pos += look
                    try skipBlankNoComment()
                } else {
                    try parseEscape(into: &out)
                }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                _ = try consumeNewline()
                out.append(UInt8(ascii: "\n"))
            default:
                if isControl(b) { throw error("control character in string; use an escape") }
                out.append(b)
                pos += 1
            }
        }
    }

    /// Body of `'...'`; the opening apostrophe is already consumed.
    mutating func parseLiteralString() throws(TomlError) -> String {
        let openLine = line
        let start = pos
        while true {
            guard let b = peek() else { throw error("unterminated string", line: openLine) }
            if b == Self.apostrophe {
                let s = String(decoding: bytes[start..<pos], as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                throw error("unterminated string (a '...' string cannot span lines; use '''...''')")
            }
            if isControl(b) { throw error("control character in string") }
            pos += 1
        }
    }

    /// Body of `'''...'''`; the opening apostrophes are already consumed.
    mutating func parseMultilineLiteralString() throws(TomlError) -> String {
        let openLine = line
        _ = try consumeNewline()
        var out: [UInt8] = []
        while true {
            guard let b = peek() else { throw error("unterminated multi-line string", line: openLine) }
            if b == Self.apostrophe {
                if let end = try closeMultiline(Self.apostrophe, into: &out) { return end }
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                _ = try consumeNewline()
                out.append(UInt8(ascii: "\n"))
            } else {
                if isControl(b) { throw error("control character in string") }
                out.append(b)
                pos += 1
            }
        }
    }

    /// At a run of quote bytes inside a multi-line string: three or more close
    /// it (up to two extra belong to the content); fewer are content.
    private mutating func closeMultiline(_ q: UInt8, into out: inout [UInt8]) throws(TomlError) -> String? {
        var run = 0
        while peek(run) == q { run += 1 }
        if run < 3 {
            out.append(contentsOf: repeatElement(q, count: run))
            pos += run
            return nil
        }
        if run > 5 { throw error("too many quotes closing a multi-line string") }
        out.append(contentsOf: repeatElement(q, count: run - 3))
        pos += run
        return String(decoding: out, as: UTF8.self)
    }

    /// Whitespace and newlines after a line-ending backslash.
    private mutating func skipBlankNoComment() throws(TomlError) {
        while true {
            skipSpaces()
            if try !consumeNewline() { return }
        }
    }

    /// An escape sequence starting at the backslash.
    private mutating func parseEscape(into out: inout [UInt8]) throws(TomlError) {
        pos += 1
        guard let e = peek() else { throw error("unterminated string") }
        pos += 1
        let simple: UInt8?
        switch e {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "e"): simple = 0x1B
        case Self.quote: simple = Self.quote
        case Self.backslash: simple = Self.backslash
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = e == UInt8(ascii: "u") ? 4 : 8
            var code: UInt32 = 0
            for i in 0..<count {
                guard let h = peek(i), let digit = hexValue(h) else {
                    throw error("\\\(Character(Unicode.Scalar(e))) escape needs \(count) hex digits")
                }
                code = code &* 16 &+ UInt32(digit)
            }
            pos += count
            guard let scalar = Unicode.Scalar(code) else {
                throw error("\\\(Character(Unicode.Scalar(e))) escape is not a Unicode scalar value")
            }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
            return
        default:
            throw error("invalid escape sequence '\\\(e >= 0x21 && e <= 0x7E ? String(Character(Unicode.Scalar(e))) : "?")'")
        }
        if let simple { out.append(simple) }
    }

    private func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: Bare values

    /// Booleans, numbers and dates: read one token, then classify it.
    mutating func parseBareValue() throws(TomlError) -> TomlValue {
        let start = pos
        while let b = peek(), Toml.isBareKeyByte(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":") {
            pos += 1
        }
        guard pos > start else { throw error("expected a value, found \(found())") }
        let token = Array(bytes[start..<pos])
        let text = String(decoding: token, as: UTF8.self)
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let date = TomlNumbers.date(token) {
            // Reject "1979-05-27 07:32:00" as well as "1979-05-27T07:32:00".
            if peek() == 0x20, let d = peek(1), d >= 0x30, d <= 0x39, peek(3) == UInt8(ascii: ":") {
                throw error("date-times are not supported; use a local date YYYY-MM-DD")
            }
            guard let (y, m, d) = date.valid else { throw error("invalid date '\(text)'") }
            return .date(year: y, month: m, day: d)
        }
        if token.contains(UInt8(ascii: ":")) {
            throw error("times and date-times are not supported; use a local date YYYY-MM-DD")
        }
        if let n = try TomlNumbers.integer(token, fail: { (m: String) in error(m) }) { return .integer(n) }
        if let x = TomlNumbers.float(token) { return .float(x) }
        if let first = token.first, (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) {
            throw error("expected a value, found '\(text)' (strings must be quoted)")
        }
        throw error("invalid number '\(text)'")
    }
}

/// Number and date lexing on byte tokens.
enum TomlNumbers {
    struct DateToken {
        let year: Int, month: Int, day: Int
        var valid: (Int, Int, Int)? {
            guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
            return (year, month, day)
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Matches `dddd-dd-dd` (possibly followed by a time part, so the caller can reject it).
    static func date(_ t: [UInt8]) -> DateToken? {
        guard t.count >= 10, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-") else { return nil }
        let digitIdx = [0, 1, 2, 3, 5, 6, 8, 9]
        guard digitIdx.allSatisfy({ isDigit(t[$0]) }) else { return nil }
        guard t.count == 10 else {
            // A date followed by T/t or a time: let the caller report date-times.
            return t[10] == UInt8(ascii: "T") || t[10] == UInt8(ascii: "t") ? nil : DateToken(year: 0, month: 0, day: 0)
        }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(t[$1] - 0x30) } }
        return DateToken(year: num(0..<4), month: num(5..<7), day: num(8..<10))
    }

    /// Digits with `_` only between digits; nil if malformed.
    static func digits(_ t: ArraySlice<UInt8>, _ isValid: (UInt8) -> Bool) -> [UInt8]? {
        guard let first = t.first, let last = t.last, isValid(first), isValid(last) else { return nil }
        var out: [UInt8] = []
        var previousUnderscore = false
        for b in t {
            if b == UInt8(ascii: "_") {
                if previousUnderscore { return nil }
                previousUnderscore = true
            } else if isValid(b) {
                out.append(b)
                previousUnderscore = false
            } else {
                return nil
            }
        }
        return out
    }

    /// Decimal (signed, no leading zeros) or 0x/0o/0b integers. Returns nil
    /// when the token is not integer-shaped; calls `fail` for overflow.
    static func integer(_ t: [UInt8], fail: (String) -> TomlError) throws(TomlError) -> Int? {
        var body = t[...]
        var negative = false
        if let s = body.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
            negative = s == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        var radix = 10
        if body.count > 2, body.first == UInt8(ascii: "0"), t.first == UInt8(ascii: "0") {
            switch body[body.startIndex + 1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
            if radix != 10 { body = body.dropFirst(2) }
        }
        let valid: (UInt8) -> Bool = switch radix {
        case 16: { isDigit($0) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
        case 8: { $0 >= 0x30 && $0 <= 0x37 }
        case 2: { $0 == 0x30 || $0 == 0x31 }
        default: { isDigit($0) }
        }
        guard let ds = digits(body, valid) else { return nil }
        if radix == 10, ds.count > 1, ds[0] == UInt8(ascii: "0") { return nil }   // leading zero
        var value = 0
        for d in ds {
            let digit = Int(d <= 0x39 ? d - 0x30 : (d | 0x20) - 0x61 + 10)
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (a, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
            if o1 || o2 { throw fail("integer out of range") }
            value = a
        }
        return value
    }

    /// `[+-]int[.frac][e[+-]exp]` with at least a fraction or an exponent.
    static func float(_ t: [UInt8]) -> Double? {
        var body = t[...]
        var sign: [UInt8] = []
        if let s = body.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
            sign = [s]
            body = body.dropFirst()
        }
        var exponent: ArraySlice<UInt8>?
        if let e = body.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = body[(e + 1)...]
            body = body[..<e]
        }
        var fraction: ArraySlice<UInt8>?
        if let dot = body.firstIndex(of: UInt8(ascii: ".")) {
            fraction = body[(dot + 1)...]
            body = body[..<dot]
        }
        guard fraction != nil || exponent != nil else { return nil }
        guard let intDigits = digits(body, isDigit), intDigits.count == 1 || intDigits[0] != 0x30 else { return nil }
        var text = sign + intDigits
        if let fraction {
            guard let f = digits(fraction, isDigit) else { return nil }
            text += [UInt8(ascii: ".")] + f
        }
        if var exponent {
            var expSign: [UInt8] = []
            if let s = exponent.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                expSign = [s]
                exponent = exponent.dropFirst()
            }
            guard let e = digits(exponent, isDigit) else { return nil }
            text += [UInt8(ascii: "e")] + expSign + e
        }
        return Double(String(decoding: text, as: UTF8.self))
    }
}
