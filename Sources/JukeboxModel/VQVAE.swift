// Port of jukebox/vqvae/vqvae.py (VQVAE.encode / decode) and encdec.py (Encoder, Decoder) @ 08efbbc
import JukeboxTensor
import JukeboxWeights

/// The hierarchical VQ-VAE: one encoder per level reading raw audio, a codebook per level,
/// one decoder per level.
public struct VQVAE: Sendable {
    public let hyperparameters: VQVAEHyperparameters
    let encoders: [[EncoderConvBlock]]  // encoders[L] has L + 1 blocks
    let decoders: [[DecoderConvBlock]]  // decoders[L] has L + 1 blocks, run last to first
    let outputs: [Conv1dLayer]  // decoders[L].out
    let bottleneck: [BottleneckBlock]

    /// Builds the model on the weights in `store` (official key names).
    /// - Throws: `ModelError` naming a missing or misshapen weight.
    public init(_ hp: VQVAEHyperparameters, weights store: WeightStore) throws {
        hyperparameters = hp
        var encoders: [[EncoderConvBlock]] = []
        var decoders: [[DecoderConvBlock]] = []
        var outputs: [Conv1dLayer] = []
        for level in 0..<hp.levels {
            let blocks = (0...level).map { block in
                ConvBlockShape(
                    width: hp.width(level: level), depth: hp.depth(level: level), mConv: hp.mConv,
                    growth: hp.dilationGrowthRate, cycle: hp.dilationCycle, down: hp.downsT[block],
                    stride: hp.stridesT[block])
            }
            encoders.append(
                try blocks.enumerated().map { block, shape in
                    try EncoderConvBlock(
                        store, "encoders.\(level).level_blocks.\(block)", input: block == 0 ? 1 : hp.embWidth,
                        output: hp.embWidth, shape: shape)
                })
            decoders.append(
                try blocks.enumerated().map { block, shape in
                    try DecoderConvBlock(
                        store, "decoders.\(level).level_blocks.\(block)", input: hp.embWidth, output: hp.embWidth,
                        shape: shape, residualKey: "model", reverse: hp.reverseDecoderDilation, resScale: false)
                })
            outputs.append(
                try Conv1dLayer(store, "decoders.\(level).out", out: 1, in: hp.embWidth, kernel: 3, padding: 1))
        }
        self.encoders = encoders
        self.decoders = decoders
        self.outputs = outputs
        bottleneck = try (0..<hp.levels).map { try BottleneckBlock(store, level: $0, bins: hp.lBins, emb: hp.embWidth) }
    }

    /// Samples per code at each level (8, 32, 128 officially).
    public var hopLengths: [Int] { hyperparameters.hopLengths }

    /// The encoder of `level` up to the bottleneck: `audio` (batch, 1, time) -> per-block
    /// outputs, the last being (batch, emb, time / hop[level]).
    public func encoderOutputs(_ audio: Tensor, level: Int) -> [Tensor] {
        var outputs: [Tensor] = []
        var h = audio
        for block in encoders[level] {
            h = block(h)
            outputs.append(h)
        }
        return outputs
    }

    /// Codes of `audio` at each requested level.
    /// - Parameters:
    ///   - audio: (batch, 1, time) float32, time a multiple of the top hop length.
    ///   - levels: which levels to encode (each level's encoder reads the raw audio).
    /// - Returns: `codes[i]` for `levels[i]`: (batch, time / hop).
    public func encode(_ audio: Tensor, levels: [Int]) throws -> [[[Int]]] {
        guard audio.rank == 3, audio.shape[1] == 1 else {
            throw ModelError.invalidInput(reason: "audio must be (batch, 1, time), got \(audio.shape)")
        }
        let top = hopLengths.max() ?? 1
        guard audio.shape[2] % top == 0, audio.shape[2] > 0 else {
            throw ModelError.invalidInput(reason: "audio length \(audio.shape[2]) is not a positive multiple of \(top)")
        }
        return try levels.map { level in
            guard (0..<hyperparameters.levels).contains(level) else {
                throw ModelError.invalidInput(reason: "no level \(level)")
            }
            return bottleneck[level].encode(encoderOutputs(audio, level: level).last!)
        }
    }

    /// Code vectors of `codes` at `level`: (batch, time) -> (batch, emb, time).
    public func dequantise(_ codes: [[Int]], level: Int) throws -> Tensor {
        try bottleneck[level].decode(codes)
    }

    /// The decoder of `level` from code vectors, returning each block's output in the order
    /// they run (`level_blocks[level]` first, `level_blocks[0]` last) and the audio
    /// (batch, 1, time * hop[level]).
    public func decoderOutputs(_ vectors: Tensor, level: Int) -> (blocks: [Tensor], audio: Tensor) {
        var outputs: [Tensor] = []
        var h = vectors
        for block in decoders[level].reversed() {
            h = block(h)
            outputs.append(h)
        }
        return (outputs, self.outputs[level](h))
    }

    /// Audio from the codes of one level (only that level's decoder runs, as the reference's
    /// `decode(zs[L:], start_level=L)` does): (batch, time) -> (batch, 1, time * hop[level]).
    public func decode(_ codes: [[Int]], level: Int) throws -> Tensor {
        guard (0..<hyperparameters.levels).contains(level) else {
            throw ModelError.invalidInput(reason: "no level \(level)")
        }
        return decoderOutputs(try dequantise(codes, level: level), level: level).audio
    }
}
