/// A person's AES-256 key: its 32 bytes held inline, so the key store's 100,000 keys live in
/// the dictionary's own storage instead of one heap array each. Secret: never logged or printed.
struct PersonKey: Hashable, Sendable {
    static let byteCount = 32
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The key with these bytes; nil unless there are exactly 32.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == PersonKey.byteCount else { return nil }
        withUnsafeMutableBytes(of: &words) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
    }

    /// Fills the 32 bytes in place; nil when `fill` reports failure.
    init?(filling fill: (UnsafeMutableRawBufferPointer) -> Bool) {
        guard withUnsafeMutableBytes(of: &words, fill) else { return nil }
    }

    var bytes: [UInt8] { withUnsafeBytes(Array.init) }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    static func == (lhs: PersonKey, rhs: PersonKey) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
