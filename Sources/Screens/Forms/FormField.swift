import Cases
import Terminal

/// One option of a choice field: the id written to the journal and the labels a counsellor
/// may type to find it.
struct ChoiceOption: Equatable, Sendable {
    let id: String
    let english: String
    let chinese: String

    func label(chinese zh: Bool) -> String { zh ? chinese : english }

    /// Every value of a closed set, in its declared order.
    static func all<C: Choice>(_ type: C.Type) -> [ChoiceOption] {
        C.allCases.map { ChoiceOption(id: $0.rawValue, english: $0.english, chinese: $0.chinese) }
    }

    /// Yes / no, with the ids `Intake.parseYesNo` accepts.
    static let yesNo = [ChoiceOption(id: "yes", english: "yes", chinese: "是"), ChoiceOption(id: "no", english: "no", chinese: "否")]
}

/// How a field is edited.
enum FieldKind: Equatable, Sendable {
    /// One line of text in an edit box `width` cells wide.
    case text(width: Int)
    /// A note: a wide box, and F9 opens it in `$EDITOR`.
    case longText
    /// A date typed as YYYY-MM-DD, `t`, `+7` or `-1`, shown normalised once left.
    case date
    /// A closed list: one option, or several when `multiple`.
    case choice([ChoiceOption], multiple: Bool)

    var isText: Bool {
        if case .choice = self { return false }
        return true
    }
}

/// One field of a form. `key` names it in drafts, in validation errors (`ValidationError.field`)
/// and in the values a form model reads.
struct FormField: Sendable {
    let key: String
    let label: TextKey
    let kind: FieldKind
    var required = false
    /// Changing this field changes which fields the form has (the intake's kind).
    var reshapes = false

    init(_ key: String, _ label: TextKey, _ kind: FieldKind, required: Bool = false, reshapes: Bool = false) {
        self.key = key
        self.label = label
        self.kind = kind
        self.required = required
        self.reshapes = reshapes
    }
}

/// What checking a field as it is left found: an error to show beside it, and the value
/// in its normal form (a date as YYYY-MM-DD) when that differs from what was typed.
struct FieldCheck: Equatable, Sendable {
    var error: String?
    var normalised: String?

    static let fine = FieldCheck()
    static func failed(_ message: String) -> FieldCheck { FieldCheck(error: message) }
    static func normalised(_ value: String) -> FieldCheck { FieldCheck(normalised: value) }

    /// Runs a domain check, turning its `ValidationError` into the message shown beside the field.
    static func run(_ body: () throws(ValidationError) -> String?) -> FieldCheck {
        do {
            return FieldCheck(normalised: try body())
        } catch {
            return .failed(error.message)
        }
    }
}

/// Something derived shown beside a field: the birth date and sex read from an ID, a
/// duplicate warning, an offer.
struct FieldNote: Equatable, Sendable {
    var text: String
    var role: Role = .muted
}

/// The editing state of one field.
enum FieldValue: Equatable, Sendable {
    case text(LineEditor)
    case choice(ChoicePicker)

    init(_ kind: FieldKind, value: String) {
        switch kind {
        case .choice(let options, let multiple): self = .choice(ChoicePicker(options: options, multiple: multiple, value: value))
        default: self = .text(LineEditor(value))
        }
    }

    /// The value as a string: the text, or the chosen ids joined by commas.
    var string: String {
        switch self {
        case .text(let editor): editor.text
        case .choice(let picker): picker.value
        }
    }
}
