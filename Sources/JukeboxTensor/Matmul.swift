// Matrix products through BLAS.

/// Matrix product of the last two dimensions, batched over the leading ones.
///
/// Shapes, with `op` the optional transpose of the last two dimensions:
/// - `a`: `(..., m, k)`, or `(..., k, m)` when `transposeA`.
/// - `b`: `(..., k, n)` with the same leading dimensions as `a`, or a plain `(k, n)` matrix shared
///   by every batch entry; `(…, n, k)` / `(n, k)` when `transposeB`.
/// - result: `(..., m, n)`, `float32`.
///
/// Inputs of dtype `float16`/`bfloat16` are widened first. A shared `(k, n)` right-hand side with
/// untransposed `a` runs as one `sgemm` over all batch rows; otherwise one `sgemm` per batch entry.
///
/// - Parameters:
///   - a: Left operand, rank >= 2.
///   - b: Right operand, rank 2 or the rank of `a`.
///   - transposeA: Use the transpose of each `a` matrix.
///   - transposeB: Use the transpose of each `b` matrix.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    precondition(a.rank >= 2, "matmul: a must have rank >= 2, got \(a.shape)")
    precondition(b.rank == 2 || b.rank == a.rank, "matmul: b \(b.shape) must be rank 2 or match a \(a.shape)")
    let batchShape = Array(a.shape.dropLast(2))
    if b.rank > 2 {
        precondition(Array(b.shape.dropLast(2)) == batchShape, "matmul: batch dims of \(a.shape) and \(b.shape) differ")
    }
    let m = transposeA ? a.size(-1) : a.size(-2)
    let k = transposeA ? a.size(-2) : a.size(-1)
    let kB = transposeB ? b.size(-1) : b.size(-2)
    let n = transposeB ? b.size(-2) : b.size(-1)
    precondition(k == kB, "matmul: inner dimensions differ, \(a.shape) x \(b.shape)")
    let batch = Tensor.elementCount(batchShape)
    var result = Tensor.uninitialized(batchShape + [m, n])  // (..., m, n)
    let sharedB = b.rank == 2
    a.withWidenedFloats { a in
        b.withWidenedFloats { b in
            result.withUnsafeMutableFloats { c in
                let lda = transposeA ? m : k
                let ldb = transposeB ? k : n
                if sharedB && !transposeA {
                    // (batch * m, k) @ (k, n): one call over every row.
                    BLAS.sgemm(
                        transposeB: transposeB, m: batch * m, n: n, k: k, a: a.baseAddress!, lda: lda,
                        b: b.baseAddress!, ldb: ldb, c: c.baseAddress!, ldc: n)
                    return
                }
                for item in 0..<batch {
                    BLAS.sgemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        a: a.baseAddress! + item * m * k, lda: lda,
                        b: b.baseAddress! + (sharedB ? 0 : item * k * n), ldb: ldb,
                        c: c.baseAddress! + item * m * n, ldc: n)
                }
            }
        }
    }
    return result
}
