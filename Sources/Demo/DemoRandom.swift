import Cases

// Small drawing helpers on the seeded generator, so the generator code reads as
// "a 30% chance", "one of these", "a day in this range".
extension SeededGenerator {
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// Uniform in the closed range. Modulo bias is irrelevant at these range sizes.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    /// Rounds `value` up or down at random so that the average is `value` itself.
    mutating func stochasticRound(_ value: Double) -> Int {
        let whole = value.rounded(.down)
        return Int(whole) + (chance(value - whole) ? 1 : 0)
    }

    /// Fisher–Yates on a small array.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, Int(next() % UInt64(index + 1)))
        }
    }
}

/// Items with relative weights, drawn in O(log n).
struct WeightedTable<Item>: Sendable where Item: Sendable {
    let items: [Item]
    private let cumulative: [Double]

    init(_ weighted: [(Item, Double)]) {
        precondition(!weighted.isEmpty, "a weighted table needs at least one item")
        items = weighted.map(\.0)
        var running = 0.0
        cumulative = weighted.map { running += max(0, $0.1); return running }
    }

    var totalWeight: Double { cumulative.last! }

    func pick(using rng: inout SeededGenerator) -> Item {
        let target = rng.unit() * totalWeight
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return items[low]
    }
}

/// A 64-bit mix of two numbers (SplitMix finaliser), for seeds derived per case or per day.
func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var z = a &+ b &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
