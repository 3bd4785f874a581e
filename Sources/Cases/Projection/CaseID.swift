/// Case and event identifiers.
///
/// Ids are random rather than counters because desks and outreach laptops create cases
/// offline; 35 bits of Crockford base-32 keep collisions negligible at city scale while
/// staying short enough to read over the phone (`G-7KQ2M9X`).
public enum Identifiers {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func caseID(kind: CaseKind, using rng: inout some RandomNumberGenerator) -> String {
        "\(kind.letter)-" + random(7, using: &rng)
    }

    public static func eventID(using rng: inout some RandomNumberGenerator) -> String {
        random(12, using: &rng)
    }

    public static func random(_ count: Int, using rng: inout some RandomNumberGenerator) -> String {
        String((0..<count).map { _ in alphabet[Int(rng.next() % 32)] })
    }
}

/// A small, fast, seedable generator (SplitMix64) for the demo and tests: the same seed
/// always gives the same caseload.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
