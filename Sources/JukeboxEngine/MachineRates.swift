import Foundation
import JukeboxTensor

/// This machine's own rates, measured once so that work can be priced before it runs and the
/// benchmarks' figures read as ratios: the sgemm rate of the OpenBLAS in use and the streaming
/// read bandwidth.
public struct MachineRates: Sendable, Equatable {
    /// Best single-precision matrix-product rate, GFLOP/s.
    public var sgemmGFLOPS: Double
    /// Streaming read bandwidth, GB/s (a sum over a buffer larger than the caches).
    public var readGBps: Double
    /// The OpenBLAS kernel set that ran (`openblas_get_corename`), or where the rates came from.
    public var kernel: String

    /// Rates given rather than measured (tests, a configuration).
    public init(sgemmGFLOPS: Double, readGBps: Double, kernel: String) {
        precondition(sgemmGFLOPS > 0 && readGBps > 0, "MachineRates: rates must be positive")
        self.sgemmGFLOPS = sgemmGFLOPS
        self.readGBps = readGBps
        self.kernel = kernel
    }

    /// Measures both rates on every compute thread: the best of `repeats` square products of
    /// `sgemmSize` and the best of three sums over `bufferBytes`. The benches' defaults take a
    /// few seconds; ``quick()`` well under one.
    public static func measure(sgemmSize n: Int = 2048, repeats: Int = 3, bufferBytes: Int = 512 << 20)
        -> MachineRates
    {
        let rate = MatmulRate.measure(size: n, repeats: repeats)
        return MachineRates(
            sgemmGFLOPS: rate.gflops, readGBps: streamingReadGBps(bufferBytes: bufferBytes), kernel: rate.kernel)
    }

    /// A short measurement for the daemon (about 0.1 to 0.3 s on two cores): products of 1024
    /// and sums over 128 MiB. Both read a little below the benches' figures.
    public static func quick() -> MachineRates {
        measure(sgemmSize: 1024, repeats: 2, bufferBytes: 128 << 20)
    }

    /// Best of three sums over a `bufferBytes` buffer on every compute thread, GB/s. On the
    /// 2-core test machine this swung between about 33 and 58 GB/s from one minute to the next,
    /// so the prior bench measures it again next to its batch-1 timing.
    public static func streamingReadGBps(bufferBytes: Int = 512 << 20) -> Double {
        let buffer = [Float](repeating: 1, count: bufferBytes / 4)
        var bestRead = Double.infinity
        var sink: Float = 0
        for _ in 0..<3 {
            let start = ProgressMeter.now()
            sink += Self.parallelSum(buffer)
            bestRead = min(bestRead, ProgressMeter.now() - start)
        }
        if sink == -1 { bestRead += 0 }  // keeps the sums alive
        return Double(bufferBytes) / max(bestRead, 1e-9) / 1e9
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

    /// One line for the benches.
    public var description: String {
        String(
            format: "machine: sgemm %.0f GFLOP/s (OpenBLAS %@ kernels, split across %d threads), "
                + "streaming read %.1f GB/s", sgemmGFLOPS, kernel, ComputeThreads.count, readGBps)
    }
}
