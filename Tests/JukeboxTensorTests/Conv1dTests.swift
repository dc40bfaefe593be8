import Testing

@testable import JukeboxTensor

@Suite struct Conv1dTests {
    /// x = [1 2 3 4 5] as (1, 1, 5), kernel [1 2 3]: PyTorch's cross-correlation (no kernel flip).
    @Test func handComputedTinyCasesPinPyTorchSemantics() {
        let x = Tensor([1, 2, 3, 4, 5], shape: [1, 1, 5])
        let w = Tensor([1, 2, 3], shape: [1, 1, 3])
        // y[t] = 1 x[t-1] + 2 x[t] + 3 x[t+1]
        #expect(conv1d(x, weight: w, bias: nil, padding: 1).floats() == [8, 14, 20, 26, 14])
        #expect(conv1d(x, weight: w, bias: nil).floats() == [14, 20, 26])
        #expect(conv1d(x, weight: w, bias: nil, stride: 2, padding: 1).floats() == [8, 20, 14])
        // dilation 2: y[t] = 1 x[t-2] + 2 x[t] + 3 x[t+2]
        #expect(conv1d(x, weight: w, bias: nil, padding: 2, dilation: 2).floats() == [11, 16, 22, 10, 13])
        let bias = Tensor([0.5], shape: [1])
        #expect(conv1d(x, weight: w, bias: bias, padding: 1).floats() == [8.5, 14.5, 20.5, 26.5, 14.5])
    }

    @Test func handComputedTwoChannelsIn() {
        // Two input channels, two output channels, kernel 2.
        let x = Tensor([1, 2, 3, 10, 20, 30], shape: [1, 2, 3])
        let w = Tensor([1, 0, 0, 1, 1, 1, -1, -1], shape: [2, 2, 2])  // (out, in, kernel)
        // o0 = x0[t] + x1[t+1]; o1 = x0[t] + x0[t+1] - x1[t] - x1[t+1]
        #expect(conv1d(x, weight: w, bias: nil).floats() == [21, 32, -27, -45])
    }

    @Test func outputLengthsOfJukeboxLayers() {
        #expect(conv1dOutputLength(inputLength: 8192, kernelSize: 4, stride: 2, padding: 1, dilation: 1) == 4096)
        #expect(conv1dOutputLength(inputLength: 7, kernelSize: 4, stride: 2, padding: 1, dilation: 1) == 3)
        #expect(conv1dOutputLength(inputLength: 100, kernelSize: 3, stride: 1, padding: 27, dilation: 27) == 100)
        #expect(conv1dOutputLength(inputLength: 2, kernelSize: 5, stride: 1, padding: 0, dilation: 1) == 0)
    }

    @Test func matchesNaiveOnRandomConfigurations() {
        var generator = SeededGenerator(seed: 40)
        for trial in 0..<120 {
            let batch = [1, 2, 3].randomElement(using: &generator)!
            let inChannels = [1, 3, 7, 17].randomElement(using: &generator)!
            let outChannels = [1, 5, 17, 33].randomElement(using: &generator)!
            let length = [1, 3, 7, 17, 33].randomElement(using: &generator)!
            let kernel = [1, 2, 3, 4].randomElement(using: &generator)!
            let stride = [1, 2, 3].randomElement(using: &generator)!
            let padding = [0, 1, 2, 3].randomElement(using: &generator)!
            let dilation = [1, 2, 3].randomElement(using: &generator)!
            let x = randomTensor([batch, inChannels, length], using: &generator)
            let w = randomTensor([outChannels, inChannels, kernel], using: &generator)
            let bias = trial % 2 == 0 ? randomTensor([outChannels], using: &generator) : nil
            expectClose(
                conv1d(x, weight: w, bias: bias, stride: stride, padding: padding, dilation: dilation),
                Naive.conv1d(x, weight: w, bias: bias, stride: stride, padding: padding, dilation: dilation),
                absolute: 1e-5,
                "trial \(trial): x \(x.shape) w \(w.shape) s \(stride) p \(padding) d \(dilation) bias \(bias != nil)")
        }
    }

    /// The layer shapes of the VQ-VAE: downsampling, residual dilated, 1x1 and output convs.
    @Test(arguments: [
        (4, 2, 1, 1), (3, 1, 1, 1), (3, 1, 3, 3), (3, 1, 9, 9), (3, 1, 27, 27), (1, 1, 0, 1),
    ])
    func matchesNaiveOnJukeboxLayers(kernel: Int, stride: Int, padding: Int, dilation: Int) {
        var generator = SeededGenerator(seed: UInt64(40 + kernel + padding))
        let x = randomTensor([2, 16, 64], using: &generator)
        let w = randomTensor([32, 16, kernel], using: &generator)
        let bias = randomTensor([32], using: &generator)
        expectClose(
            conv1d(x, weight: w, bias: bias, stride: stride, padding: padding, dilation: dilation),
            Naive.conv1d(x, weight: w, bias: bias, stride: stride, padding: padding, dilation: dilation),
            absolute: 2e-5)
    }

    @Test(arguments: [1, 2, 3])
    func timeTilesGiveTheSameResult(stride: Int) {
        var generator = SeededGenerator(seed: 41)
        let x = randomTensor([2, 3, 101], using: &generator)
        let w = randomTensor([5, 3, 4], using: &generator)
        let bias = randomTensor([5], using: &generator)
        // A budget of 12 * 7 floats means tiles of 7 output positions.
        let tiled = conv1d(x, weight: w, bias: bias, stride: stride, padding: 2, dilation: 2, scratchBudget: 12 * 7)
        expectClose(
            tiled, Naive.conv1d(x, weight: w, bias: bias, stride: stride, padding: 2, dilation: 2), absolute: 1e-5)
    }

    @Test(arguments: [DType.float16, .bfloat16])
    func sixteenBitWeights(dtype: DType) {
        var generator = SeededGenerator(seed: 42)
        let x = randomTensor([1, 7, 17], using: &generator)
        let w = randomTensor([5, 7, 3], using: &generator).converted(to: dtype)
        expectClose(
            conv1d(x, weight: w, bias: nil, padding: 1), Naive.conv1d(x, weight: w, bias: nil, padding: 1),
            absolute: 1e-5)
    }
}
