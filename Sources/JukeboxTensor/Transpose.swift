// Swapping the last two dimensions (NTC <-> NCT) with a contiguous copy.

/// Swaps the last two dimensions into a new contiguous tensor:
/// `y[..., j, i] = x[..., i, j]`. This is the reference's `permute(0, 2, 1)` between
/// `(batch, time, channels)` and `(batch, channels, time)`.
///
/// Shapes: `x` `(..., rows, columns)` (any float dtype, widened); result `(..., columns, rows)`, `float32`.
/// Copies in 32 x 32 tiles so both sides stay in cache.
public func transposeLastTwo(_ x: Tensor) -> Tensor {
    precondition(x.rank >= 2, "transposeLastTwo: x must have rank >= 2, got \(x.shape)")
    let (rows, columns) = (x.size(-2), x.size(-1))
    let batch = Tensor.elementCount(Array(x.shape.dropLast(2)))
    var y = Tensor.uninitialized(Array(x.shape.dropLast(2)) + [columns, rows])  // (..., columns, rows)
    let tile = 32
    let rowTiles = (rows + tile - 1) / tile
    x.withWidenedFloats { x in
        y.withUnsafeMutableFloats { y in
            let (source, target) = (x.baseAddress!, y.baseAddress!)
            parallelFor(batch * rowTiles, minChunk: max(1, 256 / max(columns / tile, 1))) { range in
                for job in range {
                    let (item, rowTile) = job.quotientAndRemainder(dividingBy: rowTiles)
                    let input = source + item * rows * columns  // (rows, columns)
                    let output = target + item * rows * columns  // (columns, rows)
                    let rowEnd = min(rows, (rowTile + 1) * tile)
                    var columnStart = 0
                    while columnStart < columns {
                        let columnEnd = min(columns, columnStart + tile)
                        for r in (rowTile * tile)..<rowEnd {
                            for c in columnStart..<columnEnd {
                                output[c * rows + r] = input[r * columns + c]
                            }
                        }
                        columnStart = columnEnd
                    }
                }
            }
        }
    }
    return y
}
