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
/// Plain SIMD loops rather than BLAS: the products are small (a few hundred keys of one head),
/// too small for a BLAS call's set-up to pay off.
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
    for j in 0..<count { scratch[j] = dot(query, keys + j * rowStride, count: headDim) * scale }
    softmaxRows(scratch, rows: 1, columns: count)
    // (headDim) = (count, headDim)^T @ (count)
    output.update(repeating: 0, count: headDim)
    for j in 0..<count { addScaled(values + j * rowStride, scratch[j], into: output, count: headDim) }
}

/// `sum_i a[i] * b[i]` over `count` floats.
@inline(__always)
private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var (s0, s1) = (SIMD8<Float>(), SIMD8<Float>())
    var i = 0
    while i + 16 <= count {
        s0 += load8(a + i) * load8(b + i)
        s1 += load8(a + i + 8) * load8(b + i + 8)
        i += 16
    }
    var sum = (s0 + s1).sum()
    while i < count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}

/// `y[i] += scale * v[i]` over `count` floats.
@inline(__always)
private func addScaled(_ v: UnsafePointer<Float>, _ scale: Float, into y: UnsafeMutablePointer<Float>, count: Int) {
    let s = SIMD8<Float>(repeating: scale)
    var i = 0
    while i + 8 <= count {
        UnsafeMutableRawPointer(y + i).storeBytes(of: load8(y + i) + s * load8(v + i), as: SIMD8<Float>.self)
        i += 8
    }
    while i < count {
        y[i] += scale * v[i]
        i += 1
    }
}

/// Eight floats at `p` (any alignment).
@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
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
