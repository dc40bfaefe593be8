import JukeboxEngine

/// What `jukeboxd evaluate` measures, written as JSON with `--json` (snake_case keys).
struct EvaluationReport: Codable {
    /// How well one VQ-VAE level keeps a recording: encode at the level, decode, compare.
    struct CodecFigures: Codable {
        var level: Int
        /// Signal-to-noise ratio of the decoded audio, dB (higher is better).
        var snrDb: Double
        /// Multi-resolution spectral convergence, the reference's three STFT settings (lower is better).
        var spectralConvergence: Double
        /// Distinct codes the recording used at this level.
        var codesUsed: Int
    }

    /// Figures of one stretch of audio: a sampled continuation decoded at a level, or the real one.
    struct AudioFigures: Codable {
        /// The level it was decoded from; nil for the real recording.
        var level: Int?
        /// Share of 1,024-sample frames below -50 dBFS.
        var silenceShare: Double
        /// Normalised spectral flux (`AudioMetrics.spectralFlux`).
        var spectralFlux: Double
        /// RMS level, dBFS.
        var rmsDbfs: Double
    }

    /// A sampled continuation of the recording's first seconds next to the real continuation.
    struct SampleFigures: Codable {
        var promptSeconds: Double
        var newSeconds: Double
        var seed: UInt64
        /// Longest run of one repeated top-level code in the new tokens.
        var longestRun: Int
        /// The same in the real continuation's top-level codes.
        var realLongestRun: Int
        /// Distinct top-level codes among the new tokens.
        var distinctCodes: Int
        /// The continuation decoded from each sampled level, top first.
        var levels: [AudioFigures]
        /// The real continuation.
        var real: AudioFigures
        /// Wall-clock seconds the sampling took.
        var computeSeconds: Double
    }

    /// Pass/fail of one acceptance rule.
    struct Check: Codable {
        var item: String
        var rule: String
        var value: Double
        var passed: Bool
    }

    /// Everything measured on one held-out recording.
    struct Item: Codable {
        var name: String
        var artist: String
        var genre: String
        var seconds: Double
        var codec: [CodecFigures]
        var priors: [PriorScore.LevelScore]
        var sample: SampleFigures?
    }

    var bundle: String
    var trained: Bool
    var sampleRate: Int
    var items: [Item]
    var checks: [Check]

    /// The acceptance rules for sampled continuations (issue #14's "done when"): top-level
    /// repeats at most 4x the real continuation's longest run, spectral flux of the deepest
    /// sampled level within 0.5-2x the real one, under 10 % silence at level 0.
    static func checks(for item: Item) -> [Check] {
        guard let sample = item.sample else { return [] }
        var result: [Check] = []
        let runRatio = Double(sample.longestRun) / Double(max(sample.realLongestRun, 1))
        result.append(Check(item: item.name, rule: "longest_run_ratio<=4", value: runRatio, passed: runRatio <= 4))
        if let deepest = sample.levels.last, sample.real.spectralFlux > 0 {
            let ratio = deepest.spectralFlux / sample.real.spectralFlux
            result.append(
                Check(
                    item: item.name, rule: "spectral_flux_ratio_0.5-2", value: ratio, passed: ratio >= 0.5 && ratio <= 2
                ))
        }
        if let bottom = sample.levels.first(where: { $0.level == 0 }) {
            result.append(
                Check(
                    item: item.name, rule: "level0_silence<0.10", value: bottom.silenceShare,
                    passed: bottom.silenceShare < 0.10))
        }
        return result
    }
}
