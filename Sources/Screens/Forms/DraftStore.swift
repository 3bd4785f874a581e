import Cases
import Foundation
import Journal

/// An unsaved form as kept on disk, so typed input survives a crash or a closed terminal.
struct Draft: Equatable, Sendable {
    /// The file name in `drafts/`.
    var name: String
    /// The form it belongs to (`FormModel.formID`).
    var form: String
    var caseIDs: [String]
    /// The counsellor who typed it; only they are offered it.
    var user: String
    /// The day it was last changed.
    var on: String
    /// Field values in field order.
    var values: [(key: String, value: String)]

    static func == (lhs: Draft, rhs: Draft) -> Bool {
        lhs.name == rhs.name && lhs.form == rhs.form && lhs.caseIDs == rhs.caseIDs && lhs.user == rhs.user && lhs.on == rhs.on
            && lhs.values.map(\.key) == rhs.values.map(\.key) && lhs.values.map(\.value) == rhs.values.map(\.value)
    }

    var dictionary: [String: String] { Dictionary(values.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }) }

    /// The draft as one JSON object, keys in a fixed order.
    func encoded() -> String {
        var object = JSONObject()
        object["v"] = 1
        object["form"] = .string(form)
        object["cases"] = .array(caseIDs.map(JSONValue.string))
        object["by"] = .string(user)
        object["on"] = .string(on)
        var fields = JSONObject()
        for (key, value) in values { fields[key] = .string(value) }
        object["fields"] = .object(fields)
        return JSONWriter.string(.object(object)) + "\n"
    }

    /// Reads a draft file back; nil when it is not one (a stray or damaged file is ignored, not fatal).
    static func decode(_ text: String, name: String) -> Draft? {
        guard let object = try? JSONParser.parse(text).objectValue, let form = object["form"]?.stringValue,
              let user = object["by"]?.stringValue, let fields = object["fields"]?.objectValue else { return nil }
        let values = fields.compactMap { entry in entry.value.stringValue.map { (key: entry.key, value: $0) } }
        return Draft(name: name, form: form, caseIDs: (object["cases"]?.arrayValue ?? []).compactMap(\.stringValue),
                     user: user, on: object["on"]?.stringValue ?? "", values: values)
    }
}

/// The `drafts/` folder of the data directory: one 0600 file per unsaved form, replaced
/// atomically on every change and deleted when the form is saved or discarded.
struct DraftStore: Sendable {
    let directory: DataDirectory

    /// A new file name for this desk: `<writer>-<random>.json`.
    static func newName(writer: String) -> String {
        var random = SystemRandomNumberGenerator()
        return "\(writer)-\(Identifiers.random(10, using: &random).lowercased()).json"
    }

    func path(_ name: String) -> String { "\(directory.drafts)/\(name)" }

    /// Writes the draft (creating `drafts/` when an older data directory lacks it).
    func save(_ draft: Draft) throws(JournalError) {
        try directory.prepare()
        try directory.writeText(path(draft.name), draft.encoded())
    }

    /// The drafts `user` left, least recently changed first.
    func drafts(for user: String) -> [Draft] {
        // Read with readdir: the app asks this as it opens, and there are seldom any.
        let names = directory.draftFileNames()
        guard !names.isEmpty else { return [] }
        func changed(_ name: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: path(name)))?[.modificationDate] as? Date) ?? .distantPast
        }
        let ordered = names.map { ($0, changed($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
        return ordered.compactMap { name in
            guard let text = try? directory.readText(path(name)) else { return nil }
            return Draft.decode(text, name: name)
        }.filter { $0.user == user }
    }

    func delete(_ name: String) {
        unlink(path(name))
    }
}
