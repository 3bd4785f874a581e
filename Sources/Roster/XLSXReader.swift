import Cases
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first worksheet of an `.xlsx` workbook into a roster table.
///
/// An xlsx file is a zip of XML parts. We read `xl/workbook.xml` for the first sheet, its
/// target in `xl/_rels/workbook.xml.rels` (falling back to `xl/worksheets/sheet1.xml`), the
/// shared string table, and the sheet's cells. Cells are placed by their reference (`C7`), so
/// rows and columns Excel leaves out (empty ones) keep their positions and numbers.
///
/// Numbers come back as Excel stores them (`45838` for a date cell): the caller knows which
/// columns hold dates and converts serial numbers there (`RosterDates`).
public enum XLSXReader {
    /// Parts larger than this are refused: a roster is a few megabytes, and a zip can claim anything.
    static let maximumPartSize = 256 * 1024 * 1024

    /// The first worksheet as a table, its first non-blank row the header. Throws when the bytes
    /// are not a workbook or a part is damaged.
    public static func table(_ bytes: [UInt8]) throws(RosterError) -> RosterTable {
        let archive = try ZipArchive(bytes)
        let sheetPath = try firstSheetPath(archive)
        guard let sheet = try part(sheetPath, in: archive) else {
            throw RosterError("the workbook has no worksheet \(sheetPath)")
        }
        let strings = try part("xl/sharedStrings.xml", in: archive).map { (data: Data) throws(RosterError) in
            try SharedStringsParser.parse(data)
        } ?? []
        let cells = try SheetParser.parse(sheet, sharedStrings: strings)
        let rowNumbers = cells.keys.sorted()
        guard let last = rowNumbers.last else { throw RosterError("the first worksheet is empty") }
        var records: [[String]] = Array(repeating: [], count: last)
        for number in rowNumbers {
            let row = cells[number]!
            let width = (row.keys.max() ?? -1) + 1
            records[number - 1] = (0..<width).map { row[$0] ?? "" }
        }
        var table = try CSVReader.table(records: records)
        table.excelSerialDates = true
        return table
    }

    /// Whether the bytes look like a zip archive (an xlsx), whatever the file is called.
    public static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    static func part(_ path: String, in archive: ZipArchive) throws(RosterError) -> Data? {
        guard let bytes = try archive.contents(path, limit: maximumPartSize) else { return nil }
        let data = Data(bytes)
        // Foundation's XMLParser traps on invalid UTF-8 in an element or attribute name
        // (swift-corelibs-foundation issue 5534), so such a part is refused before it is parsed.
        // Excel writes every part in UTF-8. Found by RosterFuzzTests.
        if let bad = firstInvalidUTF8(data) {
            throw RosterError("\(path) in the workbook is not valid UTF-8 (byte \(bad))")
        }
        return data
    }

    static func firstInvalidUTF8(_ data: Data) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The first sheet's part: workbook order, resolved through the workbook's relationships.
    static func firstSheetPath(_ archive: ZipArchive) throws(RosterError) -> String {
        let fallback = "xl/worksheets/sheet1.xml"
        guard let workbook = try part("xl/workbook.xml", in: archive),
              let relationID = AttributeFinder.first(in: workbook, element: "sheet", attribute: { $0.hasSuffix(":id") || $0 == "id" }),
              let rels = try part("xl/_rels/workbook.xml.rels", in: archive),
              let target = AttributeFinder.relationshipTarget(in: rels, id: relationID) else { return fallback }
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        return "xl/" + target
    }
}

// MARK: XML parsing

/// SAX delegates: a 10,000-row sheet is streamed, never built as a tree. Each instance serves
/// one parse on the calling thread and never escapes it.
private final class SharedStringsParser: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var current = ""
    private var inText = false
    /// Depth inside `<rPh>` (phonetic guide runs): their text is not part of the cell's value.
    private var phoneticDepth = 0

    static func parse(_ data: Data) throws(RosterError) -> [String] {
        let delegate = SharedStringsParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        if !parser.parse() || parser.parserError != nil {
            throw RosterError("the workbook's shared strings are damaged (\(describe(parser.parserError)))")
        }
        return delegate.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "si": current = ""
        case "rPh": phoneticDepth += 1
        case "t": inText = phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "si": strings.append(current)
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    private let sharedStrings: [String]
    private(set) var cells: [Int: [Int: String]] = [:]
    private var row = 0
    private var column = -1
    private var type = ""
    private var value = ""
    private var inline = ""
    private var capture: Capture = .none
    private var failure: RosterError?

    private enum Capture { case none, value, inline }

    init(sharedStrings: [String]) { self.sharedStrings = sharedStrings }

    static func parse(_ data: Data, sharedStrings: [String]) throws(RosterError) -> [Int: [Int: String]] {
        let delegate = SheetParser(sharedStrings: sharedStrings)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        let ok = parser.parse()
        if let failure = delegate.failure { throw failure }
        // Foundation on Linux recovers from malformed XML and still returns true: check the error too.
        if !ok || parser.parserError != nil {
            throw RosterError(row: delegate.errorRow ?? (delegate.row > 0 ? delegate.row : nil),
                              "the worksheet's XML is damaged (\(describe(parser.parserError)))")
        }
        return delegate.cells
    }

    /// The row being read when the XML went wrong: the first error counts, later ones are consequences.
    private(set) var errorRow: Int?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if errorRow == nil { errorRow = row > 0 ? row : nil }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(name) {
        case "row":
            // Clamped: a row past Excel's last (1,048,576) is skipped anyway, and r="Int.max" then a row
            // without r would overflow.
            row = min(attributes["r"].flatMap { Int($0) } ?? row + 1, 1_048_577)
            column = -1
        case "c":
            let reference = attributes["r"].flatMap(CellReference.init)
            if let reference { row = reference.row }
            column = reference?.column ?? column + 1
            type = attributes["t"] ?? "n"
            value = ""
            inline = ""
        case "v": capture = .value
        case "t" where type == "inlineStr": capture = .inline
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "v", "t": capture = .none
        case "c": store()
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch capture {
        case .value: value += string
        case .inline: inline += string
        case .none: break
        }
    }

    private func store() {
        guard row >= 1, row <= 1_048_576, column >= 0, column < 16_384 else { return }
        let text: String
        switch type {
        case "s":
            guard let index = Int(value.trimmingWhitespace()), sharedStrings.indices.contains(index) else {
                failure = RosterError(row: row, "cell \(CellReference.name(column: column, row: row)) points at a missing shared string")
                return
            }
            text = sharedStrings[index]
        case "inlineStr": text = inline
        case "b": text = value == "1" ? "TRUE" : "FALSE"
        case "n": text = XLSXNumbers.plain(value)
        default: text = value  // "str" (a formula's text result) and "e" (an error such as #N/A)
        }
        if !text.isEmpty { cells[row, default: [:]][column] = text }
    }
}

/// Finds attributes in small parts (the workbook and its relationships).
private final class AttributeFinder: NSObject, XMLParserDelegate {
    private let matches: (String, [String: String]) -> String?
    private var found: String?

    private init(_ matches: @escaping (String, [String: String]) -> String?) { self.matches = matches }

    private static func run(_ data: Data, _ matches: @escaping (String, [String: String]) -> String?) -> String? {
        let delegate = AttributeFinder(matches)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.found
    }

    static func first(in data: Data, element: String, attribute: @escaping (String) -> Bool) -> String? {
        run(data) { name, attributes in
            guard localName(name) == element else { return nil }
            return attributes.first { attribute($0.key) }?.value
        }
    }

    static func relationshipTarget(in data: Data, id: String) -> String? {
        run(data) { name, attributes in
            localName(name) == "Relationship" && attributes["Id"] == id ? attributes["Target"] : nil
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard found == nil, let value = matches(name, attributes) else { return }
        found = value
        parser.abortParsing()
    }
}

/// libxml2's error code, which is all Foundation on Linux gives (76: a mismatched end tag).
private func describe(_ error: (any Error)?) -> String {
    guard let error else { return "parse error" }
    return "XML error \((error as NSError).code)"
}

/// `x:row` and `row` alike: writers other than Excel sometimes prefix the main namespace.
private func localName(_ name: String) -> Substring {
    name.split(separator: ":").last ?? Substring(name)
}

/// A cell reference such as `C7`: column letters (A = 0) and a 1-based row.
struct CellReference: Equatable {
    var column: Int
    var row: Int

    init?(_ text: String) {
        var column = 0
        var letters = 0
        var row = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case 65...90 where digits == 0: column = column * 26 + Int(byte - 64); letters += 1
            case 97...122 where digits == 0: column = column * 26 + Int(byte - 96); letters += 1
            case 48...57: row = row * 10 + Int(byte - 48); digits += 1
            case 36: continue  // `$C$7`, as in absolute references
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        self.column = column - 1
        self.row = row
    }

    static func name(column: Int, row: Int) -> String {
        var letters = ""
        var n = column + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            n = (n - 1) / 26
        }
        return "\(letters)\(row)"
    }
}

enum XLSXNumbers {
    /// Excel writes large whole numbers in exponent form (`1.3812345678E+10` for a phone number
    /// typed as a number); counsellors expect the digits.
    static func plain(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.contains(where: { $0 == "E" || $0 == "e" }), let number = Double(trimmed),
              number.rounded() == number, abs(number) < 1e15 else { return trimmed }
        return String(Int64(number))
    }
}
