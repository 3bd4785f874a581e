import XCTest
import Cases

/// The parser must never trap, hang or accept what it cannot write back: every input either
/// parses to a value that round-trips through the writer, or throws with an offset inside the input.
final class JSONFuzzTests: XCTestCase {
    private let documents: [String] = [
        #"{"v":1,"w":"desk-01","seq":7,"id":"7KQ2M9XABCDE","ts":"2026-11-29T09:12:03.120+08:00","on":"2026-11-29","by":"wangfang","case":"G-7KQ2M9X","type":"contact_logged","data":{"channel":"phone","reached":true,"note":"电话联系，\"已到岗\"\n下周回访","next":"2026-12-06"},"prev":"0000000000000000000000000000000000000000000000000000000000000000","sum":"e3069283"}"#,
        #"[1,-2.5e-3,true,false,null,"\u4e2d\ud83d\ude00\/",{"a":[[{}],[]]},0,-0,1E+2]"#,
        #"{"名字":"王芳","列表":["本科","零就业家庭"],"嵌套":{"x":{"y":{"z":[1,2,3]}}}}"#,
    ]

    private var checked = 0

    private func check(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        checked += 1
        do {
            let value = try JSONParser.parse(bytes)
            let written = JSONWriter.string(value)
            let reparsed: JSONValue
            do { reparsed = try JSONParser.parse(written) } catch {
                return XCTFail("wrote unparseable \(written.debugDescription): \(error)", file: file, line: line)
            }
            XCTAssertEqual(reparsed, value, "round trip of \(written.debugDescription)", file: file, line: line)
        } catch {
            XCTAssertGreaterThanOrEqual(error.offset, 0, file: file, line: line)
            XCTAssertLessThanOrEqual(error.offset, bytes.count, "\(error) for \(bytes)", file: file, line: line)
            XCTAssertFalse(error.message.isEmpty, file: file, line: line)
        }
    }

    func testDocumentsParse() throws {
        for document in documents { XCTAssertNoThrow(try JSONParser.parse(document)) }
    }

    func testMutatedValidDocumentsNeverCrash() {
        var rng = SeededGenerator(seed: 0x4A53_4F4E)
        let tokens: [[UInt8]] = [
            "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\\udc00", "\\u00", "-", "0", "1e", ".", "e+",
            "true", "nul", "\n", "\u{01}", "中", "😀", "[[[[[[[[", "{\"a\":", "\"\"", "9223372036854775808",
        ].map { Array($0.utf8) }
        for round in 0..<6_000 {
            var bytes = Array(documents[round % documents.count].utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0...bytes.count, using: &rng)
                switch rng.next() % 5 {
                case 0 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1 where at < bytes.count: bytes.remove(at: at)
                case 2: bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
                case 3: bytes.removeLast(Int.random(in: 0...(bytes.count - at), using: &rng))  // truncate
                default: if at < bytes.count { bytes[at] ^= 1 << UInt8(rng.next() % 8) }
                }
            }
            check(bytes)
        }
        XCTAssertEqual(checked, 6_000)
    }

    func testRandomBytesNeverCrash() {
        var rng = SeededGenerator(seed: 0xB12_2026)
        let interesting = Array("{}[]\":,\\u0123456789abcdefABCDEF-+.eE tfnrul\n\t".utf8)
        for _ in 0..<6_000 {
            let length = Int.random(in: 0...64, using: &rng)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            check(bytes)
        }
    }

    func testRandomValuesRoundTrip() {
        var rng = SeededGenerator(seed: 77)
        let pieces = ["a", "中", "😀", "\"", "\\", "\n", "\u{01}", "\u{7F}", "é", " ", "\u{2028}", "/"]
        func randomString() -> String {
            String((0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        func randomValue(depth: Int) -> JSONValue {
            switch rng.next() % (depth > 4 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .int(Int64(bitPattern: rng.next()))
            case 3: return .double(Double(Int32.random(in: .min ... .max, using: &rng)) / 64)
            case 4: return .string(randomString())
            case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth + 1) })
            default:
                var object = JSONObject()
                for index in 0..<Int.random(in: 0...4, using: &rng) { object["\(randomString())\(index)"] = randomValue(depth: depth + 1) }
                return .object(object)
            }
        }
        for _ in 0..<2_000 {
            let value = randomValue(depth: 0)
            for pretty in [false, true] {
                let text = JSONWriter.string(value, pretty: pretty)
                XCTAssertEqual(try JSONParser.parse(text), value, text)
            }
        }
    }
}
