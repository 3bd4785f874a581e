/// A problem with one field of user input: the one line a counsellor sees.
///
/// `field` is the name the user typed (`id`, `phone`, `graduated`…), so a CLI message reads
/// `id: check digit should be X` and a form can show the message beside the field.
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
