#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// The system calls through which the journal layer changes files: every create, write, fsync,
/// truncate, rename, unlink and mkdir in `FileIO` goes through one of these. Reads do not.
///
/// Production uses `PosixFileSystem`. Fault tests bind another implementation for the duration
/// of a closure with `FileSystems.$current.withValue(double) { … }`, to record what was fsynced,
/// cut the power at a chosen step, or fail the Nth write with EIO or ENOSPC. The binding is a
/// task-local, so it reaches only the code the test runs, never other threads or tests.
public protocol FileSystem: Sendable {
    /// Opens `path`; `permissions` is non-nil when the file may be created.
    func open(_ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions,
              permissions: FilePermissions?) throws(Errno) -> FileDescriptor
    /// One `write(2)` at the current position; returns the bytes written.
    func write(_ fd: FileDescriptor, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int
    /// `fsync(2)` of a file or, opened with `.directory`, of a folder's entries.
    func sync(_ fd: FileDescriptor) throws(Errno)
    func truncate(_ fd: FileDescriptor, to size: Int) throws(Errno)
    func rename(_ from: String, _ to: String) throws(Errno)
    func unlink(_ path: String) throws(Errno)
    func makeDirectory(_ path: String, permissions: FilePermissions) throws(Errno)
}

/// Where the journal layer finds its file system.
public enum FileSystems {
    /// The file system in force for the current task or thread; `PosixFileSystem` unless a test bound another.
    @TaskLocal public static var current: any FileSystem = PosixFileSystem()
}

/// The real thing: each method is the system call, retried on EINTR.
public struct PosixFileSystem: FileSystem {
    public init() {}

    public func open(_ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions,
                     permissions: FilePermissions?) throws(Errno) -> FileDescriptor {
        do {
            return try FileDescriptor.open(FilePath(path), mode, options: options, permissions: permissions, retryOnInterrupt: true)
        } catch let errno as Errno {
            throw errno
        } catch {
            throw .ioError
        }
    }

    public func write(_ fd: FileDescriptor, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        while true {
            let result = Glibc.write(fd.rawValue, buffer.baseAddress, buffer.count)
            if result >= 0 { return result }
            if errno != EINTR { throw Errno(rawValue: errno) }
        }
    }

    public func sync(_ fd: FileDescriptor) throws(Errno) {
        if fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
    }

    public func truncate(_ fd: FileDescriptor, to size: Int) throws(Errno) {
        while ftruncate(fd.rawValue, off_t(size)) != 0 {
            if errno != EINTR { throw Errno(rawValue: errno) }
        }
    }

    public func rename(_ from: String, _ to: String) throws(Errno) {
        if Glibc.rename(from, to) != 0 { throw Errno(rawValue: errno) }
    }

    public func unlink(_ path: String) throws(Errno) {
        if Glibc.unlink(path) != 0 { throw Errno(rawValue: errno) }
    }

    public func makeDirectory(_ path: String, permissions: FilePermissions) throws(Errno) {
        if mkdir(path, permissions.rawValue) != 0 { throw Errno(rawValue: errno) }
    }
}
