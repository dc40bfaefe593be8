import Testing

@testable import JukeboxTensor

@Suite struct BLASTests {
    /// C = alpha op(A) op(B) + beta C on padded leading dimensions, checked with plain loops.
    /// The two larger shapes are split across the compute threads: by columns (n >= m), then by
    /// rows, neither a multiple of the 16-wide blocks.
    @Test(
        arguments: [(false, false), (true, false), (false, true), (true, true)],
        [(7, 5, 3), (45, 300, 160), (301, 40, 180)])
    func sgemmHonoursTransposesLeadingDimensionsAlphaAndBeta(transposes: (Bool, Bool), size: (Int, Int, Int)) {
        let (transposeA, transposeB) = transposes
        var generator = SeededGenerator(seed: 10)
        let (m, n, k) = size
        let (lda, ldb, ldc) = ((transposeA ? m : k) + 2, (transposeB ? k : n) + 1, n + 3)
        let a = (0..<((transposeA ? k : m) * lda)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<((transposeB ? n : k) * ldb)).map { _ in Float.random(in: -1...1, using: &generator) }
        let c0 = (0..<(m * ldc)).map { _ in Float.random(in: -1...1, using: &generator) }
        var c = c0
        let (alpha, beta): (Float, Float) = (0.5, -2)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    BLAS.sgemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb, beta: beta, c: c.baseAddress!,
                        ldc: ldc)
                }
            }
        }
        var worst: Float = 0
        for i in 0..<m {
            for j in 0..<ldc {
                let expected: Float
                if j < n {
                    var sum: Float = 0
                    for p in 0..<k {
                        sum +=
                            (transposeA ? a[p * lda + i] : a[i * lda + p])
                            * (transposeB ? b[j * ldb + p] : b[p * ldb + j])
                    }
                    expected = alpha * sum + beta * c0[i * ldc + j]
                } else {
                    expected = c0[i * ldc + j]  // padding columns untouched
                }
                worst = max(worst, abs(c[i * ldc + j] - expected))
            }
        }
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    @Test(arguments: [false, true])
    func sgemvMatchesLoops(transpose: Bool) {
        var generator = SeededGenerator(seed: 11)
        let (rows, columns, lda) = (6, 4, 5)
        let a = (0..<(rows * lda)).map { _ in Float.random(in: -1...1, using: &generator) }
        let xCount = transpose ? rows : columns
        let yCount = transpose ? columns : rows
        let x = (0..<xCount).map { _ in Float.random(in: -1...1, using: &generator) }
        let y0 = (0..<yCount).map { _ in Float.random(in: -1...1, using: &generator) }
        var y = y0
        BLAS.sgemv(transpose: transpose, rows: rows, columns: columns, alpha: 2, a: a, lda: lda, x: x, beta: 0.5, y: &y)
        for i in 0..<yCount {
            var sum: Float = 0
            for p in 0..<xCount { sum += (transpose ? a[p * lda + i] : a[i * lda + p]) * x[p] }
            #expect(abs(y[i] - (2 * sum + 0.5 * y0[i])) < 1e-5)
        }
    }

    @Test func betaZeroIgnoresGarbageInC() {
        let a: [Float] = [1, 2]
        let b: [Float] = [3, 4]
        var c: [Float] = [.nan]
        BLAS.sgemm(m: 1, n: 1, k: 2, a: a, lda: 2, b: b, ldb: 1, beta: 0, c: &c, ldc: 1)
        #expect(c == [11])
    }

    @Test func reportsCoreAndConfiguration() {
        #expect(!BLAS.coreName.isEmpty)
        #expect(BLAS.configuration.contains("OpenBLAS"))
        #expect(BLAS.threadCount >= 1)
    }
}
