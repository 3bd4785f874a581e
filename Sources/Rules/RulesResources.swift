import Foundation

/// The only place the Rules module touches the file system: reading its own
/// bundled defaults (policy and holiday calendar). Everything else takes text.
enum RulesResources {
    /// The text of `Resources/<name>.toml` in this module's bundle.
    static func text(named name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "toml", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("Rules resource \(name).toml is missing from the bundle")
        }
        return text
    }
}
