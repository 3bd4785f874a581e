import Cases

/// The property and fuzz tests' generator: the demo's SplitMix64, so every run tries the same
/// inputs from its seed.
public typealias SeededRandom = SeededGenerator
