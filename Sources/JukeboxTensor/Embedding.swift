// Embedding lookup: rows of a table selected by integer ids.

/// Looks up rows of `table` for each id.
///
/// Shapes: `table` `(rows, dim)` (any float dtype, widened); result `(ids.count, dim)`, `float32`.
///
/// - Parameters:
///   - table: Embedding matrix.
///   - ids: Row indices, each in `0 ..< rows`.
/// - Throws: ``TensorError/indexOutOfRange(index:position:tableRows:)`` for the first id outside the
///   table; nothing is returned then.
public func embedding(_ table: Tensor, ids: [Int]) throws -> Tensor {
    precondition(table.rank == 2, "embedding: table must be (rows, dim), got \(table.shape)")
    let (rows, dim) = (table.shape[0], table.shape[1])
    for (position, id) in ids.enumerated() where id < 0 || id >= rows {
        throw TensorError.indexOutOfRange(index: id, position: position, tableRows: rows)
    }
    var y = Tensor.uninitialized([ids.count, dim])  // (n, dim)
    y.withUnsafeMutableFloats { y in
        let base = y.baseAddress!
        ids.withUnsafeBufferPointer { ids in
            parallelFor(ids.count, minChunk: max(1, 16_384 / max(dim, 1))) { range in
                for position in range {
                    let start = ids[position] * dim
                    table.widen(elements: start..<(start + dim), into: base + position * dim)
                }
            }
        }
    }
    return y
}

/// Looks up rows of `table` for an integer tensor of ids.
///
/// Shapes: `table` `(rows, dim)`; `ids` any shape `S` (`int64`, `int32`, `int16`, `int8`, `uint8`);
/// result `S + (dim)`, `float32`.
///
/// - Throws: ``TensorError/indexOutOfRange(index:position:tableRows:)`` for the first id outside the
///   table (position counted in row-major order).
public func embedding(_ table: Tensor, ids: Tensor) throws -> Tensor {
    try embedding(table, ids: ids.ints()).reshaped(ids.shape + [table.size(-1)])
}
