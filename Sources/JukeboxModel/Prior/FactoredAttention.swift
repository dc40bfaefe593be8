// Port of jukebox/transformer/factored_attention.py (FactoredAttention) @ 08efbbc
import JukeboxTensor
import JukeboxWeights

/// Multi-head attention of one layer with the reference's factored key sets (types 0, 1, 2, 3,
/// 6, 7). Keys: `<prefix>.c_attn` (width -> 3 n_state, or n_state for type 6), `<prefix>.c_enc_kv`
/// (type 6: encoder width -> 2 n_state), `<prefix>.c_proj` (n_state -> width).
struct FactoredAttention: Sendable {
    let pattern: AttentionPattern
    let heads: Int
    let stateWidth: Int  // n_state
    let cAttn: PriorConv1D
    let cEncKV: PriorConv1D?
    let cProj: PriorConv1D

    var headDim: Int { stateWidth / heads }

    init(
        _ store: WeightStore, _ prefix: String, width: Int, stateWidth: Int, heads: Int, pattern: AttentionPattern,
        encoderWidth: Int?, halfWeights: Bool
    ) throws {
        precondition(stateWidth % heads == 0, "n_state \(stateWidth) not divisible by \(heads) heads")
        self.pattern = pattern
        self.heads = heads
        self.stateWidth = stateWidth
        let decoder = pattern.type == .encoderDecoder
        cAttn = try PriorConv1D(
            store, "\(prefix).c_attn", in: width, out: decoder ? stateWidth : 3 * stateWidth, halfWeights: halfWeights)
        cEncKV =
            decoder
            ? try PriorConv1D(
                store, "\(prefix).c_enc_kv", in: encoderWidth ?? width, out: 2 * stateWidth, halfWeights: halfWeights)
            : nil
        cProj = try PriorConv1D(store, "\(prefix).c_proj", in: stateWidth, out: width, halfWeights: halfWeights)
    }

    /// From projections already in memory (tests, tools).
    init(
        pattern: AttentionPattern, heads: Int, stateWidth: Int, cAttn: PriorConv1D, cEncKV: PriorConv1D?,
        cProj: PriorConv1D
    ) {
        precondition(stateWidth % heads == 0, "n_state \(stateWidth) not divisible by \(heads) heads")
        precondition((pattern.type == .encoderDecoder) == (cEncKV != nil), "c_enc_kv exactly for type 6")
        self.pattern = pattern
        self.heads = heads
        self.stateWidth = stateWidth
        self.cAttn = cAttn
        self.cEncKV = cEncKV
        self.cProj = cProj
    }

    /// Full masked forward over a whole sequence (teacher forcing): for each query group of
    /// ``AttentionPattern/groups(length:)``, `softmax(mask(scale * Q K^T)) V` with masked logits
    /// set to -1e9 as the reference does (``attendQueries``, with ``AttentionPattern/masking(_:)``).
    ///
    /// - `x`: (batch, length, width), already layer-normalised.
    /// - `encoderKV`: (batch, encoder length, encoder width), type 6 only.
    /// - returns (batch, length, width).
    func callAsFunction(_ x: Tensor, encoderKV: Tensor?) -> Tensor {
        precondition(pattern.type != .encoderDecoder || encoderKV != nil, "encoder-decoder layer without encoder_kv")
        let (batch, length) = (x.shape[0], x.shape[1])
        let s = stateWidth
        let hd = headDim
        let projected = cAttn(x)  // (batch, length, 3s) or (batch, length, s) for type 6
        let encoder = pattern.type == .encoderDecoder ? cEncKV!(encoderKV!) : nil  // (batch, E, 2s)
        let keyRows = encoder?.shape[1] ?? length
        let queryStride = projected.shape[2]
        let keyStride = encoder?.shape[2] ?? 3 * s
        let scale = attentionScale(headDim: hd)
        let groups = pattern.groups(length: length)
        let widest = groups.map { attentionScratchCount(rows: $0.queries.count, keyCount: $0.keys.count) }.max() ?? 0
        var out = Tensor.zeros([batch, length, s])  // (batch, length, s)
        var scratch = [Float](repeating: 0, count: max(widest, 1))  // scores of one chunk of queries
        projected.withUnsafeFloats { qkv in
            (encoder ?? projected).withUnsafeFloats { kvSource in
                out.withUnsafeMutableFloats { o in
                    scratch.withUnsafeMutableBufferPointer { w in
                        for n in 0..<batch {
                            for h in 0..<heads {
                                // Head h's columns: queries (length, hd) of (length, queryStride),
                                // keys (keyRows, hd) of (keyRows, keyStride), values s floats after the keys.
                                let q = qkv.baseAddress! + n * length * queryStride + h * hd
                                let k =
                                    encoder == nil
                                    ? kvSource.baseAddress! + n * length * keyStride + s + h * hd
                                    : kvSource.baseAddress! + n * keyRows * keyStride + h * hd
                                for group in groups {
                                    let (qs, ks) = (group.queries, group.keys)
                                    let keyBase = k + ks.first * keyStride
                                    attendQueries(
                                        queries: q + qs.first * queryStride, queryRowStride: qs.stride * queryStride,
                                        rows: qs.count, keys: keyBase, values: keyBase + s,
                                        keyRowStride: ks.stride * keyStride, keyCount: ks.count, headDim: hd,
                                        scale: scale, masking: pattern.masking(group), scratch: w,
                                        output: o.baseAddress! + (n * length + qs.first) * s + h * hd,
                                        outputRowStride: qs.stride * s)
                                }
                            }
                        }
                    }
                }
            }
        }
        return cProj(out)
    }

    /// Empty cache rows for this layer; type 6 layers get the projected encoder states now.
    ///
    /// - `encoderKV`: (batch, E, encoder width) for type 6.
    func makeCache(
        batch: Int, sequenceLength: Int, encoderKV: Tensor?, precision: KeyValuePrecision = .float32
    ) -> LayerCache {
        precondition(pattern.type != .encoderDecoder || encoderKV != nil, "encoder-decoder layer without encoder_kv")
        var cache = LayerCache(
            batch: batch, capacity: pattern.cacheCapacity(sequenceLength: sequenceLength), width: stateWidth,
            precision: precision)
        if pattern.type == .encoderDecoder, let encoderKV {
            let kv = cEncKV!(encoderKV)  // (batch, E, 2s)
            let (e, s) = (cache.capacity, stateWidth)
            kv.withUnsafeFloats { kv in
                for n in 0..<batch {
                    for row in 0..<e {
                        let source = kv.baseAddress! + (n * e + row) * 2 * s
                        cache.store(keys: source, values: source + s, at: (n * e + row) * s, count: s)
                    }
                }
            }
        }
        return cache
    }

    /// Bytes the cache of this layer holds for `batch` rows of a window of `sequenceLength`.
    func cacheBytes(batch: Int, sequenceLength: Int, precision: KeyValuePrecision) -> Int {
        LayerCache.bytes(
            batch: batch, capacity: pattern.cacheCapacity(sequenceLength: sequenceLength), width: stateWidth,
            precision: precision)
    }

    /// Incremental forward of positions `start ..< start + n` against `cache`, which already
    /// holds every earlier position this layer keeps; their keys and values are added.
    ///
    /// - `x`: (batch, n, width), already layer-normalised.
    /// - returns (batch, n, width).
    func step(_ x: Tensor, start: Int, cache: inout LayerCache) -> Tensor {
        let (batch, n) = (x.shape[0], x.shape[1])
        precondition(batch == cache.batch, "cache made for batch \(cache.batch), got \(batch)")
        let s = stateWidth
        let hd = headDim
        let projected = cAttn(x)  // (batch, n, 3s) or (batch, n, s)
        let queryStride = projected.shape[2]
        let capacity = cache.capacity
        let scale = attentionScale(headDim: hd)
        let bc = pattern.blockContext
        var out = Tensor.zeros([batch, n, s])  // (batch, n, s)
        var scratch = [Float](repeating: 0, count: max(capacity, 1))  // attention weights
        projected.withUnsafeFloats { qkv in
            out.withUnsafeMutableFloats { o in
                scratch.withUnsafeMutableBufferPointer { w in
                    var i = 0
                    while i < n {
                        // One segment never crosses a block boundary, so ring rows a query
                        // still needs are not overwritten before it reads them.
                        let p0 = start + i
                        let end = min(n, i + (bc - p0 % bc))
                        if pattern.type != .encoderDecoder {
                            for b in 0..<batch {
                                for j in i..<end {
                                    let p = start + j
                                    if pattern.type == .prime && p >= capacity { continue }
                                    let source = qkv.baseAddress! + (b * n + j) * queryStride
                                    cache.store(
                                        keys: source + s, values: source + 2 * s,
                                        at: (b * capacity + p % capacity) * s, count: s)
                                }
                            }
                        }
                        for j in i..<end {
                            guard let span = pattern.keys(forQuery: start + j) else { continue }
                            let row0 = span.first % capacity
                            for b in 0..<batch {
                                for h in 0..<heads {
                                    cache.attend(
                                        query: qkv.baseAddress! + (b * n + j) * queryStride + h * hd,
                                        at: (b * capacity + row0) * s + h * hd, count: span.count,
                                        rowStride: span.stride * s, headDim: hd, scale: scale, scratch: w.baseAddress!,
                                        output: o.baseAddress! + (b * n + j) * s + h * hd)
                                }
                            }
                        }
                        i = end
                    }
                }
            }
        }
        return cProj(out)
    }
}

/// `1/sqrt(sqrt(head_dim))` squared, as the reference applies it to `q @ k^T` at eval time.
func attentionScale(headDim: Int) -> Float {
    let s = 1.0 / Double(headDim).squareRoot().squareRoot()
    return Float(s * s)
}
