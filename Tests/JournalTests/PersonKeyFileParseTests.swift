import Foundation
@testable import Journal
import XCTest

/// The key file reader's two paths: lines as `caseload` writes them are read straight from the
/// bytes, anything else goes through the general reader. Both must agree on what a file holds,
/// and base64 must decode exactly as RFC 4648 says (checked against Foundation's decoder).
final class PersonKeyFileParseTests: JournalTestCase {
    private let keyA = [UInt8](repeating: 0xA1, count: 32), keyB = [UInt8](0..<32)

    private func storeWith(_ text: String) throws -> PersonKeyStore {
        let directory = try makeDataDirectory()
        try FileManager.default.createDirectory(atPath: PersonKeyStore.folder(of: directory), withIntermediateDirectories: true)
        try writeBytes(PersonKeyStore.file(of: directory, writer: "desk-01"), Array(text.utf8))
        return try PersonKeyStore(directory: directory)
    }

    private func error(reading text: String) -> String? {
        do {
            _ = try storeWith(text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A preview reads only the keys of the people it shows: exactly those records are kept, on
    /// both paths, whatever the id's length (ids of up to 24 bytes are looked up packed).
    func testReadingOnlySomeKeysKeepsExactlyThoseRecords() throws {
        let a = Base64.encode(keyA), b = Base64.encode(keyB)
        let long = "K-" + String(repeating: "L", count: 30)
        let text = """
            # caseload person keys v1
            k K-AAAAAAAAAAAAAAAA \(a)
            k K-BBBBBBBBBBBBBBBB \(b)
            k  K-HANDWRITTEN00001   \(b)
            x K-CCCCCCCCCCCCCCCC 2026-11-29
            k \(long) \(a)
            k K-AAAAAAAAAAAAAAA \(b)

            """
        let all = try PersonKeyFile.parse(Array(text.utf8), file: "keys/desk-01.keys")
        let wanted: Set<String> = ["K-AAAAAAAAAAAAAAAA", "K-HANDWRITTEN00001", "K-CCCCCCCCCCCCCCCC", long, "K-NOT-IN-THE-FILE"]
        let some = try PersonKeyFile.parse(Array(text.utf8), file: "keys/desk-01.keys", only: KeyIDFilter(wanted))
        XCTAssertEqual(Set(some.keys.keys), Set(all.keys.keys).intersection(wanted))
        XCTAssertEqual(Set(some.keys.keys), ["K-AAAAAAAAAAAAAAAA", "K-HANDWRITTEN00001", long])
        XCTAssertEqual(some.keys["K-AAAAAAAAAAAAAAAA"], all.keys["K-AAAAAAAAAAAAAAAA"])
        XCTAssertEqual(some.tombstones, ["K-CCCCCCCCCCCCCCCC": "2026-11-29"])
        XCTAssertNil(some.keys["K-AAAAAAAAAAAAAAA"], "a prefix of a wanted id is another id")
    }

    func testHandWrittenShapesReadAsTheWrittenOnes() throws {
        let a = Base64.encode(keyA), b = Base64.encode(keyB)
        let store = try storeWith("""
            # caseload person keys v1

            k  K-AAAAAAAAAAAAAAAA   \(a)
            k K-BBBBBBBBBBBBBBBB \(b)
            x K-CCCCCCCCCCCCCCCC 2026-11-29
            x K-DDDDDDDDDDDDDDDD  二〇二六年
            k K-CCCCCCCCCCCCCCCC \(a)
            k K-BBBBBBBBBBBBBBBB \(a)

            """)
        XCTAssertTrue(store.hasKey("K-AAAAAAAAAAAAAAAA"), "runs of spaces are read by the general reader")
        XCTAssertEqual(store.ring.keys["K-BBBBBBBBBBBBBBBB"]?.bytes, keyA, "a later record of the same key replaces the earlier")
        XCTAssertFalse(store.hasKey("K-CCCCCCCCCCCCCCCC"), "a tombstone wins over a key in the same file, whichever comes first")
        XCTAssertTrue(store.isErased("K-CCCCCCCCCCCCCCCC"))
        XCTAssertTrue(store.isErased("K-DDDDDDDDDDDDDDDD"), "a tombstone whose date is not ASCII is kept as written")
        XCTAssertEqual(store.keyRecords().map(\.id), ["K-AAAAAAAAAAAAAAAA", "K-BBBBBBBBBBBBBBBB"], "file order, each key once")
        XCTAssertEqual(store.tombstoneRecords().map(\.erasedOn), ["2026-11-29", "二〇二六年"])
        XCTAssertEqual(store.keyRecords().first?.key, keyA)
    }

    func testBadLinesAreNamedAsBeforeWhicheverReaderMeetsThem() {
        let key = Base64.encode(keyA)
        let cases: [(String, String)] = [
            ("k K-AAAAAAAAAAAAAAAA \(key.dropLast(2))==\n", "key K-AAAAAAAAAAAAAAAA is not 32 bytes of base64"),
            ("k K-AAAAAAAAAAAAAAAA \(key)AAAA\n", "key K-AAAAAAAAAAAAAAAA is not 32 bytes of base64"),
            ("k K-AAAAAAAAAAAAAAAA \(key.dropLast(1))A\n", "key K-AAAAAAAAAAAAAAAA is not 32 bytes of base64"),
            ("k K-AAAAAAAAAAAAAAAA \(key.prefix(20))!\(key.dropFirst(21))\n", "key K-AAAAAAAAAAAAAAAA is not 32 bytes of base64"),
            ("q K-AAAAAAAAAAAAAAAA \(key)\n", "unknown record 'q'"),
            ("k X-AAAAAAAAAAAAAAAA \(key)\n", "not a key record"),
            ("k K-AAAAAAAAAAAAAAAA\n", "not a key record"),
            ("k K-AAAAAAAAAAAAAAAA \(key) extra\n", "not a key record"),
            ("k K-AAAAAAAAAAAAAAAA \(key)\r\n", "key K-AAAAAAAAAAAAAAAA is not 32 bytes of base64"),
            ("   \n", "not a key record"),
        ]
        for (line, message) in cases {
            let error = error(reading: "# caseload person keys v1\n" + line)
            XCTAssertTrue(error?.contains("desk-01.keys:2: " + message) == true, "\(line.debugDescription): \(error ?? "no error")")
        }
    }

    func testATornLastLineIsIgnoredWhateverItHolds() throws {
        let store = try storeWith("k K-AAAAAAAAAAAAAAAA \(Base64.encode(keyA))\nk K-BBBBBBBBBBBBBBBB \(Base64.encode(keyB))")
        XCTAssertTrue(store.hasKey("K-AAAAAAAAAAAAAAAA"))
        XCTAssertFalse(store.hasKey("K-BBBBBBBBBBBBBBBB"), "no newline: a record cut short by a crash")
        XCTAssertTrue(try storeWith("").keyRecords().isEmpty)
    }

    func testBase64DecodesAsFoundationDoes() {
        var random = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let text = Base64.encode(bytes)
            XCTAssertEqual(text, Data(bytes).base64EncodedString())
            XCTAssertEqual(Base64.decode(text), bytes)
            XCTAssertEqual(Base64.decode(text[...]), bytes, "a substring decodes the same")
        }
        for bad in ["A", "AB", "ABC", "A===", "AB==AAAA", "ABC=AAAA", "AB!D", "AB D", "ÄBCD", "=AAA"] {
            XCTAssertNil(Base64.decode(bad), bad)
            XCTAssertNil(Data(base64Encoded: bad), "Foundation agrees about \(bad)")
        }
        XCTAssertNil(Base64.decode("AB=C"), "stricter than Foundation here: `=` only ends a group, as it always has")
        XCTAssertEqual(Base64.decode(""), [])
        XCTAssertEqual(Base64.decode("AB=="), [0x00])
        XCTAssertEqual(Base64.decode("ABC="), [0x00, 0x10])
    }

    func testAKeyIsExactly32BytesInlineAndBack() {
        XCTAssertNil(PersonKey([UInt8](repeating: 1, count: 31)))
        XCTAssertNil(PersonKey([UInt8](repeating: 1, count: 33)))
        XCTAssertEqual(PersonKey(keyB)?.bytes, keyB)
        XCTAssertNotEqual(PersonKey(keyA), PersonKey(keyB))
        XCTAssertEqual(Array(Base64.encode(keyB).utf8).withUnsafeBufferPointer(Base64.decodeKey)?.bytes, keyB)
        XCTAssertNil(Array(Base64.encode(keyB.dropLast()).utf8).withUnsafeBufferPointer(Base64.decodeKey), "31 bytes is no key")
    }
}
