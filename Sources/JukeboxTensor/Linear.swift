// Dense layers: Jukebox's own Conv1D (weight (n_in, n_out)) and nn.Linear (weight (out, in)).

/// How a dense layer's weight matrix is laid out.
public enum WeightLayout: Sendable, Equatable {
    /// `(n_in, n_out)`, so `y = x @ w + b`: Jukebox's `Conv1D` in `transformer/ops.py`.
    case inputMajor
    /// `(n_out, n_in)`, so `y = x @ w^T + b`: PyTorch's `nn.Linear`.
    case outputMajor
}

/// Floats of widened weight one thread widens and multiplies at a time (1 MiB, the L2 cache of
/// the test machine's cores).
let linearPieceFloats = 1 << 18

/// A dense layer over the last dimension: `y = x @ W + b` for ``WeightLayout/inputMajor``,
/// `y = x @ W^T + b` for ``WeightLayout/outputMajor``.
///
/// Shapes: `x` `(..., n_in)`; `weight` `(n_in, n_out)` or `(n_out, n_in)`; `bias` `(n_out)`;
/// result `(..., n_out)`, `float32`.
///
/// Up to 8 rows (a sampling step) go to a fused kernel of this module, which widens a 16-bit
/// weight in registers while accumulating and never calls BLAS. For more rows a `float32` weight
/// goes to one `sgemm`; a `float16`/`bfloat16` weight stays 16-bit in memory, and each compute
/// thread widens its share of the output columns about 1 MiB of floats at a time, each piece
/// going to `sgemm`, so no full float32 copy is made.
///
/// A `bfloat16` weight on a CPU with AVX-512 BF16 (``BF16Dot/isEnabled``) takes neither: the
/// activations are rounded to bfloat16 and multiplied by `vdpbf16ps` kernels, few rows and many
/// (``linearBF16Dot(x:rows:nIn:nOut:weight:layout:accumulate:y:)``), which changes the result by
/// the activations' rounding (a relative 2^-9 per element).
///
/// - Parameters:
///   - x: Input activations, `float32` (other float dtypes are widened).
///   - weight: Weight matrix in `layout`; `float32`, `float16` or `bfloat16`.
///   - bias: Optional bias of `n_out` elements.
///   - layout: Which dense-layer convention `weight` follows.
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, layout: WeightLayout) -> Tensor {
    linear(x, weight: weight, bias: bias, layout: layout, pieceFloats: linearPieceFloats)
}

/// ``linear(_:weight:bias:layout:)`` with an explicit widening piece in floats (tests use a small
/// one to exercise several pieces per thread) and an explicit choice of the bfloat16 dot-product
/// path (tests run both; `true` needs ``BF16Dot/isSupported``).
func linear(
    _ x: Tensor, weight: Tensor, bias: Tensor?, layout: WeightLayout, pieceFloats: Int,
    bf16Dot: Bool = BF16Dot.isEnabled
) -> Tensor {
    precondition(x.rank >= 1 && weight.rank == 2, "linear: x \(x.shape), weight \(weight.shape)")
    let nIn = layout == .inputMajor ? weight.shape[0] : weight.shape[1]
    let nOut = layout == .inputMajor ? weight.shape[1] : weight.shape[0]
    precondition(x.size(-1) == nIn, "linear: x \(x.shape) does not match weight \(weight.shape) (\(layout))")
    if let bias { precondition(bias.count == nOut, "linear: bias \(bias.shape) for \(nOut) outputs") }
    let rows = Tensor.elementCount(Array(x.shape.dropLast()))
    var y = Tensor.uninitialized(Array(x.shape.dropLast()) + [nOut])  // (rows, n_out)
    x.withWidenedFloats { x in
        y.withUnsafeMutableFloats { y in
            let output = y.baseAddress!
            let beta: Float = bias == nil ? 0 : 1
            if let bias { fillRows(output, rows: rows, with: bias) }
            if bf16Dot && weight.dtype == .bfloat16 {
                let accumulate = bias != nil || rows <= smallBatchRowLimit
                if bias == nil && rows <= smallBatchRowLimit { output.update(repeating: 0, count: rows * nOut) }
                linearBF16Dot(
                    x: x.baseAddress!, rows: rows, nIn: nIn, nOut: nOut, weight: weight, layout: layout,
                    accumulate: accumulate, y: output)
            } else if rows <= smallBatchRowLimit {
                if bias == nil { output.update(repeating: 0, count: rows * nOut) }
                linearSmallBatch(
                    x: x.baseAddress!, rows: rows, nIn: nIn, nOut: nOut, weight: weight, layout: layout, y: output)
            } else if weight.dtype == .float32 {
                weight.withUnsafeFloats { w in
                    multiplyBlock(
                        x: x.baseAddress!, rows: rows, nIn: nIn, block: w.baseAddress!, columns: nOut,
                        layout: layout, beta: beta, y: output, ldy: nOut)
                }
            } else {
                linearWidening(
                    x: x.baseAddress!, rows: rows, nIn: nIn, nOut: nOut, weight: weight, layout: layout, beta: beta,
                    y: output, pieceFloats: pieceFloats)
            }
        }
    }
    return y
}

/// Copies `bias` into every one of `rows` rows of `output` (`(rows, bias.count)`).
private func fillRows(_ output: UnsafeMutablePointer<Float>, rows: Int, with bias: Tensor) {
    bias.withWidenedFloats { b in
        let width = b.count
        parallelFor(rows, minChunk: max(1, 16_384 / max(width, 1))) { range in
            for row in range { (output + row * width).update(from: b.baseAddress!, count: width) }
        }
    }
}

/// `y[:, 0..<columns] = x @ block (+ beta * y)` for one block of weight columns.
///
/// - `x`: `(rows, nIn)`.
/// - `block`: `(nIn, columns)` for ``WeightLayout/inputMajor``, `(columns, nIn)` for
///   ``WeightLayout/outputMajor``, both contiguous.
/// - `y`: `(rows, columns)` with row stride `ldy`.
/// - `threaded`: false inside a ``parallelFor(_:minChunk:_:)`` chunk.
private func multiplyBlock(
    x: UnsafePointer<Float>, rows: Int, nIn: Int, block: UnsafePointer<Float>, columns: Int,
    layout: WeightLayout, beta: Float, y: UnsafeMutablePointer<Float>, ldy: Int, threaded: Bool = true
) {
    if rows == 0 || columns == 0 { return }
    if nIn == 0 {
        if beta == 0 { for row in 0..<rows { (y + row * ldy).update(repeating: 0, count: columns) } }
        return
    }
    let ldw = layout == .inputMajor ? columns : nIn
    BLAS.sgemm(
        transposeB: layout == .outputMajor, m: rows, n: columns, k: nIn, a: x, lda: nIn, b: block, ldb: ldw,
        beta: beta, c: y, ldc: ldy, threaded: threaded)
}

/// The 16-bit-weight path of ``linear(_:weight:bias:layout:)``: the output columns are cut into
/// groups of 16 shared out among the compute threads, and each thread widens its own columns
/// `pieceFloats` of widened weight at a time into its own scratch, still in the L2 cache when a
/// single-threaded sgemm reads it: no barrier between widening and multiplying, and no thread
/// waits on another's columns. `y` is `(rows, nOut)`.
private func linearWidening(
    x: UnsafePointer<Float>, rows: Int, nIn: Int, nOut: Int, weight: Tensor, layout: WeightLayout, beta: Float,
    y: UnsafeMutablePointer<Float>, pieceFloats: Int
) {
    if nIn == 0 || nOut == 0 {
        multiplyBlock(
            x: x, rows: rows, nIn: nIn, block: x, columns: nOut, layout: layout, beta: beta, y: y, ldy: nOut)
        return
    }
    let pieceWidth = max(16, (pieceFloats / nIn) / 16 * 16)
    parallelFor((nOut + 15) / 16, minChunk: max(1, 4096 / (16 * nIn))) { range in
        let end = min(range.upperBound * 16, nOut)
        var lower = range.lowerBound * 16
        // (nIn, columns) for input-major, (columns, nIn) for output-major
        let piece = UnsafeMutablePointer<Float>.allocate(capacity: min(pieceWidth, end - lower) * nIn)
        defer { piece.deallocate() }
        while lower < end {
            let columns = min(pieceWidth, end - lower)
            switch layout {
            case .inputMajor:
                // Columns lower..< of the (nIn, nOut) weight, one strided row at a time.
                for row in 0..<nIn {
                    let start = row * nOut + lower
                    weight.widen(elements: start..<(start + columns), into: piece + row * columns)
                }
            case .outputMajor:
                // Rows lower..< of the (nOut, nIn) weight are contiguous.
                let start = lower * nIn
                weight.widen(elements: start..<(start + columns * nIn), into: piece)
            }
            multiplyBlock(
                x: x, rows: rows, nIn: nIn, block: piece, columns: columns, layout: layout, beta: beta, y: y + lower,
                ldy: nOut, threaded: false)
            lower += columns
        }
    }
}
