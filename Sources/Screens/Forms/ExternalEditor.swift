#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Terminal

/// Opens a long note in the user's editor: `$VISUAL`, else `$EDITOR`, else `vi`.
///
/// The text goes into a 0600 temporary file; the terminal is handed over (`suspend()`), the
/// editor runs through `/bin/sh` so `EDITOR="code -w"` works, and the file is read back
/// after the terminal is taken back (`resume()`).
enum ExternalEditor {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func edit(_ text: String, device: any TerminalDevice) -> Result<String, Failure> {
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(folder)/caseload-note-XXXXXX.txt".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else { return .failure(Failure(description: "could not create a temporary file in \(folder): errno \(errno)")) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { return .failure(Failure(description: "could not write \(path): errno \(errno)")) }

        device.suspend()
        let status = run(["/bin/sh", "-c", "exec ${VISUAL:-${EDITOR:-vi}} \"$1\"", "caseload-editor", path])
        device.resume()
        guard let status else { return .failure(Failure(description: "could not start the editor ($VISUAL, $EDITOR or vi)")) }
        guard status == 0 else { return .failure(Failure(description: "the editor exited with status \(status); the note is unchanged")) }
        guard let file = fopen(path, "r") else { return .failure(Failure(description: "could not read \(path) back: errno \(errno)")) }
        defer { fclose(file) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            result += buffer[0..<count]
        }
        var edited = String(decoding: result, as: UTF8.self)
        while edited.last?.isNewline == true { edited.removeLast() }  // editors add a final newline
        return .success(edited)
    }

    /// Runs a program in the foreground and waits for it; nil when it could not start.
    private static func run(_ arguments: [String]) -> Int32? {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, arguments[0], nil, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return nil }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
