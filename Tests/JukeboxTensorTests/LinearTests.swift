import Testing

@testable import JukeboxTensor

@Suite struct LinearTests {
    @Test func handComputedBothLayouts() {
        let x = Tensor([1, 2], shape: [1, 2])
        let inputMajor = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])  // (n_in, n_out)
        let bias = Tensor([0.5, 0, -1], shape: [3])
        #expect(linear(x, weight: inputMajor, bias: bias, layout: .inputMajor).floats() == [9.5, 12, 14])
        let outputMajor = Tensor([1, 4, 2, 5, 3, 6], shape: [3, 2])  // (n_out, n_in)
        #expect(linear(x, weight: outputMajor, bias: nil, layout: .outputMajor).floats() == [9, 12, 15])
    }

    @Test(arguments: [
        ([1], 1, 1), ([1], 33, 17), ([3], 7, 5), ([2, 5], 17, 33), ([1, 1], 64, 48), ([4, 3], 3, 1),
        ([8], 100, 97), ([2], 9, 64), ([0], 5, 3),
        // One input row: 64 columns at a time, then 8, then single ones (64 + 8 + 3); three
        // rows: four weight rows over 16 columns at a time, then 8, then single ones (16 + 8 + 3).
        ([1], 6, 75), ([3], 8, 27),
        // 4096 outputs or more: one input row also reads four weight rows per pass.
        ([1], 30, 4100), ([3], 30, 4100),
    ])
    func matchesNaiveForEveryWeightTypeAndLayout(leading: [Int], nIn: Int, nOut: Int) {
        var generator = SeededGenerator(seed: UInt64(nIn * 100 + nOut))
        let x = randomTensor(leading + [nIn], using: &generator)
        for layout in [WeightLayout.inputMajor, .outputMajor] {
            let shape = layout == .inputMajor ? [nIn, nOut] : [nOut, nIn]
            let weight32 = randomTensor(shape, using: &generator)
            let bias = randomTensor([nOut], using: &generator)
            for dtype in [DType.float32, .float16, .bfloat16] {
                let weight = weight32.converted(to: dtype)
                for b in [bias, nil] as [Tensor?] {
                    // The naive twin widens the same 16-bit values, so the tolerance is float32 rounding only
                    // (the widening path; BF16DotTests checks bfloat16 dot products, which round x too).
                    expectClose(
                        linear(
                            x, weight: weight, bias: b, layout: layout, pieceFloats: linearPieceFloats, bf16Dot: false),
                        Naive.linear(x, weight: weight, bias: b, layout: layout), absolute: 2e-5,
                        "\(leading) \(nIn)->\(nOut) \(layout) \(dtype) bias \(b != nil)")
                }
            }
        }
    }

    /// Rows 1 and 5 take the fused few-rows kernel, 9 and 20 the widen-a-piece-then-sgemm path.
    @Test(arguments: [WeightLayout.inputMajor, .outputMajor], [1, 5, 9, 20])
    func sixteenBitWeightWidenedInSeveralPieces(layout: WeightLayout, rows: Int) {
        var generator = SeededGenerator(seed: 30)
        let (nIn, nOut) = (37, 101)  // with a 600-float piece: 16 columns at a time, the last piece 5 wide
        let x = randomTensor([rows, nIn], using: &generator)
        let weight = randomTensor(layout == .inputMajor ? [nIn, nOut] : [nOut, nIn], using: &generator)
            .converted(to: .float16)
        let bias = randomTensor([nOut], using: &generator)
        expectClose(
            linear(x, weight: weight, bias: bias, layout: layout, pieceFloats: 600),
            Naive.linear(x, weight: weight, bias: bias, layout: layout), absolute: 2e-5, "\(layout) rows \(rows)")
    }

    /// The 101 columns shared out among the threads, each of which widens and multiplies its
    /// columns 16 at a time (a 600-float piece), the last piece 5 wide; bfloat16, no bias.
    @Test(arguments: [WeightLayout.inputMajor, .outputMajor], [9, 20])
    func sixteenBitWeightWidenedInPiecesPerThread(layout: WeightLayout, rows: Int) {
        var generator = SeededGenerator(seed: 31)
        let (nIn, nOut) = (37, 101)
        let x = randomTensor([rows, nIn], using: &generator)
        let weight = randomTensor(layout == .inputMajor ? [nIn, nOut] : [nOut, nIn], using: &generator)
            .converted(to: .bfloat16)
        expectClose(
            linear(x, weight: weight, bias: nil, layout: layout, pieceFloats: 600, bf16Dot: false),
            Naive.linear(x, weight: weight, bias: nil, layout: layout), absolute: 2e-5, "\(layout) rows \(rows)")
    }

    @Test func sixteenBitWeightChangesTheResultLikeTheReference() {
        // fp16_params in the reference: a float32 weight rounded to float16 gives a (slightly)
        // different product; this makes sure the widened values, not the originals, are used.
        let x = Tensor([1], shape: [1, 1])
        let weight = Tensor([1.0001], shape: [1, 1])
        let y = linear(x, weight: weight.converted(to: .float16), bias: nil, layout: .inputMajor)
        #expect(y.floats() == [1])
    }
}
