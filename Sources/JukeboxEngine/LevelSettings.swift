// Port of jukebox/sample.py (the per-level sampling_kwargs and hps.hop_fraction) @ 08efbbc
import JukeboxModel

/// How one level is sampled: the prior's per-window options (the reference's per-level
/// `sampling_kwargs`) plus how the level's windows are laid out and batched. Indexed by level
/// (`settings[level]`) once, where a spec's top-first lists are read.
public struct LevelSettings: Sendable, Equatable {
    /// Temperature, top-k / top-p and the chunk of a re-fed prefix (`chunk_size`), as the prior takes them.
    public var sampling: SamplingOptions
    /// Takes sampled together in one prior call (`max_batch_size`); more are split.
    public var maxBatchSize: Int
    /// Hop between windows as a fraction of n_ctx (`hop_fraction[level]`).
    public var hopFraction: Double

    /// Settings from their parts.
    public init(
        temperature: Float = 1, topK: Int = 0, topP: Float = 0, chunkSize: Int, maxBatchSize: Int,
        hopFraction: Double
    ) {
        self.sampling = SamplingOptions(temperature: temperature, topK: topK, topP: topP, chunkSize: chunkSize)
        self.maxBatchSize = maxBatchSize
        self.hopFraction = hopFraction
    }

    /// The hop in tokens for a window of `contextLength` (`int(hop_fraction * n_ctx)`).
    public func hopLength(contextLength: Int) -> Int { Int(hopFraction * Double(contextLength)) }

    /// Checks every value the sampler relies on, so none reaches a precondition.
    /// - Throws: ``EngineError/invalidJob(reason:)`` naming the bad value.
    public func validate() throws(EngineError) {
        let chunk = sampling.chunkSize ?? 1
        guard chunk > 0 else { throw EngineError.invalidJob(reason: "chunk_size \(chunk) must be positive") }
        guard maxBatchSize > 0 else {
            throw EngineError.invalidJob(reason: "max_batch_size \(maxBatchSize) must be positive")
        }
        guard hopFraction > 0, hopFraction <= 1 else {
            throw EngineError.invalidJob(reason: "hop_fraction \(hopFraction) must be in (0, 1]")
        }
        let (temperature, topK, topP) = (sampling.temperature, sampling.topK, sampling.topP)
        guard temperature > 0, temperature.isFinite, topK >= 0, topP >= 0, topP <= 1 else {
            throw EngineError.invalidJob(
                reason: "temperature \(temperature) must be positive, top_k \(topK) >= 0, top_p \(topP) in [0, 1]")
        }
        guard topK == 0 || topP == 0 else {
            throw EngineError.invalidJob(reason: "top_k \(topK) and top_p \(topP): give one of them, not both")
        }
    }
}
