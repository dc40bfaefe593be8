import Testing

@testable import JukeboxTensor

/// Stands in for a memory-mapped file: owns a buffer and records when it is freed.
private final class FakeMapping: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer
    let onDeinit: @Sendable () -> Void

    init(floats: [Float], onDeinit: @escaping @Sendable () -> Void) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: floats.count * 4, alignment: 16)
        floats.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        bytes = buffer
        self.onDeinit = onDeinit
    }

    deinit {
        onDeinit()
        bytes.deallocate()
    }
}

/// A thread-safe flag for the deinit callback.
private final class Flag: @unchecked Sendable {
    var isSet = false
}

@Suite struct TensorStorageTests {
    @Test func ownedStorageIsAlignedAndZeroed() {
        for size in [0, 1, 3, 63, 64, 65, 4097] {
            let storage = TensorStorage(byteCount: size)
            #expect(Int(bitPattern: storage.baseAddress) % TensorStorage.alignment == 0)
            #expect(storage.isOwned)
            let bytes = UnsafeRawBufferPointer(start: storage.baseAddress, count: size)
            #expect(bytes.allSatisfy { $0 == 0 })
        }
    }

    @Test func borrowedViewReadsExternalMemoryWithoutCopying() {
        let freed = Flag()
        let mapping = FakeMapping(floats: [1, 2, 3, 4, 5, 6]) { freed.isSet = true }
        let storage = TensorStorage(borrowing: mapping.bytes, byteCount: 24, owner: mapping)
        let t = Tensor(shape: [2, 2], dtype: .float32, storage: storage, byteOffset: 8)
        #expect(t.isBorrowed)
        #expect(t.storage.baseAddress == mapping.bytes)
        #expect(t.floats() == [3, 4, 5, 6])
        #expect(!freed.isSet)
    }

    @Test func viewKeepsItsOwnerAlive() {
        let freed = Flag()
        var tensor: Tensor? = makeViewOfTemporaryMapping(freed: freed)
        // The mapping's only strong reference is the tensor's storage now.
        #expect(!freed.isSet)
        #expect(tensor?.floats() == [10, 20, 30])
        tensor = nil
        #expect(freed.isSet)
    }

    @Test func writingABorrowedTensorCopiesAndLeavesTheMappingUntouched() {
        let mapping = FakeMapping(floats: [1, 2, 3]) {}
        var t = Tensor(
            shape: [3], dtype: .float32, storage: TensorStorage(borrowing: mapping.bytes, byteCount: 12, owner: mapping)
        )
        t.withUnsafeMutableFloats { $0[1] = 99 }
        #expect(t.floats() == [1, 99, 3])
        #expect(!t.isBorrowed)
        #expect(mapping.bytes.load(fromByteOffset: 4, as: Float.self) == 2)
    }

    private func makeViewOfTemporaryMapping(freed: Flag) -> Tensor {
        let mapping = FakeMapping(floats: [10, 20, 30]) { freed.isSet = true }
        let storage = TensorStorage(borrowing: mapping.bytes, byteCount: 12, owner: mapping)
        return Tensor(shape: [3], dtype: .float32, storage: storage)
    }
}
