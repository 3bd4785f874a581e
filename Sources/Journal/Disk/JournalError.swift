import SystemPackage

/// Where a journal is damaged: enough for a person to open the file and look.
public struct JournalDamage: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based line number.
    public let line: Int
    /// Byte offset of the start of the line.
    public let offset: Int
    public let problem: String

    public var description: String { "\(file): line \(line) (byte \(offset)): \(problem)" }
}

/// Everything that can go wrong in the journal layer. I/O errors carry the errno and the
/// path, after the model of SwiftNIO's `IOError`.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    case io(operation: String, path: String, errno: Errno)
    /// Another process holds the writer's lock.
    case inUse(writer: String, pid: Int32?)
    /// A bad line that is not the torn tail: opening stops here.
    case damaged(JournalDamage)
    /// An earlier write or fsync failed; this process writes nothing more.
    case stopped(reason: String)
    case invalidWriterID(String)
    case config(String)

    public var description: String {
        switch self {
        case .io(let operation, let path, let errno):
            return "\(operation) \(path) failed: \(errno.description) (errno \(errno.rawValue))"
        case .inUse(let writer, let pid):
            return "journal \(writer) is in use by " + (pid.map { "process \($0)" } ?? "another process")
        case .damaged(let damage):
            return "journal damaged: \(damage) — run `caseload verify` for details and `caseload repair` to quarantine it"
        case .stopped(let reason):
            return "writing stopped after an earlier failure: \(reason); nothing more will be written by this process"
        case .invalidWriterID(let id):
            return "writer id '\(id)' must be 1–32 characters of a–z, 0–9, '-' or '_'"
        case .config(let message):
            return message
        }
    }
}
