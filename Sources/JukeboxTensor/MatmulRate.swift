// The machine's matrix-product rate through the kernels' BLAS, for the benchmarks' rooflines.

/// Best single-precision matrix-product rate of ``BLAS/sgemm`` on this machine, with the work split
/// across ``ComputeThreads/count`` threads as the kernels split it. Benchmarks report their figures
/// against it; model code never needs it.
public struct MatmulRate: Sendable {
    /// Best rate of the timed products, GFLOP/s (`2 size^3` floating-point operations each).
    public var gflops: Double
    /// The OpenBLAS kernel set that ran, e.g. `Haswell` (``BLAS/coreName``).
    public var kernel: String

    /// Times `repeats` products of two `(size, size)` matrices and keeps the fastest.
    ///
    /// - Parameters:
    ///   - size: Rows and columns of each square matrix (2048 takes about 0.1 s per product at
    ///     200 GFLOP/s).
    ///   - repeats: Products timed (at least 1).
    public static func measure(size n: Int = 2048, repeats: Int = 3) -> MatmulRate {
        precondition(n > 0 && repeats > 0, "MatmulRate: size \(n), repeats \(repeats)")
        let a = (0..<(n * n)).map { Float($0 % 97) / 97 - 0.5 }  // (n, n)
        let b = a  // (n, n)
        var c = [Float](repeating: 0, count: n * n)  // (n, n)
        let clock = ContinuousClock()
        var best = Duration.seconds(Int64.max)
        for _ in 0..<repeats {
            let elapsed = clock.measure {
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            BLAS.sgemm(
                                m: n, n: n, k: n, a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n,
                                c: pc.baseAddress!, ldc: n)
                        }
                    }
                }
            }
            best = min(best, elapsed)
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
        return MatmulRate(gflops: 2 * Double(n) * Double(n) * Double(n) / seconds / 1e9, kernel: BLAS.coreName)
    }
}
