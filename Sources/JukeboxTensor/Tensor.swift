/// A dense, row-major (C-contiguous) n-dimensional array.
///
/// Compute kernels read and write `float32`; `float16` and `bfloat16` tensors are storage that
/// kernels widen on the fly, and integer tensors carry ids and codes.
///
/// `Tensor` is a value type with copy-on-write storage, like `Array`: copies share bytes until one
/// of them is written. Reading a tensor from several threads at once is safe, which is why model
/// weights can be plain `let` tensors shared by every job. Borrowed storage (a view of a mapped
/// file, see ``TensorStorage/init(borrowing:byteCount:owner:)``) is never written in place.
///
/// Making an output: allocate with ``zeros(_:dtype:)`` and fill it through
/// ``withUnsafeMutableFloats(_:)``:
///
/// ```swift
/// var y = Tensor.zeros([batch, channels, time])  // (batch, channels, time)
/// y.withUnsafeMutableFloats { y in y[0] = 1 }
/// ```
public struct Tensor: Sendable {
    /// Extent of every dimension, outermost first.
    public private(set) var shape: [Int]
    /// Element type.
    public let dtype: DType
    /// The bytes; possibly shared with other tensors or borrowed from a mapped file.
    public private(set) var storage: TensorStorage
    /// Offset of the first element inside `storage`, in bytes.
    public private(set) var byteOffset: Int

    /// Wraps existing storage without copying.
    ///
    /// - Parameters:
    ///   - shape: Extents; every one must be non-negative.
    ///   - dtype: Element type of the bytes.
    ///   - storage: The bytes; must hold `byteOffset + count * dtype.byteSize` bytes.
    ///   - byteOffset: Where the first element starts inside `storage`.
    public init(shape: [Int], dtype: DType, storage: TensorStorage, byteOffset: Int = 0) {
        let count = Tensor.elementCount(shape)
        precondition(byteOffset >= 0, "negative byte offset \(byteOffset)")
        precondition(
            byteOffset + count * dtype.byteSize <= storage.byteCount,
            "tensor \(shape) \(dtype) at offset \(byteOffset) needs more than the \(storage.byteCount) bytes stored")
        self.shape = shape
        self.dtype = dtype
        self.storage = storage
        self.byteOffset = byteOffset
    }

    /// Copies `values` into a new `float32` tensor of the given shape.
    ///
    /// - Parameters:
    ///   - values: Elements in row-major order; `values.count` must equal the product of `shape`.
    ///   - shape: Extents.
    public init(_ values: [Float], shape: [Int]) {
        self.init(copying: values, shape: shape, dtype: .float32)
    }

    /// Copies `values` into a new `int64` tensor (token ids, codes).
    ///
    /// - Parameters:
    ///   - values: Elements in row-major order; `values.count` must equal the product of `shape`.
    ///   - shape: Extents.
    public init(int64 values: [Int64], shape: [Int]) {
        self.init(copying: values, shape: shape, dtype: .int64)
    }

    /// Copies `values` into a new `int32` tensor.
    ///
    /// - Parameters:
    ///   - values: Elements in row-major order; `values.count` must equal the product of `shape`.
    ///   - shape: Extents.
    public init(int32 values: [Int32], shape: [Int]) {
        self.init(copying: values, shape: shape, dtype: .int32)
    }

    private init<T>(copying values: [T], shape: [Int], dtype: DType) {
        precondition(MemoryLayout<T>.stride == dtype.byteSize)
        let count = Tensor.elementCount(shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape) (\(count) elements)")
        let storage = TensorStorage(uninitializedByteCount: count * dtype.byteSize)
        values.withUnsafeBytes { source in
            if let base = source.baseAddress {
                storage.baseAddress.copyMemory(from: base, byteCount: source.count)
            }
        }
        self.init(shape: shape, dtype: dtype, storage: storage)
    }

    /// A new tensor of the given shape filled with zeros.
    ///
    /// - Parameters:
    ///   - shape: Extents.
    ///   - dtype: Element type; `float32` unless said otherwise.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        Tensor(shape: shape, dtype: dtype, storage: TensorStorage(byteCount: elementCount(shape) * dtype.byteSize))
    }

    /// A new `float32` tensor with every element set to `value`.
    ///
    /// - Parameters:
    ///   - value: The fill value.
    ///   - shape: Extents.
    public static func full(_ value: Float, shape: [Int]) -> Tensor {
        var tensor = uninitialized(shape)
        tensor.withUnsafeMutableFloats { $0.initialize(repeating: value) }
        return tensor
    }

    /// A new `float32` tensor whose contents are undefined. Kernels use this for outputs they
    /// overwrite completely.
    static func uninitialized(_ shape: [Int]) -> Tensor {
        let bytes = elementCount(shape) * DType.float32.byteSize
        return Tensor(shape: shape, dtype: .float32, storage: TensorStorage(uninitializedByteCount: bytes))
    }

    /// Product of the extents, after checking that none is negative.
    static func elementCount(_ shape: [Int]) -> Int {
        var count = 1
        for extent in shape {
            precondition(extent >= 0, "negative extent in shape \(shape)")
            count *= extent
        }
        return count
    }

    /// Number of elements (the product of `shape`; 1 for a scalar of rank 0).
    public var count: Int { Tensor.elementCount(shape) }
    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Bytes the elements occupy.
    public var byteCount: Int { count * dtype.byteSize }
    /// Whether the bytes belong to another object (a view of external memory).
    public var isBorrowed: Bool { !storage.isOwned }

    /// Extent of dimension `dim`; negative values count from the end (`-1` is the last).
    public func size(_ dim: Int) -> Int {
        shape[dim < 0 ? shape.count + dim : dim]
    }

    /// Address of the first element. Valid only while `storage` is alive.
    var rawAddress: UnsafeMutableRawPointer { storage.baseAddress + byteOffset }
}

// MARK: - Shape changes that share storage

extension Tensor {
    /// The same elements under another shape, sharing storage (no copy).
    ///
    /// - Parameter newShape: Extents whose product equals `count`; one extent may be `-1` and is
    ///   then inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let hole = newShape.firstIndex(of: -1) {
            precondition(newShape.filter { $0 == -1 }.count == 1, "more than one -1 in \(newShape)")
            var known = 1
            for (index, extent) in newShape.enumerated() where index != hole { known *= extent }
            precondition(known > 0 && count % known == 0, "cannot infer -1 in \(newShape) for \(count) elements")
            resolved[hole] = count / known
        }
        precondition(
            Tensor.elementCount(resolved) == count, "cannot reshape \(shape) (\(count) elements) to \(newShape)")
        var result = self
        result.shape = resolved
        return result
    }

    /// Rows `range` of the outermost dimension, sharing storage (no copy).
    ///
    /// For a `(batch, channels, time)` tensor, `slice(1..<2)` is batch item 1 as `(1, channels, time)`.
    ///
    /// - Parameter range: A range inside `0..<shape[0]`.
    public func slice(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1, "cannot slice a scalar")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[0], "slice \(range) outside 0..<\(shape[0])")
        let rowBytes = Tensor.elementCount(Array(shape.dropFirst())) * dtype.byteSize
        var newShape = shape
        newShape[0] = range.count
        return Tensor(
            shape: newShape, dtype: dtype, storage: storage, byteOffset: byteOffset + range.lowerBound * rowBytes)
    }
}

// MARK: - Pointer access

extension Tensor {
    /// Calls `body` with the raw bytes of the elements.
    public func withUnsafeRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) {
            try body(UnsafeRawBufferPointer(start: rawAddress, count: byteCount))
        }
    }

    /// Calls `body` with the elements typed as `T`, whose size must match `dtype.byteSize`
    /// (for example `UInt16` for `float16`/`bfloat16`, `Int64` for `int64`).
    public func withUnsafeBufferPointer<T, R>(as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) rethrows
        -> R
    {
        precondition(MemoryLayout<T>.stride == dtype.byteSize, "\(T.self) does not match dtype \(dtype)")
        return try withExtendedLifetime(storage) {
            let typed = rawAddress.bindMemory(to: T.self, capacity: count)
            return try body(UnsafeBufferPointer(start: typed, count: count))
        }
    }

    /// Calls `body` with the elements of a `float32` tensor.
    public func withUnsafeFloats<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        precondition(dtype == .float32, "withUnsafeFloats needs float32, tensor is \(dtype)")
        return try withUnsafeBufferPointer(as: Float.self, body)
    }

    /// Calls `body` with writable bytes, copying first if the storage is shared or borrowed.
    public mutating func withUnsafeMutableRawBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows
        -> R
    {
        makeUnique()
        return try withExtendedLifetime(storage) {
            try body(UnsafeMutableRawBufferPointer(start: rawAddress, count: byteCount))
        }
    }

    /// Calls `body` with writable elements typed as `T` (size must match `dtype.byteSize`), copying
    /// first if the storage is shared or borrowed.
    public mutating func withUnsafeMutableBufferPointer<T, R>(
        as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) rethrows -> R {
        precondition(MemoryLayout<T>.stride == dtype.byteSize, "\(T.self) does not match dtype \(dtype)")
        makeUnique()
        return try withExtendedLifetime(storage) {
            let typed = rawAddress.bindMemory(to: T.self, capacity: count)
            return try body(UnsafeMutableBufferPointer(start: typed, count: count))
        }
    }

    /// Calls `body` with the writable elements of a `float32` tensor, copying first if the storage
    /// is shared or borrowed. This is how kernels fill their outputs.
    public mutating func withUnsafeMutableFloats<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows
        -> R
    {
        precondition(dtype == .float32, "withUnsafeMutableFloats needs float32, tensor is \(dtype)")
        return try withUnsafeMutableBufferPointer(as: Float.self, body)
    }

    /// Ensures this tensor is the only user of owned storage, copying its elements if not.
    private mutating func makeUnique() {
        if storage.isOwned && isKnownUniquelyReferenced(&storage) { return }
        let copy = TensorStorage(uninitializedByteCount: byteCount)
        copy.baseAddress.copyMemory(from: rawAddress, byteCount: byteCount)
        storage = copy
        byteOffset = 0
    }
}

extension Tensor: CustomStringConvertible {
    /// Shape and dtype, e.g. `Tensor(float32 [2, 64, 1024])`.
    public var description: String { "Tensor(\(dtype) \(shape))" }
}
