import XCTest
import Cases
@testable import Journal

/// The byte-level reader of `case_opened` bodies must give exactly what the JSON parser and the
/// codec give, or decline: on the shapes writers emit (sealed and in the clear, every kind), on
/// hand-written edge cases, and on thousands of random objects.
final class CaseOpenedDecoderTests: XCTestCase {
    /// What the general path makes of `data`, or nil when the JSON does not parse.
    private func general(_ data: [UInt8]) -> EventBody? {
        guard case .object(let object)? = try? JSONParser.parse(data) else { return nil }
        return EventCodec.decode(type: "case_opened", data: object)
    }

    /// The fast path as the line decoder reaches it (through `SimpleBodyDecoder`), with where it stopped.
    private func fast(_ data: [UInt8]) -> (EventBody, Int)? {
        data.withUnsafeBufferPointer { buffer in
            var index = 0
            return SimpleBodyDecoder.decode(type: "case_opened", buffer, at: &index).map { ($0, index) }
        }
    }

    private func assertAgrees(_ text: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let shown = String(decoding: text, as: UTF8.self)
        guard let (body, end) = fast(text) else { return }
        XCTAssertEqual(end, text.count, shown, file: file, line: line)
        let expected = general(text)
        XCTAssertEqual(body, expected, shown, file: file, line: line)
        if case .unknown? = expected { XCTFail("took a body the codec refuses: \(shown)", file: file, line: line) }
    }

    private func assertTaken(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotNil(fast(Array(text.utf8)), "declined: \(text)", file: file, line: line)
        assertAgrees(Array(text.utf8), file: file, line: line)
    }

    private func written(_ body: EventBody) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter.write(.object(EventCodec.encode(body)), into: &bytes)
        return bytes
    }

    private let sealedPerson = #"{"key":"K-190G2QA3XWV72FR9","sealed":"Ru6Kt1uimVNOQ7hydup2PyXu6IroK5ZAcH0Jhhes6YmVnX0K4PLGZu7mgGskMAl6OAt8nkxNbOW6L+4Ko3g1hoNvmUgWnHgxcwEd0AWGUU+CYT9P0+FM+MHGl88gUQhupuz7FAMwvbZFp7twFFUoohQeU7Xzu8P9IkdOsXRe1T41wgXWfcaLQBBJuD2KHY+NmkFlR0E45kRxcvJLKxtDBLgMcYIVV2w+ZvohZUPy30VoUt5VOPQ6EQeIXL8lSbwHK1vJhVcNszte0Gsa"}"#

    func testWhatWritersEmitIsTakenAndReadBackExactly() {
        var bodies = CaseKind.allCases.map { Samples.opened($0) }
        // Sealed, as every line since the privacy work; and each kind without its optional fields.
        bodies.append(.caseOpened(CaseOpened(counsellor: "zhaolei", person: Person(
            name: "", residentID: ResidentID(unchecked: ""), protection: .sealed(key: "K-ECDP1S8EK2K059RC", box: "y3/8BKWZ+0=")),
            education: "初中", details: .unemployed(UnemployedDetails(registered: day("2025-10-21"))))))
        bodies.append(.caseOpened(CaseOpened(counsellor: "lijun", person: Person(name: "李 军", residentID: ResidentID(unchecked: "37160219900101001X")),
                                             details: .graduate(GraduateDetails(school: "山东大学", major: "数学", degree: .doctor,
                                                                                graduated: day("2025-06-30"), leftWithoutJob: false)))))
        bodies.append(.caseOpened(CaseOpened(counsellor: "wangfang", person: Person(name: "😀 emoji", residentID: ResidentID(unchecked: "x")),
                                             details: .difficulty(DifficultyDetails(categories: [], identified: day("2024-02-29"))))))
        for body in bodies {
            let bytes = written(body)
            guard let (read, end) = fast(bytes) else {
                XCTFail("declined what a writer emits: \(String(decoding: bytes, as: UTF8.self))")
                continue
            }
            XCTAssertEqual(end, bytes.count)
            XCTAssertEqual(read, body)
            assertAgrees(bytes)
        }
    }

    func testALineFromTheBenchmarkOfficeIsReadAsTheCodecReadsIt() {
        assertTaken(#"{"kind":"graduate","counsellor":"wangfang","person":"# + sealedPerson
            + #","education":"本科","details":{"school":"滨州学院","major":"电子商务","degree":"bachelor","graduated":"2025-06-26","left_without_job":true,"intention":{"sector":"商贸","place":"青岛","salary":"4000-6000"}}}"#)
        assertTaken(#"{"kind":"unemployed","counsellor":"zhaolei","person":"# + sealedPerson
            + #","education":"初中","details":{"registered":"2025-10-21","registration_no":"SD371602202512498","previous_employer":"魏桥创业集团","industry":"纺织","benefit_until":"2026-03-21","intention":{"sector":"纺织","place":"滨州","salary":"3500-5000"}}}"#)
        assertTaken(#"{"kind":"difficulty","counsellor":"lijun","person":"# + sealedPerson
            + #","details":{"categories":["age_4050","zero_employment_household"],"identified":"2026-03-02","certificate":"BZ-1","household":"HH-17"}}"#)
    }

    func testOddButValidShapesAreReadAsTheCodecReadsThem() {
        let person = #""person":{"name":"王芳","id_number":"370"}"#
        let shapes = [
            // The codec's defaults and tolerances: a non-string where a string is optional, a non-boolean flag.
            #"{"kind":"graduate","counsellor":"c",\#(person),"education":null,"details":{"school":"s","major":"m","degree":"master","graduated":"2025-07-01","left_without_job":"no"}}"#,
            #"{"kind":"graduate","counsellor":"c",\#(person),"education":true,"details":{"school":"s","major":"m","degree":"master","graduated":"2025-07-01","left_without_job":null,"intention":"IT"}}"#,
            #"{"kind":"graduate","counsellor":"c",\#(person),"details":{"school":"s","major":"m","degree":"associate","graduated":"2025-07-01","intention":{},"difficulty":["disabled","nonsense",null,true,"other"]}}"#,
            #"{"kind":"graduate","counsellor":"c",\#(person),"details":{"school":"s","major":"m","degree":"bachelor","graduated":"2025-07-01","difficulty":"disabled"}}"#,
            #"{"kind":"graduate","counsellor":"c",\#(person),"details":{"school":"s","major":"m","degree":"bachelor","graduated":"2025-07-01","intention":{"sector":null,"place":"滨州","salary":false,"extra":"x"}}}"#,
            #"{"kind":"difficulty","counsellor":"c",\#(person),"details":{"identified":"2026-01-01","categories":[],"certificate":null,"household":true}}"#,
            #"{"kind":"difficulty","counsellor":"c",\#(person),"details":{"identified":"2026-01-01","categories":"age_4050"}}"#,
            #"{"kind":"difficulty","counsellor":"c",\#(person),"details":{"identified":"2026-01-01"}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","benefit_until":"2026-02-30","industry":null}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","benefit_until":"soon","school":"ignored"}}"#,
            // Keys in another order, and keys nobody reads at every level.
            #"{"details":{"registered":"2026-01-01"},"future":"kept by nobody",\#(person),"counsellor":"c","kind":"unemployed"}"#,
            #"{"kind":"unemployed","counsellor":"c","person":{"id_number":"1","hukou":"滨城区","community":null,"phone":"138","name":"n","x":true},"details":{"registered":"2026-01-01","y":null}}"#,
            // Sealed wins over fields in the clear; a key without a sealed string is read in the clear.
            #"{"kind":"unemployed","counsellor":"c","person":{"key":"K-1","sealed":"AAAA","name":"n","id_number":"1"},"details":{"registered":"2026-01-01"}}"#,
            #"{"kind":"unemployed","counsellor":"c","person":{"key":"K-1","sealed":null,"name":"n","id_number":"1"},"details":{"registered":"2026-01-01"}}"#,
            #"{"kind":"unemployed","counsellor":"c","person":{"key":true,"sealed":"AAAA","name":"n","id_number":"1"},"details":{"registered":"2026-01-01"}}"#,
            // `source`, any value, through the general parser.
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01"},"source":{"file":"名单.xlsx","row":3,"sha256":"ab\"c","nested":[1,{"a":[]}]}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01"},"source":null}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01"},"source":[1,2]}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01"},"source":"roster.csv"}"#,
            // Unicode: four-byte characters, U+2028, a combining mark.
            #"{"kind":"unemployed","counsellor":"c","person":{"name":"😀\#u{2028}e\#u{301}","id_number":"𠀀"},"details":{"registered":"2026-01-01","industry":"\#u{FEFF}x"}}"#,
        ]
        for shape in shapes { assertTaken(shape) }
    }

    func testUnusualInputsAreLeftToTheGeneralPath() {
        let person = #""person":{"name":"王芳","id_number":"370"}"#
        let details = #""details":{"registered":"2026-01-01"}"#
        let declined = [
            #"{"kind":"unemployed","counsellor":"c\"d",\#(person),\#(details)}"#,                      // an escape
            #"{"kind":"unemployed","counsellor":"c","person":{"name":"\u738b","id_number":"1"},\#(details)}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","industry":"a\nb"}}"#,
            #"{"kind":"unemployed","kind":"graduate","counsellor":"c",\#(person),\#(details)}"#,     // a key twice, at each level
            #"{"kind":"unemployed","counsellor":"c","person":{"name":"a","name":"b","id_number":"1"},\#(details)}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","registered":"2026-01-02"}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","intention":{"place":"a","place":"b"}}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),\#(details),"x":"1","x":"2"}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),\#(details),"source":{"a":1,"a":2}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),\#(details),"n":1}"#,                 // a number
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","industry":7}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),\#(details),"x":{"y":"z"}}"#,         // a nested value nobody reads
            #"{"kind":"unemployed","counsellor":"c",\#(person),\#(details),"x":["y"]}"#,
            #"{"kind":"graduate","counsellor":"c",\#(person),"details":{"school":"s","major":"m","degree":"master","graduated":"2025-07-01","difficulty":[["disabled"]]}}"#,
            #"{ "kind":"unemployed","counsellor":"c",\#(person),\#(details)}"#,                      // whitespace
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered": "2026-01-01"}}"#,
            // What the codec refuses (it keeps such a line as unknown with its data).
            #"{"kind":"student","counsellor":"c",\#(person),\#(details)}"#,
            #"{"kind":"unemployed",\#(person),\#(details)}"#,
            #"{"kind":"unemployed","counsellor":null,\#(person),\#(details)}"#,
            #"{"kind":"unemployed","counsellor":"c","person":{"name":"王芳"},\#(details)}"#,
            #"{"kind":"unemployed","counsellor":"c","person":{"key":"K-1"},\#(details)}"#,
            #"{"kind":"unemployed","counsellor":"c","person":"sealed",\#(details)}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":"none"}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-13-01"}}"#,
            #"{"kind":"graduate","counsellor":"c",\#(person),"details":{"school":"s","major":"m","degree":"phd","graduated":"2025-07-01"}}"#,
            #"{"kind":"graduate","counsellor":"c",\#(person),\#(details)}"#,
            #"{"kind":"difficulty","counsellor":"c",\#(person),\#(details)}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person)}"#,
            #"{}"#,
            // Broken JSON.
            #"{"kind":"unemployed","counsellor":"c",\#(person),\#(details)"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),\#(details),}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),\#(details),"source":{"a":}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","difficulty":["a",]}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","difficulty":["a"}}"#,
            #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","x":tru}}"#,
        ]
        for text in declined { XCTAssertNil(fast(Array(text.utf8)), text) }
        // A `source` nested deeper than the fast path counts is for the general parser to judge.
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        XCTAssertNil(fast(Array(#"{"kind":"unemployed","counsellor":"c",\#(person),\#(details),"source":{"a":\#(deep)}}"#.utf8)))
        // Bad UTF-8, even in a key or value nobody reads, is for the general parser to refuse.
        for marker in ["future", "ignored"] {
            let text = #"{"kind":"unemployed","counsellor":"c",\#(person),"details":{"registered":"2026-01-01","future":"ignored"}}"#
            var bytes = Array(text.utf8)
            let at = bytes.indices.first { bytes[$0...].starts(with: Array(marker.utf8)) }!
            bytes[at + 1] = 0xFF
            XCTAssertNil(fast(bytes), marker)
            XCTAssertNil(general(bytes), marker)
        }
    }

    func testRandomObjectsAgreeWithTheCodec() {
        var random = SeededGenerator(seed: 0xCA5E_0BE4)
        func pick(_ items: [String]) -> String { items.randomElement(using: &random)! }
        let strings = [#""graduate""#, #""difficulty""#, #""unemployed""#, #""bachelor""#, #""2026-12-01""#, #""2026-02-30""#,
                       #""滨州学院""#, #""""#, #""age_4050""#, #""disabled""#, #""K-1""#, #""AAAA""#, #""😀""#]
        let simple = strings + ["true", "false", "null"]
        // What the fast path declines outright: rarely, so that the rest of an object is reached.
        let declined = ["12", "[]", "{}", #""a\"b""#, #"["x",1]"#]
        func value(_ pool: [String]) -> String {
            Int.random(in: 0..<40, using: &random) == 0 ? pick(declined) : Bool.random(using: &random) ? pick(pool) : pick(simple)
        }
        /// Each key now and then, sometimes twice, in a random order; `make` makes a key's value.
        func object(_ keys: [String], _ make: (String) -> String) -> String {
            var pairs: [String] = []
            for key in keys.shuffled(using: &random) {
                let times = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2].randomElement(using: &random)!
                for _ in 0..<times { pairs.append("\"\(key)\":\(make(key))") }
            }
            return "{" + pairs.joined(separator: ",") + "}"
        }
        func list() -> String {
            "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in pick(simple) }.joined(separator: ",") + "]"
        }
        let dates = [#""2026-12-01""#, #""2024-02-29""#, #""2026-02-30""#, #""soon""#]
        let personKeys = ["key", "sealed", "name", "id_number", "phone", "hukou", "community", "other"]
        let intentionKeys = ["sector", "place", "salary", "other"]
        let detailKeys = ["school", "major", "degree", "graduated", "left_without_job", "identified", "certificate", "household",
                          "registered", "registration_no", "previous_employer", "industry", "benefit_until", "intention",
                          "difficulty", "categories", "other"]
        let topKeys = ["kind", "counsellor", "person", "education", "details", "source", "other"]
        var taken = 0
        for _ in 0..<20_000 {
            let text = object(topKeys) { key in
                switch (key, Int.random(in: 0..<8, using: &random)) {
                case ("person", 1...): object(personKeys) { _ in value(strings) }
                case ("details", 1...): object(detailKeys) { key in
                    switch (key, Int.random(in: 0..<4, using: &random)) {
                    case ("intention", 1...): object(intentionKeys) { _ in value(strings) }
                    case ("difficulty", 1...), ("categories", 1...): list()
                    case ("graduated", _), ("identified", _), ("registered", _), ("benefit_until", _): value(dates)
                    case ("degree", _): value([#""bachelor""#, #""doctor""#, #""phd""#])
                    default: value(strings)
                    }
                }
                case ("kind", 1...): pick([#""graduate""#, #""difficulty""#, #""unemployed""#])
                case ("source", 1...): pick(["{}", #"{"row":3}"#, "null", "[1]"])
                default: value(strings)
                }
            }
            let bytes = Array(text.utf8)
            if fast(bytes) != nil { taken += 1 }
            assertAgrees(bytes)
        }
        XCTAssertGreaterThan(taken, 100, "the random objects reach the fast path often enough to mean something")
    }

    /// Random objects near the shapes writers emit, so most are taken: each field dropped,
    /// doubled, retyped or replaced now and then.
    func testRandomNearWriterShapesAgreeWithTheCodec() {
        var random = SeededGenerator(seed: 0x0BE4_ED)
        let values = [#""x""#, "true", "false", "null", "1", #""2026-01-01""#, #""a\\b""#, #""滨州""#, "[]", #"["disabled"]"#, "{}"]
        func field(_ key: String, _ value: String) -> String? {
            switch Int.random(in: 0..<24, using: &random) {
            case 0: nil
            case 1: "\"\(key)\":\(value),\"\(key)\":\(value)"
            case 2: "\"\(key)\":\(values.randomElement(using: &random)!)"
            case 3: "\"\(key)x\":\(value)"
            default: "\"\(key)\":\(value)"
            }
        }
        func object(_ fields: [(String, String)]) -> String {
            "{" + fields.shuffled(using: &random).compactMap { field($0.0, $0.1) }.joined(separator: ",") + "}"
        }
        var taken = 0
        for round in 0..<10_000 {
            let person = round % 2 == 0 ? object([("key", #""K-1""#), ("sealed", #""QUJD""#)])
                : object([("name", #""王芳""#), ("id_number", #""370""#), ("phone", #""138""#), ("hukou", #""滨城""#), ("community", #""市中""#)])
            let intention = object([("sector", #""IT""#), ("place", #""青岛""#), ("salary", #""4000""#)])
            let (kind, details): (String, String) = switch round % 3 {
            case 0: ("graduate", object([("school", #""滨州学院""#), ("major", #""数学""#), ("degree", #""bachelor""#), ("graduated", #""2025-06-30""#),
                                          ("left_without_job", "false"), ("intention", intention), ("difficulty", #"["disabled","x"]"#)]))
            case 1: ("difficulty", object([("categories", #"["age_4050","other"]"#), ("identified", #""2026-03-02""#),
                                            ("certificate", #""BZ""#), ("household", #""HH""#)]))
            default: ("unemployed", object([("registered", #""2025-10-21""#), ("registration_no", #""SD""#), ("previous_employer", #""魏桥""#),
                                             ("industry", #""纺织""#), ("benefit_until", #""2026-03-21""#), ("intention", intention)]))
            }
            let text = object([("kind", "\"\(kind)\""), ("counsellor", #""wangfang""#), ("person", person), ("education", #""本科""#),
                               ("details", details), ("source", #"{"row":3}"#)])
            let bytes = Array(text.utf8)
            if fast(bytes) != nil { taken += 1 }
            assertAgrees(bytes)
        }
        XCTAssertGreaterThan(taken, 1_000, "most near-writer shapes are taken")
    }
}
