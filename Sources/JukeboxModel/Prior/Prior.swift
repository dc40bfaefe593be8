// Port of jukebox/prior/prior.py (SimplePrior) @ 08efbbc
import JukeboxTensor
import JukeboxWeights

/// What a prior is conditioned on for one window (`SimplePrior.get_cond` and `get_encoder_kv`).
public struct PriorConditioning: Sendable {
    /// `y_cond`: artist + genre start embedding, (batch, 1, width).
    public var start: Tensor
    /// `x_cond` over the music positions: timing embedding (top priors) or the x-conditioner's
    /// output (upsamplers), (batch, n_ctx, width); `nil` when there is none.
    public var condition: Tensor?
    /// Lyric tokens of the window, (batch, n_tokens); empty rows without lyrics.
    public var lyricTokens: [[Int]]
    /// 5b_lyrics: lyric encoder output `prime_acts`, (batch, n_tokens, prime_width).
    public var lyricActivations: Tensor?
    /// 5b_lyrics: `encoder_kv = prime_state_ln(prime_state_proj(prime_acts))`, (batch, n_tokens, width).
    public var encoderKV: Tensor?
}

/// One Jukebox prior (`SimplePrior`): label conditioner, optional x-conditioner (upsamplers),
/// optional lyric encoder (5b_lyrics) and the transformer language model, in float32 with
/// float16 `Conv1D` weights widened inside the kernels. Immutable and shareable; per-window
/// state lives in a ``TransformerCache``.
public struct Prior: Sendable {
    /// The hyper-parameters it was built from.
    public let hyperparameters: PriorHyperparameters
    let xConditioner: XConditioner?
    let labels: LabelConditioner
    let lyricEncoder: ConditionalAutoregressive?
    let lyricProjection: PriorConv1D?  // prime_state_proj: prime_width -> width
    let lyricNorm: PriorLayerNorm?  // prime_state_ln
    let model: ConditionalAutoregressive
    /// Music codebook size (`l_bins`).
    public let codebookSize: Int

    /// Loads a prior from its weights (official key names).
    ///
    /// - Parameters:
    ///   - weights: The prior's tensors.
    ///   - hp: Its hyper-parameters (`validate()`d here).
    ///   - vqvae: The VQ-VAE it models (codebook size; strides of the level above for upsamplers).
    /// - Throws: `BundleError` for bad hyper-parameters, `ModelError` for a missing or misshapen weight.
    public init(weights store: WeightStore, hyperparameters hp: PriorHyperparameters, vqvae: VQVAEHyperparameters)
        throws
    {
        try hp.validate()
        guard hp.labels else { throw ModelError.invalidInput(reason: "priors without labels are not supported") }
        hyperparameters = hp
        codebookSize = vqvae.lBins
        xConditioner = hp.hasUpperLevel ? try XConditioner(store, hp, vqvae: vqvae) : nil
        labels = try LabelConditioner(store, hp, timePositions: hp.nCtx)
        let half = hp.fp16Params
        if hp.hasLyricEncoder {
            let pw = hp.primeWidth ?? 0
            let shape = TransformerShape(
                width: pw, depth: hp.primeDepth ?? 0, heads: hp.primeHeads ?? 1,
                stateWidth: Int(hp.primeMAttn * Double(pw)), mlpWidth: Int(hp.primeMMLP * Double(pw)),
                attnOrder: hp.primeAttnOrder ?? 0, sequenceLength: hp.nTokens, blocks: hp.primeBlocks ?? 1,
                primeLength: nil, encoderLength: 0, encoderWidth: nil)
            lyricEncoder = try ConditionalAutoregressive(
                store, "prime_prior", vocabulary: hp.nVocab, shape: shape, hasStartToken: true, onlyEncode: true,
                mergedDecoder: false, halfWeights: half)
            lyricProjection = try PriorConv1D(store, "prime_state_proj", in: pw, out: hp.priorWidth, halfWeights: half)
            lyricNorm = try PriorLayerNorm(store, "prime_state_ln", width: hp.priorWidth)
            // prime_x_out (n_vocab, width) only feeds the training loss on lyrics; checked, not kept.
            _ = try store.tensor("prime_x_out.weight", shape: [hp.nVocab, hp.priorWidth])
        } else {
            (lyricEncoder, lyricProjection, lyricNorm) = (nil, nil, nil)
        }
        let shape = TransformerShape(
            width: hp.priorWidth, depth: hp.priorDepth, heads: hp.heads, stateWidth: hp.attentionWidth,
            mlpWidth: hp.mlpWidth, attnOrder: hp.attnOrder, sequenceLength: hp.transformerLength, blocks: hp.blocks,
            primeLength: hp.singleEncDec ? hp.nTokens : nil, encoderLength: hp.hasLyricEncoder ? hp.nTokens : 0,
            encoderWidth: hp.hasLyricEncoder ? hp.priorWidth : nil)
        model = try ConditionalAutoregressive(
            store, "prior", vocabulary: hp.singleEncDec ? hp.nVocab + vqvae.lBins : vqvae.lBins, shape: shape,
            hasStartToken: false, onlyEncode: false, mergedDecoder: hp.mergedDecoder, halfWeights: half)
    }

    /// Size of the transformer's vocabulary: `l_bins`, or `n_vocab + l_bins` for a merged sequence.
    public var vocabulary: Int { model.vocabulary }

    /// The type the music transformer's matrices are kept in (its first layer's `c_attn`):
    /// `float32`, or a 16-bit type widened inside the kernels.
    public var matrixType: DType { model.transformer.blocks.first?.attention.cAttn.weight.dtype ?? .float32 }

    /// The key/value cache precision a job on this prior uses: 16-bit when its matrices are
    /// 16-bit (the reference samples in float16), float32 otherwise (float32 bundles stay as
    /// exact as the golden cases ask).
    public var jobKeyValuePrecision: KeyValuePrecision { matrixType == .float32 ? .float32 : .float16 }

    /// Bytes of the key/value caches one window of `batch` rows allocates at `precision`
    /// (every layer's ring: a block, two blocks, the whole window or the encoder's rows).
    public func cacheBytes(batch: Int, precision: KeyValuePrecision) -> Int {
        model.transformer.cacheBytes(batch: batch, precision: precision)
    }

    /// The integer indices the label conditioner uses for `labels` (batch, 4 + genre slots [+ lyrics]).
    /// - Throws: `ModelError.invalidInput` for a bad label vector or timing value.
    public func labelBins(_ labels: [[Int]]) throws -> LabelBins {
        try self.labels.bins(labels)
    }

    /// `get_cond` (+ `get_encoder_kv`) for one window.
    ///
    /// - Parameters:
    ///   - labels: (batch, 4 + max_bow_genre_size + n_tokens) label vectors (lyric tokens last).
    ///   - upperCodes: upsamplers: codes of the level above for this window, (batch, n_ctx / up).
    /// - Throws: `ModelError.invalidInput` for wrong lengths or out-of-range values.
    public func conditioning(labels y: [[Int]], upperCodes: [[Int]]? = nil) throws -> PriorConditioning {
        let hp = hyperparameters
        let labelCount = 4 + hp.maxBowGenreSize
        guard !y.isEmpty, y.allSatisfy({ $0.count == labelCount + hp.nTokens }) else {
            throw ModelError.invalidInput(reason: "label vectors must have \(labelCount + hp.nTokens) entries")
        }
        let head = y.map { Array($0[0..<labelCount]) }
        let lyrics = y.map { Array($0[labelCount...]) }
        let start = try labels.startEmbedding(head)
        var condition = try labels.timing(head)
        if let xConditioner {
            guard let upperCodes, upperCodes.count == y.count else {
                throw ModelError.invalidInput(reason: "an upsampler needs the upper level's codes for every row")
            }
            var upper = try xConditioner(upperCodes)
            let positions = upper.shape[1]
            guard positions > 0, positions <= hp.nCtx else {
                throw ModelError.invalidInput(reason: "upper codes give \(positions) positions, need 1...\(hp.nCtx)")
            }
            // A song shorter than the window (`get_z_conds` slices what there is): the positions
            // past the upper codes are never sampled; zeros keep the (batch, n_ctx, width) layout.
            if positions < hp.nCtx { upper = Self.padPositions(upper, to: hp.nCtx) }
            condition = upper
        }
        var result = PriorConditioning(start: start, condition: condition, lyricTokens: lyrics)
        if let lyricEncoder, let lyricProjection, let lyricNorm {
            let acts = try lyricEncoder.hidden(sequence: lyrics, condition: nil, start: nil, encoderKV: nil)
            result.lyricActivations = acts  // (batch, n_tokens, prime_width)
            result.encoderKV = lyricNorm(lyricProjection(acts))  // (batch, n_tokens, width)
        }
        return result
    }

    /// Teacher-forced logits of music codes (`z_forward(get_preds=True)`).
    ///
    /// - Parameters:
    ///   - codes: (batch, n_ctx) music codes of this level.
    ///   - conditioning: from ``conditioning(labels:upperCodes:)``.
    /// - Returns: (batch, transformer length, vocabulary); for 1b_lyrics the lyric positions come
    ///   first and music ids are shifted by n_vocab.
    /// - Throws: `ModelError.invalidInput` for wrong lengths or out-of-range codes.
    public func logits(codes: [[Int]], conditioning: PriorConditioning) throws -> Tensor {
        guard codes.allSatisfy({ $0.count == hyperparameters.nCtx }) else {
            throw ModelError.invalidInput(reason: "teacher forcing needs \(hyperparameters.nCtx) codes per row")
        }
        let h = try model.hidden(
            sequence: try sequence(codes: codes, conditioning: conditioning),
            condition: sequenceCondition(conditioning), start: conditioning.start, encoderKV: conditioning.encoderKV)
        return model.logits(h)
    }

    /// Transformer token sequence: music codes, or (1b_lyrics) lyric tokens then codes + n_vocab.
    func sequence(codes: [[Int]], conditioning: PriorConditioning) throws -> [[Int]] {
        let hp = hyperparameters
        for row in codes where !row.allSatisfy({ (0..<codebookSize).contains($0) }) {
            throw ModelError.invalidInput(reason: "music code outside 0..<\(codebookSize)")
        }
        guard hp.singleEncDec else { return codes }
        guard conditioning.lyricTokens.count == codes.count else {
            throw ModelError.invalidInput(
                reason: "\(codes.count) code rows but \(conditioning.lyricTokens.count) lyric rows")
        }
        return zip(conditioning.lyricTokens, codes).map { lyric, music in lyric + music.map { $0 + hp.nVocab } }
    }

    /// Per-position conditioning over the transformer sequence, (batch, length, width): zeros in
    /// front of the music part for 1b_lyrics.
    /// `x` (batch, n, width) followed by zero rows up to (batch, length, width).
    static func padPositions(_ x: Tensor, to length: Int) -> Tensor {
        let (batch, n, w) = (x.shape[0], x.shape[1], x.shape[2])
        var out = [Float](repeating: 0, count: batch * length * w)
        x.withUnsafeFloats { x in
            for b in 0..<batch {
                for i in 0..<(n * w) { out[b * length * w + i] = x[b * n * w + i] }
            }
        }
        return Tensor(out, shape: [batch, length, w])
    }

    func sequenceCondition(_ conditioning: PriorConditioning) -> Tensor? {
        guard let condition = conditioning.condition else { return nil }
        let hp = hyperparameters
        guard hp.singleEncDec else { return condition }
        let (batch, w) = (condition.shape[0], hp.priorWidth)
        var out = [Float](repeating: 0, count: batch * hp.transformerLength * w)
        condition.withUnsafeFloats { c in
            for b in 0..<batch {
                for i in 0..<(hp.nCtx * w) {
                    out[(b * hp.transformerLength + hp.nTokens) * w + i] = c[b * hp.nCtx * w + i]
                }
            }
        }
        return Tensor(out, shape: [batch, hp.transformerLength, w])
    }
}
