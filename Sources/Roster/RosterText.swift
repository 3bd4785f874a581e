#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a roster file could not be read at all. Problems with single rows are not errors: they
/// become rejected rows.
public struct RosterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The row (as a spreadsheet numbers it) where reading stopped, when there is one.
    public var row: Int?
    /// What is wrong, for a counsellor: the CLI prints it after the file name.
    public var message: String

    public init(row: Int? = nil, _ message: String) {
        self.row = row
        self.message = message
    }

    public var description: String { row.map { "row \($0): \(message)" } ?? message }
}

/// The text encodings a roster arrives in.
public enum RosterEncoding: String, Sendable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "UTF-8"
    /// GB18030, a superset of GBK: what Excel writes for "CSV" on Chinese Windows.
    case gb18030 = "GB18030"
    /// UTF-16 with a byte-order mark: Excel's "Unicode text".
    case utf16 = "UTF-16"
}

/// Decodes a CSV file's bytes to text.
///
/// Schools send CSVs saved by Excel on Chinese Windows, which are GBK, not UTF-8, and carry
/// no marker saying so. Valid UTF-8 is almost never accidental for Chinese text, so: a BOM
/// decides; else bytes that are valid UTF-8 are UTF-8; else they are decoded as GB18030 (a
/// superset of GBK and GB2312) with glibc's iconv.
public enum RosterText {
    /// The file's text and the encoding it was read as.
    public static func decode(_ bytes: [UInt8]) throws(RosterError) -> (text: String, encoding: RosterEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                throw RosterError("the file starts with a UTF-8 byte-order mark but is not valid UTF-8")
            }
            return (text, .utf8)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 2
            while index + 1 < bytes.count {
                let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
                units.append(littleEndian ? a | b << 8 : a << 8 | b)
                index += 2
            }
            return (String(decoding: units, as: UTF16.self), .utf16)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        return (try decodeGB18030(bytes), .gb18030)
    }

    /// GB18030 → UTF-8 through iconv. Throws, naming the byte offset, on bytes that are not GB18030.
    public static func decodeGB18030(_ bytes: [UInt8]) throws(RosterError) -> String {
        guard let converter = iconv_open("UTF-8", "GB18030"), converter != iconv_t(bitPattern: -1) else {
            throw RosterError("the file is not UTF-8, and this system's iconv cannot decode GB18030")
        }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        // GB18030 needs at most 4 bytes per character, UTF-8 at most 4 for the same character.
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let inputCount = input.count
        let outputCount = output.count
        var failure: Int32?
        var consumed = 0
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var inLeft = inputCount
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var outLeft = outputCount
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failure = errno }
                consumed = inputCount - inLeft
                produced = outputCount - outLeft
            }
        }
        if let failure {
            let why = failure == EINVAL ? "ends in the middle of a character" : "has bytes that are neither UTF-8 nor GB18030"
            throw RosterError("the file \(why) (byte \(consumed)); save it as CSV UTF-8 or as .xlsx")
        }
        return String(decoding: output.prefix(produced).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
