// One place that decides how many threads compute uses: OpenBLAS's pool and our own loops.
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The number of threads kernels may use, for OpenBLAS and for the module's own parallel loops.
///
/// Call ``configure(threads:)`` once at startup, before any compute runs (the daemon does this
/// from its configuration; benchmarks from a flag). Until then the loops use every online CPU and
/// OpenBLAS keeps its own default (all CPUs, or `OPENBLAS_NUM_THREADS`).
public enum ComputeThreads {
    private static let configured = Atomic<Int>(0)

    /// Sets the thread count for OpenBLAS (`openblas_set_num_threads`) and for the parallel loops.
    ///
    /// Not safe to call while kernels are running on other threads: OpenBLAS resizes its pool.
    ///
    /// - Parameter threads: Number of threads, at least 1. Use ``onlineProcessorCount`` for all CPUs.
    public static func configure(threads: Int) {
        precondition(threads >= 1, "thread count must be at least 1, got \(threads)")
        BLAS.setThreadCount(threads)
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
    withoutActuallyEscaping(body) { escapable in
        let task = UncheckedSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            task.value((chunk * count / chunks)..<((chunk + 1) * count / chunks))
        }
    }
}
