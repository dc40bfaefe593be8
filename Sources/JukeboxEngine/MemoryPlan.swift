import JukeboxModel
import JukeboxWeights

/// A job's peak memory, worked out before it starts so that a job that cannot fit is refused
/// at once instead of failing hours in.
///
/// A job goes through phases, and only the model of the current phase is resident (see
/// ``WeightFiles``): encoding the primer and decoding each level (the VQ-VAE), and sampling
/// each level (that level's prior). The peak is the largest phase:
/// - sampling level L: the prior's weight file, its key/value caches for the takes batched
///   together (every layer's ring at the job's precision, exactly as allocated), the window's
///   conditioning (`x_cond` and the lyric encoder's keys and values, float32) and the
///   transients of one re-fed chunk;
/// - decoding: the VQ-VAE's weight file, every take's audio as float32 three times (decoded,
///   clamped, encoded) and the decoder's widest activations for one piece;
/// plus ``baseBytes`` for the process itself (runtime, libraries, OpenBLAS's buffers, the
/// label tables), measured on the 2-core test machine.
public struct MemoryPlan: Sendable, Equatable {
    /// Bytes of the weights resident in the peak phase.
    public var weightBytes: Int64
    /// Key/value cache bytes in the peak phase.
    public var cacheBytes: Int64
    /// Activation bytes in the peak phase (conditioning, transients).
    public var activationBytes: Int64
    /// Decoded audio and VQ-VAE working set in the peak phase.
    public var audioBytes: Int64
    /// The phase of the peak: `sample level L` or `decode`.
    public var peakPhase: String

    /// The process before any job: about 60 MiB resident for a daemon with a bundle loaded
    /// on the test machine; rounded up.
    public static let baseBytes: Int64 = 96 << 20

    /// The estimated peak.
    public var totalBytes: Int64 { Self.baseBytes + weightBytes + cacheBytes + activationBytes + audioBytes }

    /// The plan of sampling `levels` of `pipeline` for `takes` takes, `batch` takes per prior
    /// call, re-feeding `chunk` positions per call, with a result of `sampleLength` raw samples
    /// decoded `decodeChunkSamples` at a time.
    public init(
        pipeline: Pipeline, levels: [Int], takes: Int, batch: Int, chunk: Int, sampleLength: Int,
        decodeChunkSamples: Int, precision: (Int) -> KeyValuePrecision
    ) {
        let files = pipeline.weightFiles
        let vqvae = pipeline.vqvae.hyperparameters
        // Decoding: every take's audio as float32 three times, plus the decoder's widest
        // activations for one piece (width channels, a few live buffers).
        let audio = Int64(takes) * Int64(sampleLength) * 4 * 3 + Int64(decodeChunkSamples) * Int64(vqvae.width) * 4 * 6
        var best = (weights: Int64(files.codecBytes), cache: Int64(0), activations: Int64(0), audio: audio)
        var phase = "decode"
        let rows = min(takes, batch)
        for level in levels {
            let prior = pipeline.priors[level]
            let hp = prior.hyperparameters
            let cache = Int64(prior.cacheBytes(batch: rows, precision: precision(level)))
            let activations = Self.samplingActivationBytes(hp, rows: rows, chunk: chunk)
            let weights = Int64(files.priorBytes(level: level))
            if weights + cache + activations > best.weights + best.cache + best.activations + best.audio {
                best = (weights, cache, activations, 0)
                phase = "sample level \(level)"
            }
        }
        weightBytes = best.weights
        cacheBytes = best.cache
        activationBytes = best.activations
        audioBytes = best.audio
        peakPhase = phase
    }

    /// Float32 activations one window of `rows` batched takes holds: the window's conditioning
    /// (`x_cond`, and the lyric encoder's output and keys/values for 5b_lyrics), and twice the
    /// widest transients of one re-fed chunk (the MLP's hidden layer and the attention
    /// projections), plus the per-thread scratch of the matrix kernels.
    static func samplingActivationBytes(_ hp: PriorHyperparameters, rows: Int, chunk: Int) -> Int64 {
        let r = Int64(rows)
        let width = Int64(hp.priorWidth)
        var floats = r * Int64(hp.transformerLength) * width  // x_cond (batch, length, width)
        if hp.hasLyricEncoder {
            floats += r * Int64(hp.nTokens) * (Int64(hp.primeWidth ?? 0) + 3 * width)
        }
        floats += 2 * r * Int64(chunk) * (Int64(hp.mlpWidth) + 3 * Int64(hp.attentionWidth) + 4 * width)
        floats += 16 * r * Int64(hp.mlpWidth)  // the few-rows kernel's partial sums
        return floats * 4 + 2 * (4 << 20)  // two compute threads' 1 MiB-float pieces
    }

    /// A one-line breakdown in MiB.
    public var breakdown: String {
        func mib(_ b: Int64) -> Int64 { (b + (1 << 20) - 1) >> 20 }
        return "peak while \(peakPhase): weights \(mib(weightBytes)) MiB, key/value caches \(mib(cacheBytes)) MiB, "
            + "activations \(mib(activationBytes)) MiB, audio \(mib(audioBytes)) MiB, "
            + "process \(mib(Self.baseBytes)) MiB"
    }

    /// Throws when the plan exceeds `budget` bytes (nil: no budget).
    public func check(budget: Int64?) throws(EngineError) {
        guard let budget, totalBytes > budget else { return }
        throw .memoryBudgetExceeded(neededBytes: totalBytes, budgetBytes: budget, detail: breakdown)
    }
}
