#if canImport(Glibc)
import Glibc
#endif

/// Says when colleagues' journals may have changed, so an idle app can pick up their lines
/// at once instead of on its next poll.
///
/// Uses Linux inotify on the `journals/` folder where available. inotify does not see writes
/// made by other machines on a network share, so callers still poll now and then; the
/// watcher only makes the common case (desks on one machine or one local share) immediate.
public final class JournalWatcher {
    private let descriptor: Int32

    public init(directory: DataDirectory) {
        #if canImport(Glibc)
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd >= 0 {
            let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)
            if inotify_add_watch(fd, directory.journals, mask) < 0 {
                close(fd)
                descriptor = -1
                return
            }
        }
        descriptor = fd
        #else
        descriptor = -1
        #endif
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether inotify is watching; when false, `hasChanges()` always answers true (poll).
    public var isWatching: Bool { descriptor >= 0 }

    /// Drains pending notifications; true when any arrived since the last call.
    public func hasChanges() -> Bool {
        guard descriptor >= 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var changed = false
        while true {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got > 0 { changed = true; continue }
            if got < 0 && errno == EINTR { continue }
            return changed
        }
    }
}
