import Foundation
import JukeboxTensor

/// This machine's own rates, measured once so that work can be priced before it runs and the
/// benchmarks' figures read as ratios: the sgemm rate of the OpenBLAS in use, the streaming
/// read bandwidth, and where the CPU has them (AVX-512 BF16), bfloat16 dot-product rates.
public struct MachineRates: Sendable, Equatable {
    /// Best single-precision matrix-product rate, GFLOP/s.
    public var sgemmGFLOPS: Double
    /// Streaming read bandwidth, GB/s (a sum over a buffer larger than the caches).
    public var readGBps: Double
    /// The OpenBLAS kernel set that ran (`openblas_get_corename`), or where the rates came from.
    public var kernel: String
    /// `vdpbf16ps` rates (register-loop peak, square product through `linear`); nil without
    /// AVX-512 BF16, with `JUKEBOXD_BF16_DOT=off`, or when given rather than measured.
    public var bf16: BF16DotRate? = nil

    /// The best matrix-product rate for matrices stored as bfloat16 (the bf16 square product
    /// where measured, else sgemm after widening), GFLOP/s.
    public var bf16GEMMGFLOPS: Double { max(bf16?.productGFLOPS ?? 0, sgemmGFLOPS) }

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
        quick(sgemmSize: n, repeats: repeats, bufferBytes: bufferBytes)
    }

    /// A short measurement for the daemon (about 0.1 to 0.3 s on two cores): products of 1024
    /// and sums over 128 MiB. They read a little below the benches' figures.
    public static func quick(sgemmSize n: Int = 1024, repeats: Int = 2, bufferBytes: Int = 128 << 20)
        -> MachineRates
    {
        let rate = MatmulRate.measure(size: n, repeats: repeats)
        var rates = MachineRates(
            sgemmGFLOPS: rate.gflops, readGBps: streamingReadGBps(bufferBytes: bufferBytes), kernel: rate.kernel)
        rates.bf16 = BF16DotRate.measure(size: n, repeats: repeats)
        return rates
    }

    /// Best of three scans of a `bufferBytes` buffer on every compute thread, GB/s. Each thread
    /// scans its share with the C library's `memchr` (vector code in any build of this project,
    /// so a debug build measures the machine, not its own loops). On the 2-core test machine
    /// this swung between about 33 and 58 GB/s from one minute to the next, so the prior bench
    /// measures it again next to its batch-1 timing.
    public static func streamingReadGBps(bufferBytes: Int = 512 << 20) -> Double {
        let buffer = [UInt8](repeating: 1, count: bufferBytes)
        var bestRead = Double.infinity
        for _ in 0..<3 {
            let start = ProgressMeter.now()
            let found = Self.parallelScan(buffer)
            bestRead = min(bestRead, ProgressMeter.now() - start)
            precondition(!found, "MachineRates: a zero byte in a buffer of ones")
        }
        return Double(bufferBytes) / max(bestRead, 1e-9) / 1e9
    }

    /// Whether `bytes` holds a zero byte, each compute thread scanning a share with `memchr`.
    static func parallelScan(_ bytes: [UInt8]) -> Bool {
        let threads = max(1, ComputeThreads.count)
        let found = UnsafeMutableBufferPointer<Bool>.allocate(capacity: threads)
        found.initialize(repeating: false)
        defer { found.deallocate() }
        bytes.withUnsafeBufferPointer { all in
            // Addresses travel as integers: the closure runs concurrently and only reads
            // `bytes` and writes its own slot of `found`.
            let source = Int(bitPattern: all.baseAddress)
            let flags = Int(bitPattern: found.baseAddress)
            let total = all.count
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let chunk = total / threads
                let start = t * chunk
                let end = t == threads - 1 ? total : start + chunk
                let base = UnsafeRawPointer(bitPattern: source)! + start
                UnsafeMutablePointer<Bool>(bitPattern: flags)![t] = memchr(base, 0, end - start) != nil
            }
        }
        return found.contains(true)
    }

    /// One line for the benches.
    public var description: String {
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
