import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudo-terminal pair for driving `NCursesTerminal` in tests: the app
/// side (`appSide`) is a real tty; the test reads what curses drew and types
/// keys through `controller`.
final class PseudoTerminal {
    let controller: Int32
    let appSide: Int32

    init(width: Int, height: Int) throws {
        let functions = try PseudoTerminal.cFunctions()
        controller = functions.openController(O_RDWR | O_NOCTTY)
        guard controller >= 0, functions.grant(controller) == 0, functions.unlock(controller) == 0,
              let name = functions.name(controller) else {
            throw XCTSkip("pseudo-terminals unavailable: \(String(cString: strerror(errno)))")
        }
        appSide = open(name, O_RDWR | O_NOCTTY)
        guard appSide >= 0 else { throw XCTSkip("cannot open \(String(cString: name))") }
        // Reads of curses output must never block the test.
        _ = fcntl(controller, F_SETFL, fcntl(controller, F_GETFL) | O_NONBLOCK)
        setSize(width: width, height: height)
    }

    /// posix_openpt and friends, which the Glibc module hides (glibc declares
    /// them only under _XOPEN_SOURCE); looked up in the C library instead.
    private struct CFunctions {
        let openController: @convention(c) (Int32) -> Int32
        let grant: @convention(c) (Int32) -> Int32
        let unlock: @convention(c) (Int32) -> Int32
        let name: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    }

    private static func cFunctions() throws -> CFunctions {
        let process = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let address = dlsym(process, name) else { throw XCTSkip("\(name) not found") }
            return unsafeBitCast(address, to: type)
        }
        return CFunctions(
            openController: try symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self),
            grant: try symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self),
            unlock: try symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self),
            name: try symbol("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
        )
    }

    deinit {
        close(appSide)
        close(controller)
    }

    func setSize(width: Int, height: Int) {
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(appSide, UInt(TIOCSWINSZ), &size)
    }

    /// Types `text` as if on the keyboard.
    func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(controller, &bytes, bytes.count)
    }

    /// Everything curses has written since the last call.
    func drainOutput() -> String {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(controller, &buffer, buffer.count)
            guard count > 0 else { break }
            output += buffer[0..<count]
        }
        return String(decoding: output, as: UTF8.self)
    }
}
