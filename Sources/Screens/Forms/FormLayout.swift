import Cases
import Terminal
import TextCells

/// Draws a form: the title, the model's header lines, one row per field (label, edit box or
/// picker, then the error or derived note beside it) and a hint for the focused field.
struct FormLayout {
    let form: FormScreen
    let editors: [String: FieldValue]
    let area: Rect
    let state: AppState

    /// Column where the edit boxes start.
    var boxColumn: Int { 2 + labelWidth + 1 }

    var labelWidth: Int {
        let widest = form.fields.map { state.strings[$0.label].displayWidth + 2 }.max() ?? 10
        return min(22, max(10, widest))
    }

    func boxWidth(_ kind: FieldKind) -> Int {
        let room = max(8, area.width - boxColumn - 1)
        switch kind {
        case .text(let width): return min(width, room)
        case .date: return min(12, room)
        case .longText: return min(room, max(24, area.width - boxColumn - 30))
        case .choice: return room
        }
    }

    func draw(into surface: inout MemorySurface, top: inout Int) -> Position? {
        let s = state.strings
        let model = form.model
        surface.fillRow(area.row, style: .title)
        surface.put(" " + model.title(state: state), at: area.row, col: 0, style: .title, maxWidth: area.width)
        var row = area.row + 1
        for line in model.header(values: form.values, state: state) {
            surface.put("  " + line, at: row, col: 0, style: .label, maxWidth: area.width)
            row += 1
        }
        row += 1
        let hintRow = area.row + area.height - 1
        let visible = max(1, hintRow - row)
        if form.focus < top { top = form.focus }
        if form.focus >= top + visible { top = form.focus - visible + 1 }
        top = max(0, min(top, max(0, form.fields.count - visible)))
        let values = form.values
        var cursor: Position?
        for (offset, index) in (top..<min(form.fields.count, top + visible)).enumerated() {
            let y = row + offset
            let field = form.fields[index]
            let focused = index == form.focus
            if focused { surface.put("▸", at: y, col: 0, style: Style(.label, .bold)) }
            let label = s[field.label] + (field.required ? " *" : "")
            surface.put(padded(label, to: labelWidth), at: y, col: 2, style: focused ? Style(.label, .bold) : .label)
            var end = boxColumn
            switch editors[field.key] {
            case .text(let editor)?:
                let width = boxWidth(field.kind)
                let column = editor.draw(into: &surface, row: y, col: boxColumn, width: width, style: focused ? .inputFocused : .input)
                if focused { cursor = Position(row: y, col: column) }
                end = boxColumn + width
            case .choice(let picker)?:
                end = picker.draw(into: &surface, row: y, col: boxColumn, width: boxWidth(field.kind), focused: focused, chinese: state.chinese)
            case nil:
                break
            }
            let noteColumn = end + 2
            guard noteColumn < area.width else { continue }
            if let error = form.errors[field.key] {
                surface.put("✗ " + (state.chinese ? FieldMessages.chinese(error) : error), at: y, col: noteColumn, style: Style(.error), maxWidth: area.width - noteColumn)
            } else if let note = model.note(for: field.key, values: values, state: state) {
                surface.put(note.text, at: y, col: noteColumn, style: Style(note.role), maxWidth: area.width - noteColumn)
            }
        }
        if let field = form.focusedField {
            surface.put(" " + hint(for: field), at: hintRow, col: 0, style: .muted, maxWidth: area.width)
        }
        return cursor
    }

    private func hint(for field: FormField) -> String {
        let s = state.strings
        let specific: String = switch field.kind {
        case .date: s[.hintDate]
        case .choice(_, let multiple): multiple ? s[.hintMulti] : s[.hintChoice]
        case .longText: s[.hintLongText]
        case .text: s[.hintText]
        }
        let enter = form.model.style == .outreach ? s[.hintOutreachEnter] : s[.hintSave]
        return "\(specific)   ·   * \(s[.hintRequired])   ·   \(enter)"
    }
}
