import JukeboxTensor
import JukeboxWeights

/// The floors of one prior's work on this machine, from its shapes: a new token reads every
/// weight of the music transformer once (bytes / streaming-read bandwidth, or its multiply-adds
/// at the batch / the GEMM rate when that is longer), and a re-fed prefix token costs its
/// multiply-adds (FLOPs / the GEMM rate). Counted: the transformer's matrices, biases and norms
/// and the output projection; not counted: the lyrics encoder and its keys and values
/// (`c_enc_kv`, computed once per window), the embeddings (a row per token), attention over the
/// window (small next to the matrices at these widths).
public struct PriorCost: Sendable, Equatable {
    /// Bytes read per sampling step.
    public var bytesPerStep: Double
    /// Multiply-adds per token and take in the matrices.
    public var macsPerToken: Double
    /// Whether the matrices are bfloat16, so products run at the bfloat16 dot-product rate
    /// (``MachineRates/bf16GEMMGFLOPS``) rather than sgemm's.
    public var bf16Matrices = false

    /// A cost from its parts.
    public init(bytesPerStep: Double, macsPerToken: Double) {
        self.bytesPerStep = bytesPerStep
        self.macsPerToken = macsPerToken
    }

    /// The cost of a prior with `hp`, each tensor stored as `elementBytes(tensor)`-byte values.
    /// - Throws: as ``CheckpointSchema/prior(_:vqvae:)`` for hyper-parameters without a schema.
    public init(
        _ hp: PriorHyperparameters, vqvae: VQVAEHyperparameters, elementBytes: (ExpectedTensor) -> Int
    ) throws {
        var bytes = 0.0
        var macs = 0.0
        for tensor in try CheckpointSchema.prior(hp, vqvae: vqvae) {
            let perStep =
                (tensor.name.hasPrefix("prior.transformer._attn_mods.") && !tensor.name.contains(".c_enc_kv."))
                || tensor.name == "prior.x_out.weight"
            guard perStep else { continue }
            let count = Double(tensor.shape.reduce(1, *))
            bytes += count * Double(elementBytes(tensor))
            if tensor.shape.count == 2 { macs += count }
        }
        bytesPerStep = bytes
        macsPerToken = macs
    }

    /// The cost of a prior whose Conv1D matrices (`.w`) are stored as `matrixBytes`-byte values
    /// and everything else as float32 (how `convert --half` writes a bundle).
    public init(_ hp: PriorHyperparameters, vqvae: VQVAEHyperparameters, matrixBytes: Int) throws {
        try self.init(hp, vqvae: vqvae) { tensor in
            tensor.shape.count == 2 && tensor.name.hasSuffix(".w") ? matrixBytes : 4
        }
    }

    /// The cost of a prior as stored in `reader` (each tensor's own dtype; float32 for a name
    /// the file lacks).
    public init(_ hp: PriorHyperparameters, vqvae: VQVAEHyperparameters, storedIn reader: SafeTensorsReader) throws {
        let sizes = Dictionary(reader.entries.map { ($0.name, $0.dtype.byteSize) }, uniquingKeysWith: { a, _ in a })
        try self.init(hp, vqvae: vqvae) { sizes[$0.name] ?? 4 }
        bf16Matrices = reader.entries.contains { $0.name.hasSuffix(".c_attn.w") && $0.dtype == .bfloat16 }
    }

    /// Seconds of one step at batch `takes`: the weights read once, or the multiply-adds of the
    /// batch at the GEMM rate, whichever is longer.
    public func stepSeconds(takes: Int, rates: MachineRates) -> Double {
        max(bytesPerStep / (rates.readGBps * 1e9), 2 * macsPerToken * Double(takes) / (gemmGFLOPS(rates) * 1e9))
    }

    /// Seconds per re-fed position at batch `takes` (every take's row at that position).
    public func prefixSeconds(takes: Int, rates: MachineRates) -> Double {
        2 * macsPerToken * Double(takes) / (gemmGFLOPS(rates) * 1e9)
    }

    /// The best product rate for these matrices: bfloat16 dot products where they are
    /// bfloat16 and the rate was measured, sgemm otherwise.
    func gemmGFLOPS(_ rates: MachineRates) -> Double {
        bf16Matrices ? rates.bf16GEMMGFLOPS : rates.sgemmGFLOPS
    }
}
