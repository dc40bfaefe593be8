/// Element types a tensor can hold.
///
/// Compute happens in `float32`; `float16` and `bfloat16` are storage types that kernels widen
/// on the fly. The integer and boolean types carry token ids, codes and masks read from
/// checkpoints and test files.
public enum DType: String, Sendable, Codable, CaseIterable, Equatable {
    case float32
    case float16
    case bfloat16
    case float64
    case int64
    case int32
    case int16
    case int8
    case uint8
    case bool

    /// Bytes one element occupies in memory and on disk.
    public var byteSize: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16, .int16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// Whether the type is a floating-point type.
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float16, .bfloat16, .float64: true
        default: false
        }
    }
}
