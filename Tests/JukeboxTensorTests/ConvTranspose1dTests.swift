import Testing

@testable import JukeboxTensor

@Suite struct ConvTranspose1dTests {
    /// x = [1 2 3] as (1, 1, 3), kernel [1 2 3 4], stride 2, padding 1 (Jukebox's upsampler):
    /// y[n] = sum over 2t + j - 1 = n of w[j] x[t], length 2 * 3.
    @Test func handComputedJukeboxUpsampling() {
        let x = Tensor([1, 2, 3], shape: [1, 1, 3])
        let w = Tensor([1, 2, 3, 4], shape: [1, 1, 4])  // (in, out, kernel)
        let y = convTranspose1d(x, weight: w, bias: nil, stride: 2, padding: 1)
        #expect(y.shape == [1, 1, 6])
        #expect(y.floats() == [2, 5, 8, 9, 14, 9])
        let biased = convTranspose1d(x, weight: w, bias: Tensor([1], shape: [1]), stride: 2, padding: 1)
        #expect(biased.floats() == [3, 6, 9, 10, 15, 10])
    }

    @Test func handComputedStrideOneIsAFullConvolution() {
        // No padding, stride 1: y = full convolution of x with w, length 3 + 2 - 1.
        let x = Tensor([1, 2, 3], shape: [1, 1, 3])
        let w = Tensor([1, -1], shape: [1, 1, 2])
        #expect(convTranspose1d(x, weight: w, bias: nil).floats() == [1, 1, 1, -3])
    }

    @Test func weightOrderIsInThenOut() {
        // One input channel, two output channels: weight (1, 2, 1) scales x into each output.
        let x = Tensor([1, 2], shape: [1, 1, 2])
        let w = Tensor([3, -1], shape: [1, 2, 1])
        #expect(convTranspose1d(x, weight: w, bias: nil).floats() == [3, 6, -1, -2])
    }

    @Test func outputLengths() {
        #expect(convTranspose1dOutputLength(inputLength: 4096, kernelSize: 4, stride: 2, padding: 1) == 8192)
        #expect(
            convTranspose1dOutputLength(inputLength: 5, kernelSize: 3, stride: 3, padding: 0, outputPadding: 2) == 17)
        #expect(convTranspose1dOutputLength(inputLength: 5, kernelSize: 3, stride: 1, padding: 1, dilation: 2) == 7)
    }

    @Test func matchesNaiveOnRandomConfigurations() {
        var generator = SeededGenerator(seed: 50)
        for trial in 0..<120 {
            let batch = [1, 2, 3].randomElement(using: &generator)!
            let inChannels = [1, 3, 7, 17].randomElement(using: &generator)!
            let outChannels = [1, 5, 17, 33].randomElement(using: &generator)!
            let length = [1, 3, 7, 17, 33].randomElement(using: &generator)!
            let kernel = [1, 2, 3, 4].randomElement(using: &generator)!
            let stride = [1, 2, 3].randomElement(using: &generator)!
            let dilation = [1, 2, 3].randomElement(using: &generator)!
            let padding = [0, 1, 2].randomElement(using: &generator)!
            let outputPadding = Int.random(in: 0..<max(stride, dilation), using: &generator)
            let x = randomTensor([batch, inChannels, length], using: &generator)
            let w = randomTensor([inChannels, outChannels, kernel], using: &generator)
            let bias = trial % 2 == 0 ? randomTensor([outChannels], using: &generator) : nil
            expectClose(
                convTranspose1d(
                    x, weight: w, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
                    dilation: dilation),
                Naive.convTranspose1d(
                    x, weight: w, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
                    dilation: dilation),
                absolute: 1e-5,
                "trial \(trial): x \(x.shape) w \(w.shape) s \(stride) p \(padding) op \(outputPadding) d \(dilation)")
        }
    }

    @Test func jukeboxLayerWithTimeTilesAndSixteenBitWeights() {
        var generator = SeededGenerator(seed: 51)
        let x = randomTensor([2, 16, 45], using: &generator)
        let w = randomTensor([16, 8, 4], using: &generator)
        let bias = randomTensor([8], using: &generator)
        let expected = Naive.convTranspose1d(x, weight: w, bias: bias, stride: 2, padding: 1)
        expectClose(convTranspose1d(x, weight: w, bias: bias, stride: 2, padding: 1), expected, absolute: 2e-5)
        // 32 * 4 * 4 floats of columns: tiles of 4 input positions.
        expectClose(
            convTranspose1d(
                x, weight: w, bias: bias, stride: 2, padding: 1, outputPadding: 0, dilation: 1,
                scratchBudget: 32 * 4 * 4),
            expected, absolute: 2e-5, "tiled")
        let half = w.converted(to: .float16)
        expectClose(
            convTranspose1d(x, weight: half, bias: bias, stride: 2, padding: 1),
            Naive.convTranspose1d(x, weight: half, bias: bias, stride: 2, padding: 1), absolute: 2e-5, "float16")
    }
}
