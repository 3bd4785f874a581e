/// How figures are written, the same in the table, CSV, HTML and on screen, so every format
/// agrees figure for figure.
public enum FigureText {
    /// "—" for a missing value.
    public static let missing = "—"

    /// A number with at most one decimal: `812`, `94.3`, `3.5`.
    public static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return missing }
        let tenths = (value * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
        let sign = tenths < 0 ? "-" : ""
        let magnitude = Int(abs(tenths))
        return "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// A value in its unit: `812`, `94.3%`, `3.5` (days).
    public static func value(_ value: Double?, _ measure: Measure) -> String {
        guard let value else { return missing }
        return number(value) + (measure.unit == .percent ? "%" : "")
    }

    /// The actual value, with a rate's numerator and denominator or a median's sample:
    /// `94.3% (245/260)`, `3 (n=57)`.
    public static func actual(_ figure: Figure) -> String {
        let main = value(figure.value, figure.measure)
        switch figure.measure.shape {
        case .count: return main
        case .rate: return "\(main) (\(figure.numerator ?? 0)/\(figure.denominator ?? 0))"
        case .median: return "\(main) (n=\(figure.numerator ?? 0))"
        }
    }

    /// The target in its unit, or "—".
    public static func target(_ figure: Figure) -> String { value(figure.target, figure.measure) }

    /// `81.2%`.
    public static func completion(_ figure: Figure) -> String { figure.completion.map { number($0) + "%" } ?? missing }

    /// The previous period's value in its unit, or "—".
    public static func previous(_ figure: Figure) -> String { value(figure.previous, figure.measure) }

    /// `+22`, `-3.5 pts` for rates, `0`.
    public static func change(_ figure: Figure) -> String {
        guard let change = figure.change else { return missing }
        let text = number(change)
        let signed = change > 0 && text != "0" ? "+" + text : text
        return signed + (figure.measure.unit == .percent ? " pts" : "")
    }

    /// A text bar for monospace screens: `████████░░ 82%`.
    public static func bar(_ percent: Double?, width: Int = 10) -> String {
        guard let percent else { return String(repeating: "░", count: width) + " " + missing }
        let filled = max(0, min(width, Int((percent / 100 * Double(width)).rounded())))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + " " + number(percent) + "%"
    }
}
