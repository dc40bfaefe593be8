import Foundation
import JukeboxTensor

/// This machine's own limits, measured by the benchmarks so their figures can be read as
/// ratios: the sgemm rate of the OpenBLAS in use, the bfloat16 dot-product rates where the CPU
/// has them, and the streaming read bandwidth.
struct MachineLimits {
    /// Best single-precision matrix-product rate, GFLOP/s (square product of `size`).
    var sgemmGFLOPS: Double
    /// Streaming read bandwidth, GB/s (sum over a buffer much larger than the caches).
    var readGBps: Double
    /// The OpenBLAS kernel set that ran (`openblas_get_corename`).
    var kernel: String
    /// `vdpbf16ps` register-loop peak and square-product rate; nil without AVX-512 BF16.
    var bf16: BF16DotRate?

    static func measure(sgemmSize n: Int = 2048, bufferBytes: Int = 512 << 20) -> MachineLimits {
        let rate = MatmulRate.measure(size: n, repeats: 3)
        return MachineLimits(
            sgemmGFLOPS: rate.gflops, readGBps: streamingReadGBps(bufferBytes: bufferBytes), kernel: rate.kernel,
            bf16: BF16DotRate.measure(size: n))
    }

    /// Best of three sums over a `bufferBytes` buffer on every compute thread, GB/s. On the
    /// 2-core test machine this swung between about 33 and 58 GB/s from one minute to the next,
    /// so the prior bench measures it again next to its batch-1 timing.
    static func streamingReadGBps(bufferBytes: Int = 512 << 20) -> Double {
        let buffer = [Float](repeating: 1, count: bufferBytes / 4)
        var bestRead = Double.infinity
        var sink: Float = 0
        for _ in 0..<3 {
            let start = monotonicSeconds()
            sink += Self.parallelSum(buffer)
            bestRead = min(bestRead, monotonicSeconds() - start)
        }
        if sink == -1 { print("") }  // keeps the sums alive
        return Double(bufferBytes) / bestRead / 1e9
    }

    /// Sum of `values` on every compute thread, eight lanes at a time.
    static func parallelSum(_ values: [Float]) -> Float {
        let threads = max(1, ComputeThreads.count)
        let partials = UnsafeMutableBufferPointer<Float>.allocate(capacity: threads)
        defer { partials.deallocate() }
        values.withUnsafeBufferPointer { all in
            // Addresses travel as integers: the closure runs concurrently and only reads
            // `values` and writes its own slot of `partials`.
            let source = Int(bitPattern: all.baseAddress)
            let sums = Int(bitPattern: partials.baseAddress)
            let total = all.count
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let raw = UnsafeRawPointer(bitPattern: source)!
                let chunk = total / threads
                let start = t * chunk
                let end = t == threads - 1 ? total : start + chunk
                var lanes = SIMD8<Float>()
                var i = start
                while i + 8 <= end {
                    lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                    i += 8
                }
                var sum = lanes.sum()
                while i < end {
                    sum += raw.load(fromByteOffset: i * 4, as: Float.self)
                    i += 1
                }
                UnsafeMutablePointer<Float>(bitPattern: sums)![t] = sum
            }
        }
        return partials.reduce(0, +)
    }

    var description: String {
        let bf16Text =
            bf16.map {
                String(
                    format: "bf16 dot products %.0f GFLOP/s on a square product, %.0f peak (vdpbf16ps register loop), ",
                    $0.productGFLOPS, $0.peakGFLOPS)
            } ?? "no bf16 dot products, "
        return String(
            format: "machine: sgemm %.0f GFLOP/s (OpenBLAS %@ kernels, split across %d threads), %@"
                + "streaming read %.1f GB/s", sgemmGFLOPS, kernel, ComputeThreads.count, bf16Text, readGBps)
    }
}

/// Peak resident memory of this process so far, in bytes (`getrusage`).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}
