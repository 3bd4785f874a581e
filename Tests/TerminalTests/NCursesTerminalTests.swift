import Terminal
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the real curses terminal on a pseudo-terminal for each terminal type
/// the app must support.
final class NCursesTerminalTests: XCTestCase {
    private let terminalTypes = ["xterm-256color", "screen", "tmux-256color", "linux", "vt100"]

    private func start(
        _ type: String, on pty: PseudoTerminal, environment: [String: String] = [:]
    ) throws -> NCursesTerminal {
        try NCursesTerminal(
            terminalType: type, inputDescriptor: pty.appSide, outputDescriptor: pty.appSide,
            options: .init(installsRestoreHandlers: false), environment: environment
        )
    }

    /// Whether `output` sets a foreground or background colour (SGR 30–37,
    /// 40–47 or 38;5 / 48;5), as opposed to, say, cursor addressing.
    private func containsColorSequence(_ output: String) -> Bool {
        let bytes = Array(output.utf8)
        for start in bytes.indices where bytes[start] == 0x1B && start + 1 < bytes.count && bytes[start + 1] == UInt8(ascii: "[") {
            var end = start + 2
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x3F { end += 1 }
            guard end < bytes.count, bytes[end] == UInt8(ascii: "m") else { continue }
            let parameters = String(decoding: bytes[(start + 2)..<end], as: UTF8.self).split(separator: ";")
            for (index, parameter) in parameters.enumerated() {
                guard let number = Int(parameter) else { continue }
                if (30...37).contains(number) || (40...47).contains(number) { return true }
                if (number == 38 || number == 48) && index + 1 < parameters.count && parameters[index + 1] == "5" { return true }
            }
        }
        return false
    }

    func testColourSupportPerTerminalType() throws {
        let expected: [String: ColorSupport] = [
            "xterm-256color": .palette256, "screen": .basic8, "tmux-256color": .palette256,
            "linux": .basic8, "vt100": .none,
        ]
        for type in terminalTypes {
            let pty = try PseudoTerminal(width: 80, height: 24)
            let terminal = try start(type, on: pty)
            XCTAssertEqual(terminal.colorSupport, expected[type], type)
            XCTAssertEqual(terminal.size, TerminalSize(width: 80, height: 24), type)
            terminal.shutdown()
        }
    }

    func testNoColorKeepsAttributesOnly() throws {
        let pty = try PseudoTerminal(width: 40, height: 5)
        let terminal = try start("xterm-256color", on: pty, environment: ["NO_COLOR": "1"])
        defer { terminal.shutdown() }
        XCTAssertEqual(terminal.colorSupport, .none)
        _ = pty.drainOutput()
        var frame = MemorySurface(size: terminal.size)
        frame.put("逾期", at: 0, col: 0, style: .overdue)
        terminal.present(frame)
        let output = pty.drainOutput()
        XCTAssertTrue(output.contains("逾期"))
        XCTAssertFalse(containsColorSequence(output), "no colour sequences: \(output.debugDescription)")
    }

    func testPresentsWideTextAndColoursOnEveryTerminalType() throws {
        for type in terminalTypes {
            let pty = try PseudoTerminal(width: 30, height: 4)
            let terminal = try start(type, on: pty)
            var theme = Theme.builtInDefault
            theme[.escalated] = RoleAppearance(foreground: .indexed(196), attributes: .bold)
            terminal.apply(theme)
            _ = pty.drainOutput()

            var frame = MemorySurface(size: terminal.size)
            frame.put("欧阳娜娜", at: 0, col: 0, style: .escalated)
            frame.put("Li Na", at: 1, col: 0)
            frame.put("边缘", at: 3, col: 27)  // 缘 straddles the edge: drawn as a space
            terminal.present(frame)
            let output = pty.drainOutput()
            XCTAssertTrue(output.contains("欧阳娜娜"), "\(type): \(output.debugDescription)")
            XCTAssertTrue(output.contains("Li Na"), type)
            XCTAssertTrue(output.contains("边"), type)
            XCTAssertFalse(output.contains("缘"), type)
            if type.hasSuffix("256color") {
                XCTAssertTrue(output.contains("38;5;196"), "\(type) should use the 256-colour index")
            }
            if type == "vt100" {
                XCTAssertFalse(containsColorSequence(output), "vt100 must not get colour sequences")
            } else {
                XCTAssertTrue(containsColorSequence(output), "\(type) should get colour sequences")
            }
            terminal.shutdown()
        }
    }

    func testKeysIncludingChineseInput() throws {
        let sequences: [String: (up: String, f2: String)] = [
            "xterm-256color": ("\u{1B}OA", "\u{1B}OQ"), "screen": ("\u{1B}OA", "\u{1B}OQ"),
            "tmux-256color": ("\u{1B}OA", "\u{1B}OQ"), "linux": ("\u{1B}[A", "\u{1B}[[B"),
            "vt100": ("\u{1B}OA", "\u{1B}OQ"),
        ]
        for type in terminalTypes {
            let pty = try PseudoTerminal(width: 80, height: 24)
            let terminal = try start(type, on: pty)
            let keys = try XCTUnwrap(sequences[type])
            pty.type(keys.up + "欧阳j\u{13}\u{7F}\r" + keys.f2 + "\u{1B}x")
            var read: [Key] = []
            while let key = terminal.readKey(timeoutMilliseconds: 2000) {
                read.append(key)
                if read.count == 9 { break }
            }
            XCTAssertEqual(
                read, [.up, .char("欧"), .char("阳"), .char("j"), .ctrl("s"), .backspace, .enter, .function(2), .alt("x")],
                type
            )
            XCTAssertNil(terminal.readKey(timeoutMilliseconds: 0), "nothing left; a zero timeout polls")
            terminal.shutdown()
        }
    }

    func testEscapeOnItsOwn() throws {
        let pty = try PseudoTerminal(width: 80, height: 24)
        let terminal = try start("xterm-256color", on: pty)
        defer { terminal.shutdown() }
        pty.type("\u{1B}")
        XCTAssertEqual(terminal.readKey(timeoutMilliseconds: 2000), .escape)
    }

    func testResizeIsReportedAndSizeFollows() throws {
        let pty = try PseudoTerminal(width: 80, height: 24)
        let terminal = try start("xterm-256color", on: pty)
        defer { terminal.shutdown() }
        pty.setSize(width: 100, height: 30)
        // The kernel signals the pty's foreground process group, which is not
        // this test process; deliver the signal ourselves.
        raise(SIGWINCH)
        XCTAssertEqual(terminal.readKey(timeoutMilliseconds: 2000), .resize)
        XCTAssertEqual(terminal.size, TerminalSize(width: 100, height: 30))

        var frame = MemorySurface(size: terminal.size)
        frame.put("宽屏", at: 29, col: 96)
        terminal.present(frame)
        XCTAssertTrue(pty.drainOutput().contains("宽屏"))
    }

    func testCursorSuspendResumeAndRepeatedShutdown() throws {
        let pty = try PseudoTerminal(width: 20, height: 3)
        let terminal = try start("xterm-256color", on: pty)
        var frame = MemorySurface(size: terminal.size)
        frame.put("姓名: 李", at: 0, col: 0, style: .inputFocused)
        frame.cursor = Position(row: 0, col: 8)
        terminal.present(frame)
        _ = pty.drainOutput()

        terminal.suspend()
        XCTAssertNil(terminal.readKey(timeoutMilliseconds: 0), "no input while suspended")
        _ = pty.drainOutput()
        terminal.resume()
        XCTAssertTrue(pty.drainOutput().contains("李"), "resume repaints the last frame")

        terminal.shutdown()
        terminal.shutdown()
        XCTAssertEqual(terminal.size, TerminalSize(width: 0, height: 0))
        XCTAssertNil(terminal.readKey(timeoutMilliseconds: 0))
    }

    func testUnknownTerminalTypeThrows() throws {
        let pty = try PseudoTerminal(width: 80, height: 24)
        XCTAssertThrowsError(try start("no-such-terminal-xyz", on: pty)) { error in
            XCTAssertTrue("\(error)".contains("no-such-terminal-xyz"), "\(error)")
        }
    }
}
