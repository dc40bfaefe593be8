import Testing

@testable import JukeboxTensor

@Suite struct LayerNormTests {
    @Test func handComputedRows() {
        // Row [0, 2]: mean 1, biased variance 1, so (x - mean) / sqrt(var) = [-1, 1] with eps 0.
        let x = Tensor([0, 2, -5, -3], shape: [2, 2])
        let weight = Tensor([2, 3], shape: [2])
        let bias = Tensor([1, 1], shape: [2])
        #expect(layerNorm(x, weight: weight, bias: bias, eps: 0).floats() == [-1, 4, -1, 4])
        // A constant row has variance 0: the output is the bias (eps keeps it finite).
        let constant = Tensor([4, 4, 4], shape: [1, 3])
        #expect(layerNorm(constant, weight: nil, bias: Tensor([1, 2, 3], shape: [3])).floats() == [1, 2, 3])
        // The default eps 1e-5 enters under the square root: 1 / sqrt(1 + 1e-5).
        let y = layerNorm(Tensor([0, 2], shape: [1, 2]), weight: nil, bias: nil).floats()
        #expect(abs(y[1] - Float(1 / (1.00001).squareRoot())) < 1e-7)
        #expect(y[1] < 1)
    }

    @Test func biasedVarianceNotUnbiased() {
        // x = [1, 2, 3, 4]: biased variance 1.25 (unbiased would be 1.6667).
        let y = layerNorm(Tensor([1, 2, 3, 4], shape: [4]), weight: nil, bias: nil, eps: 0).floats()
        #expect(abs(y[3] - Float(1.5 / 1.25.squareRoot())) < 1e-6)
    }

    @Test(arguments: [1, 3, 7, 8, 17, 33, 64, 100])
    func matchesNaive(channels: Int) {
        var generator = SeededGenerator(seed: UInt64(60 + channels))
        let x = randomTensor([3, 5, channels], in: -3...5, using: &generator)
        let weight = randomTensor([channels], using: &generator)
        let bias = randomTensor([channels], using: &generator)
        expectClose(
            layerNorm(x, weight: weight, bias: bias), Naive.layerNorm(x, weight: weight, bias: bias),
            absolute: 2e-5, relative: 1e-5, "channels \(channels)")
        expectClose(
            layerNorm(x, weight: nil, bias: nil), Naive.layerNorm(x, weight: nil, bias: nil), absolute: 2e-5,
            relative: 1e-5, "channels \(channels), no affine")
    }

    @Test func largeOffsetDoesNotLosePrecision() {
        // Two-pass variance: a large mean with small spread still normalises correctly.
        var generator = SeededGenerator(seed: 61)
        let noise = randomTensor([4, 256], using: &generator)
        let x = add(noise, Tensor.full(1000, shape: [4, 256]))
        expectClose(
            layerNorm(x, weight: nil, bias: nil), Naive.layerNorm(x, weight: nil, bias: nil), absolute: 5e-3,
            relative: 0)
    }

    @Test func manyRowsInParallel() {
        var generator = SeededGenerator(seed: 62)
        let x = randomTensor([513, 48], using: &generator)
        let weight = randomTensor([48], using: &generator).converted(to: .float16)
        expectClose(
            layerNorm(x, weight: weight, bias: nil), Naive.layerNorm(x, weight: weight, bias: nil), absolute: 2e-5)
    }
}
