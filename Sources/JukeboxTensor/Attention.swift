// Scaled dot-product attention of one head: a group of queries that share one key set (the full
// masked forward), and one query against a strided run of cached keys (incremental sampling).

/// Which keys each query of an ``attendQueries`` call sees. Masked logits are set to `-1e9` before
/// the softmax, as the Jukebox reference does, so a query that sees no key at all averages every
/// value with equal weight, like the reference.
public enum AttentionMasking: Sendable, Equatable {
    /// Every query sees every key.
    case none
    /// Query row `r` sits at sequence position `queryFirst + r * queryStride` and key `j` at
    /// `keyFirst + j * keyStride` (both strides at least 1); a query sees the keys at or before its
    /// own position, which are a prefix of the keys.
    case causal(queryFirst: Int, queryStride: Int, keyFirst: Int, keyStride: Int)

    /// How many leading keys (of `keyCount`) query row `row` sees; the rest are masked.
    @inline(__always)
    public func visibleKeys(row: Int, keyCount: Int) -> Int {
        switch self {
        case .none: return keyCount
        case .causal(let queryFirst, let queryStride, let keyFirst, let keyStride):
            let position = queryFirst + row * queryStride
            return position < keyFirst ? 0 : min(keyCount, (position - keyFirst) / keyStride + 1)
        }
    }
}

/// Query rows ``attendQueries`` scores at a time: it needs `min(rows, attentionRowChunk) * keyCount`
/// floats of scratch.
public let attentionRowChunk = 256

/// Floats of scratch ``attendQueries`` needs for `rows` queries against `keyCount` keys.
public func attentionScratchCount(rows: Int, keyCount: Int) -> Int {
    min(rows, attentionRowChunk) * keyCount
}

/// Attention of one head over a group of queries that share one key set:
/// `out = softmax(mask(scale * Q K^T)) V`, with masked logits set to `-1e9` (see ``AttentionMasking``).
///
/// The queries are scored ``attentionRowChunk`` rows at a time: per chunk one `sgemm` for the
/// scores, then the scale and the mask, ``softmaxRows(_:rows:columns:)``, and one `sgemm` for the
/// weighted values. Every operand is a strided run of rows, so the caller passes views into its
/// projected `(batch, length, 3 * state)` buffer (a head's columns, every block's or every
/// `stride`-th position) without copying. With no keys the output rows are zero.
///
/// - Parameters:
///   - queries: `(rows, headDim)`, row `r` at `queries + r * queryRowStride`.
///   - queryRowStride: Floats between query rows (at least `headDim`).
///   - rows: Number of queries.
///   - keys: `(keyCount, headDim)`, row `j` at `keys + j * keyRowStride`.
///   - values: `(keyCount, headDim)`, row `j` at `values + j * keyRowStride`.
///   - keyRowStride: Floats between key rows and between value rows (at least `headDim`).
///   - keyCount: Number of keys.
///   - headDim: Channels of one head.
///   - scale: Factor on `q . k` before the mask.
///   - masking: Which keys each query sees.
///   - scratch: At least ``attentionScratchCount(rows:keyCount:)`` floats (scores and weights).
///   - output: `(rows, headDim)`, row `r` at `output + r * outputRowStride`; other floats are left alone.
///   - outputRowStride: Floats between output rows (at least `headDim`).
public func attendQueries(
    queries: UnsafePointer<Float>, queryRowStride: Int, rows: Int,
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, keyRowStride: Int, keyCount: Int,
    headDim: Int, scale: Float, masking: AttentionMasking, scratch: UnsafeMutableBufferPointer<Float>,
    output: UnsafeMutablePointer<Float>, outputRowStride: Int
) {
    precondition(
        rows >= 0 && keyCount >= 0 && headDim > 0, "attention: rows \(rows), keys \(keyCount), head \(headDim)")
    precondition(
        queryRowStride >= headDim && keyRowStride >= headDim && outputRowStride >= headDim,
        "attention: row strides \(queryRowStride), \(keyRowStride), \(outputRowStride) below head size \(headDim)")
    if case .causal(_, let queryStride, _, let keyStride) = masking {
        precondition(queryStride >= 1 && keyStride >= 1, "attention: causal strides \(queryStride), \(keyStride)")
    }
    precondition(
        scratch.count >= attentionScratchCount(rows: rows, keyCount: keyCount),
        "attention: scratch \(scratch.count) < \(attentionScratchCount(rows: rows, keyCount: keyCount))")
    if keyCount == 0 {
        for r in 0..<rows { (output + r * outputRowStride).update(repeating: 0, count: headDim) }
        return
    }
    let w = scratch.baseAddress!  // (chunk rows, keyCount) scores, then weights
    var r0 = 0
    while r0 < rows {
        let chunk = min(attentionRowChunk, rows - r0)
        // (chunk, keyCount) = (chunk, headDim) @ (keyCount, headDim)^T
        BLAS.sgemm(
            transposeB: true, m: chunk, n: keyCount, k: headDim, a: queries + r0 * queryRowStride,
            lda: queryRowStride, b: keys, ldb: keyRowStride, c: w, ldc: keyCount)
        for r in 0..<chunk {
            let row = w + r * keyCount  // (keyCount)
            let visible = masking.visibleKeys(row: r0 + r, keyCount: keyCount)
            for j in 0..<visible { row[j] *= scale }
            for j in visible..<keyCount { row[j] = -1e9 }
        }
        softmaxRows(w, rows: chunk, columns: keyCount)
        // (chunk, headDim) = (chunk, keyCount) @ (keyCount, headDim)
        BLAS.sgemm(
            m: chunk, n: headDim, k: keyCount, a: w, lda: keyCount, b: values, ldb: keyRowStride,
            c: output + r0 * outputRowStride, ldc: outputRowStride)
        r0 += chunk
    }
}

/// One query of one head against `count` keys that lie `rowStride` floats apart:
/// `out = softmax(scale * K q) V`, with no mask (the caller passes only the keys the query sees).
///
/// Plain SIMD loops rather than BLAS: the products are small (a few hundred keys of one head),
/// too small for a BLAS call's set-up to pay off.
///
/// - Parameters:
///   - query: `(headDim)`.
///   - keys: `(count, headDim)`, row `j` at `keys + j * rowStride`.
///   - values: `(count, headDim)`, row `j` at `values + j * rowStride`.
///   - count: Number of keys (at least 1).
///   - rowStride: Floats between key rows and between value rows.
///   - headDim: Channels of one head.
///   - scale: Factor on `q . k`.
///   - scratch: At least `count` floats (the attention weights).
///   - output: `(headDim)`.
public func attendOneQuery(
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

/// ``attendOneQuery(query:keys:values:count:rowStride:headDim:scale:scratch:output:)`` over
/// keys and values stored as float16 bit patterns (a 16-bit key/value cache): each is widened
/// in registers as it is read, and the sums are float32.
public func attendOneQuery(
    query: UnsafePointer<Float>, float16Keys keys: UnsafePointer<UInt16>, values: UnsafePointer<UInt16>, count: Int,
    rowStride: Int, headDim: Int, scale: Float, scratch: UnsafeMutablePointer<Float>,
    output: UnsafeMutablePointer<Float>
) {
    precondition(count > 0, "attention over no keys")
    for j in 0..<count { scratch[j] = dotHalf(query, keys + j * rowStride, count: headDim) * scale }
    softmaxRows(scratch, rows: 1, columns: count)
    output.update(repeating: 0, count: headDim)
    for j in 0..<count { addScaledHalf(values + j * rowStride, scratch[j], into: output, count: headDim) }
}

/// `sum_i a[i] * widen(b[i])` over `count` values, `b` float16.
@inline(__always)
private func dotHalf(_ a: UnsafePointer<Float>, _ b: UnsafePointer<UInt16>, count: Int) -> Float {
    var (s0, s1) = (SIMD8<Float>(), SIMD8<Float>())
    var i = 0
    while i + 16 <= count {
        s0 += load8(a + i) * HalfFloat.widenFloat16(eightAt: b + i)
        s1 += load8(a + i + 8) * HalfFloat.widenFloat16(eightAt: b + i + 8)
        i += 16
    }
    var sum = (s0 + s1).sum()
    while i < count {
        sum += a[i] * HalfFloat.float(fromFloat16Bits: b[i])
        i += 1
    }
    return sum
}

/// `y[i] += scale * widen(v[i])` over `count` values, `v` float16.
@inline(__always)
private func addScaledHalf(
    _ v: UnsafePointer<UInt16>, _ scale: Float, into y: UnsafeMutablePointer<Float>, count: Int
) {
    let s = SIMD8<Float>(repeating: scale)
    var i = 0
    while i + 8 <= count {
        UnsafeMutableRawPointer(y + i).storeBytes(
            of: load8(y + i) + s * HalfFloat.widenFloat16(eightAt: v + i), as: SIMD8<Float>.self)
        i += 8
    }
    while i < count {
        y[i] += scale * HalfFloat.float(fromFloat16Bits: v[i])
        i += 1
    }
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
