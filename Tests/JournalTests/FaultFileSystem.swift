import Foundation
import SystemPackage
import Journal

/// A file system for fault tests, after LevelDB's `FaultInjectionTestEnv`: every call goes to the
/// real file system under a temporary folder, while this records what the disk would keep if the
/// power failed now — each file's contents at its last fsync and each folder's entries at its
/// last fsync. It can
///   - cut the power at the Nth changing call (that call and every later one fail with EIO and
///     do nothing), after which `losePower()` puts back on disk only what was durable;
///   - fail the Nth write or fsync with an errno, once or from then on.
final class FaultFileSystem: FileSystem, @unchecked Sendable {  // all state behind `lock`
    enum Call: String { case create, write, fsync, dirsync, truncate, rename, unlink, mkdir }

    struct Entry: Equatable {
        var inode: UInt64
        var isDirectory: Bool
    }

    /// When to fail, and how.
    struct Failure {
        var errno: Errno
        /// 1-based index among writes and fsyncs (files and folders together).
        var at: Int
        var persistent: Bool
    }

    private let lock = NSLock()
    private let real = PosixFileSystem()
    private let root: String
    /// Bytes of each file (by inode) as of its last fsync.
    private var durableContents: [UInt64: [UInt8]] = [:]
    /// Entries of each folder (by path) as of its last fsync.
    private var durableEntries: [String: [String: Entry]] = [:]
    private var powerCutAt: Int?
    private var failure: Failure?
    private(set) var calls: [Call] = []
    private var writesAndSyncs = 0
    private(set) var failed = 0

    /// Takes everything now under `root` as durable.
    init(root: String) {
        self.root = root
        snapshotTree(root)
    }

    /// Counts changing calls only (dry run), or cuts the power at the `step`th (1-based).
    func cutPower(atStep step: Int) { lock.withLock { powerCutAt = step } }

    func inject(_ failure: Failure) { lock.withLock { self.failure = failure } }

    var steps: Int { lock.withLock { calls.count } }
    var writeAndSyncCount: Int { lock.withLock { writesAndSyncs } }
    var powerIsOff: Bool { lock.withLock { powerCutAt.map { calls.count >= $0 } ?? false } }

    // MARK: FileSystem

    func open(_ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions,
              permissions: FilePermissions?) throws(Errno) -> FileDescriptor {
        let creates = options.contains(.create) && !FileManager.default.fileExists(atPath: path)
        if creates { try step(.create) }
        let fd = try real.open(path, mode, options: options, permissions: permissions)
        if creates, let inode = inode(ofDescriptor: fd) {
            lock.withLock { durableContents[inode] = [] }  // a new file's durable contents are empty
        }
        return fd
    }

    func write(_ fd: FileDescriptor, _ buffer: UnsafeRawBufferPointer) throws(Errno) -> Int {
        try step(.write)
        return try real.write(fd, buffer)
    }

    func sync(_ fd: FileDescriptor) throws(Errno) {
        let target = path(of: fd)
        let isDirectory = target.map(isDirectoryPath) ?? false
        try step(isDirectory ? .dirsync : .fsync)
        try real.sync(fd)
        guard let target else { return }
        if isDirectory {
            let entries = listEntries(target)
            lock.withLock { durableEntries[target] = entries }
        } else if let inode = inode(ofDescriptor: fd) {
            let bytes = (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: "/proc/self/fd/\(fd.rawValue)")))) ?? []
            lock.withLock { durableContents[inode] = bytes }
        }
    }

    func truncate(_ fd: FileDescriptor, to size: Int) throws(Errno) {
        try step(.truncate)
        try real.truncate(fd, to: size)
    }

    func rename(_ from: String, _ to: String) throws(Errno) {
        try step(.rename)
        try real.rename(from, to)
    }

    func unlink(_ path: String) throws(Errno) {
        try step(.unlink)
        try real.unlink(path)
    }

    func makeDirectory(_ path: String, permissions: FilePermissions) throws(Errno) {
        try step(.mkdir)
        try real.makeDirectory(path, permissions: permissions)
    }

    // MARK: Power loss

    /// Replaces everything under `root` with what was durable: folders hold the entries of their
    /// last fsync, files the bytes of theirs. Afterwards every call passes through unchanged.
    func losePower() throws {
        let (contents, entries) = lock.withLock { (durableContents, durableEntries) }
        var files: [String: [UInt8]] = [:]
        var folders: [String] = []
        func collect(_ folder: String) {
            folders.append(folder)
            for (name, entry) in entries[folder] ?? [:] {
                let path = folder + "/" + name
                if entry.isDirectory { collect(path) } else { files[path] = contents[entry.inode] ?? [] }
            }
        }
        collect(root)
        for name in try FileManager.default.contentsOfDirectory(atPath: root) {
            try FileManager.default.removeItem(atPath: root + "/" + name)
        }
        for folder in folders.dropFirst().sorted() {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        }
        for (path, bytes) in files {
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
        }
        lock.withLock {
            powerCutAt = nil
            failure = nil
            durableContents = [:]
            durableEntries = [:]
        }
        snapshotTree(root)
    }

    // MARK: Internals

    private func step(_ call: Call) throws(Errno) {
        let error: Errno? = lock.withLock {
            if let cut = powerCutAt, calls.count + 1 >= cut {
                calls.append(call)
                return .ioError
            }
            calls.append(call)
            guard call == .write || call == .fsync || call == .dirsync else { return nil }
            writesAndSyncs += 1
            guard let failure, writesAndSyncs == failure.at || (failure.persistent && writesAndSyncs > failure.at) else { return nil }
            failed += 1
            return failure.errno
        }
        if let error { throw error }
    }

    private func snapshotTree(_ folder: String) {
        let entries = listEntries(folder)
        lock.withLock { durableEntries[folder] = entries }
        for (name, entry) in entries {
            let path = folder + "/" + name
            if entry.isDirectory {
                snapshotTree(path)
            } else {
                let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
                lock.withLock { durableContents[entry.inode] = bytes }
            }
        }
    }

    private func listEntries(_ folder: String) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            var info = stat()
            guard lstat(folder + "/" + name, &info) == 0 else { continue }
            entries[name] = Entry(inode: UInt64(info.st_ino), isDirectory: (info.st_mode & S_IFMT) == S_IFDIR)
        }
        return entries
    }

    private func inode(ofDescriptor fd: FileDescriptor) -> UInt64? {
        var info = stat()
        return fstat(fd.rawValue, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    private func path(of fd: FileDescriptor) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd.rawValue)")
    }

    private func isDirectoryPath(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// Whether quarantine holds `fragment` with a sidecar. A power cut between a fragment and its
/// sidecar can leave a second, bare copy; that one is allowed, since the bytes are what matter.
func keepsFragment(_ fragment: [UInt8], in directory: DataDirectory) -> Bool {
    Quarantine.list(in: directory).contains { name in
        let path = "\(directory.quarantine)/\(name)"
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) } == fragment
            && FileManager.default.fileExists(atPath: path + ".json")
    }
}
