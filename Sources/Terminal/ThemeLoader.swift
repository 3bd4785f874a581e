#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Toml

/// Finds and loads themes, never failing: any problem yields the built-in
/// default theme plus a notice for the app to show.
public enum ThemeLoader {
    /// Loads the theme `name` from the first of `searchPaths` (directories)
    /// holding `<name>.toml`. `name` may also be a path to a theme file (it
    /// contains "/" or ends in ".toml").
    ///
    /// - Returns: the theme, and a notice when something went wrong: the file
    ///   has an error (the notice names file, line and key) or was not found.
    ///   Then the theme is ``Theme/builtInDefault``. The names "default" and
    ///   "mono" fall back to the compiled-in themes silently when no file
    ///   exists, so the app works without a `themes/` folder.
    public static func load(name: String, searchPaths: [String]) -> (Theme, notice: String?) {
        let isPath = name.contains("/") || name.hasSuffix(".toml")
        let candidates = isPath ? [name] : searchPaths.map { directory in
            directory.hasSuffix("/") ? directory + name + ".toml" : directory + "/" + name + ".toml"
        }
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            if !isPath, let builtIn = Theme.builtIn(named: name) { return (builtIn, nil) }
            let place = isPath ? "" : " in " + (searchPaths.isEmpty ? "(no theme folders)" : searchPaths.joined(separator: ", "))
            return (.builtInDefault, "Theme \"\(name)\" not found\(place); using the built-in default theme.")
        }
        return load(file: file)
    }

    /// Loads the theme file at `path`; see ``load(name:searchPaths:)``.
    public static func load(file path: String) -> (Theme, notice: String?) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return (.builtInDefault, "Cannot read theme \(path): \(error); using the built-in default theme.")
        }
        do {
            return (try Theme.parse(toml: text, file: path, defaultName: themeName(fromPath: path)), nil)
        } catch {
            return (.builtInDefault, "Theme error: \(error.description) — using the built-in default theme.")
        }
    }

    /// Names of the themes (`*.toml` files, without extension) in
    /// `searchPaths`, plus the built-in ones, sorted and without duplicates;
    /// for a theme picker.
    public static func availableThemes(searchPaths: [String]) -> [String] {
        var names: Set<String> = [Theme.builtInDefault.name, Theme.builtInMono.name]
        for directory in searchPaths {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".toml") {
                names.insert(String(file.dropLast(".toml".count)))
            }
        }
        return names.sorted()
    }

    private static func themeName(fromPath path: String) -> String {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        return fileName.hasSuffix(".toml") ? String(fileName.dropLast(".toml".count)) : fileName
    }
}
