#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import SystemPackage

/// Thin POSIX helpers that turn every failure into a `JournalError.io` naming the
/// operation, the path and the errno. Files are created 0600 and folders 0700. Every call that
/// changes a file goes through `FileSystems.current`, so fault tests can intercept it.
enum FileIO {
    static var fs: any FileSystem { FileSystems.current }

    static func fail(_ operation: String, _ path: String, _ errno: Errno) -> JournalError {
        .io(operation: operation, path: path, errno: errno)
    }

    static func open(_ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions = [],
                     create: Bool = false) throws(JournalError) -> FileDescriptor {
        do throws(Errno) {
            if create { return try fs.open(path, mode, options: options.union(.create), permissions: [.ownerReadWrite]) }
            return try fs.open(path, mode, options: options, permissions: nil)
        } catch {
            throw fail("open", path, error)
        }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Creates a folder (and parents) with mode 0700, fsyncing each parent it adds to.
    static func makeDirectory(_ path: String) throws(JournalError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(path)
        if parent != path, !parent.isEmpty { try makeDirectory(parent) }
        do throws(Errno) {
            try fs.makeDirectory(path, permissions: .ownerReadWriteExecute)
        } catch where error != .fileExists {
            throw fail("mkdir", path, error)
        } catch {}
        chmod(path, 0o700)
        try syncDirectory(parent.isEmpty ? "." : parent)
    }

    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func syncDirectory(_ path: String) throws(JournalError) {
        let fd = try open(path, .readOnly, options: [.directory])
        defer { try? fd.close() }
        do throws(Errno) { try fs.sync(fd) } catch { throw fail("fsync", path, error) }
    }

    /// Reads a whole file, or its bytes from `offset`.
    ///
    /// A large file (a journal at an open) is read in parts on every core: most of a read's time
    /// is the kernel copying into fresh pages and faulting each one in, and one core did all of
    /// it while the other waited (a fifth of a second of a cold open at 1M events). The result is
    /// the sequential read's: the bytes up to where the file ended (a file that shrank under us
    /// keeps what was there), or the first error met before that point.
    static func read(_ path: String, from offset: Int = 0) throws(JournalError) -> [UInt8] {
        let fd = try open(path, .readOnly)
        defer { try? fd.close() }
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0 else { throw fail("stat", path, currentErrno()) }
        let size = Int(info.st_size)
        guard size > offset else { return [] }
        let count = size - offset
        let parts = count >= parallelReadBytes ? max(1, min(4, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) : 1
        @Sendable func bounds(_ part: Int) -> Range<Int> { (part * count / parts)..<((part + 1) * count / parts) }
        var outcomes = [PartRead](repeating: PartRead(), count: parts)
        var failure: Errno?
        // Not zero-filled first: at a million events that is half a gigabyte written for nothing.
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            outcomes.withUnsafeMutableBufferPointer { slots in
                let shared = PartSlots(bytes: buffer.baseAddress!, outcomes: slots)
                let readPart: @Sendable (Int) -> Void = { part in
                    let range = bounds(part)
                    shared.outcomes[part] = readRange(fd, into: shared.bytes + range.lowerBound, count: range.count,
                                                      at: offset + range.lowerBound)
                }
                if parts == 1 { readPart(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: readPart) }
            }
            // Whole parts in order, up to the first that failed or came back short.
            var filled = 0
            for part in 0..<parts {
                filled = bounds(part).lowerBound + outcomes[part].filled
                if let error = outcomes[part].failure {
                    failure = error
                    break
                }
                if outcomes[part].filled < bounds(part).count { break }
            }
            initialized = filled
        }
        if let failure { throw fail("read", path, failure) }
        return bytes
    }

    /// From this size a read is split across cores.
    static let parallelReadBytes = 8 << 20

    /// `count` bytes from `position` into `target`, or fewer where the file ends; stops at an error.
    private static func readRange(_ fd: FileDescriptor, into target: UnsafeMutablePointer<UInt8>, count: Int, at position: Int) -> PartRead {
        var outcome = PartRead()
        while outcome.filled < count {
            let got = pread(fd.rawValue, target + outcome.filled, count - outcome.filled, off_t(position + outcome.filled))
            if got < 0 {
                if currentErrno() == .interrupted { continue }
                outcome.failure = currentErrno()
                break
            }
            if got == 0 { break }  // the file shrank under us; keep what we have
            outcome.filled += got
        }
        return outcome
    }

    /// How far one part of a read got, and the error that stopped it.
    private struct PartRead {
        var filled = 0
        var failure: Errno?
    }

    /// The buffer and the outcome slots the parts of a read write to, each part its own range and slot.
    private struct PartSlots: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<UInt8>
        let outcomes: UnsafeMutableBufferPointer<PartRead>
    }

    /// Reads at most `count` bytes from `offset` (fewer at the end of the file).
    static func read(_ path: String, from offset: Int, count: Int) throws(JournalError) -> [UInt8] {
        let fd = try open(path, .readOnly)
        defer { try? fd.close() }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(fd.rawValue, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
            }
            if got < 0 {
                if currentErrno() == .interrupted { continue }
                throw fail("read", path, currentErrno())
            }
            if got == 0 { break }
            filled += got
        }
        if filled < count { bytes.removeLast(count - filled) }
        return bytes
    }

    /// Reads a file whose size `stat` does not report (those under /proc) until end of file.
    static func readStream(_ path: String) -> [UInt8]? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }

    /// Writes all bytes at the current position (append mode), retrying short writes.
    static func writeAll(_ fd: FileDescriptor, _ bytes: [UInt8], path: String) throws(JournalError) {
        let fs = self.fs
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer -> Result<Int, Errno> in
                do throws(Errno) {
                    return .success(try fs.write(fd, UnsafeRawBufferPointer(rebasing: buffer[written...])))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(let count): written += count
            case .failure(let errno): throw fail("write", path, errno)
            }
        }
    }

    static func sync(_ fd: FileDescriptor, path: String) throws(JournalError) {
        do throws(Errno) { try fs.sync(fd) } catch { throw fail("fsync", path, error) }
    }

    static func truncate(_ fd: FileDescriptor, to size: Int, path: String) throws(JournalError) {
        do throws(Errno) { try fs.truncate(fd, to: size) } catch { throw fail("truncate", path, error) }
    }

    /// Cuts the file at `path` to `size` bytes and fsyncs it.
    static func truncate(_ path: String, to size: Int) throws(JournalError) {
        let fd = try open(path, .writeOnly)
        defer { try? fd.close() }
        try truncate(fd, to: size, path: path)
        try sync(fd, path: path)
    }

    static func unlink(_ path: String) { try? fs.unlink(path) }

    /// Replaces `path` atomically: temporary file, fsync, rename, fsync of the folder.
    static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws(JournalError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = try open(temporary, .writeOnly, options: [.truncate], create: true)
        do {
            try writeAll(fd, bytes, path: temporary)
            try sync(fd, path: temporary)
            try? fd.close()
        } catch {
            try? fd.close()
            unlink(temporary)
            throw error
        }
        do throws(Errno) {
            try fs.rename(temporary, path)
        } catch {
            unlink(temporary)
            throw fail("rename", path, error)
        }
        try syncDirectory(parentDirectory(path))
    }

    static func listDirectory(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// The calling thread's errno as a typed value.
func currentErrno() -> Errno { Errno(rawValue: errno) }
