import Terminal
import XCTest

final class ColorTests: XCTestCase {
    func testNoColorDisablesColourWhenSetAndNonEmpty() {
        XCTAssertEqual(ColorSupport.detect(environment: ["NO_COLOR": "1"], hasColors: true, colorCount: 256), .none)
        XCTAssertEqual(ColorSupport.detect(environment: ["NO_COLOR": ""], hasColors: true, colorCount: 256), .palette256)
        XCTAssertEqual(ColorSupport.detect(environment: [:], hasColors: true, colorCount: 256), .palette256)
    }

    func testDetectionFollowsTerminalCapabilities() {
        // vt100: no colour at all.
        XCTAssertEqual(ColorSupport.detect(environment: [:], hasColors: false, colorCount: -1), .none)
        // linux console and screen: 8 colours.
        XCTAssertEqual(ColorSupport.detect(environment: [:], hasColors: true, colorCount: 8), .basic8)
        XCTAssertEqual(ColorSupport.detect(environment: [:], hasColors: true, colorCount: 16), .basic16)
        XCTAssertEqual(ColorSupport.detect(environment: [:], hasColors: true, colorCount: 88), .basic16)
        XCTAssertEqual(ColorSupport.detect(environment: [:], hasColors: true, colorCount: 16_777_216), .palette256)
        XCTAssertEqual(ColorSupport.detect(environment: [:], hasColors: true, colorCount: 2), .none)
    }

    func testBasicAndDefaultColoursNeverDegradeExceptWithoutColour() {
        for support in [ColorSupport.basic8, .basic16, .palette256] {
            XCTAssertEqual(ThemeColor.basic(.red).colorNumber(for: support), 1)
            XCTAssertEqual(ThemeColor.terminalDefault.colorNumber(for: support), -1)
        }
        XCTAssertEqual(ThemeColor.basic(.red).colorNumber(for: .none), -1)
        XCTAssertEqual(ThemeColor.indexed(196).colorNumber(for: .none), -1)
    }

    func testPaletteColoursDegradeToNearestBasicColour() {
        XCTAssertEqual(ThemeColor.indexed(196).colorNumber(for: .palette256), 196)
        XCTAssertEqual(ThemeColor.indexed(196).colorNumber(for: .basic8), BasicColor.red.rawValue)
        XCTAssertEqual(ThemeColor.indexed(52).colorNumber(for: .basic8), BasicColor.red.rawValue, "dark red stays red")
        XCTAssertEqual(ThemeColor.indexed(28).colorNumber(for: .basic8), BasicColor.green.rawValue)
        XCTAssertEqual(ThemeColor.indexed(26).colorNumber(for: .basic8), BasicColor.blue.rawValue)
        XCTAssertEqual(ThemeColor.indexed(220).colorNumber(for: .basic8), BasicColor.yellow.rawValue)
        XCTAssertEqual(ThemeColor.indexed(201).colorNumber(for: .basic16), BasicColor.magenta.rawValue)
        XCTAssertEqual(ThemeColor.indexed(37).colorNumber(for: .basic8), BasicColor.cyan.rawValue)
    }

    func testGreysDegradeToTerminalDefault() {
        XCTAssertEqual(ThemeColor.indexed(244).colorNumber(for: .basic8), -1)
        XCTAssertEqual(ThemeColor.indexed(16).colorNumber(for: .basic16), -1)
        XCTAssertEqual(ThemeColor.indexed(8).colorNumber(for: .basic8), -1)
        XCTAssertNil(ThemeColor.nearestBasic(toPaletteIndex: 250))
    }

    func testBrightColoursNeedSixteenColours() {
        XCTAssertEqual(ThemeColor.indexed(9).colorNumber(for: .basic16), 9)
        XCTAssertEqual(ThemeColor.indexed(9).colorNumber(for: .basic8), BasicColor.red.rawValue)
        XCTAssertEqual(ThemeColor.indexed(11).colorNumber(for: .basic8), BasicColor.yellow.rawValue)
        XCTAssertEqual(ThemeColor.indexed(3).colorNumber(for: .basic8), 3)
    }

    func testWithoutColourColourOnlyRolesBorrowMonoAttributes() {
        let palette = ResolvedPalette(theme: .builtInDefault, support: .none)
        for role in Role.allCases {
            XCTAssertEqual(palette[role].foreground, -1, "\(role)")
            XCTAssertEqual(palette[role].background, -1, "\(role)")
        }
        XCTAssertEqual(palette[.selection].attributes, .reverse, "selection bar must stay visible")
        XCTAssertEqual(palette[.statusLine].attributes, .reverse)
        XCTAssertEqual(palette[.overdue].attributes, .bold)
        XCTAssertEqual(palette[.normal].attributes, [])
        XCTAssertEqual(palette[.input].attributes, .underline, "attribute-only roles keep their own look")
    }

    func testStyleExtraAttributesAddToTheRole() {
        let palette = ResolvedPalette(theme: .builtInDefault, support: .palette256)
        let appearance = palette.appearance(for: Style(.overdue, .underline))
        XCTAssertEqual(appearance, ResolvedAppearance(foreground: 1, background: -1, attributes: [.bold, .underline]))
    }

    func testDegradingNeverLeavesTextInvisible() {
        var theme = Theme(name: "t", appearances: [:])
        theme[.footer] = RoleAppearance(foreground: .indexed(160), background: .indexed(196))
        theme[.header] = RoleAppearance(foreground: .indexed(250), background: .basic(.black))
        theme[.label] = RoleAppearance(foreground: .indexed(240), background: .indexed(226))
        let palette = ResolvedPalette(theme: theme, support: .basic8)
        XCTAssertEqual(palette[.footer], ResolvedAppearance(foreground: 7, background: 1), "both became red")
        XCTAssertEqual(palette[.header], ResolvedAppearance(foreground: 7, background: 0), "grey on black → white")
        XCTAssertEqual(palette[.label], ResolvedAppearance(foreground: 0, background: 3), "grey on yellow → black")
    }
}
