import Foundation
import JukeboxModel
import Testing

/// filter_logits, the seeded generator and categorical draws.
struct PriorSamplingTests {
    @Test func topKOneKeepsOnlyTheMaximumAndItsTies() {
        let out = filterLogits([1, 3, 3, 2], topK: 1)
        #expect(out == [-.infinity, 3, 3, -.infinity])
        #expect(filterLogits([1, 4, 3, 2], topK: 1) == [-.infinity, 4, -.infinity, -.infinity])
        #expect(filterLogits([1, 4, 3, 2], topK: 2) == [-.infinity, 4, 3, -.infinity])
        #expect(filterLogits([1, 4, 3, 2], topK: 10) == [1, 4, 3, 2])
    }

    @Test func topPNearZeroKeepsTheTopEntry() {
        #expect(filterLogits([1, 2, 4, 3], topP: 1e-6) == [-.infinity, -.infinity, 4, -.infinity])
    }

    @Test func topPKeepsTheFirstEntryCrossingTheThreshold() {
        // probabilities sorted: 0.644, 0.237, 0.087, 0.032 -> running 0.644, 0.881, 0.968, 1.0
        #expect(filterLogits([1, 2, 3, 4], topP: 0.9) == [-.infinity, 2, 3, 4])
        #expect(filterLogits([1, 2, 3, 4], topP: 0.99) == [1, 2, 3, 4])
        #expect(filterLogits([1, 2, 3, 4], topP: 0.5) == [-.infinity, -.infinity, -.infinity, 4])
    }

    @Test func sameSeedSameSequenceDifferentSeedsDiffer() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test func drawsRefuseNaNAndInfiniteLogitsInsteadOfTrapping() throws {
        var g = SeededGenerator(seed: 7)
        for row: [Float] in [
            [0, .nan, 1], [.infinity, 0], [-.infinity, -.infinity], [],
            [1, 2].map { $0 / Float.leastNonzeroMagnitude },
        ] {
            #expect(throws: ModelError.self, "\(row)") { try drawCategorical(row, using: &g) }
        }
        #expect(try drawCategorical([-.infinity, 5, -.infinity], using: &g) == 1)
    }

    @Test func drawsNeverPickFilteredEntriesAndFollowTheWeights() throws {
        var g = SeededGenerator(seed: 7)
        let logits = filterLogits([0, Float(log(3.0)), -1, 0], topK: 2)  // 1 and (0 or 3) ties -> keeps 1, 0, 3
        var counts = [0, 0, 0, 0]
        for _ in 0..<5000 { counts[try drawCategorical(logits, using: &g)] += 1 }
        #expect(counts[2] == 0)
        // weights 1 : 3 : 0 : 1
        #expect(abs(Double(counts[1]) / 5000 - 0.6) < 0.03)
    }

    @Test func seededPriorSamplingIsReproducible() throws {
        let c = try PriorGoldenCase("prior_upsampler_l0")
        let cond = try c.conditioning()
        func run(_ seed: UInt64) throws -> [[Int]] {
            var g = SeededGenerator(seed: seed)
            return try c.prior.sample(
                prefix: [[], []], length: 24, conditioning: cond, options: SamplingOptions(temperature: 1.5),
                using: &g
            ).tokens
        }
        let first = try run(11)
        #expect(first == (try run(11)))
        #expect(first != (try run(12)))
        #expect(first.allSatisfy { $0.count == 24 })
    }

    @Test func rejectsAPrefixAsLongAsTheWindow() throws {
        let c = try PriorGoldenCase("prior_upsampler_l0")
        let cond = try c.conditioning()
        var g = SeededGenerator(seed: 1)
        #expect(throws: ModelError.self) {
            try c.prior.sample(prefix: [[1, 2], [3, 4]], length: 2, conditioning: cond, using: &g)
        }
    }
}
