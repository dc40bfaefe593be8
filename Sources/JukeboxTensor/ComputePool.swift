// Worker threads that stay awake for a moment between parallel loops, so a sampling step's
// thirty-odd short matrix products do not each pay two thread wake-ups.
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The pool behind ``parallelFor(_:minChunk:_:)``: `ComputeThreads.count - 1` threads that run
/// chunks 1, 2, ... of a loop while the calling thread runs chunk 0.
///
/// Why not Dispatch: on the 2-core test machine (a KVM guest) waking a sleeping thread took about
/// 25 µs, and `DispatchQueue.concurrentPerform` paid it twice per loop (waking the worker, then
/// waking the caller when the worker finished last), about 50 µs on top of a 170 µs matrix
/// product: a quarter of a batch-1 sampling step. Here a finished worker spins on an atomic for
/// ``spinSeconds`` before it sleeps, so the next loop starts it in well under a microsecond, and
/// the caller spins while the workers finish, sleeping only after ``ownerSpinSeconds`` (so that a
/// worker kept off its core can have the caller's). With these changes a batch-1 step of the 1b
/// prior went from 8.3 to 6.9 ms.
///
/// One caller owns the pool at a time; a loop started while it is busy (another thread's, or a
/// loop nested inside a chunk) runs on Dispatch as before. OpenBLAS runs single-threaded, its
/// large products split across this pool (see ``BLAS``), so no other spinning threads compete
/// for the cores.
final class ComputePool: @unchecked Sendable {
    /// The process's pool, its threads started on first use.
    static let shared = ComputePool()

    /// How long a worker spins for the next loop before it sleeps.
    let spinSeconds: Double
    /// How long the owner spins for its workers to finish before it sleeps.
    let ownerSpinSeconds: Double

    /// One worker's mailbox: the owner bumps `ticket` to hand it a chunk of the current loop.
    private final class Slot: Sendable {
        let ticket = Atomic<Int>(0)
    }

    /// Set while a caller owns the pool.
    private let busy = Atomic<Bool>(false)
    /// Workers still running a chunk of the current loop.
    private let remaining = Atomic<Int>(0)
    /// Workers asleep (or on their way to sleep) on ``wakeup``.
    private let sleepers = Atomic<Int>(0)
    /// The current loop's chunk body. Written by the owner before it hands out tickets (release),
    /// read by each worker after it takes its ticket (acquire).
    nonisolated(unsafe) private var job: ((Int) -> Void)?
    /// Worker `i` (running chunk `i + 1`) waits on `slots[i]`; only the owner appends.
    nonisolated(unsafe) private var slots: [Slot] = []
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let wakeup: UnsafeMutablePointer<pthread_cond_t>
    /// The owner sleeps here when its workers take longer than ``ownerSpinSeconds``.
    private let finished: UnsafeMutablePointer<pthread_cond_t>
    /// Set while the owner sleeps (or is about to) on ``finished``.
    private let ownerAsleep = Atomic<Bool>(false)

    /// A pool with no threads yet. Its worker threads live as long as the process.
    ///
    /// - Parameters:
    ///   - spinSeconds: How long a worker spins for the next loop before it sleeps (0.5 ms: longer
    ///     than the gaps between loops inside a sampling step, short enough that isolated loops
    ///     waste little of a core when other work, or other processes, could use it).
    ///   - ownerSpinSeconds: How long the caller spins for its workers before it sleeps (0.2 ms).
    init(spinSeconds: Double = 0.000_5, ownerSpinSeconds: Double = 0.000_2) {
        self.spinSeconds = spinSeconds
        self.ownerSpinSeconds = ownerSpinSeconds
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        wakeup = .allocate(capacity: 1)
        pthread_cond_init(wakeup, nil)
        finished = .allocate(capacity: 1)
        pthread_cond_init(finished, nil)
    }

    /// Runs `body(chunk)` for every `chunk < chunks` on the pool, chunk 0 on the calling thread,
    /// and returns when all are done; returns false without running anything when another
    /// caller owns the pool.
    func run(chunks: Int, _ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        defer { busy.store(false, ordering: .releasing) }
        while slots.count < chunks - 1 { startWorker() }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            remaining.store(chunks - 1, ordering: .relaxed)
            for worker in 0..<(chunks - 1) {
                slots[worker].ticket.add(1, ordering: .sequentiallyConsistent)
            }
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(lock)
                pthread_cond_broadcast(wakeup)
                pthread_mutex_unlock(lock)
            }
            escapable(0)
            waitForWorkers()
            job = nil
        }
        return true
    }

    /// Returns when ``remaining`` is 0: spins for ``ownerSpinSeconds``, then sleeps on ``finished``
    /// so that a worker kept off its core (by another process, say) can run on this one.
    private func waitForWorkers() {
        let deadline = monotonicNanoseconds() + Int(ownerSpinSeconds * 1e9)
        var spins = 0
        while remaining.load(ordering: .acquiring) > 0 {
            spins += 1
            if spins % 256 == 0 && monotonicNanoseconds() > deadline {
                pthread_mutex_lock(lock)
                ownerAsleep.store(true, ordering: .sequentiallyConsistent)
                while remaining.load(ordering: .sequentiallyConsistent) > 0 { pthread_cond_wait(finished, lock) }
                ownerAsleep.store(false, ordering: .relaxed)
                pthread_mutex_unlock(lock)
                return
            }
        }
    }

    /// Marks one worker's chunk done, waking the owner if it went to sleep waiting.
    private func finishChunk() {
        if remaining.subtract(1, ordering: .sequentiallyConsistent).newValue == 0
            && ownerAsleep.load(ordering: .sequentiallyConsistent)
        {
            pthread_mutex_lock(lock)
            pthread_cond_signal(finished)
            pthread_mutex_unlock(lock)
        }
    }

    /// Workers asleep now (for tests: a worker that never stops spinning would hold a core).
    var sleepingWorkers: Int { sleepers.load(ordering: .sequentiallyConsistent) }

    /// Worker threads started so far.
    var workerCount: Int {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return slots.count
    }

    /// Starts the thread for chunk `slots.count + 1`.
    private func startWorker() {
        let slot = Slot()
        let chunk = slots.count + 1
        pthread_mutex_lock(lock)
        slots.append(slot)
        pthread_mutex_unlock(lock)
        let context = Unmanaged.passRetained(WorkerContext(pool: self, slot: slot, chunk: chunk)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                let worker = Unmanaged<WorkerContext>.fromOpaque(context!).takeRetainedValue()
                worker.pool.workerLoop(slot: worker.slot, chunk: worker.chunk)
                return nil
            }, context)
        precondition(started == 0, "ComputePool: pthread_create failed (\(started))")
        pthread_detach(thread)
    }

    /// What a new worker thread is handed.
    private final class WorkerContext {
        let pool: ComputePool
        let slot: Slot
        let chunk: Int
        init(pool: ComputePool, slot: Slot, chunk: Int) {
            (self.pool, self.slot, self.chunk) = (pool, slot, chunk)
        }
    }

    /// A worker's life: wait for a ticket, run its chunk, report, forever.
    private func workerLoop(slot: Slot, chunk: Int) {
        var seen = 0  // a slot's first ticket is 1, perhaps handed out before this thread ran
        while true {
            seen = waitForTicket(slot, after: seen)
            job!(chunk)
            finishChunk()
        }
    }

    /// Spins until `slot`'s ticket moves past `seen` (for ``spinSeconds``),
    /// then sleeps on ``wakeup``; returns the new ticket.
    private func waitForTicket(_ slot: Slot, after seen: Int) -> Int {
        let deadline = monotonicNanoseconds() + Int(spinSeconds * 1e9)
        var spins = 0
        while true {
            let now = slot.ticket.load(ordering: .acquiring)
            if now != seen { return now }
            spins += 1
            if spins % 1024 == 0 {
                if monotonicNanoseconds() > deadline { break }
                sched_yield()  // more threads than cores: let one with work have this core
            }
        }
        pthread_mutex_lock(lock)
        sleepers.add(1, ordering: .sequentiallyConsistent)
        var now = slot.ticket.load(ordering: .sequentiallyConsistent)
        while now == seen {
            pthread_cond_wait(wakeup, lock)
            now = slot.ticket.load(ordering: .sequentiallyConsistent)
        }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(lock)
        return now
    }
}

/// Nanoseconds on the monotonic clock (from boot, so never near 0 or `Int.min`).
private func monotonicNanoseconds() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return time.tv_sec * 1_000_000_000 + time.tv_nsec
}
