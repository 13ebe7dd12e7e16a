import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully determined by its seed, so a
/// generative test that fails can be replayed exactly. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` bytes drawn from `alphabet`.
    public mutating func bytes(from alphabet: [UInt8], count: Int) -> [UInt8] {
        (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &self)] }
    }

    public mutating func element<T>(of choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &self)]
    }

    public mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < probability
    }
}

/// A generative test failed: carries everything needed to replay the failing case.
public struct FuzzFailure: Error, CustomStringConvertible {
    public let name: String
    public let seed: UInt64
    public let iteration: Int
    public let caseSeed: UInt64
    public let message: String

    public var description: String {
        "fuzz \(name) failed at iteration \(iteration): \(message)\n"
            + "  replay the run:  BCOS_FUZZ_SEED=\(seed)\n"
            + "  replay the case: BCOS_FUZZ_CASE=\(caseSeed)"
    }
}

/// What a case body throws on a wrong result.
public struct FuzzMismatch: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Seeded, replayable, time-bounded generative tests.
///
/// The run's seed is random unless `BCOS_FUZZ_SEED` sets it, and is printed before the first
/// case (so that even a trap leaves it in the log). Each case gets its own generator seeded
/// from (run seed, iteration); `BCOS_FUZZ_CASE` runs a single case by that seed.
/// `BCOS_FUZZ_SECONDS` changes the time budget (longer runs before a release, say).
public enum Fuzz {
    public static func run(
        _ name: String, budget: Duration = .seconds(2), maxIterations: Int = 200_000,
        _ body: (inout SplitMix64) throws -> Void
    ) throws {
        let environment = ProcessInfo.processInfo.environment
        if let replay = environment["BCOS_FUZZ_CASE"].flatMap(UInt64.init) {
            print("fuzz \(name): replaying case \(replay)")
            var generator = SplitMix64(seed: replay)
            try check(name: name, seed: replay, iteration: 0, caseSeed: replay) { try body(&generator) }
            return
        }
        let seed = environment["BCOS_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
        print("fuzz \(name): seed \(seed) (BCOS_FUZZ_SEED=\(seed) replays this run)")
        let seconds = environment["BCOS_FUZZ_SECONDS"].flatMap(Double.init)
        let deadline = ContinuousClock.now + (seconds.map { Duration.milliseconds(Int($0 * 1000)) } ?? budget)
        var iteration = 0
        while iteration < maxIterations, iteration % 64 != 0 || ContinuousClock.now < deadline {
            let caseSeed = SplitMix64.mix(seed &+ UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15)
            var generator = SplitMix64(seed: caseSeed)
            try check(name: name, seed: seed, iteration: iteration, caseSeed: caseSeed) { try body(&generator) }
            iteration += 1
        }
        print("fuzz \(name): \(iteration) cases passed")
    }

    private static func check(name: String, seed: UInt64, iteration: Int, caseSeed: UInt64, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            let failure = FuzzFailure(name: name, seed: seed, iteration: iteration, caseSeed: caseSeed, message: "\(error)")
            print(failure)
            throw failure
        }
    }

    /// Throws a mismatch when `condition` is false.
    public static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw FuzzMismatch(message()) }
    }
}
