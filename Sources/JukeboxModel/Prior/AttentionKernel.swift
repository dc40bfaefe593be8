import JukeboxTensor

// Port of jukebox/transformer/factored_attention.py (FactoredAttention._attn, eval mode) @ 08efbbc
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `1/sqrt(sqrt(head_dim))` squared, as the reference applies it to `q @ k^T` at eval time.
func attentionScale(headDim: Int) -> Float {
    let s = 1.0 / Double(headDim).squareRoot().squareRoot()
    return Float(s * s)
}

/// One query of one head against `count` keys that lie `rowStride` floats apart:
/// `out = softmax(scale * K q) V`.
///
/// - `query`: (headDim).
/// - `keys`, `values`: row `j` at `keys + j * rowStride` (headDim floats each).
/// - `scratch`: at least `count` floats (the attention weights).
/// - `output`: (headDim).
func attendOneQuery(
    query: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>, count: Int,
    rowStride: Int, headDim: Int, scale: Float, scratch: UnsafeMutablePointer<Float>,
    output: UnsafeMutablePointer<Float>
) {
    precondition(count > 0, "attention over no keys")
    // (count) = (count, headDim) @ (headDim)
    BLAS.sgemv(rows: count, columns: headDim, a: keys, lda: rowStride, x: query, y: scratch)
    for j in 0..<count { scratch[j] *= scale }
    softmaxRows(scratch, rows: 1, columns: count)
    // (headDim) = (count, headDim)^T @ (count)
    BLAS.sgemv(transpose: true, rows: count, columns: headDim, a: values, lda: rowStride, x: scratch, y: output)
}

/// Naive twin of ``attendOneQuery(query:keys:values:count:rowStride:headDim:scale:scratch:output:)``
/// (plain loops, float64 softmax sums): the test oracle.
func attendOneQueryNaive(
    query: [Float], keys: [[Float]], values: [[Float]], scale: Float
) -> [Float] {
    let logits = keys.map { k in zip(query, k).reduce(Float(0)) { $0 + $1.0 * $1.1 } * scale }
    let top = logits.max() ?? 0
    let exps = logits.map { Double(exp($0 - top)) }
    let total = exps.reduce(0, +)
    var out = [Float](repeating: 0, count: query.count)
    for (j, v) in values.enumerated() {
        for i in 0..<out.count { out[i] += Float(exps[j] / total) * v[i] }
    }
    return out
}
