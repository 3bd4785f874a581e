/// A hand-written recursive-descent TOML parser over UTF-8 bytes. Every
/// loop consumes at least one byte or exits, and nesting is bounded, so no
/// input can hang it or overflow the stack.
struct TomlParser {
    static let maxDepth = 64

    let bytes: [UInt8]
    let file: String
    var pos = 0
    var line = 1
    var depth = 0
    /// Full key of the assignment being parsed, for error messages.
    var contextKey: [String] = []

    init(text: String, file: String) {
        bytes = Array(text.utf8)
        self.file = file
    }

    // MARK: Byte helpers

    func peek(_ offset: Int = 0) -> UInt8? {
        let i = pos + offset
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func advance() {
        if bytes[pos] == UInt8(ascii: "\n") { line += 1 }
        pos += 1
    }

    func error(_ message: String, line: Int? = nil) -> TomlError {
        TomlError(
            file: file, line: line ?? self.line,
            key: contextKey.isEmpty ? nil : Toml.dottedKey(contextKey), message: message)
    }

    /// Describes the byte at the cursor for messages ("'x'", "end of line").
    func found() -> String {
        guard let b = peek() else { return "end of file" }
        switch b {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "end of line"
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        default: return "byte 0x\(String(b, radix: 16))"
        }
    }

    mutating func skipSpaces() {
        while let b = peek(), b == 0x20 || b == 0x09 { pos += 1 }
    }

    /// Skips a comment if one starts here (`#` up to, not including, the newline).
    mutating func skipComment() throws(TomlError) {
        guard peek() == UInt8(ascii: "#") else { return }
        while let b = peek(), b != UInt8(ascii: "\n") {
            if b == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { break }
            if (b < 0x20 && b != 0x09) || b == 0x7F {
                throw error("control character in comment")
            }
            pos += 1
        }
    }

    /// Consumes one newline (`\n` or `\r\n`) if present.
    mutating func consumeNewline() throws(TomlError) -> Bool {
        if peek() == UInt8(ascii: "\n") {
            advance()
            return true
        }
        if peek() == UInt8(ascii: "\r") {
            guard peek(1) == UInt8(ascii: "\n") else { throw error("bare carriage return") }
            pos += 1
            advance()
            return true
        }
        return false
    }

    /// Skips spaces, comments and newlines (inside arrays).
    mutating func skipBlank() throws(TomlError) {
        while true {
            skipSpaces()
            try skipComment()
            if try !consumeNewline() { return }
        }
    }

    /// After a header or key/value: only spaces and a comment may follow on the line.
    mutating func expectEndOfLine() throws(TomlError) {
        skipSpaces()
        try skipComment()
        if pos >= bytes.count { return }
        if try !consumeNewline() {
            throw error("expected end of line, found \(found())")
        }
    }

    // MARK: Document

    mutating func parseDocument() throws(TomlError) -> TomlTable {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }   // byte-order mark
        var builder = TomlBuilder(file: file)
        while true {
            try skipBlank()
            guard let b = peek() else { break }
            contextKey = []
            let startLine = line
            if b == UInt8(ascii: "[") {
                pos += 1
                let isArray = peek() == UInt8(ascii: "[")
                if isArray { pos += 1 }
                skipSpaces()
                let path = try parseKey()
                contextKey = path
                skipSpaces()
                guard peek() == UInt8(ascii: "]") else {
                    throw error("expected '\(isArray ? "]]" : "]")' to close the table header, found \(found())")
                }
                pos += 1
                if isArray {
                    guard peek() == UInt8(ascii: "]") else { throw error("expected ']]' to close the array-of-tables header") }
                    pos += 1
                    try builder.appendTable(path, line: startLine)
                } else {
                    try builder.openTable(path, line: startLine)
                }
            } else {
                let key = try parseKey()
                contextKey = builder.currentPath + key
                let value = try parseAssignmentValue()
                try builder.assign(key, value, in: builder.current, prefix: builder.currentPath, line: startLine)
            }
            try expectEndOfLine()
        }
        return builder.root.freeze()
    }

    /// `= value` after a key has been read.
    mutating func parseAssignmentValue() throws(TomlError) -> TomlValue {
        skipSpaces()
        guard peek() == UInt8(ascii: "=") else {
            throw error("expected '=' after the key, found \(found())")
        }
        pos += 1
        skipSpaces()
        return try parseValue()
    }

    // MARK: Keys

    /// A possibly dotted key: `a`, `"a b"`, `'x'`, `a . "b" . c`.
    mutating func parseKey() throws(TomlError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            parts.append(try parseSimpleKey())
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else { return parts }
            pos += 1
        }
    }

    mutating func parseSimpleKey() throws(TomlError) -> String {
        switch peek() {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                throw error("a key cannot be a multi-line string")
            }
            pos += 1
            return try parseBasicString()
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                throw error("a key cannot be a multi-line string")
            }
            pos += 1
            return try parseLiteralString()
        default:
            let start = pos
            while let b = peek(), Toml.isBareKeyByte(b) { pos += 1 }
            guard pos > start else { throw error("expected a key, found \(found())") }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }
    }

    // MARK: Values

    mutating func parseValue() throws(TomlError) -> TomlValue {
        guard let b = peek() else { throw error("expected a value, found end of file") }
        switch b {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                pos += 3
                return .string(try parseMultilineBasicString())
            }
            pos += 1
            return .string(try parseBasicString())
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                pos += 3
                return .string(try parseMultilineLiteralString())
            }
            pos += 1
            return .string(try parseLiteralString())
        case UInt8(ascii: "["):
            return try nested { (p: inout TomlParser) throws(TomlError) in try p.parseArray() }
        case UInt8(ascii: "{"):
            return try nested { (p: inout TomlParser) throws(TomlError) in try p.parseInlineTable() }
        default:
            return try parseBareValue()
        }
    }

    /// Runs `body` one nesting level deeper, refusing absurd depths.
    mutating func nested(
        _ body: (inout TomlParser) throws(TomlError) -> TomlValue
    ) throws(TomlError) -> TomlValue {
        guard depth < Self.maxDepth else { throw error("arrays/inline tables nested too deeply") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// `[ v, v, ]`, spanning lines, comments allowed, trailing comma allowed.
    mutating func parseArray() throws(TomlError) -> TomlValue {
        let openLine = line
        pos += 1
        var items: [TomlValue] = []
        while true {
            try skipBlank()
            if peek() == UInt8(ascii: "]") {
                pos += 1
                return .array(items)
            }
            if peek() == nil {
                throw error("unterminated array (opened on line \(openLine))")
            }
            items.append(try parseValue())
            try skipBlank()
            switch peek() {
            case UInt8(ascii: ","):
                pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                return .array(items)
            case nil:
                throw error("unterminated array (opened on line \(openLine))")
            default:
                throw error("expected ',' or ']' in array, found \(found())")
            }
        }
    }

    /// `{ k = v, a.b = v }` on one line, no trailing comma (TOML 1.0).
    mutating func parseInlineTable() throws(TomlError) -> TomlValue {
        let openLine = line
        pos += 1
        let node = TableNode(origin: .inline, line: openLine)
        let builder = TomlBuilder(file: file)
        let outerKey = contextKey
        defer { contextKey = outerKey }
        skipSpaces()
        if peek() == UInt8(ascii: "}") {
            pos += 1
            return .table(node.freeze())
        }
        while true {
            skipSpaces()
            let keyLine = line
            let key = try parseKey()
            contextKey = outerKey + key
            let value = try parseAssignmentValue()
            try builder.assign(key, value, in: node, prefix: outerKey, line: keyLine)
            contextKey = outerKey
            skipSpaces()
            switch peek() {
            case UInt8(ascii: ","):
                pos += 1
                skipSpaces()
                if peek() == UInt8(ascii: "}") {
                    throw error("trailing comma is not allowed in an inline table")
                }
            case UInt8(ascii: "}"):
                pos += 1
                return .table(node.freeze())
            default:
                throw error("expected ',' or '}' in inline table, found \(found())")
            }
        }
    }
}
