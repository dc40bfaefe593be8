// Port of jukebox/prior/autoregressive.py (ConditionalAutoregressive2D.sample, primed_sample)
// and jukebox/prior/prior.py (SimplePrior.sample, prior_postprocess) @ 08efbbc
import JukeboxTensor

/// How tokens are drawn inside one window.
public struct SamplingOptions: Sendable, Equatable {
    /// Logits are divided by this before filtering (`temp`).
    public var temperature: Float = 1
    /// Keep the k most likely tokens (0 = off).
    public var topK: Int = 0
    /// Nucleus mass (0 = off).
    public var topP: Float = 0
    /// Prefix positions fed per transformer call while priming (`chunk_size`; `nil` = all at once).
    public var chunkSize: Int? = nil
    /// Keep every sampled step's raw `x_out` logits in ``PriorSample/stepLogits``.
    public var recordLogits: Bool = false
    /// How the window's key/value caches store their rows.
    public var keyValuePrecision: KeyValuePrecision = .float32

    /// Options with the given values; the defaults are the reference's (no filtering).
    public init(
        temperature: Float = 1, topK: Int = 0, topP: Float = 0, chunkSize: Int? = nil, recordLogits: Bool = false,
        keyValuePrecision: KeyValuePrecision = .float32
    ) {
        self.keyValuePrecision = keyValuePrecision
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.chunkSize = chunkSize
        self.recordLogits = recordLogits
    }
}

/// The result of sampling one window.
public struct PriorSample: Sendable {
    /// (batch, length) music codes: the prefix followed by the new tokens (for 1b_lyrics after
    /// subtracting n_vocab and clamping at 0, as `prior_postprocess` does).
    public var tokens: [[Int]]
    /// (batch, new tokens) ids in the transformer's vocabulary as drawn and fed back.
    public var rawTokens: [[Int]]
    /// (batch, new tokens, vocabulary) raw logits of each sampled step, when recorded.
    public var stepLogits: Tensor?
}

extension Prior {
    /// Samples one window with per-layer KV caches: ancestral (empty `prefix`) or primed (the
    /// prefix is fed through the caches in chunks first, its outputs discarded).
    ///
    /// - Parameters:
    ///   - prefix: (batch, P) existing music codes of this window (rows may be empty, all equal length).
    ///   - length: music tokens wanted in total, prefix included (`sample_tokens`; default n_ctx).
    ///   - conditioning: from ``conditioning(labels:upperCodes:)``.
    ///   - options: temperature, top-k / top-p, chunk size.
    ///   - generator: source of the categorical draws.
    ///   - progress: called after each sampled token with (tokens sampled, tokens to sample),
    ///     and with 0 tokens sampled after each chunk of the prefix;
    ///     throwing from it (e.g. `CancellationError`) stops sampling and is rethrown.
    /// - Returns: the window's codes, the raw drawn ids and (optionally) the step logits.
    /// - Throws: `ModelError.invalidInput` for ragged rows, a prefix not shorter than `length`,
    ///   or `length` beyond n_ctx; whatever `progress` throws.
    public func sample<G: RandomNumberGenerator>(
        prefix: [[Int]], length: Int? = nil, conditioning: PriorConditioning, options: SamplingOptions = .init(),
        using generator: inout G, progress: ((_ completed: Int, _ total: Int) throws -> Void)? = nil
    ) throws -> PriorSample {
        let hp = hyperparameters
        let batch = conditioning.start.shape[0]
        let wanted = length ?? hp.nCtx
        guard prefix.count == batch, let p0 = prefix.first?.count, prefix.allSatisfy({ $0.count == p0 }) else {
            throw ModelError.invalidInput(reason: "prefix needs \(batch) rows of equal length")
        }
        guard p0 < wanted, wanted <= hp.nCtx else {
            throw ModelError.invalidInput(
                reason: "prefix \(p0) and length \(wanted) must satisfy prefix < length <= \(hp.nCtx)")
        }
        var sequence = try self.sequence(codes: prefix, conditioning: conditioning)  // (batch, P)
        let primed = sequence[0].count
        let total = wanted + (hp.singleEncDec ? hp.nTokens : 0)
        let condition = sequenceCondition(conditioning)  // (batch, length, width) or nil
        var cache = model.transformer.makeCache(
            batch: batch, encoderKV: conditioning.encoderKV, precision: options.keyValuePrecision)
        let chunk = max(1, options.chunkSize ?? max(primed, 1))
        var fed = 0
        while fed < primed {
            let next = min(primed, fed + chunk)
            _ = try model.step(
                sequence: sequence, positions: fed..<next, condition: condition, start: conditioning.start,
                cache: &cache)
            fed = next
            try progress?(0, total - primed)  // a chance to stop during a long prefix
        }
        var recorded: [Float] = []
        let v = model.vocabulary
        for t in primed..<total {
            let h = try model.step(
                sequence: sequence, positions: t..<(t + 1), condition: condition, start: conditioning.start,
                cache: &cache)
            let logits = model.logits(h).floats()  // (batch, 1, vocab)
            if options.recordLogits { recorded += logits }
            for b in 0..<batch {
                var row = Array(logits[(b * v)..<((b + 1) * v)])
                if options.temperature != 1 { row = row.map { $0 / options.temperature } }
                row = filterLogits(row, topK: options.topK, topP: options.topP)
                sequence[b].append(try drawCategorical(row, using: &generator))
            }
            try progress?(t + 1 - primed, total - primed)
        }
        var stepLogits: Tensor? = nil
        if options.recordLogits {
            // recorded is (steps, batch, vocab); reorder to (batch, steps, vocab)
            let steps = total - primed
            var ordered = [Float](repeating: 0, count: recorded.count)
            for s in 0..<steps {
                for b in 0..<batch {
                    for i in 0..<v { ordered[(b * steps + s) * v + i] = recorded[(s * batch + b) * v + i] }
                }
            }
            stepLogits = Tensor(ordered, shape: [batch, steps, v])
        }
        let tokens = sequence.map { row in
            hp.singleEncDec ? row[hp.nTokens...].map { max($0 - hp.nVocab, 0) } : row
        }
        return PriorSample(tokens: tokens, rawTokens: sequence.map { Array($0[primed...]) }, stepLogits: stepLogits)
    }
}
