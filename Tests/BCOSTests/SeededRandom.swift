import Foundation
import XCTest

/// A seeded generator whose seed is printed when a test using it fails, and can be forced with
/// `BCOS_FUZZ_SEED` to replay that run. Usable wherever Swift takes a generator (`using:`).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    let seed: UInt64
    let name: String

    init(name: String) {
        self.name = name
        seed = ProcessInfo.processInfo.environment["BCOS_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        state = seed
    }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func bool() -> Bool { next() & 1 == 1 }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    func reportOnFailure(_ test: XCTestCase) {
        if (test.testRun?.failureCount ?? 0) > 0 { print("\(name): replay with BCOS_FUZZ_SEED=\(seed)") }
    }
}
