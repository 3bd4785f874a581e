import Cases

/// Cleans roster cells into what a counsellor would type, before `Intake.validate` judges them.
///
/// Only spelling is changed, never meaning: full-width digits (１２３), the apostrophe Excel
/// users type to keep an ID as text, dates in the roster's format, and the usual Chinese names
/// of degrees (大专, 硕士研究生). Anything else reaches validation as written.
public enum RosterValues {
    /// The cell as a counsellor would have typed it into the intake form for `field`.
    public static func normalise(_ field: IntakeField, _ value: String, excelSerialDates: Bool) -> String {
        let trimmed = value.trimmingWhitespace()
        switch field {
        case .id, .phone:
            var text = halfWidth(trimmed)
            if text.hasPrefix("'") { text.removeFirst() }
            return String(text.filter { !$0.isWhitespace })
        case .graduated, .benefitUntil:
            return RosterDates.normalise(trimmed, excelSerial: excelSerialDates, monthOnly: .lastDay)
        case .identified, .registered:
            return RosterDates.normalise(trimmed, excelSerial: excelSerialDates, monthOnly: .firstDay)
        case .degree:
            return degreeAliases[trimmed] ?? trimmed
        case .category, .difficulty:
            // Lists arrive separated by 、，, (which validation splits on) and also by ；; and /.
            return String(trimmed.map { "；;/／".contains($0) ? "、" : $0 })
        default:
            return trimmed
        }
    }

    static let degreeAliases: [String: String] = [
        "大专": "专科", "高职": "专科", "高职高专": "专科", "专科生": "专科",
        "大学本科": "本科", "本科生": "本科", "学士": "本科",
        "研究生": "硕士", "硕士研究生": "硕士", "硕士生": "硕士",
        "博士研究生": "博士", "博士生": "博士",
    ]

    /// Whether the text is a number in exponent form (`3.71602200306150E+17`): what Excel shows for
    /// an 18-digit ID typed into a number cell, after it has dropped the last digits.
    public static func isExponentNumber(_ text: String) -> Bool {
        let parts = text.uppercased().split(separator: "E", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return false }
        let exponent = parts[1].drop { $0 == "+" }
        return !exponent.isEmpty && exponent.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Full-width ASCII forms (U+FF01–FF5E, and the ideographic space) as ASCII.
    public static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0xFF01 && $0.value <= 0xFF5E || $0.value == 0x3000 }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
