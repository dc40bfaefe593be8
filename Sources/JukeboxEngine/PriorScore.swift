import JukeboxModel
import JukeboxTensor

#if canImport(Glibc)
    import Glibc
#endif

/// How well a bundle's priors predict real music: teacher-forced cross-entropy in bits per
/// token on the codes of a held-out recording, next to the codes' own unigram entropy.
public enum PriorScore {
    /// One level's score.
    public struct LevelScore: Sendable, Equatable, Codable {
        /// The level.
        public var level: Int
        /// Mean -log2 p(token) over the scored tokens.
        public var bitsPerToken: Double
        /// Tokens scored (whole windows of n_ctx).
        public var tokens: Int
        /// Empirical entropy of the same tokens' histogram, in bits: what a model that knows
        /// only each code's frequency in this very music would score (a lower bound for unigrams).
        public var unigramBits: Double
    }

    /// Scores `level` on one recording's codes.
    ///
    /// Windows of n_ctx tokens start at 0, n_ctx, 2 n_ctx, ... while they fit, at most
    /// `maxWindows`; labels are the recording's artist and genre with the song length
    /// `totalLength` and each window's offset; upsamplers see the level above's codes of the
    /// same span.
    /// - Parameters:
    ///   - codes: the recording's codes, `codes[level]`, at least up to `level + 1` for upsamplers.
    ///   - totalLength: the song length for the timing labels, in raw samples.
    /// - Returns: nil when no whole window fits.
    /// - Throws: label and model errors.
    public static func score(
        pipeline: Pipeline, level: Int, codes: [[Int]], artist: String, genre: String, totalLength: Int,
        maxWindows: Int = 4
    ) throws -> LevelScore? {
        let prior = pipeline.priors[level]
        let nCtx = prior.hyperparameters.nCtx
        let tokens = codes[level]
        let windows = min(maxWindows, tokens.count / nCtx)
        guard windows > 0 else { return nil }
        let sampler = try pipeline.sampler(
            level: level, settings: LevelSettings(chunkSize: 1, maxBatchSize: 1, hopFraction: 1))
        let label = try pipeline.labellers[level].label(
            artist: artist, genre: genre, lyrics: "", totalLength: totalLength, offset: 0)
        var bits = 0.0
        var scored: [Int] = []
        for index in 0..<windows {
            let start = index * nCtx
            let window = Array(tokens[start..<(start + nCtx)])
            var upper: [[Int]]? = nil
            if let ratio = sampler.upperDownsample {
                upper = [Array(codes[level + 1][(start / ratio)..<((start + nCtx) / ratio)])]
            }
            let y = try sampler.windowLabels([label], start: start)
            let conditioning = try prior.conditioning(labels: y, upperCodes: upper)
            let logits = try prior.logits(codes: [window], conditioning: conditioning)
            bits += negativeLog2Likelihood(logits: logits, targets: window)
            scored += window
        }
        return LevelScore(
            level: level, bitsPerToken: bits / Double(scored.count), tokens: scored.count,
            unigramBits: unigramEntropy(scored))
    }

    /// Sum over positions of -log2 softmax(logits[0, t])[targets[t]]; logits (1, T, V).
    public static func negativeLog2Likelihood(logits: Tensor, targets: [Int]) -> Double {
        let vocabulary = logits.shape[2]
        return logits.withUnsafeFloats { values in
            var total = 0.0
            for (t, target) in targets.enumerated() {
                let row = values[(t * vocabulary)..<((t + 1) * vocabulary)]
                let peak = Double(row.max() ?? 0)
                let sum = row.reduce(0.0) { $0 + exp(Double($1) - peak) }
                total += (peak + log(sum) - Double(row[row.startIndex + target])) / log(2.0)
            }
            return total
        }
    }

    /// Entropy in bits of the histogram of `tokens`.
    public static func unigramEntropy(_ tokens: [Int]) -> Double {
        var counts: [Int: Int] = [:]
        for token in tokens { counts[token, default: 0] += 1 }
        let n = Double(tokens.count)
        return counts.values.reduce(0.0) { total, count in
            let p = Double(count) / n
            return total - p * log2(p)
        }
    }

    /// The longest run of one code repeated back to back (0 for no tokens).
    public static func longestRun(_ tokens: [Int]) -> Int {
        var (best, run) = (0, 0)
        for (index, token) in tokens.enumerated() {
            run = index > 0 && tokens[index - 1] == token ? run + 1 : 1
            best = max(best, run)
        }
        return best
    }
}
