import Testing

@testable import JukeboxTensor

@Suite struct SoftmaxTests {
    @Test func handComputedRow() {
        // softmax([0, ln 3]) = [1/4, 3/4].
        let y = softmax(Tensor([0, Float(1.0986122886681098)], shape: [1, 2])).floats()
        #expect(abs(y[0] - 0.25) < 1e-7 && abs(y[1] - 0.75) < 1e-7)
    }

    @Test(arguments: [1, 3, 7, 8, 17, 33, 64, 513])
    func matchesNaiveAndRowsSumToOne(columns: Int) {
        var generator = SeededGenerator(seed: UInt64(80 + columns))
        let x = randomTensor([2, 3, columns], in: -20...20, using: &generator)
        let y = softmax(x)
        expectClose(y, Naive.softmax(x), absolute: 1e-7, relative: 2e-6, "columns \(columns)")
        let values = y.floats()
        for row in 0..<6 {
            let sum = values[(row * columns)..<((row + 1) * columns)].reduce(0, +)
            #expect(abs(sum - 1) < 1e-5, "row \(row) sums to \(sum)")
        }
    }

    @Test func largeLogitsAreStable() {
        let y = softmax(Tensor([1000, 1000, 999], shape: [3])).floats()
        #expect(y.allSatisfy { $0.isFinite })
        #expect(abs(y[0] - y[1]) == 0)
        #expect(abs(y.reduce(0, +) - 1) < 1e-6)
    }

    @Test func maskedLogitsGetExactlyZeroWeight() {
        // The reference masks with w * mask + -1e9 * (1 - mask).
        let y = softmax(Tensor([0.5, -1e9, 0.25, -1e9, 1, -.infinity, 0, -1e9, -1e9], shape: [9])).floats()
        for index in [1, 3, 5, 7, 8] { #expect(y[index] == 0) }
        #expect(abs(y.reduce(0, +) - 1) < 1e-6)
    }

    @Test func pointerEntryPointMatchesTensorVersion() {
        var generator = SeededGenerator(seed: 81)
        let x = randomTensor([9, 11], using: &generator)
        var raw = x.floats()
        raw.withUnsafeMutableBufferPointer { softmaxRows($0.baseAddress!, rows: 9, columns: 11) }
        #expect(raw == softmax(x).floats())
    }
}
