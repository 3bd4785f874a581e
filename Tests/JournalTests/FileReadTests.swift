import FuzzSupport
@testable import Journal
import XCTest

/// `FileIO.read` reads a large file in parts on every core; what it returns must be exactly the
/// file's bytes from the offset, for any size and offset around the parts' boundaries.
final class FileReadTests: JournalTestCase {
    func testAReadInPartsGivesTheFilesBytes() throws {
        var rng = SeededRandom(seed: 0xF11E)
        let size = FileIO.parallelReadBytes + 4_099
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let path = root + "/large.bin"
        try writeBytes(path, bytes)
        for offset in [0, 1, 3, size / 4 + 1, size - FileIO.parallelReadBytes, size - FileIO.parallelReadBytes + 1, size - 1] {
            let read = try FileIO.read(path, from: offset)
            XCTAssertEqual(read.count, size - offset, "from \(offset)")
            XCTAssertTrue(read.elementsEqual(bytes[offset...]), "from \(offset)")
        }
        XCTAssertEqual(try FileIO.read(path, from: size), [])
        XCTAssertEqual(try FileIO.read(path, from: size + 10), [])
    }

    func testASmallFileIsReadWhole() throws {
        let path = root + "/small.bin"
        try writeBytes(path, Array("one line\n".utf8))
        XCTAssertEqual(try FileIO.read(path), Array("one line\n".utf8))
        XCTAssertEqual(try FileIO.read(path, from: 4), Array("line\n".utf8))
    }

    func testAMissingFileNamesTheFile() {
        XCTAssertThrowsError(try FileIO.read(root + "/missing.bin")) { error in
            XCTAssertTrue("\(error)".contains("missing.bin"), "\(error)")
        }
    }
}
