import Cases
import Terminal
import TextCells

/// A choice field: an option (or several) picked from a closed list, never free text.
///
/// Typing selects the first option whose id, English or Chinese label starts with what has been
/// typed so far, else the first that contains it; ←/→ cycle; Space toggles the highlighted
/// option of a multi-choice. In a single choice the highlighted option is the value.
struct ChoicePicker: Equatable, Sendable {
    let options: [ChoiceOption]
    let multiple: Bool
    /// The highlighted option; in a single choice, the chosen one.
    private(set) var cursor: Int?
    /// Chosen options of a multi-choice, in the order they were chosen.
    private(set) var chosen: [Int] = []
    /// What has been typed since the field was entered (type-ahead).
    private(set) var typed = ""

    init(options: [ChoiceOption], multiple: Bool, value: String = "") {
        self.options = options
        self.multiple = multiple
        set(value)
    }

    /// The ids chosen, comma-separated: what `Choice.parse` / `parseList` read.
    var value: String {
        if multiple { return chosen.map { options[$0].id }.joined(separator: ",") }
        return cursor.map { options[$0].id } ?? ""
    }

    /// Sets the value from ids or labels, comma-separated; unknown parts are ignored.
    mutating func set(_ value: String) {
        let parts = value.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" })
            .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        let indices = parts.compactMap { part in options.firstIndex { $0.id == part || $0.chinese == part || $0.english.lowercased() == part.lowercased() } }
        typed = ""
        if multiple {
            chosen = []
            for index in indices where !chosen.contains(index) { chosen.append(index) }
            cursor = chosen.first ?? (options.isEmpty ? nil : 0)
        } else {
            cursor = indices.first
        }
    }

    /// The first option matching `text`: a prefix of its id or either label, else a substring.
    func match(_ text: String) -> Int? {
        let needle = text.lowercased()
        guard !needle.isEmpty else { return nil }
        func candidates(_ option: ChoiceOption) -> [String] {
            [option.id.lowercased(), option.id.lowercased().replacingAll("_", with: " "), option.english.lowercased(), option.chinese]
        }
        if let index = options.indices.first(where: { candidates(options[$0]).contains { $0.hasPrefix(needle) } }) { return index }
        return options.indices.first { candidates(options[$0]).contains { $0.contains(needle) } }
    }

    /// Type-ahead: adds a character to what has been typed and moves to the first match.
    /// Returns false, leaving everything as it was, when nothing matches.
    @discardableResult
    mutating func type(_ character: Character) -> Bool {
        guard let index = match(typed + String(character)) else { return false }
        typed.append(character)
        cursor = index
        return true
    }

    /// Backspace: takes back the last typed character; with nothing typed, clears the choice
    /// (the last chosen option of a multi-choice).
    mutating func backspace() {
        if !typed.isEmpty {
            typed.removeLast()
            if let index = match(typed) { cursor = index }
            return
        }
        if multiple {
            if !chosen.isEmpty { chosen.removeLast() }
        } else {
            cursor = nil
        }
    }

    /// ←/→: the previous or next option, wrapping.
    mutating func cycle(by step: Int) {
        typed = ""
        guard !options.isEmpty else { return }
        guard let current = cursor else {
            cursor = step > 0 ? 0 : options.count - 1
            return
        }
        cursor = ((current + step) % options.count + options.count) % options.count
    }

    /// Space: in a multi-choice, chooses or unchooses the highlighted option; in a single
    /// choice, moves to the next option.
    mutating func toggle() {
        guard multiple else { return cycle(by: 1) }
        typed = ""
        guard let cursor else { return }
        if let position = chosen.firstIndex(of: cursor) { chosen.remove(at: position) } else { chosen.append(cursor) }
    }

    /// Highlights the option with this id without choosing it (an offer: Space takes it).
    mutating func highlight(id: String) {
        if let index = options.firstIndex(where: { $0.id == id }) { cursor = index }
    }

    /// Forgets what was typed, as the field is left.
    mutating func resetTyped() { typed = "" }

    func isChosen(_ id: String) -> Bool { chosen.contains { options[$0].id == id } }

    /// Labels of the chosen options (single: the chosen one), in the UI language.
    func chosenLabels(chinese: Bool) -> [String] {
        if multiple { return chosen.map { options[$0].label(chinese: chinese) } }
        return cursor.map { [options[$0].label(chinese: chinese)] } ?? []
    }

    /// One option as shown: its label in the UI language with the other language after it.
    static func display(_ option: ChoiceOption, chinese: Bool) -> String {
        let primary = option.label(chinese: chinese)
        let secondary = option.label(chinese: !chinese)
        return primary == secondary ? primary : "\(primary) · \(secondary)"
    }

    /// Draws the picker at (row, col) in at most `width` cells; returns the column after it.
    @discardableResult
    func draw(into surface: inout MemorySurface, row: Int, col: Int, width: Int, focused: Bool, chinese: Bool) -> Int {
        let style: Style = focused ? .inputFocused : .input
        var text: String
        if multiple {
            let chosenText = chosenLabels(chinese: chinese).joined(separator: chinese ? "、" : ", ")
            if focused, let cursor {
                let box = chosen.contains(cursor) ? "[x]" : "[ ]"
                text = "◂ \(box) \(ChoicePicker.display(options[cursor], chinese: chinese)) ▸"
                if !chosenText.isEmpty { text += "  = \(chosenText)" }
            } else {
                text = chosenText.isEmpty ? "—" : chosenText
            }
        } else {
            let current = cursor.map { ChoicePicker.display(options[$0], chinese: chinese) } ?? "—"
            text = focused ? "◂ \(current) ▸" : current
        }
        if focused && !typed.isEmpty { text += "  ⌕ \(typed)" }
        return surface.put(text + " ", at: row, col: col, style: style, maxWidth: width)
    }
}
