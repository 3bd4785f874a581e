import XCTest
import Cases
@testable import Journal

/// The byte-level reader of common bodies must give exactly what the JSON parser and the codec
/// give, or decline: on hand-written edge cases and on thousands of random objects.
final class SimpleBodyDecoderTests: XCTestCase {
    private let types = ["contact_logged", "service_recorded", "follow_up_scheduled", "outcome_recorded", "note_added"]

    /// What the general path makes of `data` for `type`, or nil when the JSON does not parse.
    private func general(_ type: String, _ data: [UInt8]) -> EventBody? {
        guard case .object(let object)? = try? JSONParser.parse(data) else { return nil }
        return EventCodec.decode(type: type, data: object)
    }

    private func fast(_ type: String, _ data: [UInt8]) -> (EventBody, Int)? {
        data.withUnsafeBufferPointer { buffer in
            var index = 0
            return SimpleBodyDecoder.decode(type: type, buffer, at: &index).map { ($0, index) }
        }
    }

    private func assertAgrees(_ type: String, _ text: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        guard let (body, end) = fast(type, text) else { return }
        XCTAssertEqual(end, text.count, "\(type) \(String(decoding: text, as: UTF8.self))", file: file, line: line)
        let expected = general(type, text)
        XCTAssertEqual(body, expected, "\(type) \(String(decoding: text, as: UTF8.self))", file: file, line: line)
        if case .unknown? = expected { XCTFail("took a body the codec refuses: \(String(decoding: text, as: UTF8.self))", file: file, line: line) }
    }

    func testTheCommonShapesAreReadAsTheCodecReadsThem() {
        let cases: [(String, String)] = [
            ("contact_logged", #"{"channel":"phone","reached":true,"note":"电话回访，已到岗","next":"2026-12-01"}"#),
            ("contact_logged", #"{"channel":"visit","reached":false,"note":"上门未遇"}"#),
            ("contact_logged", #"{"channel":"sms","reached":"yes","note":null,"next":"not a date"}"#),
            ("contact_logged", #"{"channel":"wechat","future":"kept by nobody","note":"微信"}"#),
            ("service_recorded", #"{"kind":"job_recommendation","employer":"滨化集团","position":"化工操作工","note":"推荐面试"}"#),
            ("service_recorded", #"{"kind":"traineeship","ends":"2027-03-01","employer":null}"#),
            ("follow_up_scheduled", #"{"date":"2026-12-08","note":"复核材料"}"#),
            ("outcome_recorded", #"{"kind":"employed","employer":"魏桥创业集团","date":"2026-11-13"}"#),
            ("note_added", #"{"text":"配偶已在社区微工厂工作"}"#),
            ("note_added", #"{}"#),
        ]
        var taken = 0
        for (type, text) in cases {
            assertAgrees(type, Array(text.utf8))
            if fast(type, Array(text.utf8)) != nil { taken += 1 }
        }
        XCTAssertEqual(taken, 9, "every shape the codec accepts is taken; the empty note is refused and left to the codec")
    }

    func testUnusualInputsAreLeftToTheGeneralPath() {
        let declined: [(String, String)] = [
            ("note_added", #"{"text":"a \"quoted\" word"}"#),               // an escape
            ("contact_logged", #"{"channel":"phone","channel":"visit"}"#),  // a key twice
            ("contact_logged", #"{"channel":"phone","n":1}"#),              // a number
            ("contact_logged", #"{"channel":"phone","x":{"y":1}}"#),        // a nested object
            ("contact_logged", #"{ "channel":"phone"}"#),                   // whitespace
            ("contact_logged", #"{"channel":"fax"}"#),                      // a channel the codec refuses
            ("outcome_recorded", #"{"kind":"employed","date":"2026-02-30"}"#),  // no such day
            ("follow_up_scheduled", #"{"note":"no date"}"#),
            ("case_closed", #"{"reason":"升学"}"#),                          // not one of its types
            ("note_added", #"{"text":"unterminated}"#),
        ]
        for (type, text) in declined { XCTAssertNil(fast(type, Array(text.utf8)), text) }
        // Bad UTF-8, even in a key nobody reads, is for the general parser to refuse.
        var bytes = Array(#"{"text":"ok","extra":"X"}"#.utf8)
        bytes[bytes.count - 3] = 0xFF
        XCTAssertNil(fast("note_added", bytes))
        XCTAssertNil(general("note_added", bytes))
    }

    /// Channels and kinds are matched on their bytes; every raw value, and near misses (case, a
    /// letter more or less, look-alike Unicode, a stray byte), read as the codec reads them.
    func testChoicesReadFromBytesAgreeWithTheCodec() {
        var values = ContactChannel.allCases.map(\.rawValue) + ServiceKind.allCases.map(\.rawValue) + OutcomeKind.allCases.map(\.rawValue)
        for raw in values {
            values += [raw.uppercased(), String(raw.dropLast()), raw + "s", " " + raw, raw.replacingOccurrences(of: "_", with: "-"),
                       raw.replacingOccurrences(of: "o", with: "ο"), raw.replacingOccurrences(of: "e", with: "e\u{301}")]
        }
        values += ["", "K", "\u{212A}", "电话"]
        var taken = 0, accepted = 0
        for value in values {
            for (type, key, rest) in [("contact_logged", "channel", #","note":"n""#), ("service_recorded", "kind", ""),
                                      ("outcome_recorded", "kind", #","date":"2026-11-13""#)] {
                let text = Array(#"{"\#(key)":"\#(value)"\#(rest)}"#.utf8)
                if fast(type, text) != nil { taken += 1 }
                if let body = general(type, text) {
                    if case .unknown = body {} else { accepted += 1 }
                }
                assertAgrees(type, text)
            }
        }
        XCTAssertEqual(taken, accepted, "every value the codec accepts is read from its bytes, none other")
        XCTAssertGreaterThanOrEqual(accepted, ContactChannel.allCases.count + ServiceKind.allCases.count + OutcomeKind.allCases.count)
    }

    func testRandomObjectsAgreeWithTheCodec() {
        var random = SeededGenerator(seed: 0x51_4B0D)
        let keys = ["channel", "reached", "note", "next", "kind", "employer", "position", "ends", "date", "text", "other", "ch"]
        let values = [#""phone""#, #""visit""#, #""job_recommendation""#, #""employed""#, #""2026-12-01""#, #""2026-13-01""#,
                      #""滨州学院""#, #""""#, "true", "false", "null", "12", #""a\"b""#, "[]", #""traineeship""#]
        var taken = 0
        for _ in 0..<20_000 {
            let type = types.randomElement(using: &random)!
            let count = Int.random(in: 0...5, using: &random)
            let pairs = (0..<count).map { _ in "\"\(keys.randomElement(using: &random)!)\":\(values.randomElement(using: &random)!)" }
            let text = Array(("{" + pairs.joined(separator: ",") + "}").utf8)
            if fast(type, text) != nil { taken += 1 }
            assertAgrees(type, text)
        }
        XCTAssertGreaterThan(taken, 250, "the random objects reach the fast path often enough to mean something")
    }
}
