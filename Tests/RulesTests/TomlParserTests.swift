import XCTest
@testable import Toml

final class TomlParserTests: XCTestCase {
    private func parse(_ text: String, file: String = "t.toml") throws -> TomlTable {
        try Toml.parse(text, file: file)
    }

    /// Follows a dotted path of plain keys through nested tables.
    private func value(_ table: TomlTable, _ path: String) -> TomlValue? {
        var current: TomlValue = .table(table)
        for part in path.split(separator: ".") {
            guard case .table(let t) = current, let next = t[String(part)] else { return nil }
            current = next
        }
        return current
    }

    func testScalarValues() throws {
        let cases: [(String, TomlValue)] = [
            (#"a = "hello""#, .string("hello")),
            (#"a = 'C:\path\x'"#, .string(#"C:\path\x"#)),
            (#"a = "tab\there\n""#, .string("tab\there\n")),
            (#"a = "\"q\" \\ \b\f\r\e""#, .string("\"q\" \\ \u{08}\u{0C}\r\u{1B}")),
            (#"a = "\u6EE8\u5DDE \U0001F600""#, .string("滨州 😀")),
            ("a = \"滨州市\"", .string("滨州市")),
            ("a = \"\"", .string("")),
            ("a = 42", .integer(42)),
            ("a = +17", .integer(17)),
            ("a = -5", .integer(-5)),
            ("a = 0", .integer(0)),
            ("a = 1_000_000", .integer(1_000_000)),
            ("a = 0xFF_ff", .integer(0xFFFF)),
            ("a = 0o17", .integer(15)),
            ("a = 0b1010", .integer(10)),
            ("a = 9223372036854775807", .integer(Int.max)),
            ("a = -9223372036854775808", .integer(Int.min)),
            ("a = 3.25", .float(3.25)),
            ("a = -0.5", .float(-0.5)),
            ("a = 1e3", .float(1000)),
            ("a = 6.626e-34", .float(6.626e-34)),
            ("a = 1_000.5E+2", .float(100_050)),
            ("a = inf", .float(.infinity)),
            ("a = -inf", .float(-.infinity)),
            ("a = true", .bool(true)),
            ("a = false", .bool(false)),
            ("a = 2026-02-14", .date(year: 2026, month: 2, day: 14)),
            ("a = 2024-02-29", .date(year: 2024, month: 2, day: 29)),
            ("a = []", .array([])),
            ("a = [1, 2, 3,]", .array([.integer(1), .integer(2), .integer(3)])),
            ("a = [\n  1, # one\n  'x',\n\n  [true],\n]", .array([.integer(1), .string("x"), .array([.bool(true)])])),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try parse(text)["a"], expected, text)
        }
        guard case .float(let x) = try parse("a = nan")["a"] else { return XCTFail("nan") }
        XCTAssertTrue(x.isNaN)
    }

    func testMultilineStrings() throws {
        let cases: [(String, String)] = [
            ("a = \"\"\"\nline1\nline2\"\"\"", "line1\nline2"),
            ("a = \"\"\"one \\\n    two\"\"\"", "one two"),
            ("a = \"\"\"quote \"\" inside\"\"\"", "quote \"\" inside"),
            ("a = \"\"\"ends with quote\"\"\"\"", "ends with quote\""),
            ("a = \"\"\"crlf\r\nline\"\"\"", "crlf\nline"),
            ("a = '''\nraw \\n\n'''", "raw \\n\n"),
            ("a = \"\"\"\\u00e9\"\"\"", "é"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try parse(text)["a"], .string(expected), text)
        }
    }

    func testKeysAndTables() throws {
        let doc = """
            # comment
            title = "x" # trailing comment
            "quoted key" = 1
            'literal.key' = 2
            site."google.com" = true
            a . b . c = 3

            [rules.first_contact]
            working_days = 5
            enabled = false

            [rules]   # defining the implicit parent later is allowed
            due_soon_days = 7

            [[targets]]
            name = "one"
            [targets.sub]
            x = 1
            [[targets]]
            name = "two"

            [inline]
            point = { x = 1, y.z = 2, s = "}" }
            empty = {}
            """
        let t = try parse(doc)
        XCTAssertEqual(t.keys, ["title", "quoted key", "literal.key", "site", "a", "rules", "targets", "inline"])
        XCTAssertEqual(value(t, "a.b.c"), .integer(3))
        guard case .table(let site)? = t["site"] else { return XCTFail("site") }
        XCTAssertEqual(site["google.com"], .bool(true))
        XCTAssertEqual(value(t, "rules.first_contact.working_days"), .integer(5))
        XCTAssertEqual(value(t, "rules.due_soon_days"), .integer(7))
        guard case .array(let targets)? = t["targets"], targets.count == 2,
              case .table(let first) = targets[0], case .table(let second) = targets[1]
        else { return XCTFail("targets") }
        XCTAssertEqual(first["name"], .string("one"))
        XCTAssertEqual(value(first, "sub.x"), .integer(1))
        XCTAssertEqual(second["name"], .string("two"))
        XCTAssertEqual(second.line, 19)
        XCTAssertEqual(value(t, "inline.point.y.z"), .integer(2))
        XCTAssertEqual(value(t, "inline.point.s"), .string("}"))
        XCTAssertEqual(value(t, "inline.empty"), .table(TomlTable()))
    }

    func testLineNumbers() throws {
        let doc = "a = 1\n\n# c\nb = [\n 1,\n 2]\nc = \"\"\"\nx\n\"\"\"\nd = 4\n[t]\ne = 5\r\nf = 6\n"
        let t = try parse(doc)
        XCTAssertEqual(t.line(of: "a"), 1)
        XCTAssertEqual(t.line(of: "b"), 4)
        XCTAssertEqual(t.line(of: "c"), 7)
        XCTAssertEqual(t.line(of: "d"), 10)
        XCTAssertEqual(t.line(of: "t"), 11)
        guard case .table(let sub)? = t["t"] else { return XCTFail() }
        XCTAssertEqual(sub.line, 11)
        XCTAssertEqual(sub.line(of: "e"), 12)
        XCTAssertEqual(sub.line(of: "f"), 13)
        XCTAssertNil(t.line(of: "zz"))
    }

    /// (document, expected line, expected key, fragment of the message)
    func testErrors() {
        let cases: [(String, Int, String?, String)] = [
            ("a = 1\na = 2", 2, "a", "duplicate key"),
            ("[t]\nx = 1\n[t]", 3, "t", "defined twice"),
            ("[t]\nx = 1\nx = 'y'", 3, "t.x", "duplicate key"),
            ("a.b = 1\n[a]", 2, "a", "dotted keys"),
            ("a = 1\n[a]", 2, "a", "already defined as an integer"),
            ("a = [1]\n[[a]]", 2, "a", "static array"),
            ("p = { x = 1 }\n[p.q]", 2, "p", "inline table"),
            ("p = { x = 1 }\np.y = 2", 2, "p", "inline table"),
            ("p = { x = 1, x = 2 }", 1, "p.x", "duplicate key"),
            ("p = { x = 1, }", 1, "p", "trailing comma"),
            ("a = \"unterminated", 1, "a", "unterminated string"),
            ("\n\na = \"\"\"never closed\n\n", 3, "a", "unterminated multi-line string"),
            ("a = 'x\ny'", 1, "a", "cannot span lines"),
            ("a = \"bad \\q\"", 1, "a", "invalid escape"),
            ("a = \"\\uD800\"", 1, "a", "not a Unicode scalar"),
            ("a = \"\\u12\"", 1, "a", "hex digits"),
            ("x = 1\nfg = red", 2, "fg", "strings must be quoted"),
            ("a = 1__0", 1, "a", "invalid number"),
            ("a = 012", 1, "a", "invalid number"),
            ("a = _1", 1, "a", "invalid number"),
            ("a = 9223372036854775808", 1, "a", "out of range"),
            ("a = 2026-02-30", 1, "a", "invalid date"),
            ("a = 2026-13-01", 1, "a", "invalid date"),
            ("a = 2026-01-01T10:00:00", 1, "a", "date-times are not supported"),
            ("a = 2026-01-01 10:00:00", 1, "a", "date-times are not supported"),
            ("a = 10:00:00", 1, "a", "not supported"),
            ("a = 1 b = 2", 1, "a", "expected end of line"),
            ("a 1", 1, "a", "expected '='"),
            ("= 1", 1, nil, "expected a key"),
            ("[t", 1, "t", "close the table header"),
            ("[[t]", 1, "t", "']]'"),
            ("[]", 1, nil, "expected a key"),
            ("a = [1 2]", 1, "a", "expected ',' or ']'"),
            ("a = [1,\n2,\n3", 3, "a", "unterminated array (opened on line 1)"),
            ("a =\n1", 1, "a", "expected a value, found end of line"),
            ("a = ", 1, "a", "expected a value"),
            ("a = \"x\u{01}\"", 1, "a", "control character"),
            ("a = 1\r", 1, "a", "carriage return"),
            ("\"\"\"k\"\"\" = 1", 1, nil, "multi-line"),
            ("[a]\nb.c = 1\n[a.b]", 3, "a.b", "dotted keys"),
            ("[[a]]\n[a]", 2, "a", "array of tables"),
        ]
        for (text, line, key, fragment) in cases {
            do {
                _ = try Toml.parse(text, file: "x.toml")
                XCTFail("expected an error for \(text.debugDescription)")
            } catch {
                XCTAssertEqual(error.file, "x.toml", text)
                XCTAssertEqual(error.line, line, "\(text.debugDescription): \(error)")
                XCTAssertEqual(error.key, key, "\(text.debugDescription): \(error)")
                XCTAssertTrue(error.message.contains(fragment), "\(text.debugDescription): \(error)")
            }
        }
    }

    func testErrorDescription() {
        let withKey = TomlError(file: "themes/light.toml", line: 12, key: "roles.overdue.fg", message: "unknown colour \"rde\"")
        XCTAssertEqual(withKey.description, "themes/light.toml:12: roles.overdue.fg: unknown colour \"rde\"")
        let noKey = TomlError(file: "a.toml", line: 3, key: nil, message: "bad")
        XCTAssertEqual(noKey.description, "a.toml:3: bad")
        XCTAssertEqual(Toml.dottedKey(["a", "b c", "d\"e"]), #"a."b c"."d\"e""#)
    }

    func testNestingDepthIsBounded() {
        let deep = "a = " + String(repeating: "[", count: 10_000)
        XCTAssertThrowsError(try Toml.parse(deep, file: "d.toml")) { error in
            XCTAssertTrue((error as? TomlError)?.message.contains("nested too deeply") ?? false)
        }
        let okDepth = "a = " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        XCTAssertNoThrow(try Toml.parse(okDepth, file: "d.toml"))
    }

    func testByteOrderMarkAndEmptyDocuments() throws {
        XCTAssertEqual(try parse("\u{FEFF}a = 1")["a"], .integer(1))
        for text in ["", "\n\n", "# only a comment", "   \t\n"] {
            XCTAssertTrue(try parse(text).isEmpty, text.debugDescription)
        }
    }
}
