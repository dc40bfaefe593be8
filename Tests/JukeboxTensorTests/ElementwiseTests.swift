import Testing

@testable import JukeboxTensor

@Suite struct ElementwiseTests {
    @Test func handComputed() {
        let a = Tensor([1, 2, 3], shape: [3])
        let b = Tensor([10, 20, 30], shape: [3])
        #expect(add(a, b).floats() == [11, 22, 33])
        #expect(multiply(a, b).floats() == [10, 40, 90])
        #expect(scale(a, by: -2).floats() == [-2, -4, -6])
        let nct = Tensor([1, 2, 3, 4, 5, 6], shape: [1, 2, 3])  // (batch, channels, time)
        #expect(addChannelBias(nct, Tensor([100, 200], shape: [2])).floats() == [101, 102, 103, 204, 205, 206])
        let ntc = Tensor([1, 2, 3, 4, 5, 6], shape: [1, 3, 2])  // (batch, time, channels)
        #expect(addBias(ntc, Tensor([100, 200], shape: [2])).floats() == [101, 202, 103, 204, 105, 206])
    }

    @Test(arguments: [[1], [7], [3, 17], [2, 5, 33], [4, 1000]])
    func matchNaive(shape: [Int]) {
        var generator = SeededGenerator(seed: UInt64(100 + shape.reduce(1, *)))
        let a = randomTensor(shape, using: &generator)
        let b = randomTensor(shape, using: &generator)
        expectClose(add(a, b), Naive.add(a, b), absolute: 0, relative: 0, "add \(shape)")
        expectClose(multiply(a, b), Naive.multiply(a, b), absolute: 0, relative: 0, "multiply \(shape)")
        expectClose(scale(a, by: 0.3), Naive.scale(a, by: 0.3), absolute: 0, relative: 0, "scale \(shape)")
        let bias = randomTensor([shape.last!], using: &generator)
        expectClose(addBias(a, bias), Naive.addBias(a, bias), absolute: 0, relative: 0, "addBias \(shape)")
        expectClose(
            add(a, b.converted(to: .float16)), Naive.add(a, b.converted(to: .float16)), absolute: 0, relative: 0)
    }

    @Test(arguments: [(1, 1, 1), (2, 3, 7), (3, 17, 33), (2, 64, 513)])
    func channelBiasMatchesNaive(batch: Int, channels: Int, time: Int) {
        var generator = SeededGenerator(seed: UInt64(110 + time))
        let x = randomTensor([batch, channels, time], using: &generator)
        let bias = randomTensor([channels], using: &generator)
        expectClose(addChannelBias(x, bias), Naive.addChannelBias(x, bias), absolute: 0, relative: 0)
    }

    @Test func inPlaceWritesOnlyTheTarget() {
        let shared = Tensor([1, 2], shape: [2])
        var a = shared
        addInPlace(&a, Tensor([1, 1], shape: [2]))
        multiplyInPlace(&a, Tensor([2, 3], shape: [2]))
        scaleInPlace(&a, by: 0.5)
        #expect(a.floats() == [2, 4.5])
        #expect(shared.floats() == [1, 2])
        var nct = Tensor.zeros([1, 2, 2])
        addChannelBiasInPlace(&nct, Tensor([1, 2], shape: [2]))
        addBiasInPlace(&nct, Tensor([10, 20], shape: [2]))
        #expect(nct.floats() == [11, 21, 12, 22])
    }
}
