/// The fuzz tests' byte-level edits of a valid input (a journal line, a roster, a policy, a
/// theme, a TOML document): a few removals, replaced bytes, inserted tokens of the format,
/// repeated runs and, optionally, deleted runs, chosen by a seeded generator so every run of the
/// tests tries the same inputs.
public struct ByteMutator {
    /// Pieces of the format worth inserting: delimiters, escapes, keywords, extreme numbers.
    public var tokens: [String]
    /// How many edits one input gets.
    public var edits: ClosedRange<Int> = 1...4
    /// The largest value a replaced byte takes (127 keeps a text format's bytes ASCII).
    public var largestByte: UInt8 = 255
    /// The longest run repeated after itself.
    public var repeatedRun = 30
    /// The longest run deleted, or nil for no deletions of runs.
    public var deletedRun: Int?

    public init(tokens: [String], edits: ClosedRange<Int> = 1...4, largestByte: UInt8 = 255, repeatedRun: Int = 30,
                deletedRun: Int? = nil) {
        self.tokens = tokens
        self.edits = edits
        self.largestByte = largestByte
        self.repeatedRun = repeatedRun
        self.deletedRun = deletedRun
    }

    public func mutate(_ input: [UInt8], using random: inout some RandomNumberGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: edits, using: &random) {
            guard !bytes.isEmpty else { break }
            let i = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<(deletedRun == nil ? 4 : 5), using: &random) {
            case 0: bytes.remove(at: i)
            case 1: bytes[i] = UInt8.random(in: 0...largestByte, using: &random)
            case 2: bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: i)
            case 3:
                let j = Int.random(in: i..<min(bytes.count, i + repeatedRun), using: &random)
                bytes.insert(contentsOf: bytes[i...j], at: j)
            default: bytes.removeSubrange(i..<min(bytes.count, i + Int.random(in: 1...(deletedRun ?? 1), using: &random)))
            }
        }
        return bytes
    }
}
