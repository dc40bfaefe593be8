import Testing

@testable import JukeboxTensor

@Suite struct TensorTests {
    @Test func initFromFloatsKeepsValuesAndShape() {
        let t = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(t.shape == [2, 3])
        #expect(t.dtype == .float32)
        #expect(t.count == 6)
        #expect(t.rank == 2)
        #expect(t.byteCount == 24)
        #expect(t.floats() == [1, 2, 3, 4, 5, 6])
        #expect(t.size(-1) == 3)
    }

    @Test func initFromInt64() {
        let t = Tensor(int64: [3, -1, 1 << 40], shape: [3])
        #expect(t.dtype == .int64)
        #expect(t.ints() == [3, -1, 1 << 40])
        #expect(t.floats() == [3, -1, Float(1 << 40)])
        #expect(Tensor(int32: [7, 8], shape: [2, 1]).ints() == [7, 8])
    }

    @Test func zerosAndFull() {
        #expect(Tensor.zeros([3, 5]).floats() == [Float](repeating: 0, count: 15))
        #expect(Tensor.zeros([2], dtype: .float16).byteCount == 4)
        #expect(Tensor.full(2.5, shape: [4]).floats() == [2.5, 2.5, 2.5, 2.5])
        #expect(Tensor.zeros([0, 7]).count == 0)
        #expect(Tensor.zeros([]).count == 1)
    }

    @Test func reshapeSharesStorageAndInfersOneExtent() {
        let t = Tensor((0..<24).map { Float($0) }, shape: [2, 3, 4])
        let r = t.reshaped([6, -1])
        #expect(r.shape == [6, 4])
        #expect(r.storage === t.storage)
        #expect(r.floats() == t.floats())
        #expect(t.reshaped([24]).shape == [24])
    }

    @Test func sliceIsAViewOfTheOuterDimension() {
        let t = Tensor((0..<12).map { Float($0) }, shape: [3, 2, 2])
        let s = t.slice(1..<3)
        #expect(s.shape == [2, 2, 2])
        #expect(s.storage === t.storage)
        #expect(s.byteOffset == 16)
        #expect(s.floats() == [4, 5, 6, 7, 8, 9, 10, 11])
    }

    @Test func writingACopyDoesNotChangeTheOriginal() {
        let original = Tensor([1, 2, 3], shape: [3])
        var copy = original
        copy.withUnsafeMutableFloats { $0[0] = 100 }
        #expect(original.floats() == [1, 2, 3])
        #expect(copy.floats() == [100, 2, 3])
        #expect(copy.storage !== original.storage)
    }

    @Test func writingAUniqueTensorDoesNotCopy() {
        var t = Tensor.zeros([4])
        let before = t.storage.baseAddress
        t.withUnsafeMutableFloats { $0[3] = 7 }
        #expect(t.storage.baseAddress == before)
        #expect(t.floats() == [0, 0, 0, 7])
    }

    @Test func writingASliceCopiesOnlyTheSlice() {
        let t = Tensor([1, 2, 3, 4], shape: [4, 1])
        var s = t.slice(2..<4)
        s.withUnsafeMutableFloats { $0[0] = -3 }
        #expect(s.floats() == [-3, 4])
        #expect(t.floats() == [1, 2, 3, 4])
        #expect(s.byteOffset == 0)
    }

    @Test func typedAccessMatchesDType() {
        let t = Tensor([1, 2], shape: [2]).converted(to: .float16)
        let bits = t.withUnsafeBufferPointer(as: UInt16.self) { Array($0) }
        #expect(bits == [0x3c00, 0x4000])
        let raw = t.withUnsafeRawBytes { Array($0) }
        #expect(raw == [0x00, 0x3c, 0x00, 0x40])
    }

    @Test func immutableTensorIsReadableFromManyTasks() async {
        let t = Tensor((0..<10_000).map { Float($0) }, shape: [100, 100])
        let sums = await withTaskGroup(of: Float.self) { group in
            for _ in 0..<8 { group.addTask { t.floats().reduce(0, +) } }
            var all: [Float] = []
            for await s in group { all.append(s) }
            return all
        }
        #expect(sums.count == 8)
        #expect(Set(sums).count == 1)
        #expect(sums[0] == (0..<10_000).map { Float($0) }.reduce(0, +))
    }

    @Test func descriptionNamesDTypeAndShape() {
        #expect(Tensor.zeros([2, 3]).description == "Tensor(float32 [2, 3])")
    }
}
