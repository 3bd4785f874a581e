import XCTest
import Cases

final class JSONTests: XCTestCase {
    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
        do { return try JSONParser.parse(text) } catch {
            XCTFail("'\(text)' failed: \(error)", file: file, line: line)
            return nil
        }
    }

    private func assertFails(_ bytes: [UInt8], at offset: Int, _ message: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            let value = try JSONParser.parse(bytes)
            XCTFail("\(String(decoding: bytes, as: UTF8.self).debugDescription) parsed as \(value)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.offset, offset, "\(error) for \(String(decoding: bytes, as: UTF8.self).debugDescription)",
                           file: file, line: line)
            XCTAssertTrue(error.message.contains(message), "'\(error.message)' lacks '\(message)'", file: file, line: line)
            XCTAssertEqual(error.description, "byte \(error.offset): \(error.message)", file: file, line: line)
        }
    }

    private var sample: JSONValue {
        .object(JSONObject([
            ("名字", "王芳"),
            ("地址", "山东省滨州市滨城区黄河五路 1 号 · 市中街道"),
            ("escapes", .string("quote \" backslash \\ slash / newline \n cr \r tab \t bs \u{08} ff \u{0C} ctl \u{01}\u{1F} del \u{7F}")),
            ("astral", "😀 𠀀 \u{2028}\u{2029} é"),
            ("numbers", .array([0, -1, .int(Int64.max), .int(Int64.min), .double(1.5), .double(-2.25e-10), .double(1e300), .double(0.1)])),
            ("literals", .array([.null, true, false])),
            ("empty", .array([.object(JSONObject()), .array([]), ""])),
            ("nested", .object(JSONObject([("a", .array([.object(JSONObject([("b", .array([.array(["深"])]))]))]))]))),
            ("", "empty key"),
        ]))
    }

    func testCompactAndPrettyRoundTripsKeepKeyOrder() throws {
        for pretty in [false, true] {
            let text = JSONWriter.string(sample, pretty: pretty)
            let parsed = try JSONParser.parse(text)
            XCTAssertEqual(parsed, sample, "pretty: \(pretty)")
            XCTAssertEqual(parsed.objectValue?.keys, sample.objectValue?.keys)
            XCTAssertEqual(JSONWriter.string(parsed, pretty: pretty), text, "writing is deterministic")
        }
    }

    func testWriterOutputIsCompactUTF8WithMinimalEscapes() {
        let value: JSONValue = .object(JSONObject([("a", 1), ("b", .array([true, .null])), ("c", "中\"\\\n\u{01}\u{7F}/")]))
        XCTAssertEqual(JSONWriter.string(value), #"{"a":1,"b":[true,null],"c":"中\"\\\n\u0001\u007f/"}"#)
        XCTAssertEqual(JSONWriter.string(.double(.infinity)), "null")
        XCTAssertEqual(JSONWriter.string(.double(.nan)), "null")
        XCTAssertEqual(JSONWriter.string(.double(2.5)), "2.5")
        XCTAssertEqual(JSONWriter.string(.object(JSONObject([("k", .array([1]))])), pretty: true), "{\n  \"k\": [\n    1\n  ]\n}")
    }

    func testParsesEscapesAndNumbers() {
        XCTAssertEqual(parse(#""\u00e9\u4E2D\ud83d\ude00\/\b\f\n\r\t\"\\""#), .string("é中😀/\u{08}\u{0C}\n\r\t\"\\"))
        XCTAssertEqual(parse(" \t\n\r[ 1 , 2 ]\n "), .array([1, 2]))
        XCTAssertEqual(parse("9223372036854775807"), .int(Int64.max))
        XCTAssertEqual(parse("-9223372036854775808"), .int(Int64.min))
        XCTAssertEqual(parse("9223372036854775808"), .double(9_223_372_036_854_775_808))
        XCTAssertEqual(parse("-0"), .int(0))
        XCTAssertEqual(parse("1E2"), .double(100))
        XCTAssertEqual(parse("-1.25e-2"), .double(-0.0125))
        XCTAssertEqual(parse("0.5e+1"), .double(5))
        XCTAssertEqual(parse("{}"), .object(JSONObject()))
        XCTAssertEqual(parse(#"{"中":[]}"#)?["中"], .array([]))
    }

    func testAccessors() {
        let value: JSONValue = .object(JSONObject([("s", "x"), ("i", 3), ("d", .double(4.0)), ("f", .double(4.5)), ("b", false)]))
        XCTAssertEqual(value["s"]?.stringValue, "x")
        XCTAssertEqual(value["i"]?.intValue, 3)
        XCTAssertEqual(value["d"]?.intValue, 4)
        XCTAssertNil(value["f"]?.intValue)
        XCTAssertEqual(value["b"]?.boolValue, false)
        XCTAssertNil(value["missing"])
        XCTAssertNil(JSONValue.string("x")["s"])
        var object = JSONObject([("a", 1), ("b", 2)])
        object["a"] = nil
        object["c"] = 3
        object["b"] = 4
        XCTAssertEqual(object.keys, ["b", "c"])
        XCTAssertNotEqual(JSONObject([("a", 1), ("b", 2)]), JSONObject([("b", 2), ("a", 1)]), "order is part of the value")
    }

    func testRejectsMalformedInputWithByteOffsets() {
        let cases: [(String, Int, String)] = [
            ("", 0, "unexpected end of text"),
            ("   ", 3, "unexpected end of text"),
            ("{", 1, "expected a key"),
            ("{1:2}", 1, "expected a key"),
            (#"{"a" 1}"#, 5, "expected ':'"),
            (#"{"a":1,}"#, 7, "expected a key"),
            (#"{"a":1"#, 6, "unexpected end of text"),
            (#"{"a":1 "b":2}"#, 7, "expected ',' or '}'"),
            ("[1,]", 3, "unexpected character"),
            ("[1 2]", 3, "expected ',' or ']'"),
            ("[", 1, "unexpected end of text"),
            ("tru", 0, "unexpected end of text"),
            ("trUe", 0, "invalid literal"),
            ("nul", 0, "unexpected end of text"),
            ("'a'", 0, "unexpected character"),
            (#""abc"#, 4, "unterminated string"),
            (#""a\"#, 3, "unexpected end of text"),
            (#""a\x""#, 4, "invalid escape"),
            (#""\u12""#, 3, "unexpected end of text"),
            (#""\u12G4""#, 5, #"invalid \u escape"#),
            ("\"a\u{01}\"", 2, "control character in string"),
            ("\"a\\n\u{0A}\"", 4, "control character in string"),
            ("01", 1, "unexpected text after the value"),
            ("-", 1, "invalid number"),
            ("-a", 1, "invalid number"),
            ("1.", 2, "invalid number"),
            (".5", 0, "unexpected character"),
            ("1e+", 3, "invalid number"),
            ("+1", 0, "unexpected character"),
            (#"{"a":1}x"#, 7, "unexpected text after the value"),
            ("[1]]", 3, "unexpected text after the value"),
            ("\u{A0}1", 0, "unexpected character"),
            ("NaN", 0, "unexpected character"),
        ]
        for (text, offset, message) in cases { assertFails(Array(text.utf8), at: offset, message) }
    }

    func testRejectsDuplicateKeys() {
        assertFails(Array(#"{"a":1,"a":2}"#.utf8), at: 12, #"duplicate key "a""#)
        assertFails(Array(#"{"x":{"名":1,"名":[]}}"#.utf8), at: 22, #"duplicate key "名""#)
        // Equal after unescaping is still a duplicate.
        assertFails(Array(#"{"a":1,"\u0061":2}"#.utf8), at: 17, "duplicate key")
        XCTAssertEqual(parse(#"[{"a":1},{"a":2}]"#), .array([.object(JSONObject([("a", 1)])), .object(JSONObject([("a", 2)]))]))
    }

    func testNestingLimit() {
        let limit = JSONParser.maximumDepth
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        XCTAssertNotNil(parse(nested(limit)))
        assertFails(Array(nested(limit + 1).utf8), at: limit, "nested too deeply")
        assertFails(Array(String(repeating: "{\"a\":", count: limit + 1).utf8), at: limit * 5, "nested too deeply")
        // Hostile depth fails cleanly instead of exhausting the stack.
        assertFails(Array(repeating: UInt8(ascii: "["), count: 200_000), at: limit, "nested too deeply")
    }

    func testRejectsInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0x61, 0xFF, 0x22],              // never valid
            [0x22, 0xC0, 0x80, 0x22],              // overlong NUL
            [0x22, 0xED, 0xA0, 0x80, 0x22],        // UTF-8-encoded surrogate
            [0x22, 0xE4, 0xB8, 0x22],              // truncated 中
            [0x22, 0x80, 0x22],                    // lone continuation byte
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        ]
        for bytes in cases { assertFails(bytes, at: 1, "invalid UTF-8 in string") }
        // Also on the escape path, and in keys.
        assertFails([0x22, 0x5C, 0x6E, 0xFF, 0x22], at: 1, "invalid UTF-8 in string")
        assertFails([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], at: 2, "invalid UTF-8 in string")
        assertFails([0xEF, 0xBB, 0xBF, 0x31], at: 0, "unexpected character")  // a BOM is not JSON
    }

    func testRejectsLoneSurrogates() {
        let cases: [(String, Int, String)] = [
            (#""\ud800""#, 7, "lone surrogate"),
            (#""\uD800x""#, 7, "lone surrogate"),
            (#""\udc00""#, 7, "lone surrogate"),
            (#""\uDFFF\uD800""#, 7, "lone surrogate"),
            (#""\ud800\u0041""#, 13, "invalid surrogate pair"),
            (#""\ud800\ud800""#, 13, "invalid surrogate pair"),
            (#""\ud800\n""#, 7, "lone surrogate"),
        ]
        for (text, offset, message) in cases { assertFails(Array(text.utf8), at: offset, message) }
        XCTAssertEqual(parse(#""\udbff\udfff""#), .string("\u{10FFFF}"))
    }
}
