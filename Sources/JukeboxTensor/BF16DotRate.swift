// The machine's bfloat16 dot-product rates, for the benchmarks' rooflines of bfloat16 weights.
import CJukeboxKernels

/// Rates of AVX-512 BF16 `vdpbf16ps` on this machine, split across ``ComputeThreads/count``
/// threads: the instruction's own ceiling and what ``linear(_:weight:bias:layout:)`` reaches on
/// a large product. Benchmarks report re-fed prefixes against them; model code never needs them.
public struct BF16DotRate: Sendable, Equatable {
    /// Register-only `vdpbf16ps` loop on every thread (16 independent sums, no memory), GFLOP/s:
    /// the ceiling no bfloat16 product can pass.
    public var peakGFLOPS: Double
    /// Best of the timed `linear` products of a `(size, size)` float32 input and a `(size, size)`
    /// bfloat16 weight, GFLOP/s (`2 size^3` operations, rounding and packing included).
    public var productGFLOPS: Double

    /// Times the register loop and `repeats` square products, keeping the fastest of each; nil
    /// when the CPU lacks AVX-512 BF16 (``BF16Dot/isSupported``).
    ///
    /// - Parameters:
    ///   - size: Rows and columns of the square product (2048: about 0.1 s at 170 GFLOP/s).
    ///   - repeats: Timings of each (at least 1).
    public static func measure(size n: Int = 2048, repeats: Int = 3) -> BF16DotRate? {
        precondition(n > 0 && repeats > 0, "BF16DotRate: size \(n), repeats \(repeats)")
        guard BF16Dot.isSupported else { return nil }
        let clock = ContinuousClock()
        let iterations = 4_000_000  // 4.1 GFLOP per thread
        let threads = max(1, ComputeThreads.count)
        var bestLoop = Duration.seconds(Int64.max)
        for _ in 0..<repeats {
            bestLoop = min(
                bestLoop,
                clock.measure {
                    parallelFor(threads) { range in
                        for _ in range { precondition(jk_bf16_peak_loop(iterations).isFinite) }
                    }
                })
        }
        let x = Tensor((0..<(n * n)).map { Float($0 % 97) / 97 - 0.5 }, shape: [n, n])  // (n, n)
        let weight = x.converted(to: .bfloat16)  // (n, n), input-major
        var bestProduct = Duration.seconds(Int64.max)
        for _ in 0..<repeats {
            bestProduct = min(
                bestProduct,
                clock.measure {
                    _ = linear(
                        x, weight: weight, bias: nil, layout: .inputMajor, pieceFloats: linearPieceFloats, bf16Dot: true
                    )
                })
        }
        return BF16DotRate(
            peakGFLOPS: 1024 * Double(iterations * threads) / seconds(bestLoop) / 1e9,
            productGFLOPS: 2 * Double(n) * Double(n) * Double(n) / seconds(bestProduct) / 1e9)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
