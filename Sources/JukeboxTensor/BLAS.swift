// The only file that talks to OpenBLAS (cblas plus its thread controls).
import COpenBLAS

/// Thin, checked wrappers around the OpenBLAS routines the kernels use.
///
/// All matrices are row-major. Nothing outside this module calls these; layers call the kernels
/// (``matmul(_:_:transposeA:transposeB:)``, ``linear(_:weight:bias:layout:)``,
/// ``conv1d(_:weight:bias:stride:padding:dilation:)``, ``attendQueries``), which call these, and the
/// benchmarks measure the machine with ``MatmulRate``.
public enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C` in single precision, row-major (calls `cblas_sgemm`).
    ///
    /// `op(A)` is `(m, k)` and `op(B)` is `(k, n)`; `C` is `(m, n)`.
    ///
    /// OpenBLAS runs single-threaded; a large product is cut into blocks of 16 rows or columns
    /// (whichever dimension is longer) that run on ``ComputeThreads/count`` threads of
    /// ``parallelFor(_:minChunk:_:)``. One set of compute threads instead of two: OpenBLAS's own
    /// threads spin for about 80 ms after each call, and beside the module's loops they made
    /// prior steps of 16 rows and prefix processing 1.5-2.5 times slower in about half the runs
    /// on the 2-core test machine; this way the VQ-VAE encoder's upper levels also ran 40% faster.
    ///
    /// - Parameters:
    ///   - transposeA: Whether `A` is stored as `(k, m)` and used transposed.
    ///   - transposeB: Whether `B` is stored as `(n, k)` and used transposed.
    ///   - m: Rows of `op(A)` and `C`.
    ///   - n: Columns of `op(B)` and `C`.
    ///   - k: Inner dimension.
    ///   - alpha: Scale of the product.
    ///   - a: First element of `A`.
    ///   - lda: Distance in elements between rows of `A` as stored (at least its column count).
    ///   - b: First element of `B`.
    ///   - ldb: Distance between rows of `B` as stored.
    ///   - beta: Scale of the old `C`; with `0` the old contents are ignored (may be garbage or NaN).
    ///   - c: First element of `C`.
    ///   - ldc: Distance between rows of `C` (at least `n`).
    ///   - threaded: Whether a large product may be split across ``ComputeThreads/count`` threads
    ///     (false inside a ``parallelFor(_:minChunk:_:)`` chunk).
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, threaded: Bool = true
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative size m \(m) n \(n) k \(k)")
        precondition(lda >= max(1, transposeA ? m : k), "sgemm: lda \(lda) too small")
        precondition(ldb >= max(1, transposeB ? k : n), "sgemm: ldb \(ldb) too small")
        precondition(ldc >= max(1, n), "sgemm: ldc \(ldc) too small")
        if m == 0 || n == 0 { return }
        let product = SgemmOperands(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
            ldb: ldb, beta: beta, c: c, ldc: ldc)
        if threaded && ComputeThreads.count > 1 && m * n * k >= 1 << 21 && max(m, n) >= 32 {
            product.runSplit()
        } else {
            product.run(rows: 0..<m, columns: 0..<n)
        }
    }

    /// `y = alpha * op(A) * x + beta * y` in single precision, row-major (calls `cblas_sgemv`).
    ///
    /// `A` is stored as `(rows, columns)`; `op(A)` is `A` or its transpose, so `x` has `columns`
    /// elements and `y` has `rows` (or the other way round when `transpose` is true).
    ///
    /// - Parameters:
    ///   - transpose: Whether to multiply by the transpose of `A`.
    ///   - rows: Rows of `A` as stored.
    ///   - columns: Columns of `A` as stored.
    ///   - alpha: Scale of the product.
    ///   - a: First element of `A`.
    ///   - lda: Distance between rows of `A` (at least `columns`).
    ///   - x: Input vector.
    ///   - incx: Stride of `x` in elements (non-zero).
    ///   - beta: Scale of the old `y`; with `0` the old contents are ignored.
    ///   - y: Output vector.
    ///   - incy: Stride of `y` in elements (non-zero).
    public static func sgemv(
        transpose: Bool = false, rows: Int, columns: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>, incx: Int = 1,
        beta: Float = 0, y: UnsafeMutablePointer<Float>, incy: Int = 1
    ) {
        precondition(rows >= 0 && columns >= 0, "sgemv: negative size \(rows) x \(columns)")
        precondition(lda >= max(1, columns), "sgemv: lda \(lda) too small")
        precondition(incx != 0 && incy != 0, "sgemv: zero increment")
        if rows == 0 || columns == 0 { return }
        _ = singleThreadedOpenBLAS
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasInt(rows), blasInt(columns), alpha, a,
            blasInt(lda), x, blasInt(incx), beta, y, blasInt(incy))
    }

    /// Threads OpenBLAS uses per call (calls `openblas_get_num_threads`): 1 once a BLAS call ran.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Name of the CPU kernel set OpenBLAS selected at load, e.g. `Haswell` or `SkylakeX`
    /// (calls `openblas_get_corename`). Benchmarks report this.
    public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// OpenBLAS build configuration, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64`
    /// (calls `openblas_get_config`).
    public static var configuration: String { openblas_get_config().map { String(cString: $0) } ?? "unknown" }

    /// Run once before the first BLAS call: OpenBLAS keeps to the calling thread (see
    /// ``sgemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:threaded:)``).
    static let singleThreadedOpenBLAS: Void = openblas_set_num_threads(1)
}

/// One `cblas_sgemm` call's operands, which ``BLAS/sgemm`` may cut into row or column blocks.
private struct SgemmOperands: @unchecked Sendable {
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let alpha: Float
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>, ldb: Int
    let beta: Float
    let c: UnsafeMutablePointer<Float>, ldc: Int

    /// `C[rows, columns]` on the calling thread. Either range is the whole dimension.
    func run(rows: Range<Int>, columns: Range<Int>) {
        _ = BLAS.singleThreadedOpenBLAS
        let aBlock = a + (transposeA ? rows.lowerBound : rows.lowerBound * lda)
        let bBlock = b + (transposeB ? columns.lowerBound * ldb : columns.lowerBound)
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasInt(rows.count), blasInt(columns.count), blasInt(k), alpha, aBlock, blasInt(lda), bBlock,
            blasInt(ldb), beta, c + rows.lowerBound * ldc + columns.lowerBound, blasInt(ldc))
    }

    /// Cuts the longer of `m` and `n` into blocks of 16 and runs them on the compute threads.
    func runSplit() {
        let splitColumns = n >= m
        let length = splitColumns ? n : m
        parallelFor((length + 15) / 16, minChunk: 2) { blocks in
            let part = (blocks.lowerBound * 16)..<min(blocks.upperBound * 16, length)
            run(rows: splitColumns ? 0..<m : part, columns: splitColumns ? part : 0..<n)
        }
    }
}

private func blasInt(_ value: Int) -> blasint {
    guard let converted = blasint(exactly: value) else {
        preconditionFailure("\(value) does not fit OpenBLAS's integer type")
    }
    return converted
}
