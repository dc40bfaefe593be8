// Softmax over the last dimension in float32.

/// Softmax over the last dimension, `exp(x - max) / sum(exp(x - max))` per row, in `float32`.
///
/// Shapes: `x` `(..., columns)`; result like `x`. An entry of `-infinity` or a very negative
/// logit (the `-1e9` attention mask) gets exactly zero weight.
public func softmax(_ x: Tensor) -> Tensor {
    precondition(x.rank >= 1, "softmax: x must have rank >= 1")
    let columns = x.size(-1)
    let rows = Tensor.elementCount(Array(x.shape.dropLast()))
    var y = Tensor.uninitialized(x.shape)  // (rows, columns)
    x.withWidenedFloats { x in
        y.withUnsafeMutableFloats { softmaxRows(x.baseAddress!, into: $0.baseAddress!, rows: rows, columns: columns) }
    }
    return y
}

/// ``softmax(_:)`` in place on a `float32` tensor.
public func softmax(inPlace x: inout Tensor) {
    precondition(x.rank >= 1, "softmax: x must have rank >= 1")
    let columns = x.size(-1)
    let rows = Tensor.elementCount(Array(x.shape.dropLast()))
    x.withUnsafeMutableFloats { softmaxRows($0.baseAddress!, rows: rows, columns: columns) }
}

/// Softmax of each row of a `(rows, columns)` row-major float buffer, in place and in parallel over
/// rows. For attention code that owns its score buffer.
///
/// - Parameters:
///   - data: `(rows, columns)` logits, replaced by probabilities.
///   - rows: Number of rows.
///   - columns: Row length, the softmax axis.
public func softmaxRows(_ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
    softmaxRows(data, into: data, rows: rows, columns: columns)
}

/// Softmax of each row of `source` `(rows, columns)` written to `destination` (which may be
/// `source`), in parallel over rows.
func softmaxRows(
    _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, rows: Int, columns: Int
) {
    if rows == 0 || columns == 0 { return }
    parallelFor(rows, minChunk: max(1, 8192 / columns)) { range in
        for row in range {
            softmaxRow(source + row * columns, into: destination + row * columns, count: columns)
        }
    }
}

/// Softmax of one row of `count` floats from `x` into `row` (which may be `x`).
@inline(__always)
private func softmaxRow(_ x: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>, count: Int) {
    let maximum = VectorMath.Vector(repeating: VectorMath.maximum(x, count: count))
    var sums = VectorMath.Vector()
    var i = 0
    while i + 8 <= count {
        let e = VectorMath.exp(VectorMath.load(x + i) - maximum)
        VectorMath.store(e, to: row + i)
        sums += e
        i += 8
    }
    var total = sums.sum()
    if i < count {
        let rest = count - i
        let e = VectorMath.exp(VectorMath.loadPartial(x + i, count: rest, padding: -.infinity) - maximum)
        VectorMath.storePartial(e, to: row + i, count: rest)
        total += e.sum()
    }
    let scale = VectorMath.Vector(repeating: 1 / total)
    i = 0
    while i + 8 <= count {
        VectorMath.store(VectorMath.load(row + i) * scale, to: row + i)
        i += 8
    }
    while i < count {
        row[i] *= scale[0]
        i += 1
    }
}
