/// The eight basic terminal colours, numbered as curses and ANSI number them.
public enum BasicColor: Int, CaseIterable, Hashable, Sendable {
    /// Black, red, green, yellow, blue, magenta, cyan and white: colours 0–7.
    case black = 0, red, green, yellow, blue, magenta, cyan, white

    /// The colour's name in theme files.
    public var name: String { String(describing: self) }

    /// The basic colour called `name` in theme files, if any.
    public init?(name: String) {
        guard let color = BasicColor.allCases.first(where: { $0.name == name }) else { return nil }
        self = color
    }
}

/// A colour as a theme asks for it.
public enum ThemeColor: Hashable, Sendable, CustomStringConvertible {
    /// The terminal's own default foreground or background.
    case terminalDefault
    /// One of the eight basic colours.
    case basic(BasicColor)
    /// An xterm 256-colour palette index, 0–255.
    case indexed(Int)

    /// How the colour is written in a theme file.
    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .basic(let color): return color.name
        case .indexed(let index): return String(index)
        }
    }
}

/// How many colours the terminal can show, as far as themes care.
public enum ColorSupport: Int, Comparable, CaseIterable, Hashable, Sendable {
    /// No colour at all (vt100, or `NO_COLOR` set): attributes only.
    case none = 0
    /// The eight basic colours.
    case basic8 = 8
    /// The basic colours plus their eight bright variants.
    case basic16 = 16
    /// The xterm 256-colour palette.
    case palette256 = 256

    public static func < (lhs: ColorSupport, rhs: ColorSupport) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The colour support to use, as a pure function of the environment and
    /// what the terminal reports (curses' `has_colors()` and `COLORS`).
    ///
    /// `NO_COLOR` set to any non-empty value disables colour
    /// (https://no-color.org); so does a terminal without colours or with
    /// fewer than eight.
    public static func detect(
        environment: [String: String], hasColors: Bool, colorCount: Int
    ) -> ColorSupport {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        guard hasColors else { return .none }
        switch colorCount {
        case 256...: return .palette256
        case 16..<256: return .basic16
        case 8..<16: return .basic8
        default: return .none
        }
    }
}

extension ThemeColor {
    /// The curses colour number to use with `support`, or -1 for the
    /// terminal's default colour.
    ///
    /// Degrades gracefully when the terminal has fewer colours than asked for:
    /// without colour everything is -1; a bright colour (8–15) on an 8-colour
    /// terminal, or a palette colour (16–255) below 256 colours, becomes the
    /// nearest basic colour (``nearestBasic(toPaletteIndex:)``), or the
    /// terminal default for greys.
    public func colorNumber(for support: ColorSupport) -> Int {
        guard support != .none else { return -1 }
        switch self {
        case .terminalDefault:
            return -1
        case .basic(let color):
            return color.rawValue
        case .indexed(let index):
            guard (0..<256).contains(index) else { return -1 }
            if index < 8 || (index < 16 && support >= .basic16) || support == .palette256 {
                return index
            }
            return ThemeColor.nearestBasic(toPaletteIndex: index)?.rawValue ?? -1
        }
    }

    /// The basic colour closest in hue to an xterm palette colour, or nil for
    /// a grey.
    ///
    /// Greys (including bright black and bright white) have no good basic
    /// equivalent: black or white would vanish on a terminal whose background
    /// is that colour, so callers use the terminal default instead. Likewise a
    /// dark red maps to red, never to black.
    public static func nearestBasic(toPaletteIndex index: Int) -> BasicColor? {
        if index < 8 { return BasicColor(rawValue: max(index, 0)) }
        let (red, green, blue) = paletteRGB(index)
        // Too little saturation to have a meaningful hue.
        if max(red, green, blue) - min(red, green, blue) < 48 { return nil }
        // Compare normalised colours so dark shades match their hue, not black.
        let peak = Double(max(red, green, blue))
        let target = (Double(red) / peak, Double(green) / peak, Double(blue) / peak)
        let hues: [(BasicColor, (Double, Double, Double))] = [
            (.red, (1, 0, 0)), (.green, (0, 1, 0)), (.yellow, (1, 1, 0)),
            (.blue, (0, 0, 1)), (.magenta, (1, 0, 1)), (.cyan, (0, 1, 1)),
        ]
        func distance(_ a: (Double, Double, Double)) -> Double {
            let (dr, dg, db) = (a.0 - target.0, a.1 - target.1, a.2 - target.2)
            return dr * dr + dg * dg + db * db
        }
        return hues.min { distance($0.1) < distance($1.1) }?.0
    }

    /// RGB of xterm palette entries 8–255: bright basics, a 6×6×6 cube,
    /// then 24 greys.
    private static func paletteRGB(_ index: Int) -> (Int, Int, Int) {
        let brights = [
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
            (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return brights[index - 8] }
        if index >= 232 {
            let level = 8 + (min(index, 255) - 232) * 10
            return (level, level, level)
        }
        let cube = index - 16
        func level(_ step: Int) -> Int { step == 0 ? 0 : 55 + step * 40 }
        return (level(cube / 36), level((cube / 6) % 6), level(cube % 6))
    }
}
