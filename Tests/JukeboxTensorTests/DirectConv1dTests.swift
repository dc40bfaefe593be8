import Testing

@testable import JukeboxTensor

/// The direct (register-tile) convolutions against the PyTorch formulas written out. The public
/// `conv1d` and `convTranspose1d` route narrow layers here; these tests call the direct path by
/// name so it stays covered whatever the routing.
@Suite struct DirectConv1dTests {
    @Test(arguments: [
        // (in, out, kernel, stride, padding, dilation, length)
        (1, 32, 4, 2, 1, 1, 1000), (64, 64, 4, 2, 1, 1, 777), (64, 32, 3, 1, 1, 1, 500), (32, 1, 3, 1, 1, 1, 801),
        (5, 7, 3, 1, 9, 9, 40), (3, 6, 5, 3, 2, 2, 100), (2, 3, 1, 1, 0, 1, 30), (4, 4, 7, 2, 0, 3, 9),
    ])
    func conv1dMatchesTheFormula(
        inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, length: Int
    ) {
        var generator = SeededGenerator(seed: UInt64(inChannels * 100 + outChannels + length))
        let x = randomTensor([2, inChannels, length], using: &generator)
        let w = randomTensor([outChannels, inChannels, kernel], in: -0.3...0.3, using: &generator)
        for bias in [randomTensor([outChannels], using: &generator), nil] {
            expectClose(
                conv1dDirect(x, weight: w, bias: bias, stride: stride, padding: padding, dilation: dilation),
                Naive.conv1d(x, weight: w, bias: bias, stride: stride, padding: padding, dilation: dilation),
                absolute: 2e-5, relative: 2e-5, "x \(x.shape) w \(w.shape) s \(stride) p \(padding) d \(dilation)")
        }
    }

    @Test(arguments: [
        // (in, out, kernel, stride, padding, outputPadding, length)
        (32, 32, 4, 2, 1, 0, 500), (32, 64, 4, 2, 1, 0, 301), (64, 1, 4, 2, 1, 0, 50), (3, 5, 3, 2, 0, 1, 17),
        (4, 6, 5, 3, 2, 2, 40), (2, 3, 1, 2, 0, 0, 11), (6, 2, 2, 1, 0, 0, 9),
    ])
    func convTransposeMatchesTheFormula(
        inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int, outputPadding: Int, length: Int
    ) {
        var generator = SeededGenerator(seed: UInt64(inChannels * 100 + outChannels + length + 7))
        let x = randomTensor([2, inChannels, length], using: &generator)
        let w = randomTensor([inChannels, outChannels, kernel], in: -0.3...0.3, using: &generator)
        for bias in [randomTensor([outChannels], using: &generator), nil] {
            let direct = convTranspose1dDirect(
                x, weight: w, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
            let expected = Naive.convTranspose1d(
                x, weight: w, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
            expectClose(
                direct, expected, absolute: 2e-5, relative: 2e-5,
                "x \(x.shape) w \(w.shape) s \(stride) p \(padding) op \(outputPadding)")
        }
    }

    @Test func wideLayersStayOnTheSgemmPath() {
        #expect(usesDirectConvolution(inChannels: 64, outChannels: 128) == directConvolutionAvailable)
        #expect(!usesDirectConvolution(inChannels: 1920, outChannels: 1920))
        #expect(!usesDirectConvolution(inChannels: 32, outChannels: 129))
    }
}
