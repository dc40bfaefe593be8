import JukeboxTensor

/// The Python globals a checkpoint pickle may name: the allow-list of the restricted interpreter.
///
/// Anything not listed here makes loading fail with ``WeightsError/forbiddenGlobal(path:module:name:offset:)``.
/// None of these is ever executed; each has a small data-only meaning implemented in Swift.
enum PickleGlobal: Equatable {
    /// `collections.OrderedDict`: calling it makes an empty (or pre-filled) dict.
    case orderedDict
    /// `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])`.
    case rebuildTensorV2
    /// `torch._utils._rebuild_tensor(storage, offset, size, stride)` (older writers).
    case rebuildTensor
    /// `torch._utils._rebuild_parameter(data, requires_grad, hooks)` (state dicts saved with `keep_vars`).
    case rebuildParameter
    /// A storage class (`torch.FloatStorage`, ...) or dtype object (`torch.float32`, ...) naming an element type.
    case storageType(DType)
    /// `_codecs.encode(text, encoding)`, used by pickles of `bytes`; evaluated for latin-1 and UTF-8.
    case codecsEncode
    /// A numpy global tolerated in metadata (`numpy.dtype`, `numpy.core.multiarray.scalar`, ...); calling it
    /// yields an opaque placeholder.
    case opaqueData(String)

    /// Storage class names and the dtypes they hold.
    private static let storageClasses: [String: DType] = [
        "FloatStorage": .float32, "HalfStorage": .float16, "BFloat16Storage": .bfloat16,
        "DoubleStorage": .float64, "LongStorage": .int64, "IntStorage": .int32, "ShortStorage": .int16,
        "CharStorage": .int8, "ByteStorage": .uint8, "BoolStorage": .bool, "UntypedStorage": .uint8,
    ]

    /// `torch.<dtype>` attribute names and the dtypes they denote.
    private static let dtypeObjects: [String: DType] = [
        "float32": .float32, "float": .float32, "float16": .float16, "half": .float16, "bfloat16": .bfloat16,
        "float64": .float64, "double": .float64, "int64": .int64, "long": .int64, "int32": .int32, "int": .int32,
        "int16": .int16, "short": .int16, "int8": .int8, "uint8": .uint8, "bool": .bool,
    ]

    /// The allowed global for `module.name`, or `nil` if it is forbidden.
    static func resolve(module: String, name: String) -> PickleGlobal? {
        switch (module, name) {
        case ("collections", "OrderedDict"): return .orderedDict
        case ("torch._utils", "_rebuild_tensor_v2"): return .rebuildTensorV2
        case ("torch._utils", "_rebuild_tensor"): return .rebuildTensor
        case ("torch._utils", "_rebuild_parameter"): return .rebuildParameter
        case ("_codecs", "encode"): return .codecsEncode
        case ("numpy", "dtype"), ("numpy", "ndarray"),
            ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
            ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"):
            return .opaqueData("\(module).\(name)")
        case ("torch", _), ("torch.cuda", _):
            if let dtype = storageClasses[name] { return .storageType(dtype) }
            if module == "torch", let dtype = dtypeObjects[name] { return .storageType(dtype) }
            return nil
        default:
            return nil
        }
    }
}
