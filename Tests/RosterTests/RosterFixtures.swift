import Cases
import Foundation
import XCTest
@testable import Roster

/// Shared data and tools for the roster tests: valid resident IDs, GBK bytes and xlsx files
/// made by Python's standard library (the tools a school's Excel output is checked against).
enum RosterFixtures {
    static let today = LocalDate(iso: "2026-11-29")!

    /// A valid 18-character resident ID for a birth date (YYYYMMDD) and a sequence number.
    static func residentID(born: String, sequence: Int, region: String = "371602") -> String {
        let body = region + born + String(format: "%03d", sequence)
        return body + String(ResidentID.checkCharacter(for: body.map { $0.wholeNumberValue! }))
    }

    /// The same ID with a wrong check character.
    static func badCheckDigit(_ id: String) -> String {
        let last = id.last!
        return String(id.dropLast()) + (last == "1" ? "2" : "1")
    }

    /// Runs python3 with a script, feeding `input` on stdin; returns stdout. Skips the test without python3.
    static func python(_ script: String, arguments: [String] = [], input: Data) throws -> Data {
        let candidates = ["/usr/bin/python3", "/usr/local/bin/python3"] +
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("python3 is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", script] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "python3", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: err, as: UTF8.self)])
        }
        return out
    }

    /// Text encoded as GBK by Python, as Excel on Chinese Windows saves "CSV (逗号分隔)".
    static func gbk(_ text: String) throws -> [UInt8] {
        [UInt8](try python("import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode('utf-8').encode('gbk'))",
                           input: Data(text.utf8)))
    }

    /// An .xlsx made with Python's zipfile from the given parts (deflated, as Excel writes them).
    static func zip(_ parts: [(String, String)]) throws -> [UInt8] {
        let json = JSONWriter.string(.object(JSONObject(parts.map { ($0.0, JSONValue.string($0.1)) })))
        let script = """
        import io, json, sys, zipfile
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as z:
            for name, text in json.loads(sys.stdin.read()).items():
                z.writestr(name, text.encode('utf-8'))
        sys.stdout.buffer.write(buffer.getvalue())
        """
        return [UInt8](try python(script, input: Data(json.utf8)))
    }

    /// The minimal parts of a workbook whose first sheet is `sheetXML` (rows only) with `strings` shared.
    static func workbook(sheetRows: String, strings: [String], sheetPath: String = "worksheets/sheet1.xml",
                         extraSheetFirstInZip: Bool = false) -> [(String, String)] {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let shared = strings.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined()
        var parts: [(String, String)] = [
            ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/\(sheetPath)" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
            <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
            </Types>
            """),
            ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(main)" xmlns:r="\(rel)"><sheets><sheet name="花名册" sheetId="1" r:id="rId7"/></sheets></workbook>
            """),
            ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId7" Type="\(rel)/worksheet" Target="\(sheetPath)"/></Relationships>
            """),
            ("xl/\(sheetPath)", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(main)"><sheetData>\(sheetRows)</sheetData></worksheet>
            """),
            ("xl/sharedStrings.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="\(main)" count="\(strings.count)" uniqueCount="\(strings.count)">\(shared)</sst>
            """),
        ]
        if extraSheetFirstInZip {
            // A decoy sheet1.xml that is not the workbook's first sheet: the rels must win.
            parts.insert(("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>decoy</t></is></c></row></sheetData></worksheet>"), at: 0)
        }
        return parts
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A planned import with the usual arguments.
    static func plan(_ table: RosterTable, kind: CaseKind, overrides: [(column: String, field: String)] = [],
                     defaults: [IntakeField: String] = [:], existing: Caseload = Caseload()) throws -> RosterImportPlan {
        let mapping = try RosterColumns.map(headers: table.headers, kind: kind, overrides: overrides)
        return RosterImport.plan(table: table, mapping: mapping, kind: kind, defaults: defaults, counsellor: "wangfang",
                                 today: today, existing: existing, source: RosterSource(fileName: "roster.csv", sha256: "abc"))
    }
}
