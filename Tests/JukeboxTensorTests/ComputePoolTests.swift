import Synchronization
import Testing

@testable import JukeboxTensor

#if canImport(Glibc)
    import Glibc
#endif

/// Each test makes its own pool, so tests running side by side never share one.
///
/// The time limit catches a lost wake-up, which hangs for ever. It is generous because the
/// limit's timer is a task of the test runner, which fires late while the runner's threads are
/// busy with other suites, and because a pool's hand-offs slow down when the 2-core machine
/// is crowded (20,000 loops at a few milliseconds each).
@Suite(.serialized, .timeLimit(.minutes(5))) struct ComputePoolTests {
    @Test(arguments: [2, 3, 5])
    func everyChunkRunsOnceAndChunkZeroOnTheCaller(chunks: Int) {
        let pool = ComputePool()
        // Each chunk writes only its own counter, and `run` returns after every chunk finished.
        let runs = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks)
        defer { runs.deallocate() }
        runs.initialize(repeating: 0)
        let caller = pthread_self()
        let chunkZeroOnCaller = Atomic<Bool>(false)
        for _ in 0..<3 {
            #expect(
                pool.run(chunks: chunks) { chunk in
                    runs[chunk] += 1
                    if chunk == 0 && pthread_equal(pthread_self(), caller) != 0 {
                        chunkZeroOnCaller.store(true, ordering: .relaxed)
                    }
                })
        }
        #expect(Array(runs) == Array(repeating: 3, count: chunks))
        #expect(chunkZeroOnCaller.load(ordering: .relaxed) == true)
        #expect(pool.workerCount == chunks - 1)
    }

    /// Thousands of short loops back to back, the way a sampling step runs them: a lost wake-up
    /// would hang here (the suite's time limit fails it), a chunk run twice would miscount.
    @Test func manyShortLoopsLoseNothing() {
        let pool = ComputePool()
        let total = Atomic<Int>(0)
        for loop in 0..<20_000 {
            let chunks = 2 + loop % 3
            #expect(pool.run(chunks: chunks) { chunk in total.add(chunk + 1, ordering: .relaxed) })
        }
        let expected = (0..<20_000).map { loop in (2 + loop % 3) * (3 + loop % 3) / 2 }.reduce(0, +)
        #expect(total.load(ordering: .relaxed) == expected)
    }

    @Test func idleWorkersFallAsleepAndWakeForTheNextLoop() {
        let pool = ComputePool(spinSeconds: 0.001)
        let total = Atomic<Int>(0)
        #expect(pool.run(chunks: 3) { _ in total.add(1, ordering: .relaxed) })
        #expect(waitUntil(seconds: 5) { pool.sleepingWorkers == 2 })
        #expect(pool.run(chunks: 3) { _ in total.add(1, ordering: .relaxed) })
        #expect(total.load(ordering: .relaxed) == 6)
    }

    /// The caller stops spinning after 0.2 ms and sleeps; the worker's late finish wakes it.
    @Test func callerWaitsForASlowChunk() {
        let pool = ComputePool()
        let finished = Atomic<Bool>(false)
        #expect(
            pool.run(chunks: 2) { chunk in
                if chunk == 1 {
                    usleep(20_000)
                    finished.store(true, ordering: .relaxed)
                }
            })
        #expect(finished.load(ordering: .relaxed) == true)
    }

    @Test func aBusyPoolTurnsAwayANestedLoop() {
        let pool = ComputePool()
        let nestedRan = Atomic<Bool>(true)
        #expect(
            pool.run(chunks: 2) { chunk in
                if chunk == 0 && pool.run(chunks: 2, { _ in }) { nestedRan.store(false, ordering: .relaxed) }
            })
        #expect(nestedRan.load(ordering: .relaxed) == true)
    }

    /// `parallelFor` inside a `parallelFor` chunk finds the shared pool busy and uses Dispatch.
    @Test func nestedParallelForVisitsEveryIndexOnce() {
        let count = 64
        let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: count * count)
        defer { visits.deallocate() }
        visits.initialize(repeating: 0)
        parallelFor(count) { outer in
            for i in outer {
                parallelFor(count) { inner in
                    for j in inner { visits[i * count + j] += 1 }
                }
            }
        }
        #expect(visits.allSatisfy { $0 == 1 })
    }
}

/// Polls `condition` every millisecond for up to `seconds`.
private func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    for _ in 0..<Int(seconds * 1000) {
        if condition() { return true }
        usleep(1000)
    }
    return condition()
}
