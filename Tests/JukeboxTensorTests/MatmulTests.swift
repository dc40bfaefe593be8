import Testing

@testable import JukeboxTensor

@Suite struct MatmulTests {
    @Test func handComputedProduct() {
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = Tensor([7, 8, 9, 10, 11, 12], shape: [3, 2])
        #expect(matmul(a, b).floats() == [58, 64, 139, 154])
        #expect(matmul(a, a, transposeB: true).floats() == [14, 32, 32, 77])
        #expect(matmul(a, a, transposeA: true).shape == [3, 3])
    }

    @Test(arguments: [
        ([1], 1, 1, 1), ([3], 7, 17, 5), ([2, 3], 33, 1, 9), ([], 17, 33, 7), ([5], 1, 64, 3),
    ])
    func batchedMatchesNaive(batch: [Int], m: Int, k: Int, n: Int) {
        var generator = SeededGenerator(seed: UInt64(m * 1000 + k * 10 + n))
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = randomTensor(batch + (transposeA ? [k, m] : [m, k]), using: &generator)
            let b = randomTensor(batch + (transposeB ? [n, k] : [k, n]), using: &generator)
            let bShared = randomTensor(transposeB ? [n, k] : [k, n], using: &generator)
            let label = "batch \(batch) m \(m) k \(k) n \(n) tA \(transposeA) tB \(transposeB)"
            expectClose(
                matmul(a, b, transposeA: transposeA, transposeB: transposeB),
                Naive.matmul(a, b, transposeA: transposeA, transposeB: transposeB), absolute: 1e-5, label)
            if !batch.isEmpty {
                expectClose(
                    matmul(a, bShared, transposeA: transposeA, transposeB: transposeB),
                    Naive.matmul(a, bShared, transposeA: transposeA, transposeB: transposeB), absolute: 1e-5,
                    "shared b, " + label)
            }
        }
    }

    @Test func sixteenBitRightHandSideIsWidened() {
        var generator = SeededGenerator(seed: 20)
        let a = randomTensor([2, 5, 9], using: &generator)
        let b = randomTensor([9, 3], using: &generator).converted(to: .bfloat16)
        expectClose(matmul(a, b), Naive.matmul(a, b), absolute: 1e-5)
    }
}
