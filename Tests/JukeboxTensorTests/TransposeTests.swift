import Testing

@testable import JukeboxTensor

@Suite struct TransposeTests {
    @Test func handComputed() {
        let x = Tensor([1, 2, 3, 4, 5, 6], shape: [1, 2, 3])
        let y = transposeLastTwo(x)
        #expect(y.shape == [1, 3, 2])
        #expect(y.floats() == [1, 4, 2, 5, 3, 6])
    }

    @Test(arguments: [[1, 1], [3, 7], [2, 33, 17], [2, 3, 65, 31], [100, 1]])
    func matchesNaiveAndInvertsItself(shape: [Int]) {
        var generator = SeededGenerator(seed: UInt64(120 + shape.reduce(1, *)))
        let x = randomTensor(shape, using: &generator)
        let y = transposeLastTwo(x)
        expectClose(y, Naive.transposeLastTwo(x), absolute: 0, relative: 0)
        #expect(transposeLastTwo(y).floats() == x.floats())
    }
}
