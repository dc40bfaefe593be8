import Testing

@testable import JukeboxTensor

@Suite struct ResidualConv1dTests {
    /// Widths that are and are not multiples of the 4-channel micro-tile, lengths around the
    /// 24-position micro-tile and the 384-position task tile, dilations longer than the signal.
    @Test(arguments: [
        (1, 4, 4, 24, 1), (2, 5, 7, 23, 3), (1, 32, 32, 385, 27), (2, 6, 3, 50, 81), (1, 3, 9, 1, 2),
        (1, 64, 64, 800, 243), (3, 8, 8, 769, 9),
    ])
    func matchesTheLayerByLayerTwin(batch: Int, width: Int, hidden: Int, time: Int, dilation: Int) {
        var generator = SeededGenerator(seed: UInt64(width * 1000 + time + dilation))
        let x = randomTensor([batch, width, time], using: &generator)
        let w3 = randomTensor([hidden, width, 3], in: -0.3...0.3, using: &generator)
        let b3 = randomTensor([hidden], using: &generator)
        let w1 = randomTensor([width, hidden, 1], in: -0.3...0.3, using: &generator)
        let b1 = randomTensor([width], using: &generator)
        for scale: Float in [1, 0.5] {
            expectClose(
                residualConvBlock(
                    x, dilated: w3, dilatedBias: b3, pointwise: w1, pointwiseBias: b1, dilation: dilation,
                    scale: scale),
                Naive.residualConvBlock(
                    x, dilated: w3, dilatedBias: b3, pointwise: w1, pointwiseBias: b1, dilation: dilation,
                    scale: scale),
                absolute: 2e-5, relative: 2e-5, "x \(x.shape) hidden \(hidden) dilation \(dilation) scale \(scale)")
        }
    }

    @Test(arguments: [DType.float16, .bfloat16])
    func sixteenBitWeightsAreWidened(dtype: DType) {
        var generator = SeededGenerator(seed: 7)
        let x = randomTensor([1, 8, 100], using: &generator)
        let w3 = randomTensor([8, 8, 3], in: -0.3...0.3, using: &generator).converted(to: dtype)
        let b3 = randomTensor([8], using: &generator)
        let w1 = randomTensor([8, 8, 1], in: -0.3...0.3, using: &generator).converted(to: dtype)
        let b1 = randomTensor([8], using: &generator).converted(to: dtype)
        expectClose(
            residualConvBlock(
                x, dilated: w3, dilatedBias: b3, pointwise: w1, pointwiseBias: b1, dilation: 3, scale: 1),
            Naive.residualConvBlock(
                x, dilated: w3, dilatedBias: b3, pointwise: w1, pointwiseBias: b1, dilation: 3, scale: 1),
            absolute: 2e-5)
    }

    @Test func emptyTimeGivesAnEmptyResult() {
        let x = Tensor([Float](), shape: [1, 4, 0])
        let w3 = Tensor([Float](repeating: 0.1, count: 48), shape: [4, 4, 3])
        let w1 = Tensor([Float](repeating: 0.1, count: 16), shape: [4, 4, 1])
        let b = Tensor([0, 0, 0, 0], shape: [4])
        let y = residualConvBlock(
            x, dilated: w3, dilatedBias: b, pointwise: w1, pointwiseBias: b, dilation: 1, scale: 1)
        #expect(y.shape == [1, 4, 0])
    }
}
