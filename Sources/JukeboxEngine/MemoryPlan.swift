import JukeboxWeights

/// A job's peak memory, estimated before it starts so that a job that cannot fit is refused
/// at once instead of failing hours in.
///
/// The peak is the bundle's weights (memory-mapped, resident while used) plus the largest
/// per-level working set among the sampled levels (every layer's key and value cache for the
/// takes batched together, and the activations of one prefix chunk) plus the decoded audio of
/// every take with the VQ-VAE's working set for one decode piece.
public struct MemoryPlan: Sendable, Equatable {
    /// Bytes of the bundle's weight files.
    public var weightBytes: Int64
    /// Key/value cache bytes of the largest sampled level.
    public var cacheBytes: Int64
    /// Activation bytes of the largest sampled level.
    public var activationBytes: Int64
    /// Decoded audio and VQ-VAE working set.
    public var audioBytes: Int64

    /// The estimated peak.
    public var totalBytes: Int64 { weightBytes + cacheBytes + activationBytes + audioBytes }

    /// The plan of sampling `levels` for `takes` takes, `batch` takes per prior call, with a
    /// result of `sampleLength` raw samples.
    public init(
        priors: [PriorHyperparameters], vqvae: VQVAEHyperparameters, weightBytes: Int, levels: [Int], takes: Int,
        batch: Int, chunk: Int, sampleLength: Int, decodeChunkSamples: Int
    ) {
        self.weightBytes = Int64(weightBytes)
        var cache: Int64 = 0
        var activations: Int64 = 0
        for level in levels {
            let hp = priors[level]
            let rows = Int64(min(takes, batch))
            let length = Int64(hp.transformerLength)
            let kv = 2 * Int64(hp.priorDepth) * rows * length * Int64(hp.attentionWidth) * 4
            let lyricKV =
                hp.hasLyricEncoder
                ? 2 * Int64(hp.priorDepth) * rows * Int64(hp.nTokens) * Int64(hp.attentionWidth) * 4 : 0
            let perRow =
                Int64(chunk) * (Int64(hp.mlpWidth) + 4 * Int64(hp.priorWidth) + Int64(hp.heads) * length)
                + length * Int64(hp.priorWidth)  // the upper-level condition of the window
            let act = rows * perRow * 4 * 2
            if kv + lyricKV + act > cache + activations {
                cache = kv + lyricKV
                activations = act
            }
        }
        self.cacheBytes = cache
        self.activationBytes = activations
        // Every take's audio as float32 three times (decoded, clamped, encoded), plus the decoder's
        // widest activations for one piece (width channels, a few live buffers).
        let width = Int64(vqvae.width)
        self.audioBytes = Int64(takes) * Int64(sampleLength) * 4 * 3 + Int64(decodeChunkSamples) * width * 4 * 6
    }

    /// A one-line breakdown in MiB.
    public var breakdown: String {
        func mib(_ b: Int64) -> Int64 { (b + (1 << 20) - 1) >> 20 }
        return "weights \(mib(weightBytes)) MiB, key/value caches \(mib(cacheBytes)) MiB, "
            + "activations \(mib(activationBytes)) MiB, audio \(mib(audioBytes)) MiB"
    }

    /// Throws when the plan exceeds `budget` bytes (nil: no budget).
    public func check(budget: Int64?) throws(EngineError) {
        guard let budget, totalBytes > budget else { return }
        throw .memoryBudgetExceeded(neededBytes: totalBytes, budgetBytes: budget, detail: breakdown)
    }
}
