// Port of jukebox/sample.py (the per-level sampling_kwargs and hps.hop_fraction) @ 08efbbc
import JukeboxModel

/// How one level is sampled: the reference's per-level `sampling_kwargs` plus its `hop_fraction`.
public struct LevelSettings: Sendable, Equatable {
    /// Logits are divided by this before filtering (`temp`).
    public var temperature: Float
    /// Keep the k most likely tokens (0 = off; 1 = greedy).
    public var topK: Int
    /// Nucleus mass (0 = off).
    public var topP: Float
    /// Prefix tokens fed per transformer call while priming a window (`chunk_size`).
    public var chunkSize: Int
    /// Takes sampled together in one prior call (`max_batch_size`); more are split.
    public var maxBatchSize: Int
    /// Hop between windows as a fraction of n_ctx (`hop_fraction[level]`).
    public var hopFraction: Double

    /// Settings from their parts.
    public init(
        temperature: Float = 1, topK: Int = 0, topP: Float = 0, chunkSize: Int, maxBatchSize: Int,
        hopFraction: Double
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.chunkSize = chunkSize
        self.maxBatchSize = maxBatchSize
        self.hopFraction = hopFraction
    }

    /// The hop in tokens for a window of `contextLength` (`int(hop_fraction * n_ctx)`).
    public func hopLength(contextLength: Int) -> Int { Int(hopFraction * Double(contextLength)) }

    /// The prior's per-window options.
    public var samplingOptions: SamplingOptions {
        SamplingOptions(temperature: temperature, topK: topK, topP: topP, chunkSize: chunkSize)
    }

    /// Checks the values the driver relies on.
    /// - Throws: ``EngineError/invalidJob(reason:)`` naming the bad value.
    public func validate() throws(EngineError) {
        guard chunkSize > 0 else { throw EngineError.invalidJob(reason: "chunk_size \(chunkSize) must be positive") }
        guard maxBatchSize > 0 else {
            throw EngineError.invalidJob(reason: "max_batch_size \(maxBatchSize) must be positive")
        }
        guard hopFraction > 0, hopFraction <= 1 else {
            throw EngineError.invalidJob(reason: "hop_fraction \(hopFraction) must be in (0, 1]")
        }
        guard temperature > 0, topK >= 0, topP >= 0, topP <= 1 else {
            throw EngineError.invalidJob(
                reason: "temperature \(temperature) must be positive, top_k \(topK) >= 0, top_p \(topP) in [0, 1]")
        }
    }
}
