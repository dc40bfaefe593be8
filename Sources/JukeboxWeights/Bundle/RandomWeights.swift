import Foundation
import JukeboxTensor

/// Deterministic random weights for any schema: test bundles, the untrained default bundle
/// and benchmarks at the official shapes. The same seed and schema always give the same bytes.
///
/// Values are scaled so activations stay near unit size through deep stacks: matrices and
/// convolution filters N(0, 1/fan_in) scaled by 0.5, biases N(0, 0.01), layer-norm weights 1
/// and biases 0, embedding tables and codebooks N(0, 0.5).
public enum RandomWeights {
    /// Writes a safetensors file with one tensor per schema entry.
    /// - Parameters:
    ///   - schema: names and shapes (e.g. `CheckpointSchema.vqvae(...)`).
    ///   - dtype: `float32`, `float16` or `bfloat16`; Conv1D `.w` matrices of priors may be
    ///     16-bit while the rest stays float32 when `halfMatrices` is true.
    ///   - seed: the generator's seed.
    /// - Throws: `WeightsError` from the writer.
    public static func write(
        _ schema: [ExpectedTensor], to path: String, seed: UInt64, halfMatrices: DType? = nil
    ) throws {
        // Widest first so every tensor is aligned in the file.
        let ordered = schema.sorted { dtype(for: $0, halfMatrices).byteSize > dtype(for: $1, halfMatrices).byteSize }
        let descriptors = ordered.map {
            SafeTensorsWriter.Descriptor(name: $0.name, dtype: dtype(for: $0, halfMatrices), shape: $0.shape)
        }
        try SafeTensorsWriter.write(to: path, descriptors: descriptors) { index in
            let tensor = ordered[index]
            var generator = SplitMix64(seed: seed ^ fnv1a(tensor.name))
            let values = sample(tensor, &generator)
            switch descriptors[index].dtype {
            case .float16:
                return ByteRegion(values.map { HalfFloat.float16Bits(from: $0) }.withUnsafeBytes { Array($0) })
            case .bfloat16:
                return ByteRegion(values.map { HalfFloat.bfloat16Bits(from: $0) }.withUnsafeBytes { Array($0) })
            default: return ByteRegion(values.withUnsafeBytes { Array($0) })
            }
        }
    }

    static func dtype(for tensor: ExpectedTensor, _ halfMatrices: DType?) -> DType {
        if let halfMatrices, tensor.name.hasSuffix(".w") { return halfMatrices }
        return .float32
    }

    static func sample(_ tensor: ExpectedTensor, _ generator: inout SplitMix64) -> [Float] {
        let count = tensor.shape.reduce(1, *)
        let name = tensor.name
        if name.hasSuffix("ln_0.weight") || name.hasSuffix("ln_1.weight") || name.hasSuffix("ln.weight")
            || name.hasSuffix("_ln.weight")
        {
            return [Float](repeating: 1, count: count)
        }
        if name.hasSuffix("ln_0.bias") || name.hasSuffix("ln_1.bias") || name.hasSuffix("ln.bias")
            || name.hasSuffix("_ln.bias")
        {
            return [Float](repeating: 0, count: count)
        }
        let std: Double
        if tensor.shape.count == 1 {
            std = 0.01  // biases
        } else if name.hasSuffix(".k") || name.contains("emb") || name.hasSuffix("start_token") {
            std = 0.5  // codebooks and embedding tables
        } else if name.hasSuffix(".w") {
            std = 0.5 / Double(tensor.shape[0]).squareRoot()  // Conv1D (n_in, n_out)
        } else if name.hasSuffix("x_out.weight") {
            std = 0.5 / Double(tensor.shape[1]).squareRoot()
        } else {
            // Conv (out, in, k) and transposed conv (in, out, k): fan-in over the other axes.
            let fanIn = tensor.shape.dropFirst().reduce(1, *)
            std = 0.5 / Double(max(fanIn, 1)).squareRoot()
        }
        return (0..<count).map { _ in Float(generator.nextGaussian() * std) }
    }

    /// FNV-1a of a name, so each tensor gets its own stream whatever the order.
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

/// SplitMix64 with Box-Muller normals.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    mutating func nextUnit() -> Double { (Double(next() >> 11) + 1) / Double(1 << 53) }

    mutating func nextGaussian() -> Double {
        (-2 * Foundation.log(nextUnit())).squareRoot() * Foundation.cos(2 * Double.pi * nextUnit())
    }
}
