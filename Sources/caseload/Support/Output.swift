#if canImport(Glibc)
import Glibc
#endif

/// Exit codes, documented in the README.
import Cases

/// The domain's field error, preferred over ArgumentParser's type of the same name.
typealias ValidationError = Cases.ValidationError

enum ExitStatus {
    static let failed: Int32 = 1
    static let badInput: Int32 = 2
}

/// A failure a command reports itself, with its exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32 = ExitStatus.failed
}

enum Output {
    /// Writes one line to stderr and exits.
    static func fail(_ message: String, code: Int32) -> Never {
        writeStandardError("caseload: " + message.split(separator: "\n").joined(separator: " ") + "\n")
        exit(code)
    }

    static func warn(_ message: String) {
        writeStandardError("caseload: \(message)\n")
    }

    /// `stderr` is a C global Swift 6 will not touch; write(2) is what fputs does anyway.
    static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}
