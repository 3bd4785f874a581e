import CNCursesw
import TextCells


/// Drawing frames and mapping styles to curses attributes and colour pairs.
extension NCursesTerminal {
    /// Redraws the whole screen from `surface`. ncurses compares the result
    /// with what is on screen and sends only the differences.
    func draw(_ surface: MemorySurface) {
        erase()
        let screenSize = size
        let rows = min(surface.height, screenSize.height)
        let columns = min(surface.width, screenSize.width)
        var buffer = [wchar_t](repeating: 0, count: Int(CNC_CCHARW_MAX) + 1)
        for row in 0..<rows {
            for col in 0..<columns {
                let cell = surface.cell(row: row, col: col)
                guard let character = cell.character else { continue }
                let style = cursesStyle(for: cell.style)
                let fitsOnScreen = character.displayWidth < 2 || col + 1 < columns
                let drawn = fitsOnScreen ? NCursesTerminal.cellScalars(character) : [" "]
                buffer.withUnsafeMutableBufferPointer { wide in
                    for (index, scalar) in drawn.enumerated() {
                        wide[index] = wchar_t(bitPattern: scalar.value)
                    }
                    wide[drawn.count] = 0
                    _ = cnc_put_wide(Int32(row), Int32(col), wide.baseAddress, style.attributes, Int32(style.pair))
                }
                if drawn.count == 1 && drawn[0] == " " && character.displayWidth == 2 && col + 1 < columns {
                    // The replacement is narrow: keep the wide character's second cell blank.
                    _ = cnc_put_wide(Int32(row), Int32(col + 1), [wchar_t(32), 0], style.attributes, Int32(style.pair))
                }
            }
        }
        if let cursor = surface.cursor, cursor.row < rows, cursor.col < columns, cursor.row >= 0, cursor.col >= 0 {
            curs_set(1)
            move(Int32(cursor.row), Int32(cursor.col))
        } else {
            curs_set(0)
        }
        refresh()
    }

    /// The scalars to store in one curses cell for `character`, chosen so that
    /// curses (which measures with the C library's `wcwidth`) and our layout
    /// agree on its width. Returns `[" "]` when they cannot agree.
    ///
    /// A cell holds one spacing character plus combining marks; the rest of a
    /// multi-glyph sequence (ZWJ emoji, skin tones) is dropped rather than let
    /// the terminal draw it wider than the layout allows.
    static func cellScalars(_ character: Character) -> [Unicode.Scalar] {
        let scalars = Array(character.unicodeScalars)
        guard let base = scalars.first else { return [" "] }
        let libraryWidth = Int(cnc_wcwidth(wchar_t(bitPattern: base.value)))
        let ourWidth = character.displayWidth
        if libraryWidth == 1 && ourWidth == 2 {
            // e.g. ❤ + U+FE0F: drawing the plain base keeps columns in step.
            return [base]
        }
        guard libraryWidth == ourWidth else { return [" "] }
        var cell = [base]
        for scalar in scalars.dropFirst() {
            guard cell.count < Int(CNC_CCHARW_MAX), DisplayWidth.of(scalar) == 0, scalar != "\u{200D}" else { break }
            cell.append(scalar)
        }
        return cell
    }

    /// Curses attributes and colour pair for `style`, cached per style.
    private func cursesStyle(for style: Style) -> (attributes: attr_t, pair: Int16) {
        if let cached = styleCache[style] { return cached }
        let appearance = palette.appearance(for: style)
        var attributes = cnc_a_normal()
        let mapping: [(TextAttributes, attr_t)] = [
            (.bold, cnc_a_bold()), (.dim, cnc_a_dim()), (.reverse, cnc_a_reverse()),
            (.underline, cnc_a_underline()), (.standout, cnc_a_standout()),
        ]
        for (attribute, bits) in mapping where appearance.attributes.contains(attribute) {
            attributes |= bits
        }
        let result = (attributes, colorPair(foreground: appearance.foreground, background: appearance.background))
        styleCache[style] = result
        return result
    }

    /// The colour pair for a foreground/background combination, allocating
    /// one on first use; pair 0 (terminal default) when out of pairs.
    private func colorPair(foreground: Int, background: Int) -> Int16 {
        guard colorSupport != .none else { return 0 }
        var key = ColorPairKey(foreground: foreground, background: background)
        if !hasDefaultColors {
            // Without default-colour support, -1 is invalid: assume white on black.
            if key.foreground < 0 { key.foreground = Int(CNC_COLOR_WHITE) }
            if key.background < 0 { key.background = Int(CNC_COLOR_BLACK) }
        }
        if key.foreground < 0 && key.background < 0 { return 0 }
        if let pair = colorPairs[key] { return pair }
        let next = colorPairs.count + 1
        guard next < Int(cnc_color_pairs()), next <= Int(Int16.max) else { return 0 }
        let pair = Int16(next)
        guard init_pair(pair, Int16(key.foreground), Int16(key.background)) == OK else { return 0 }
        colorPairs[key] = pair
        return pair
    }
}
