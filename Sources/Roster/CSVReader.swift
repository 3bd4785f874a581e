import Cases

/// Reads CSV as Excel writes it (RFC 4180): cells separated by commas (or tabs, for Excel's
/// "Unicode text"), optionally in double quotes with `""` for a quote, records ending in CRLF,
/// LF or CR, and line breaks allowed inside quoted cells.
///
/// It is lenient where Excel is: a stray quote inside an unquoted cell, or text after a closing
/// quote, is kept as written. The one thing it refuses is a quoted cell that never closes,
/// because everything after it would silently shift; the error names the row it started on.
public enum CSVReader {
    /// Records as spreadsheet rows: index 0 is row 1. A quoted line break does not start a row.
    public static func records(_ text: String) throws(RosterError) -> [[String]] {
        let scalars = Array(text.unicodeScalars)
        let delimiter = detectDelimiter(scalars)
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var fieldWasQuoted = false
        var row = 1
        var quoteStartRow = 1
        var index = 0
        let count = scalars.count

        func endField() {
            record.append(String(field))
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        while index < count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < count && scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                quoteStartRow = row
            case delimiter:
                endField()
            case "\r", "\n":
                if scalar == "\r", index < count, scalars[index] == "\n" { index += 1 }
                endField()
                records.append(record)
                record = []
                row += 1
            default:
                field.append(scalar)
            }
        }
        if inQuotes {
            throw RosterError(row: quoteStartRow, "a quoted cell starting here is never closed (a \" without its closing \")")
        }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted {
            endField()
            records.append(record)
        }
        return records
    }

    /// The table: the first non-blank row is the header; blank rows keep their numbers but are skipped.
    public static func table(_ text: String) throws(RosterError) -> RosterTable {
        try table(records: records(text))
    }

    static func table(records: [[String]]) throws(RosterError) -> RosterTable {
        let numbered = records.enumerated().map { RosterRow(number: $0.offset + 1, cells: $0.element) }
        guard let headerIndex = numbered.firstIndex(where: { !$0.isBlank }) else {
            throw RosterError("the file has no rows")
        }
        let header = numbered[headerIndex]
        return RosterTable(headers: header.cells.map { $0.trimmingWhitespace() },
                           rows: numbered[(headerIndex + 1)...].filter { !$0.isBlank }, headerRow: header.number)
    }

    /// Tab when the first line has tabs and no commas (Excel's "Unicode text"), else comma.
    static func detectDelimiter(_ scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var commas = 0
        var tabs = 0
        var inQuotes = false
        for scalar in scalars {
            if scalar == "\"" { inQuotes.toggle() }
            if inQuotes { continue }
            if scalar == "\n" || scalar == "\r" { break }
            if scalar == "," { commas += 1 } else if scalar == "\t" { tabs += 1 }
        }
        return tabs > 0 && commas == 0 ? "\t" : ","
    }
}

/// Writes CSV that Excel on Chinese Windows opens correctly: UTF-8 with a byte-order mark
/// (without it Excel assumes GBK and shows mojibake), CRLF line ends, RFC 4180 quoting.
public enum CSVWriter {
    /// A whole file: byte-order mark, then each row and CRLF.
    public static func document(_ rows: [[String]]) -> [UInt8] {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        for row in rows {
            bytes += Array(line(row).utf8)
            bytes += [0x0D, 0x0A]
        }
        return bytes
    }

    /// One row without its line end, cells quoted only where needed.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            // Tabs are quoted too, so a reader guessing the delimiter never takes them for one.
            guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\t" }) else {
                return field
            }
            return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}

extension String {
    /// Replaces every occurrence of `target` (Foundation-free, for the pure parts of this module).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
