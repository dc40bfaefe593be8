// Port of jukebox/transformer/transformer.py (Transformer) @ 08efbbc
import JukeboxTensor
import JukeboxWeights

/// Sizes of one transformer stack.
struct TransformerShape: Sendable {
    var width: Int
    var depth: Int
    var heads: Int
    var stateWidth: Int  // n_state = int(m_attn * width)
    var mlpWidth: Int  // int(m_mlp * width)
    var attnOrder: Int
    var sequenceLength: Int  // n_ctx of the transformer
    var blocks: Int
    /// `prime_len` of a merged lyrics+music sequence (type 7 layers).
    var primeLength: Int?
    /// Encoder positions and width for type 6 layers.
    var encoderLength: Int
    var encoderWidth: Int?
}

/// A plain list of `ResAttnBlock`s with no final LayerNorm. Keys `<prefix>._attn_mods.{d}.*`.
struct Transformer: Sendable {
    let blocks: [ResAttnBlock]
    let sequenceLength: Int

    init(_ store: WeightStore, _ prefix: String, shape: TransformerShape, halfWeights: Bool) throws {
        let types = try AttentionSchedule.types(depth: shape.depth, attnOrder: shape.attnOrder)
        let blockContext = shape.sequenceLength / shape.blocks
        let primeKeys = shape.primeLength.map { ($0 / shape.blocks + 1) * shape.blocks } ?? 0
        blocks = try types.enumerated().map { d, type in
            let layer = "\(prefix)._attn_mods.\(d)"
            if type == .summary || type == .summarySpread {
                throw ModelError.invalidInput(reason: "attention type \(type.rawValue) (layer \(d)) is not supported")
            }
            let pattern = AttentionPattern(
                type: type, blockContext: blockContext, primeKeyLength: type == .prime ? primeKeys : 0,
                encoderLength: type == .encoderDecoder ? shape.encoderLength : 0)
            return ResAttnBlock(
                attention: try FactoredAttention(
                    store, "\(layer).attn", width: shape.width, stateWidth: shape.stateWidth, heads: shape.heads,
                    pattern: pattern, encoderWidth: shape.encoderWidth, halfWeights: halfWeights),
                ln0: try PriorLayerNorm(store, "\(layer).ln_0", width: shape.width),
                mlp: try PriorMLP(
                    store, "\(layer).mlp", width: shape.width, hidden: shape.mlpWidth, halfWeights: halfWeights),
                ln1: try PriorLayerNorm(store, "\(layer).ln_1", width: shape.width))
        }
        sequenceLength = shape.sequenceLength
    }

    /// Full forward; `x` (batch, length, width) -> same shape.
    func callAsFunction(_ x: Tensor, encoderKV: Tensor?) -> Tensor {
        blocks.reduce(x) { h, block in block(h, encoderKV: encoderKV) }
    }

    /// Fresh caches for one window; `encoderKV` (batch, E, width) for type 6 layers.
    func makeCache(batch: Int, encoderKV: Tensor?, precision: KeyValuePrecision = .float32) -> TransformerCache {
        TransformerCache(
            layers: blocks.map {
                $0.attention.makeCache(
                    batch: batch, sequenceLength: sequenceLength, encoderKV: encoderKV, precision: precision)
            }, length: 0, batch: batch)
    }

    /// Bytes of the caches ``makeCache(batch:encoderKV:precision:)`` allocates.
    func cacheBytes(batch: Int, precision: KeyValuePrecision) -> Int {
        blocks.map { $0.attention.cacheBytes(batch: batch, sequenceLength: sequenceLength, precision: precision) }
            .reduce(0, +)
    }

    /// Feeds positions `cache.length ..< cache.length + n`; `x` (batch, n, width) -> same shape.
    func step(_ x: Tensor, cache: inout TransformerCache) -> Tensor {
        let start = cache.length
        precondition(start + x.shape[1] <= sequenceLength, "positions beyond the window of \(sequenceLength)")
        var h = x
        for d in blocks.indices { h = blocks[d].step(h, start: start, cache: &cache.layers[d]) }
        cache.length += x.shape[1]
        return h
    }
}
