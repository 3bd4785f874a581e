import Terminal
import Toml
import XCTest

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

final class ThemeTests: XCTestCase {
    /// The repository's `themes/` folder, found from this file's location.
    private var themesDirectory: String {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)  // Tests/TerminalTests/ThemeTests.swift
        return components.joined(separator: "/") + "/themes"
    }

    private let bundledThemes = ["default", "high-contrast", "light", "mono"]

    func testEveryBundledThemeLoadsWithoutNoticeAndDefinesEveryRole() throws {
        for name in bundledThemes {
            let path = themesDirectory + "/\(name).toml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let document = try TomlReader(parsing: text, file: path)
            let roles = try XCTUnwrap(try document.table("roles"), name)
            XCTAssertEqual(Set(roles.keys), Set(Role.allCases.map(\.tomlKey)), "\(name) should list every role")

            let (theme, notice) = ThemeLoader.load(name: name, searchPaths: [themesDirectory])
            XCTAssertNil(notice, name)
            XCTAssertEqual(theme.name, name)
        }
    }

    func testBundledDefaultAndMonoFilesMatchTheBuiltInThemes() {
        let (fileDefault, _) = ThemeLoader.load(name: "default", searchPaths: [themesDirectory])
        XCTAssertEqual(fileDefault, Theme.builtInDefault)
        let (fileMono, _) = ThemeLoader.load(name: "mono", searchPaths: [themesDirectory])
        XCTAssertEqual(fileMono, Theme.builtInMono)
        for role in Role.allCases {
            XCTAssertFalse(fileMono[role].usesColor, "mono must not use colour: \(role)")
        }
    }

    func testBuiltInThemesWorkWithoutAThemesFolder() {
        let (theme, notice) = ThemeLoader.load(name: "default", searchPaths: ["/nonexistent"])
        XCTAssertEqual(theme, .builtInDefault)
        XCTAssertNil(notice)
        XCTAssertEqual(ThemeLoader.load(name: "mono", searchPaths: []).0, .builtInMono)
    }

    func testMissingThemeFallsBackWithNotice() {
        let (theme, notice) = ThemeLoader.load(name: "solarized", searchPaths: ["themes"])
        XCTAssertEqual(theme, .builtInDefault)
        XCTAssertEqual(notice, "Theme \"solarized\" not found in themes; using the built-in default theme.")
    }

    func testNameMayBeAPath() {
        let (theme, notice) = ThemeLoader.load(name: themesDirectory + "/light.toml", searchPaths: [])
        XCTAssertNil(notice)
        XCTAssertEqual(theme.name, "light")
    }

    func testAvailableThemesListsFilesAndBuiltIns() {
        XCTAssertEqual(ThemeLoader.availableThemes(searchPaths: [themesDirectory, "/nonexistent"]), bundledThemes)
    }

    func testUnknownColourNamesFileLineAndKey() {
        let text = """
            name = "light"

            [roles.normal]
            fg = "default"

            [roles.overdue]
            fg = "rde"
            """
        XCTAssertThrowsError(try Theme.parse(toml: text, file: "themes/light.toml", defaultName: "light")) { error in
            let description = "\(error)"
            XCTAssertTrue(
                description.hasPrefix("themes/light.toml:7: roles.overdue.fg: unknown colour \"rde\""), description
            )
        }
    }

    func testOtherThemeErrorsNameTheirKey() {
        let cases: [(String, String)] = [
            ("[roles.overdeu]\nfg = \"red\"", "t.toml:1: roles.overdeu: unknown role"),
            ("[roles.ok]\nattrs = [\"blod\"]", "t.toml:2: roles.ok.attrs: unknown attribute \"blod\""),
            ("[roles.ok]\nbg = 300", "t.toml:2: roles.ok.bg: colour index 300 is out of range"),
            ("[roles.ok]\nfg = true", "t.toml:2: roles.ok.fg: expected a colour"),
            ("[roles.ok]\ncolour = \"red\"", "t.toml:2: roles.ok.colour: unknown key"),
            ("colours = 1", "t.toml:1: colours: unknown key"),
            ("[roles.ok]\nfg = \"red", "t.toml:2:"),
        ]
        for (text, expectedPrefix) in cases {
            XCTAssertThrowsError(try Theme.parse(toml: text, file: "t.toml", defaultName: "t"), text) { error in
                XCTAssertTrue("\(error)".hasPrefix(expectedPrefix), "\(error)")
            }
        }
    }

    func testBrokenThemeFileFallsBackToDefaultWithNotice() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/caseload-theme-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/broken.toml"
        try "[roles.overdue]\nfg = \"rde\"\n".write(toFile: file, atomically: true, encoding: .utf8)

        let (theme, notice) = ThemeLoader.load(name: "broken", searchPaths: [directory])
        XCTAssertEqual(theme, .builtInDefault)
        let message = try XCTUnwrap(notice)
        XCTAssertTrue(message.contains("\(file):2: roles.overdue.fg: unknown colour \"rde\""), message)
    }

    func testOmittedRolesKeepTheDefaultLookAndOmittedFieldsAreDefault() throws {
        let theme = try Theme.parse(toml: "[roles.ok]\nattrs = [\"bold\"]\n", file: "t.toml", defaultName: "custom")
        XCTAssertEqual(theme.name, "custom")
        XCTAssertEqual(theme[.ok], RoleAppearance(attributes: .bold))
        XCTAssertEqual(theme[.overdue], Theme.builtInDefault[.overdue])
    }

    func testTomlTextRoundTrips() throws {
        var theme = Theme.builtInDefault
        theme.name = "copy \"x\""
        theme[.muted] = RoleAppearance(foreground: .indexed(8), background: .basic(.black), attributes: [.dim, .standout])
        let parsed = try Theme.parse(toml: theme.tomlText(description: "Test"), file: "t.toml", defaultName: "x")
        XCTAssertEqual(parsed, theme)
    }

    func testRoleTomlKeys() {
        XCTAssertEqual(Role.tabActive.tomlKey, "tab_active")
        XCTAssertEqual(Role.dueSoon.tomlKey, "due_soon")
        XCTAssertEqual(Role(tomlKey: "selection_inactive"), .selectionInactive)
        XCTAssertNil(Role(tomlKey: "tabActive"))
    }
}
