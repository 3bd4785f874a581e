#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A case's events in merged order: held in memory, or still encoded in the snapshot the
/// caseload was restored from and decoded the first time anyone reads them.
///
/// A warm open restores every case's folded record from the snapshot but none of its events:
/// the rules, the lists and the search read records, and only a case screen, an export or a new
/// event for that case needs the history. So a million events cost nothing until asked for.
public struct CaseEvents: RandomAccessCollection, Sendable {
    enum Storage: Sendable {
        case loaded([Event])
        /// The `index`th case of `source`, holding `count` events.
        case deferred(source: any DeferredEventSource, index: Int, count: Int)
    }

    var storage: Storage

    public init(_ events: [Event] = []) { storage = .loaded(events) }

    /// Events still encoded: `count` of them, the `index`th case of `source`.
    public init(deferredTo source: any DeferredEventSource, index: Int, count: Int) {
        storage = .deferred(source: source, index: index, count: count)
    }

    /// The events as an array (decoding them first when they are deferred).
    public var array: [Event] {
        switch storage {
        case .loaded(let events): events
        case .deferred(let source, let index, _): source.events(ofCase: index)
        }
    }

    /// Where the events still wait, encoded; nil once they are in memory.
    public var deferredLocation: (source: any DeferredEventSource, index: Int)? {
        if case .deferred(let source, let index, _) = storage { return (source, index) }
        return nil
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .loaded(let events): events.count
        case .deferred(_, _, let count): count
        }
    }

    public subscript(position: Int) -> Event { array[position] }

    public func makeIterator() -> IndexingIterator<[Event]> { array.makeIterator() }

    /// Inserts in merged order unless an event with the same id is already there; returns
    /// whether it did. Deferred events are decoded first.
    mutating func insertIfNew(_ event: consuming Event) -> Bool {
        var events = array
        storage = .loaded([])
        defer { storage = .loaded(events) }
        return CaseEvents.insertIfNew(event, into: &events)
    }

    /// `insertIfNew` on a plain list. The held events are read in place, by index: a
    /// `contains(where:)` or `last` would copy (retain and release) each one it looks at, and an
    /// open files a million events this way.
    static func insertIfNew(_ event: consuming Event, into events: inout [Event]) -> Bool {
        let id = event.id
        let position: Int? = events.withUnsafeBufferPointer { held in
            for index in held.indices where held[index].id == id { return nil }
            // Usually after the last (a journal is written in time order); else before the first it precedes.
            guard let last = held.indices.last, Event.mergedOrder(event, held[last]) else { return held.count }
            for index in held.indices where Event.mergedOrder(event, held[index]) { return index }
            return held.count
        }
        guard let position else { return false }
        if position == events.count { events.append(event) } else { events.insert(event, at: position) }
        return true
    }
}

extension CaseEvents: Equatable {
    public static func == (lhs: CaseEvents, rhs: CaseEvents) -> Bool {
        lhs.count == rhs.count && lhs.array == rhs.array
    }
}

/// Decodes a restored case's events on demand: the snapshot reader, which keeps the file
/// open while any caseload still points into it.
///
/// A source that cannot read a case's events back as they were written returns what it could
/// decode and says why by its own means (`SnapshotEventSource.problem`), rather than trapping.
public protocol DeferredEventSource: AnyObject, Sendable {
    /// The `index`th case's events, decoded (the same array on every call).
    func events(ofCase index: Int) -> [Event]
}

/// A per-source cache of decoded events behind a lock: a case screen reads one case's events
/// many times, and two threads may ask at once.
public final class DecodedEventCache: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var decoded: [Int: [Event]] = [:]

    public init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// The cached events of case `index`, decoding them with `decode` the first time.
    public func events(_ index: Int, decode: () -> [Event]) -> [Event] {
        pthread_mutex_lock(&mutex)
        if let events = decoded[index] {
            pthread_mutex_unlock(&mutex)
            return events
        }
        pthread_mutex_unlock(&mutex)
        let events = decode()
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if let raced = decoded[index] { return raced }
        decoded[index] = events
        return events
    }
}
