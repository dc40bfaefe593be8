// Sampling randomness for jukebox/prior/autoregressive.py (the reference draws with torch's RNG;
// a port cannot reproduce those draws, so it uses its own seeded generator).

/// A small, fast, seedable random number generator (xoshiro256**, seeded through SplitMix64).
/// The same seed always gives the same sequence; keep one per job.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// - Parameter seed: Any 64-bit value.
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The generator's whole state, to save with a job and resume the same sequence later.
    public var snapshot: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// A generator that continues exactly where the one that gave `snapshot` was.
    /// - Precondition: `snapshot` has four words, not all zero.
    public init(snapshot: [UInt64]) {
        precondition(
            snapshot.count == 4 && snapshot.contains { $0 != 0 }, "a generator snapshot is four words, not all zero")
        state = (snapshot[0], snapshot[1], snapshot[2], snapshot[3])
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }
}
