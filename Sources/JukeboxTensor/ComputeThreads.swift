// One place that decides how many threads compute uses: the module's own loops, OpenBLAS's
// products included (OpenBLAS itself runs single-threaded).
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The number of threads kernels may use: the module's parallel loops, which also run the blocks
/// of a large BLAS product (OpenBLAS itself keeps to one thread per call).
///
/// Call ``configure(threads:)`` once at startup, before any compute runs (the daemon does this
/// from its configuration; benchmarks from a flag). Until then the loops use every online CPU.
public enum ComputeThreads {
    private static let configured = Atomic<Int>(0)

    /// Sets the thread count for the parallel loops and the BLAS products split across them.
    ///
    /// - Parameter threads: Number of threads, at least 1. Use ``onlineProcessorCount`` for all CPUs.
    public static func configure(threads: Int) {
        precondition(threads >= 1, "thread count must be at least 1, got \(threads)")
        _ = BLAS.singleThreadedOpenBLAS
        configured.store(threads, ordering: .relaxed)
    }

    /// Threads the parallel loops use: the configured count, or every online CPU before
    /// ``configure(threads:)`` was called.
    public static var count: Int {
        let value = configured.load(ordering: .relaxed)
        return value > 0 ? value : onlineProcessorCount
    }

    /// Number of CPUs online now (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
    public static var onlineProcessorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

/// Carries a non-`Sendable` value into `DispatchQueue.concurrentPerform`.
///
/// Sound only because `parallelFor` hands each task a disjoint range and waits for all of them.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Runs `body` over `0..<count` split into contiguous chunks on up to ``ComputeThreads/count``
/// threads, and returns when every chunk is done.
///
/// The chunks run on ``ComputePool``'s threads, whose workers stay awake between loops; when the
/// pool is busy (another thread's loop, or a loop nested in a chunk) they run on Dispatch.
///
/// `body` must only write memory that belongs to its own range. Runs inline when there is one
/// thread or fewer than two chunks' worth of items.
///
/// - Parameters:
///   - count: Number of items.
///   - minChunk: Smallest number of items worth a task (so tiny loops stay on one thread).
///   - body: Called with each chunk's item range.
func parallelFor(_ count: Int, minChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    if count <= 0 { return }
    let chunks = min(ComputeThreads.count, count / max(minChunk, 1))
    if chunks <= 1 {
        body(0..<count)
        return
    }
    @Sendable func chunkRange(_ chunk: Int) -> Range<Int> { (chunk * count / chunks)..<((chunk + 1) * count / chunks) }
    if ComputePool.shared.run(chunks: chunks, { body(chunkRange($0)) }) { return }
    withoutActuallyEscaping(body) { escapable in
        let task = UncheckedSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            task.value(chunkRange(chunk))
        }
    }
}
