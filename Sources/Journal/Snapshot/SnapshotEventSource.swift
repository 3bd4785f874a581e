#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Cases

/// The events of the cases a warm open restored, still encoded in the snapshot, decoded one
/// case at a time when first read (a case screen, an export, a new event for that case).
///
/// The snapshot's event chunks were checksummed when it was opened; after that the file is read
/// through its open descriptor (not a mapping: a file cut short in place must not be able to
/// crash the app) and each case's bytes are checked again against their own checksum. A snapshot
/// is only ever replaced by rename, so this only fails if someone changes the file in place while
/// the app is open; then `problem` says so and the app shows it.
final class SnapshotEventSource: DeferredEventSource, @unchecked Sendable {
    private let storage: any SnapshotStorage
    private let payloadStart: Int
    /// Each case's encoded events, as a range of the payload, their checksum, and the case's
    /// id, which its events are filed under (the encoded events do not repeat it). Memory of
    /// their own, not arrays: the decoding threads write their own cases' places at once, and
    /// an array's storage would be reached through one property by all of them.
    private let ranges: UnsafeMutableBufferPointer<Range<Int>>
    private let checksums: UnsafeMutableBufferPointer<UInt64>
    private let caseIDs: UnsafeMutableBufferPointer<String>
    private let cache = DecodedEventCache()
    private let lock = Mutex()
    private var failure: String?

    init(storage: any SnapshotStorage, payloadStart: Int, cases: Int) {
        self.storage = storage
        self.payloadStart = payloadStart
        ranges = .allocate(capacity: cases)
        ranges.initialize(repeating: 0..<0)
        checksums = .allocate(capacity: cases)
        checksums.initialize(repeating: 0)
        caseIDs = .allocate(capacity: cases)
        caseIDs.initialize(repeating: "")
    }

    deinit {
        ranges.deallocate()
        checksums.deallocate()
        _ = caseIDs.deinitialize()
        caseIDs.deallocate()
    }

    /// Records where case `index`'s events lie. Each case's place is written by one thread
    /// (the one decoding its chunk) before anything reads that case's events; a preview may
    /// write a case's place again, with the same values, in a later round.
    func place(_ index: Int, caseID: String, at range: Range<Int>, checksum: UInt64) {
        ranges[index] = range
        checksums[index] = checksum
        caseIDs[index] = caseID
    }

    /// Why some case's events could not be read back, if that ever happened.
    var problem: String? { lock.locked { failure } }

    func events(ofCase index: Int) -> [Event] {
        cache.events(index) {
            guard let bytes = encodedEvents(ofCase: index) else { return [] }
            var events: [Event] = []
            let decoded: Bool = bytes.withUnsafeBufferPointer { buffer in
                var input = SnapshotDecoder(buffer)
                while !input.isAtEnd {
                    guard let event = try? SnapshotEventCodec.decode(&input, caseID: caseIDs[index], writers: []) else { return false }
                    events.append(event)
                }
                return true
            }
            if !decoded { fail("case \(caseIDs[index])'s history does not decode") }
            return events
        }
    }

    /// Case `index`'s encoded events, checked against their checksum; nil (with `problem` set)
    /// when they cannot be read as they were written.
    func encodedEvents(ofCase index: Int) -> [UInt8]? {
        let range = ranges[index]
        guard let bytes = storage.read((payloadStart + range.lowerBound)..<(payloadStart + range.upperBound)) else {
            fail("case \(caseIDs[index])'s history could not be read from the snapshot")
            return nil
        }
        guard bytes.withUnsafeBufferPointer(SnapshotChecksum.of) == checksums[index] else {
            fail("case \(caseIDs[index])'s history in the snapshot changed on disk")
            return nil
        }
        return bytes
    }

    private func fail(_ reason: String) {
        lock.locked { if failure == nil { failure = reason } }
    }
}

/// Where a snapshot's bytes live: all of them while it is decoded at open, then read a case at
/// a time.
protocol SnapshotStorage: AnyObject, Sendable {
    /// The whole file, valid until `finishedDecoding()`.
    var bytes: UnsafeBufferPointer<UInt8> { get }
    /// Tells the system these bytes (a range of the payload) are not needed in memory for now.
    func release(_ range: Range<Int>, payloadStart: Int)
    /// The open has read what it needs from `bytes`.
    func finishedDecoding()
    /// The bytes at `range` (file offsets), or nil when they cannot be read in full.
    func read(_ range: Range<Int>) -> [UInt8]?
}

/// A snapshot file mapped read-only for the open (read straight from the page cache, no copy),
/// then unmapped; its descriptor stays open so the caseload's deferred events read from the
/// same file even after a newer snapshot replaces it by rename or an erasure deletes it.
final class MappedFile: SnapshotStorage, @unchecked Sendable {
    private let fd: Int32
    private var base: UnsafeMutableRawPointer?
    private let size: Int

    init?(_ path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return nil
        }
        size = Int(info.st_size)
        guard size > 0 else {
            base = nil
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            close(fd)
            return nil
        }
        base = mapped
    }

    deinit {
        finishedDecoding()
        close(fd)
    }

    var bytes: UnsafeBufferPointer<UInt8> {
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
    }

    func release(_ range: Range<Int>, payloadStart: Int) {
        guard let base, !range.isEmpty else { return }
        // Whole pages inside the range only: a page shared with a neighbour may still be in use.
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (payloadStart + range.lowerBound + page - 1) / page * page
        let end = (payloadStart + range.upperBound) / page * page
        guard end > start else { return }
        madvise(base + start, end - start, Int32(MADV_DONTNEED))
    }

    func finishedDecoding() {
        if let base { munmap(base, size) }
        base = nil
    }

    func read(_ range: Range<Int>) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, range.count - done, off_t(range.lowerBound + done)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }
}

/// A snapshot's bytes copied into memory (one decoded from a buffer, in tests).
final class OwnedBytes: SnapshotStorage, @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private let count: Int

    init(copying buffer: UnsafeBufferPointer<UInt8>) {
        count = buffer.count
        storage = .allocate(capacity: max(buffer.count, 1))
        _ = storage.initialize(from: buffer)
    }

    deinit { storage.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: storage[..<count]) }

    func release(_ range: Range<Int>, payloadStart: Int) {}
    func finishedDecoding() {}

    func read(_ range: Range<Int>) -> [UInt8]? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        return Array(bytes[range])
    }
}
