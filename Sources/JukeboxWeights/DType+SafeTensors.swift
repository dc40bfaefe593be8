import JukeboxTensor

extension DType {
    /// The dtype's code in a safetensors header (`F32`, `F16`, `BF16`, `F64`, `I64`, `I32`, `I16`, `I8`, `U8`,
    /// `BOOL`).
    public var safeTensorsCode: String {
        switch self {
        case .float32: "F32"
        case .float16: "F16"
        case .bfloat16: "BF16"
        case .float64: "F64"
        case .int64: "I64"
        case .int32: "I32"
        case .int16: "I16"
        case .int8: "I8"
        case .uint8: "U8"
        case .bool: "BOOL"
        }
    }

    /// The dtype for a safetensors header code, or `nil` for codes this project does not handle.
    public init?(safeTensorsCode code: String) {
        guard let match = DType.allCases.first(where: { $0.safeTensorsCode == code }) else { return nil }
        self = match
    }
}
