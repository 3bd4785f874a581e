import Cases
@testable import Journal
import XCTest

/// Opening a sealed person reads the plaintext `seal` writes without a JSON tree; any other
/// shape goes to the JSON parser. Both must give the same person, or the same refusal.
final class PersonPlaintextTests: XCTestCase {
    private func viaParser(_ text: String) -> Person? {
        (try? JSONParser.parse(text))?.objectValue.flatMap(EventCodec.decodePerson)
    }

    private func fast(_ text: String) -> Person? {
        Array(text.utf8).withUnsafeBufferPointer(PersonPlaintext.person)
    }

    func testWhatSealWritesIsReadDirectlyAsTheParserReadsIt() {
        let people = [
            Person(name: "李娜", residentID: ResidentID(unchecked: "371602199002020022"), phone: PhoneNumber(unchecked: "13800138000"),
                   hukouAddress: "山东省滨州市", community: "黄河街道"),
            Person(name: "O'Brien / 王", residentID: ResidentID(unchecked: "37160219900202002X")),
        ]
        for person in people {
            var bytes: [UInt8] = []
            JSONWriter.write(.object(EventCodec.encode(person)), into: &bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertNotNil(fast(text), "the written shape takes the direct path: \(text)")
            XCTAssertEqual(fast(text), person)
            XCTAssertEqual(fast(text), viaParser(text))
        }
    }

    func testOtherShapesAreLeftToTheParser() {
        let others = [
            #"{"name":"A\"B","id_number":"1"}"#,  // an escape
            #"{ "name":"A","id_number":"1"}"#,  // a space
            #"{"name":"A","id_number":"1","note":"x"}"#,  // another key
            #"{"name":"A","id_number":"1","phone":null}"#,  // another value
            #"{"name":"A","name":"B","id_number":"1"}"#,  // a key twice
            #"{"name":"A"}"#,  // no resident ID
            #"{"name":"A","id_number":"1"}x"#,  // text after the object
            #"{"name":"A","id_number":"1""#,  // cut short
            "{}", "",
        ]
        for text in others {
            XCTAssertNil(fast(text), text)
        }
        XCTAssertEqual(viaParser(#"{"name":"A\"B","id_number":"1"}"#)?.name, "A\"B", "the parser still reads what the direct path leaves")
        let invalid: [UInt8] = Array(#"{"name":""#.utf8) + [0xFF] + Array(#"","id_number":"1"}"#.utf8)
        XCTAssertNil(invalid.withUnsafeBufferPointer(PersonPlaintext.person), "invalid UTF-8 is no person")
    }
}
