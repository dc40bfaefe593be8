import JukeboxTensor

/// One named tensor as stored in a weight file: element type, shape and contiguous row-major little-endian bytes.
///
/// This is a raw record, not a compute tensor: model loaders turn it into whatever they need. The bytes are
/// usually a view into the mapped file (no copy).
public struct WeightTensor: Sendable, Equatable {
    /// The tensor's key, e.g. `prior.x_emb.weight`.
    public let name: String
    /// Element type of the stored bytes.
    public let dtype: DType
    /// Dimensions, outermost first; `[]` is a scalar.
    public let shape: [Int]
    /// `product(shape) * dtype.byteSize` bytes, row-major (C order), little-endian.
    public let bytes: ByteRegion

    /// Makes a record; the byte count must match the shape and dtype (a programmer error otherwise).
    public init(name: String, dtype: DType, shape: [Int], bytes: ByteRegion) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(name)")
        precondition(
            bytes.count == shape.reduce(1, *) * dtype.byteSize,
            "\(name): \(bytes.count) bytes for shape \(shape) of \(dtype)")
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// Number of elements, `product(shape)`.
    public var elementCount: Int { shape.reduce(1, *) }

    /// The values widened (or, for float64, rounded) to `Float`.
    ///
    /// float16 and bfloat16 widen exactly.
    /// - Throws: ``WeightsError/unsupportedConversion(tensor:dtype:to:)`` for integer and boolean tensors.
    public func floats() throws -> [Float] {
        let count = elementCount
        return try bytes.withUnsafeBytes { raw -> [Float] in
            switch dtype {
            case .float32:
                return (0..<count).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
                }
            case .float16:
                return (0..<count).map {
                    HalfFloat.float(
                        fromFloat16Bits: UInt16(
                            littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)))
                }
            case .bfloat16:
                return (0..<count).map {
                    Float(
                        bitPattern: UInt32(
                            UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) << 16)
                }
            case .float64:
                return (0..<count).map {
                    Float(
                        Double(
                            bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))
                        ))
                }
            default:
                throw WeightsError.unsupportedConversion(tensor: name, dtype: dtype, to: "Float")
            }
        }
    }

    /// The values of an integer or boolean tensor as `Int64`.
    ///
    /// - Throws: ``WeightsError/unsupportedConversion(tensor:dtype:to:)`` for floating-point tensors.
    public func int64s() throws -> [Int64] {
        let count = elementCount
        return try bytes.withUnsafeBytes { raw -> [Int64] in
            switch dtype {
            case .int64:
                return (0..<count).map {
                    Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))
                }
            case .int32:
                return (0..<count).map {
                    Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)))
                }
            case .int16:
                return (0..<count).map {
                    Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)))
                }
            case .int8: return (0..<count).map { Int64(Int8(bitPattern: raw[$0])) }
            case .uint8, .bool: return (0..<count).map { Int64(raw[$0]) }
            default:
                throw WeightsError.unsupportedConversion(tensor: name, dtype: dtype, to: "Int64")
            }
        }
    }
}
