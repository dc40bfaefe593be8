// Port of jukebox/prior/autoregressive.py (ConditionalAutoregressive2D) @ 08efbbc
import JukeboxTensor

/// The transformer language model of a prior (and of the 5b_lyrics lyric encoder): token
/// embedding shifted right by one behind a start embedding, learned absolute positions,
/// per-position conditioning added before (and, unless `merged_decoder`, after) the transformer,
/// then `x_out`. Keys `<prefix>.x_emb.weight`, `.start_token` (encoder only), `.pos_emb.pos_emb`,
/// `.transformer.*`, `.x_out.weight` (absent for the encoder; a copy of x_emb when tied).
struct ConditionalAutoregressive: Sendable {
    let tokenEmbedding: Tensor  // (vocab, width)
    let startToken: Tensor?  // (1, width)
    let positionEmbedding: Tensor  // (length, width)
    let transformer: Transformer
    let outputWeight: Tensor?  // (vocab, width), nn.Linear layout
    let addConditionAfter: Bool
    let width: Int
    let vocabulary: Int
    let length: Int

    init(
        _ store: WeightStore, _ prefix: String, vocabulary: Int, shape: TransformerShape, hasStartToken: Bool,
        onlyEncode: Bool, mergedDecoder: Bool, halfWeights: Bool
    ) throws {
        let w = shape.width
        tokenEmbedding = try store.tensor("\(prefix).x_emb.weight", shape: [vocabulary, w]).converted(to: .float32)
        startToken =
            hasStartToken ? try store.tensor("\(prefix).start_token", shape: [1, w]).converted(to: .float32) : nil
        positionEmbedding = try store.tensor("\(prefix).pos_emb.pos_emb", shape: [shape.sequenceLength, w])
            .converted(to: .float32)
        transformer = try Transformer(store, "\(prefix).transformer", shape: shape, halfWeights: halfWeights)
        outputWeight =
            onlyEncode
            ? nil : try store.tensor("\(prefix).x_out.weight", shape: [vocabulary, w]).converted(to: .float32)
        addConditionAfter = !mergedDecoder
        width = w
        self.vocabulary = vocabulary
        length = shape.sequenceLength
    }

    /// Transformer inputs of `positions`: `(p == 0 ? start : x_emb[sequence[p-1]]) + pos_emb[p] + cond[p]`.
    ///
    /// - `sequence`: (batch, >= positions.upperBound - 1) token ids.
    /// - `condition`: (batch, length, width), or `nil` for zeros.
    /// - `start`: (batch, 1, width) `y_cond`, or `nil` to use the learned start token.
    /// - returns (batch, positions.count, width).
    /// - Throws: `ModelError.invalidInput` for a token outside the vocabulary.
    func inputs(sequence: [[Int]], positions: Range<Int>, condition: Tensor?, start: Tensor?) throws -> Tensor {
        let batch = sequence.count
        let w = width
        for row in sequence {
            for p in positions where p > 0 && !(0..<vocabulary).contains(row[p - 1]) {
                throw ModelError.invalidInput(reason: "token \(row[p - 1]) outside 0..<\(vocabulary)")
            }
        }
        let starts = start ?? startToken!  // (batch or 1, 1, width)
        let startRows = starts.count / w
        let zeros = Tensor.zeros([1])
        var out = [Float](repeating: 0, count: batch * positions.count * w)  // (batch, n, width)
        tokenEmbedding.withUnsafeFloats { table in
            positionEmbedding.withUnsafeFloats { pos in
                starts.withUnsafeFloats { starts in
                    (condition ?? zeros).withUnsafeFloats { cond in
                        for b in 0..<batch {
                            for (i, p) in positions.enumerated() {
                                let base = (b * positions.count + i) * w
                                let values =
                                    p == 0
                                    ? starts.baseAddress! + (startRows == 1 ? 0 : b) * w
                                    : table.baseAddress! + sequence[b][p - 1] * w
                                for c in 0..<w {
                                    var x = values[c] + pos[p * w + c]
                                    if condition != nil { x += cond[(b * length + p) * w + c] }
                                    out[base + c] = x
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(out, shape: [batch, positions.count, w])
    }

    /// Rows `positions` of `condition` (batch, length, width) -> (batch, n, width).
    func conditionRows(_ condition: Tensor, positions: Range<Int>) -> Tensor {
        let batch = condition.shape[0]
        var out: [Float] = []
        out.reserveCapacity(batch * positions.count * width)
        condition.withUnsafeFloats { all in
            for b in 0..<batch {
                out +=
                    all[((b * length + positions.lowerBound) * width)..<((b * length + positions.upperBound) * width)]
            }
        }
        return Tensor(out, shape: [batch, positions.count, width])
    }

    /// Teacher-forced hidden states of a whole sequence.
    ///
    /// - `sequence`: (batch, length) token ids (the last one is never fed in).
    /// - `encoderKV`: (batch, E, width) for type 6 layers.
    /// - returns (batch, length, width), with the condition re-added unless `merged_decoder`.
    func hidden(sequence: [[Int]], condition: Tensor?, start: Tensor?, encoderKV: Tensor?) throws -> Tensor {
        let x = try inputs(sequence: sequence, positions: 0..<length, condition: condition, start: start)
        var h = transformer(x, encoderKV: encoderKV)  // (batch, length, width)
        if addConditionAfter, let condition { addInPlace(&h, condition) }
        return h
    }

    /// Feeds `positions` (which must start at `cache.length`) through the cached transformer.
    /// - returns hidden states (batch, n, width) with the condition re-added unless `merged_decoder`.
    func step(
        sequence: [[Int]], positions: Range<Int>, condition: Tensor?, start: Tensor?, cache: inout TransformerCache
    ) throws -> Tensor {
        precondition(positions.lowerBound == cache.length, "positions \(positions) but cache at \(cache.length)")
        let x = try inputs(sequence: sequence, positions: positions, condition: condition, start: start)
        var h = transformer.step(x, cache: &cache)  // (batch, n, width)
        if addConditionAfter, let condition { addInPlace(&h, conditionRows(condition, positions: positions)) }
        return h
    }

    /// `x_out`: hidden (batch, n, width) -> logits (batch, n, vocab).
    func logits(_ hidden: Tensor) -> Tensor {
        linear(hidden, weight: outputWeight!, bias: nil, layout: .outputMajor)
    }
}
