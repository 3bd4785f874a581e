/// Checks shared by every way of acting on a case — the command line and the screens' forms —
/// so a note, a back-dated contact or a counsellor id is accepted or refused the same way.
public enum ActionInput {
    /// Notes and reasons: required, at most 2000 characters.
    public static func requireText(_ text: String?, field: String) throws(ValidationError) -> String {
        let trimmed = (text ?? "").trimmingWhitespace()
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required") }
        guard trimmed.count <= 2000 else { throw ValidationError(field: field, "is longer than 2000 characters") }
        return trimmed
    }

    /// Optional free text, at most 2000 characters; blank is nil.
    public static func optionalText(_ text: String?, field: String) throws(ValidationError) -> String? {
        guard let text, !text.trimmingWhitespace().isEmpty else { return nil }
        return try requireText(text, field: field)
    }

    /// When work was done: `text` (not in the future), or today when it is nil; never before the
    /// case opened. `todayField` names what to blame when today itself is too early (`--today`).
    public static func workDate(_ text: String?, opened: LocalDate?, today: LocalDate,
                                todayField: String = "date") throws(ValidationError) -> LocalDate {
        let date = try text.map { (text: String) throws(ValidationError) in try DateInput.parsePast(text, today: today, field: "date") }
            ?? today
        if let opened, date < opened {
            throw ValidationError(field: text == nil ? todayField : "date", "\(date.iso) is before the case opened on \(opened.iso)")
        }
        return date
    }

    /// A counsellor id: no spaces or commas, at most 32 characters.
    @discardableResult
    public static func counsellorID(_ id: String, field: String) throws(ValidationError) -> String {
        let trimmed = id.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required") }
        guard trimmed.count <= 32, !trimmed.contains(where: { $0.isWhitespace || $0 == "," }) else {
            throw ValidationError(field: field, "'\(trimmed)' is not a counsellor id (no spaces or commas, at most 32 characters)")
        }
        return trimmed
    }
}
