import Foundation
import JukeboxModel
import Testing

/// A float16 key/value cache against the float32 one on the golden priors: the logits of every
/// step up to the first differing draw, with the same seed and primer.
struct KeyValuePrecisionTests {
    /// Largest |logit difference| over the steps both runs shared, and that scale (largest |logit|).
    static func compare(_ name: String, prefix: Int, steps: Int) throws -> (error: Float, scale: Float, shared: Int) {
        let c = try PriorGoldenCase(name)
        let cond = try c.conditioning()
        let batch = cond.start.shape[0]
        let codes = (0..<batch).map { row in (0..<prefix).map { ($0 * 37 + row * 11) % c.prior.codebookSize } }
        func run(_ precision: KeyValuePrecision) throws -> PriorSample {
            var g = SeededGenerator(seed: 5)
            return try c.prior.sample(
                prefix: codes, length: prefix + steps, conditioning: cond,
                options: SamplingOptions(chunkSize: 8, recordLogits: true, keyValuePrecision: precision), using: &g)
        }
        let full = try run(.float32)
        let half = try run(.float16)
        // Step s's logits are computed from the draws before it, so they compare up to the first
        // step whose draw differs, inclusive.
        var shared = steps
        for s in 0..<steps where (0..<batch).contains(where: { full.rawTokens[$0][s] != half.rawTokens[$0][s] }) {
            shared = s + 1
            break
        }
        let v = c.prior.vocabulary
        let (a, b) = (full.stepLogits!.floats(), half.stepLogits!.floats())
        var error: Float = 0
        var scale: Float = 0
        for row in 0..<batch {
            for s in 0..<shared {
                for i in 0..<v {
                    let index = (row * steps + s) * v + i
                    error = max(error, abs(a[index] - b[index]))
                    scale = max(scale, abs(a[index]))
                }
            }
        }
        return (error, scale, shared)
    }

    @Test(arguments: ["prior_upsampler_l0", "prior_top_5b", "prior_top_1b"])
    func float16CachesKeepTheLogitsWithinAThousandthOfTheirScale(_ name: String) throws {
        let (error, scale, shared) = try Self.compare(name, prefix: 20, steps: 24)
        #expect(shared >= 1)
        #expect(scale > 0)
        // float16 keeps 11 significant bits (relative rounding 2^-11, about 5e-4) for each key
        // and value; the attention averages them, so the logits move by a fraction of that.
        #expect(error <= 1e-3 * scale, "\(name): \(error) of \(scale) over \(shared) steps")
        print("\(name): float16 cache, largest logit error \(error) (scale \(scale)) over \(shared) shared steps")
    }

    @Test func float32CachesAreTheDefaultAndUnchanged() throws {
        #expect(SamplingOptions().keyValuePrecision == .float32)
        let (error, _, shared) = try Self.compare("prior_upsampler_l0", prefix: 4, steps: 4)
        #expect(shared >= 1)
        #expect(error > 0)  // the two precisions really differ
    }
}
