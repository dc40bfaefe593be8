import JukeboxTensor

/// The element type `convert` writes floating-point weights in.
public enum WeightDTypeChoice: String, Sendable, CaseIterable {
    /// Whatever each tensor is stored as in the checkpoint (the official 5b tops keep their
    /// float16 Conv1D weights).
    case keep
    /// Every float tensor as float32.
    case f32
    /// Every float tensor as float16 (round to nearest even; values beyond 65504 become inf).
    case f16
    /// Every float tensor as bfloat16 (round to nearest even).
    case bf16
    /// The priors' Conv1D matrices (names ending `.w`, the transformers' weights that carry
    /// nearly all of a prior's bytes) as bfloat16, rounded to nearest even; a matrix the prior
    /// holds in float16 anyway (stored float16, or `fp16_params`, as in the official 5b tops)
    /// as float16, since bfloat16 would only drop mantissa bits the runtime uses. Everything
    /// else (biases, norms, embeddings, `x_out`, the upsamplers' conditioner convolutions and
    /// the whole VQ-VAE) is kept as stored. `convert --preset` writes this by default.
    case bf16Matrices = "bf16-matrices"

    /// The type a tensor stored as `stored` is written as.
    /// - Parameters:
    ///   - name: the tensor's checkpoint name (``bf16Matrices`` halves only names ending `.w`).
    ///   - fp16Params: the prior's `fp16_params` (its Conv1D matrices are float16 at run time).
    public func target(for stored: DType, tensor name: String = "", fp16Params: Bool = false) -> DType {
        guard stored.isFloatingPoint, stored != .float64 || self != .keep else { return stored }
        switch self {
        case .keep: return stored
        case .f32: return .float32
        case .f16: return .float16
        case .bf16: return .bfloat16
        case .bf16Matrices:
            guard name.hasSuffix(".w") else { return stored }
            return stored == .float16 || fp16Params ? .float16 : .bfloat16
        }
    }

    /// `tensor` as this choice writes it (the same bytes when its type does not change).
    /// - Parameter fp16Params: the prior's `fp16_params`, as in ``target(for:tensor:fp16Params:)``.
    /// - Throws: `WeightsError.unsupportedConversion` for a type it cannot convert.
    public func converted(_ tensor: WeightTensor, fp16Params: Bool = false) throws -> WeightTensor {
        let target = target(for: tensor.dtype, tensor: tensor.name, fp16Params: fp16Params)
        return WeightTensor(
            name: tensor.name, dtype: target, shape: tensor.shape,
            bytes: try Self.convert(
                tensor.bytes, count: tensor.elementCount, from: tensor.dtype, to: target, tensor: tensor.name))
    }

    /// Converts the little-endian bytes of `count` elements from `source` to `target`.
    /// - Throws: `WeightsError.unsupportedConversion` for a pair it cannot convert.
    static func convert(_ bytes: ByteRegion, count: Int, from source: DType, to target: DType, tensor: String)
        throws -> ByteRegion
    {
        if source == target { return bytes }
        // Widen to float32 first (one aligned copy), then narrow if needed.
        var floats = [Float](repeating: 0, count: count)
        try bytes.withUnsafeBytes { raw in
            switch source {
            case .float32:
                floats.withUnsafeMutableBytes {
                    $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(count * 4)]))
                }
            case .float64:
                for i in 0..<count { floats[i] = Float(raw.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)) }
            case .float16, .bfloat16:
                var halves = [UInt16](repeating: 0, count: count)
                halves.withUnsafeMutableBytes {
                    $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(count * 2)]))
                }
                halves.withUnsafeBufferPointer { h in
                    floats.withUnsafeMutableBufferPointer { f in
                        if source == .float16 {
                            HalfFloat.widenFloat16(h.baseAddress!, to: f.baseAddress!, count: count)
                        } else {
                            HalfFloat.widenBFloat16(h.baseAddress!, to: f.baseAddress!, count: count)
                        }
                    }
                }
            default:
                throw WeightsError.unsupportedConversion(tensor: tensor, dtype: source, to: target.rawValue)
            }
        }
        switch target {
        case .float32:
            return ByteRegion(floats.withUnsafeBytes { Array($0) })
        case .float16, .bfloat16:
            var halves = [UInt16](repeating: 0, count: count)
            floats.withUnsafeBufferPointer { f in
                halves.withUnsafeMutableBufferPointer { h in
                    if target == .float16 {
                        HalfFloat.narrowToFloat16(f.baseAddress!, to: h.baseAddress!, count: count)
                    } else {
                        HalfFloat.narrowToBFloat16(f.baseAddress!, to: h.baseAddress!, count: count)
                    }
                }
            }
            return ByteRegion(halves.withUnsafeBytes { Array($0) })
        default:
            throw WeightsError.unsupportedConversion(tensor: tensor, dtype: source, to: target.rawValue)
        }
    }
}
