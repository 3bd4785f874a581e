import Cases

/// Why a snapshot could not be read. Any of these means the snapshot is ignored and the
/// journals are replayed in full.
struct SnapshotError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Appends the snapshot's little binary vocabulary: LEB128 varints, zigzag for signed values,
/// length-prefixed UTF-8 strings, an optional as a present flag.
struct SnapshotEncoder {
    var bytes: [UInt8] = []
    /// Long strings already written by `shared(_:)`, by their number: a school, an employer or a
    /// contact note recurs thousands of times, and a reference to it is one or two bytes.
    private var sharedStrings: [String: Int] = [:]
    /// Every shared string written out in full, in order: the decoder numbers them the same way.
    private(set) var sharedBytes: [String] = []
    /// Whether shared strings are only referred to here, and written ahead by `sharedTable()`
    /// (a chunk's records): then any record can be read alone, given its chunk's table.
    private let sharedAhead: Bool

    init(sharedAhead: Bool = false) { self.sharedAhead = sharedAhead }

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func count(_ value: Int) { varint(UInt64(value)) }
    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    /// A date in its packed form: reading it back is a few shifts, not a calendar computation.
    mutating func date(_ value: LocalDate) { varint(UInt64(value.packedValue)) }

    mutating func string(_ value: String) {
        count(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    /// A string that may recur (a counsellor, a school, an employer, a contact note): written
    /// once, then referred to by number. Reading a reference costs neither an allocation nor a
    /// UTF-8 check; every later use shares the first one's storage.
    mutating func shared(_ value: String) {
        let length = value.utf8.count
        // Swift's `==` equates canonically equivalent strings with different bytes; a reference
        // is only used for the very same bytes, so a snapshot never changes what a line said.
        if let number = sharedStrings[value], sharedBytes[number].utf8.elementsEqual(value.utf8) {
            varint(UInt64(number) << 1 | 1)
            return
        }
        if sharedAhead {
            if sharedStrings[value] == nil { sharedStrings[value] = sharedBytes.count }
            varint(UInt64(sharedBytes.count) << 1 | 1)
            sharedBytes.append(value)
            return
        }
        varint(UInt64(length) << 1)
        bytes.append(contentsOf: value.utf8)
        if sharedStrings[value] == nil { sharedStrings[value] = sharedBytes.count }
        sharedBytes.append(value)
    }

    mutating func optionalShared(_ value: String?) {
        bool(value != nil)
        if let value { shared(value) }
    }

    /// The shared strings referred to so far, as `SnapshotDecoder.sharedTable()` reads them.
    func sharedTable() -> [UInt8] {
        var table = SnapshotEncoder()
        table.count(sharedBytes.count)
        for value in sharedBytes { table.string(value) }
        return table.bytes
    }

    mutating func optionalDate(_ value: LocalDate?) {
        bool(value != nil)
        if let value { date(value) }
    }

    mutating func uint64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

/// Reads what `SnapshotEncoder` wrote, bounds-checked: a short or garbled snapshot throws
/// instead of reading past the end.
struct SnapshotDecoder {
    let buffer: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int
    /// The strings `shared()` has read so far, in the order the encoder numbered them.
    private(set) var sharedStrings: [String] = []
    /// Whether every shared string was read ahead (a chunk's table): one written in place then
    /// means damage, since a record must read the same alone as in sequence.
    private var sharedAhead = false

    init(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
        self.buffer = buffer
        index = start
        self.end = end ?? buffer.count
    }

    /// A reader of one chunk's records whose shared strings were read ahead (`sharedTable()`).
    init(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, sharedTable: [String]) {
        self.init(buffer, from: start, to: end)
        sharedStrings = sharedTable
        sharedAhead = true
    }

    /// Reads a table of shared strings written by `SnapshotEncoder.sharedTable()`; the
    /// records after it refer to them only by number.
    mutating func sharedTable() throws(SnapshotError) {
        let count = try count()
        var table: [String] = []
        // Each string takes at least its length byte: a damaged count cannot reserve more.
        table.reserveCapacity(min(count, end - index))
        for _ in 0..<count { table.append(try string()) }
        sharedStrings = table
        sharedAhead = true
    }

    var isAtEnd: Bool { index >= end }

    mutating func byte() throws(SnapshotError) -> UInt8 {
        guard index < end else { throw SnapshotError("ends early") }
        defer { index += 1 }
        return buffer[index]
    }

    mutating func varint() throws(SnapshotError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
            guard shift < 64 else { throw SnapshotError("a number is too long") }
        }
    }

    /// A non-negative number that is not a length (a sequence number, a file offset).
    mutating func number() throws(SnapshotError) -> Int {
        let value = try varint()
        guard value <= UInt64(Int.max) else { throw SnapshotError("a number is out of range") }
        return Int(value)
    }

    /// A length or an element count: never more than the bytes left could hold, so a damaged
    /// count cannot make the reader reserve memory for billions of elements.
    mutating func count() throws(SnapshotError) -> Int {
        let value = try varint()
        guard value <= UInt64(end - index) * 8 + 1_000_000 else { throw SnapshotError("a count is out of range") }
        return Int(value)
    }

    mutating func signed() throws(SnapshotError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func bool() throws(SnapshotError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw SnapshotError("a flag is neither 0 nor 1")
        }
    }

    mutating func date() throws(SnapshotError) -> LocalDate {
        let packed = try varint()
        guard packed <= UInt64(UInt32.max), let date = LocalDate(packedValue: UInt32(packed)) else {
            throw SnapshotError("a date is out of range")
        }
        return date
    }

    mutating func bytes(_ length: Int) throws(SnapshotError) -> UnsafeBufferPointer<UInt8> {
        guard length >= 0, length <= end - index else { throw SnapshotError("ends early") }
        defer { index += length }
        return UnsafeBufferPointer(rebasing: buffer[index..<(index + length)])
    }

    mutating func string() throws(SnapshotError) -> String {
        String(decoding: try bytes(try count()), as: UTF8.self)
    }

    mutating func optionalString() throws(SnapshotError) -> String? {
        try bool() ? try string() : nil
    }

    /// What `SnapshotEncoder.shared` wrote: a string, or the number of one read before.
    mutating func shared() throws(SnapshotError) -> String {
        let head = try varint()
        if head & 1 == 1 {
            guard head >> 1 < UInt64(sharedStrings.count) else { throw SnapshotError("a string refers to one not read yet") }
            return sharedStrings[Int(head >> 1)]
        }
        guard !sharedAhead else { throw SnapshotError("a string is written in place where its chunk's table should have it") }
        guard head >> 1 <= UInt64(end - index) else { throw SnapshotError("ends early") }
        let length = Int(head >> 1)
        let value = String(decoding: try bytes(length), as: UTF8.self)
        sharedStrings.append(value)
        return value
    }

    mutating func optionalShared() throws(SnapshotError) -> String? {
        try bool() ? try shared() : nil
    }

    mutating func optionalDate() throws(SnapshotError) -> LocalDate? {
        try bool() ? try date() : nil
    }

    mutating func uint32() throws(SnapshotError) -> UInt32 {
        let raw = try bytes(4)
        return UInt32(raw[0]) | UInt32(raw[1]) << 8 | UInt32(raw[2]) << 16 | UInt32(raw[3]) << 24
    }

    mutating func uint64() throws(SnapshotError) -> UInt64 {
        let raw = try bytes(8)
        var value: UInt64 = 0
        for shift in stride(from: 56, through: 0, by: -8) { value = value << 8 | UInt64(raw[shift / 8]) }
        return value
    }
}

/// A fast 64-bit checksum of the whole snapshot. It is a cache, so this guards against damage,
/// not tampering: each word goes through a bijective multiply-xorshift step in one of four
/// independent lanes (so the processor overlaps them), so changing any one word always changes
/// its lane and so the result; the length is mixed in so a cut is caught too.
enum SnapshotChecksum {
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count), 0x8422_2325_CBF2_9CE4, 1, 2)
        @inline(__always) func step(_ hash: inout UInt64, _ word: UInt64) {
            hash = (hash ^ word) &* prime
            hash ^= hash >> 29
        }
        let words = bytes.count / 8
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            var word = 0
            while word + 4 <= words {
                step(&lanes.0, raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self))
                step(&lanes.1, raw.loadUnaligned(fromByteOffset: word * 8 + 8, as: UInt64.self))
                step(&lanes.2, raw.loadUnaligned(fromByteOffset: word * 8 + 16, as: UInt64.self))
                step(&lanes.3, raw.loadUnaligned(fromByteOffset: word * 8 + 24, as: UInt64.self))
                word += 4
            }
            while word < words {
                step(&lanes.0, raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self))
                word += 1
            }
        }
        for index in (words * 8)..<bytes.count { step(&lanes.1, UInt64(bytes[index])) }
        var hash = lanes.0
        step(&hash, lanes.1)
        step(&hash, lanes.2)
        step(&hash, lanes.3)
        return hash ^ (hash >> 32)
    }
}
