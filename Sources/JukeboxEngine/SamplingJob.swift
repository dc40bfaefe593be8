// Port of jukebox/sample.py (ancestral_sample, primed_sample, continue_sample, upsample) @ 08efbbc
import JukeboxTensor
import JukeboxText

/// Where a job's tokens start from.
public enum SamplingMode: Sendable {
    /// Every level from nothing (`ancestral_sample`).
    case ancestral
    /// Every level from the VQ-VAE codes of a primer (`primed_sample`): (takes, 1, time) float32
    /// at the model's sample rate, time a multiple of the top level's hop.
    case primed(audio: Tensor)
    /// Every level extended from saved codes (`continue_sample`), `codes[level][take]`.
    case continuation(codes: [[[Int]]])
    /// The levels below the top sampled under given top-level codes (`upsample`),
    /// `codes[level][take]` (lower levels usually empty).
    case upsample(codes: [[[Int]]])
}

/// Everything one generation needs besides the models: per-job state, no weights.
public struct SamplingJob: Sendable {
    /// Where the tokens start from.
    public var mode: SamplingMode
    /// Length of the result in raw samples (`hps.sample_length`), a multiple of the top hop.
    public var sampleLength: Int
    /// Labels of every take per level, `labels[level][take]` (from ``Pipeline/label(_:)``).
    public var labels: [[Labeller.Label]]
    /// Settings per level, `settings[level]`.
    public var settings: [LevelSettings]
    /// Whether each sampled level is decoded to audio (`_sample`'s decode after every level).
    public var decodeLevels: Bool

    /// A job from its parts.
    public init(
        mode: SamplingMode, sampleLength: Int, labels: [[Labeller.Label]], settings: [LevelSettings],
        decodeLevels: Bool = true
    ) {
        self.mode = mode
        self.sampleLength = sampleLength
        self.labels = labels
        self.settings = settings
        self.decodeLevels = decodeLevels
    }

    /// Number of takes (`hps.n_samples`).
    public var takes: Int { labels.first?.count ?? 0 }
}

/// What a job produced.
public struct SamplingResult: Sendable {
    /// Final tokens per level, `codes[level][take]`.
    public var codes: [[[Int]]]
    /// Decoded audio of every sampled level, (takes, 1, time) float32, not clamped; `nil` for
    /// levels that were not sampled or when decoding was off.
    public var audio: [Tensor?]
}
