import Testing

@testable import JukeboxTensor

@Suite struct EmbeddingTests {
    @Test func looksUpRows() throws {
        let table = Tensor([0, 1, 10, 11, 20, 21], shape: [3, 2])
        #expect(try embedding(table, ids: [2, 0, 2]).floats() == [20, 21, 0, 1, 20, 21])
        #expect(try embedding(table, ids: []).shape == [0, 2])
    }

    @Test(arguments: [DType.float32, .float16, .bfloat16])
    func matchesNaive(dtype: DType) throws {
        var generator = SeededGenerator(seed: 90)
        let table = randomTensor([33, 17], using: &generator).converted(to: dtype)
        let ids = (0..<100).map { _ in Int.random(in: 0..<33, using: &generator) }
        expectClose(try embedding(table, ids: ids), Naive.embedding(table, ids: ids), absolute: 0, relative: 0)
    }

    @Test func idTensorKeepsItsShape() throws {
        let table = Tensor([0, 1, 10, 11, 20, 21], shape: [3, 2])
        let ids = Tensor(int64: [1, 2, 0, 1], shape: [2, 2])
        let y = try embedding(table, ids: ids)
        #expect(y.shape == [2, 2, 2])
        #expect(y.floats() == [10, 11, 20, 21, 0, 1, 10, 11])
    }

    @Test func outOfRangeIdsThrowWithContext() {
        let table = Tensor.zeros([4, 3])
        #expect(throws: TensorError.indexOutOfRange(index: 4, position: 1, tableRows: 4)) {
            try embedding(table, ids: [0, 4, 1])
        }
        #expect(throws: TensorError.indexOutOfRange(index: -1, position: 0, tableRows: 4)) {
            try embedding(table, ids: [-1])
        }
        let message = TensorError.indexOutOfRange(index: 4, position: 1, tableRows: 4).description
        #expect(message.contains("id 4") && message.contains("4 rows"))
    }
}
