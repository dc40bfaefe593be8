import Synchronization
import Testing

@testable import JukeboxTensor

@Suite struct ComputeThreadsTests {
    @Test func configureSetsTheLoopsAndKeepsOpenBLASSingleThreaded() {
        // Configure with the count already in effect: tests run concurrently.
        let threads = ComputeThreads.onlineProcessorCount
        ComputeThreads.configure(threads: threads)
        #expect(ComputeThreads.count == threads)
        #expect(BLAS.threadCount == 1)
    }

    @Test(arguments: [0, 1, 2, 7, 1000, 100_003])
    func parallelForVisitsEveryIndexOnce(count: Int) {
        let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
        defer { visits.deallocate() }
        visits.initialize(repeating: 0)
        let calls = Atomic<Int>(0)
        parallelFor(count, minChunk: 10) { range in
            calls.add(1, ordering: .relaxed)
            for i in range { visits[i] += 1 }
        }
        #expect(visits[0..<count].allSatisfy { $0 == 1 })
        #expect(calls.load(ordering: .relaxed) <= max(1, ComputeThreads.count))
        if count == 0 { #expect(calls.load(ordering: .relaxed) == 0) }
    }
}
