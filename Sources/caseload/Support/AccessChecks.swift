import Cases
import Office

extension Access {
    /// The staff file's verdict for this command's user.
    static func load(_ context: CommandContext) throws -> Access {
        try Access.load(directory: context.directory, user: context.actor)
    }

    /// Throws (exit 1, nothing written) when the user may not change `record` (nil: a new case
    /// or an office-level action).
    func requireWrite(_ record: CaseRecord?, action: String) throws {
        if let why = refusal(record, action: action) { throw CommandFailure(message: why) }
    }

    /// Throws when the user sees only a stub of `record` and asks for what a stub does not show.
    func requireFull(_ record: CaseRecord, what: String) throws {
        guard !seesFull(record) else { return }
        throw CommandFailure(message: "\(record.id) is \(record.counsellor)'s case, outside your team: \(what) refused (\(label))")
    }
}
