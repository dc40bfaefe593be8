import JukeboxWeights

/// The floors of one prior's work on this machine, from its official shapes: a new token reads
/// every weight of the music transformer once (bytes / streaming-read bandwidth, or its
/// multiply-adds at the batch / the GEMM rate when that is longer), and a re-fed prefix token
/// costs its multiply-adds (FLOPs / the GEMM rate). Counted: the transformer's matrices,
/// biases and norms and the output projection; not counted: the lyrics encoder and its keys and
/// values (`c_enc_kv`, computed once per window), the embeddings (a row per token), attention
/// over the window (small next to the matrices at these widths).
struct PriorFloor {
    /// Bytes read per sampling step.
    var bytesPerStep: Double
    /// Multiply-adds per token and take in the matrices.
    var macsPerToken: Double

    /// The floor of a prior with `hp`, its Conv1D matrices stored as `matrixBytes`-byte values.
    init(_ hp: PriorHyperparameters, vqvae: VQVAEHyperparameters, matrixBytes: Int) throws {
        var bytes = 0.0
        var macs = 0.0
        for tensor in try CheckpointSchema.prior(hp, vqvae: vqvae) {
            let perStep =
                (tensor.name.hasPrefix("prior.transformer._attn_mods.") && !tensor.name.contains(".c_enc_kv."))
                || tensor.name == "prior.x_out.weight"
            guard perStep else { continue }
            let count = Double(tensor.shape.reduce(1, *))
            let matrix = tensor.shape.count == 2
            bytes += count * Double(matrix && tensor.name.hasSuffix(".w") ? matrixBytes : 4)
            if matrix { macs += count }
        }
        bytesPerStep = bytes
        macsPerToken = macs
    }

    /// Seconds of one step at batch `takes`: the weights read once, or the multiply-adds of the
    /// batch at the GEMM rate, whichever is longer.
    func stepSeconds(takes: Int, limits: MachineLimits) -> Double {
        max(bytesPerStep / (limits.readGBps * 1e9), 2 * macsPerToken * Double(takes) / (limits.sgemmGFLOPS * 1e9))
    }

    /// Seconds per re-fed position at batch `takes` (every take's row at that position).
    func prefixSeconds(takes: Int, limits: MachineLimits) -> Double {
        2 * macsPerToken * Double(takes) / (limits.sgemmGFLOPS * 1e9)
    }
}
