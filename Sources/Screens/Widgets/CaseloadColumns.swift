import Cases
import Terminal
import TextCells

/// Column layout of the caseload list. Widths are in cells, so a row with 欧阳娜娜 lines up
/// with a row with Li Na; the summary column takes what is left.
struct CaseloadColumns {
    static let glyph = 2, name = 10, counsellor = 10, date = 10, status = 6, gap = 1
    let summary: Int
    let strings: Strings

    init(width: Int, strings: Strings) {
        let fixed = CaseloadColumns.glyph + CaseloadColumns.name + CaseloadColumns.counsellor + 2 * CaseloadColumns.date
            + CaseloadColumns.status + 6 * CaseloadColumns.gap
        summary = max(8, width - fixed)
        self.strings = strings
    }

    private func cells(_ values: [String]) -> [(String, Int)] {
        zip(values, [CaseloadColumns.glyph, CaseloadColumns.name, summary, CaseloadColumns.counsellor,
                     CaseloadColumns.date, CaseloadColumns.date, CaseloadColumns.status]).map { ($0, $1) }
    }

    func drawHeader(into surface: inout MemorySurface, row: Int) {
        surface.fillRow(row, style: .header)
        let s = strings
        draw(cells(["", s[.columnName], s[.columnSummary], s[.columnCounsellor], s[.columnNext], s[.columnLastContact], s[.columnStatus]]),
             into: &surface, row: row, style: .header, glyphStyle: .header)
    }

    func drawRow(_ row: CaseRow, into surface: inout MemorySurface, row y: Int, selected: Bool, state: AppState) {
        let style: Style = selected ? .selection : (row.status == .open ? .normal : .muted)
        if selected { surface.fillRow(y, style: style) }
        let status: TextKey = switch row.status {
        case .open: .statusOpen
        case .placed: .statusPlaced
        case .closed: .statusClosed
        }
        let values = [Chrome.glyph(row.severity), row.name, row.summary, row.counsellor,
                      row.nextDue?.iso ?? "—", row.lastContact?.iso ?? "—", strings[status]]
        draw(cells(values), into: &surface, row: y, style: style,
             glyphStyle: selected ? style : Chrome.severityStyle(row.severity))
        if row.severity != nil, let next = row.nextDue {
            // The due date carries the severity colour too (but never colour alone: the glyph is there).
            let col = CaseloadColumns.glyph + CaseloadColumns.name + summary + CaseloadColumns.counsellor + 3 * CaseloadColumns.gap
            if !selected { surface.put(next.iso, at: y, col: col, style: Chrome.severityStyle(row.severity)) }
        }
    }

    private func draw(_ cells: [(String, Int)], into surface: inout MemorySurface, row: Int, style: Style, glyphStyle: Style) {
        var col = 0
        for (index, (text, width)) in cells.enumerated() {
            guard col < surface.width else { return }
            let fitted = padded(text, to: min(width, surface.width - col))
            surface.put(fitted, at: row, col: col, style: index == 0 ? glyphStyle : style)
            col += width + (index == 0 ? 0 : CaseloadColumns.gap)
        }
    }
}
