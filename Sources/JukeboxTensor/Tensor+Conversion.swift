// Element-type conversions: reading any tensor as floats or integers, and changing dtype.

extension Tensor {
    /// All elements as `Float`, widening `float16`/`bfloat16` exactly and converting the other
    /// types with Swift's `Float(_:)` (booleans become 0 or 1).
    public func floats() -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                widen(elements: 0..<count, into: base)
            }
            initialized = count
        }
    }

    /// All elements of an integer or boolean tensor as `Int`.
    public func ints() -> [Int] {
        switch dtype {
        case .int64: withUnsafeBufferPointer(as: Int64.self) { $0.map { Int($0) } }
        case .int32: withUnsafeBufferPointer(as: Int32.self) { $0.map { Int($0) } }
        case .int16: withUnsafeBufferPointer(as: Int16.self) { $0.map { Int($0) } }
        case .int8: withUnsafeBufferPointer(as: Int8.self) { $0.map { Int($0) } }
        case .uint8, .bool: withUnsafeBufferPointer(as: UInt8.self) { $0.map { Int($0) } }
        case .float32, .float16, .bfloat16, .float64:
            preconditionFailure("ints() needs an integer tensor, tensor is \(dtype)")
        }
    }

    /// A copy of a floating-point tensor in another floating-point dtype.
    ///
    /// Narrowing to `float16` or `bfloat16` rounds to nearest, ties to even. Converting to the same
    /// dtype returns `self` (shared storage).
    ///
    /// - Parameter target: `float32`, `float16` or `bfloat16`.
    public func converted(to target: DType) -> Tensor {
        precondition(dtype.isFloatingPoint, "converted(to:) needs a floating-point tensor, tensor is \(dtype)")
        if target == dtype { return self }
        let wide: Tensor
        if dtype == .float32 {
            wide = self
        } else {
            var widened = Tensor.uninitialized(shape)
            widened.withUnsafeMutableFloats { widen(elements: 0..<count, into: $0.baseAddress!) }
            wide = widened
        }
        switch target {
        case .float32:
            return wide
        case .float16, .bfloat16:
            let storage = TensorStorage(uninitializedByteCount: count * 2)
            let narrow = storage.baseAddress.bindMemory(to: UInt16.self, capacity: count)
            wide.withUnsafeFloats { source in
                if target == .float16 {
                    HalfFloat.narrowToFloat16(source.baseAddress!, to: narrow, count: count)
                } else {
                    HalfFloat.narrowToBFloat16(source.baseAddress!, to: narrow, count: count)
                }
            }
            return Tensor(shape: shape, dtype: target, storage: storage)
        default:
            preconditionFailure("converted(to:) supports float32, float16 and bfloat16 targets, not \(target)")
        }
    }

    /// Writes elements `range` (flat, row-major indices) as floats to `destination`.
    ///
    /// Kernels use this to widen 16-bit weights block by block.
    func widen(elements range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "elements \(range) outside 0..<\(count)")
        let n = range.count
        withExtendedLifetime(storage) {
            let first = rawAddress + range.lowerBound * dtype.byteSize
            switch dtype {
            case .float32:
                destination.update(from: first.assumingMemoryBound(to: Float.self), count: n)
            case .float16:
                HalfFloat.widenFloat16(first.assumingMemoryBound(to: UInt16.self), to: destination, count: n)
            case .bfloat16:
                HalfFloat.widenBFloat16(first.assumingMemoryBound(to: UInt16.self), to: destination, count: n)
            case .float64:
                let source = first.assumingMemoryBound(to: Double.self)
                for i in 0..<n { destination[i] = Float(source[i]) }
            case .int64:
                let source = first.assumingMemoryBound(to: Int64.self)
                for i in 0..<n { destination[i] = Float(source[i]) }
            case .int32:
                let source = first.assumingMemoryBound(to: Int32.self)
                for i in 0..<n { destination[i] = Float(source[i]) }
            case .int16:
                let source = first.assumingMemoryBound(to: Int16.self)
                for i in 0..<n { destination[i] = Float(source[i]) }
            case .int8:
                let source = first.assumingMemoryBound(to: Int8.self)
                for i in 0..<n { destination[i] = Float(source[i]) }
            case .uint8, .bool:
                let source = first.assumingMemoryBound(to: UInt8.self)
                for i in 0..<n { destination[i] = Float(source[i]) }
            }
        }
    }

    /// Calls `body` with the elements as floats: directly for `float32`, through a widened
    /// temporary copy otherwise. For small tensors (biases, norms) and whole conv weights.
    func withWidenedFloats<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        if dtype == .float32 {
            return try withUnsafeFloats(body)
        }
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        defer { scratch.deallocate() }
        widen(elements: 0..<count, into: scratch)
        return try body(UnsafeBufferPointer(start: scratch, count: count))
    }
}
