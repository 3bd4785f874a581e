import Terminal
import XCTest

final class FakeTerminalTests: XCTestCase {
    func testScriptedKeysFramesAndResize() {
        let terminal = FakeTerminal(width: 10, height: 2, keys: [.down])
        terminal.enqueue(typing: "欧")
        terminal.apply(.builtInMono)
        XCTAssertEqual(terminal.readKey(timeoutMilliseconds: 100), .down)
        XCTAssertEqual(terminal.readKey(timeoutMilliseconds: nil), .char("欧"))
        XCTAssertNil(terminal.readKey(timeoutMilliseconds: 100))
        XCTAssertEqual(terminal.idleReadCount, 1)

        var frame = MemorySurface(size: terminal.size)
        frame.put("Caseload", at: 0, col: 0, style: .title)
        terminal.present(frame)
        XCTAssertEqual(terminal.lastFrame?.lines, ["Caseload", ""])
        XCTAssertEqual(terminal.appliedThemes.map(\.name), ["mono"])

        terminal.resize(to: TerminalSize(width: 40, height: 5))
        XCTAssertEqual(terminal.readKey(timeoutMilliseconds: 0), .resize)
        XCTAssertEqual(terminal.size, TerminalSize(width: 40, height: 5))
    }

    func testIdleHookAndExhaustedKey() {
        let terminal = FakeTerminal()
        var reloadQueued = false
        terminal.onIdle = { fake in
            if !reloadQueued {
                reloadQueued = true
                fake.enqueue(.char("r"))
            }
        }
        terminal.keyWhenExhausted = .ctrl("q")
        XCTAssertEqual(terminal.readKey(timeoutMilliseconds: 10), .char("r"))
        XCTAssertEqual(terminal.readKey(timeoutMilliseconds: 10), .ctrl("q"))
        XCTAssertEqual(terminal.exhaustedReadCount, 1)
        terminal.shutdown()
        XCTAssertTrue(terminal.isShutDown)
    }
}
