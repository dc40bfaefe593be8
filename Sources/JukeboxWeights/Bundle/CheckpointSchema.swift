// Port of the module trees of jukebox/vqvae/{vqvae,encdec,resnet}.py @ 08efbbc: the
// state_dict keys and shapes they register, in state_dict order.

import JukeboxTensor

/// One tensor a checkpoint must hold: its official key and its shape.
public struct ExpectedTensor: Sendable, Equatable, CustomStringConvertible {
    /// The key exactly as in the official `.pth.tar` files.
    public var name: String
    /// PyTorch's shape of the parameter.
    public var shape: [Int]

    public init(_ name: String, _ shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    public var description: String { "\(name) \(shape)" }
}

/// The keys and shapes a model's state_dict has, derived from its hyper-parameters the way
/// the reference's constructors build the module tree. Strict loading checks a file against
/// it: every tensor present with this shape, nothing else.
public enum CheckpointSchema {
    /// The VQ-VAE's tensors (encoders, then decoders, then codebooks).
    public static func vqvae(_ hp: VQVAEHyperparameters) -> [ExpectedTensor] {
        var out: [ExpectedTensor] = []
        for level in 0..<hp.levels {
            let width = hp.width(level: level)
            let depth = hp.depth(level: level)
            for block in 0...level {
                let prefix = "encoders.\(level).level_blocks.\(block).model"
                for stage in 0..<hp.downsT[block] {
                    let input = stage > 0 ? width : (block == 0 ? 1 : hp.embWidth)
                    out += conv("\(prefix).\(stage).0", out: width, in: input, kernel: hp.stridesT[block] * 2)
                    out += resnet("\(prefix).\(stage).1.model", width: width, depth: depth, mConv: hp.mConv)
                }
                out += conv("\(prefix).\(hp.downsT[block])", out: hp.embWidth, in: width, kernel: 3)
            }
        }
        for level in 0..<hp.levels {
            let width = hp.width(level: level)
            let depth = hp.depth(level: level)
            for block in 0...level {
                out += decoderConvBlock(
                    "decoders.\(level).level_blocks.\(block).model", input: hp.embWidth, output: hp.embWidth,
                    width: width, depth: depth, mConv: hp.mConv, downs: hp.downsT[block],
                    stride: hp.stridesT[block], residualKey: "model")
            }
            out += conv("decoders.\(level).out", out: 1, in: hp.embWidth, kernel: 3)
        }
        for level in 0..<hp.levels {
            out.append(ExpectedTensor("bottleneck.level_blocks.\(level).k", [hp.lBins, hp.embWidth]))
        }
        return out
    }

    /// Checks a file's tensors against the schema: every expected tensor present with its
    /// shape and an accepted type, and nothing else. The first problem is thrown.
    /// - Parameters:
    ///   - names: every tensor name the file holds.
    ///   - describe: the shape and type of a named tensor, `nil` when absent.
    ///   - accepted: element types the model can use (float16 and bfloat16 are widened).
    /// - Throws: `BundleError.missingTensor`, `.shapeMismatch`, `.wrongDType`, `.unexpectedTensor`.
    public static func check(
        _ expected: [ExpectedTensor], file: String, names: [String],
        accepted: Set<DType> = [.float32, .float16, .bfloat16], describe: (String) -> (shape: [Int], dtype: DType)?
    ) throws(BundleError) {
        for tensor in expected {
            guard let found = describe(tensor.name) else {
                throw BundleError.missingTensor(file: file, tensor: tensor.name, expectedShape: tensor.shape)
            }
            guard found.shape == tensor.shape else {
                throw BundleError.shapeMismatch(
                    file: file, tensor: tensor.name, expected: tensor.shape, actual: found.shape)
            }
            guard accepted.contains(found.dtype) else {
                throw BundleError.wrongDType(file: file, tensor: tensor.name, dtype: found.dtype.rawValue)
            }
        }
        let known = Set(expected.map(\.name))
        if let extra = names.first(where: { !known.contains($0) }) {
            throw BundleError.unexpectedTensor(file: file, tensor: extra)
        }
    }

    /// `nn.Conv1d(in, out, kernel)`: weight (out, in, kernel) and bias (out).
    static func conv(_ prefix: String, out: Int, in input: Int, kernel: Int) -> [ExpectedTensor] {
        [ExpectedTensor("\(prefix).weight", [out, input, kernel]), ExpectedTensor("\(prefix).bias", [out])]
    }

    /// `nn.ConvTranspose1d(in, out, kernel)`: weight (in, out, kernel) and bias (out).
    static func convTranspose(_ prefix: String, in input: Int, out: Int, kernel: Int) -> [ExpectedTensor] {
        [ExpectedTensor("\(prefix).weight", [input, out, kernel]), ExpectedTensor("\(prefix).bias", [out])]
    }

    /// `Resnet1D`: `depth` residual blocks, each a 3-tap conv to the hidden width and a 1x1
    /// conv back. `prefix` ends in `.model` or `.blocks` (checkpointed stacks).
    static func resnet(_ prefix: String, width: Int, depth: Int, mConv: Double) -> [ExpectedTensor] {
        let hidden = Int(mConv * Double(width))
        var out: [ExpectedTensor] = []
        for k in 0..<depth {
            out += conv("\(prefix).\(k).model.1", out: hidden, in: width, kernel: 3)
            out += conv("\(prefix).\(k).model.3", out: width, in: hidden, kernel: 1)
        }
        return out
    }

    /// `DecoderConvBock`: a 3-tap conv in, then per stage a residual stack and a transposed
    /// conv that doubles the length (the last one to `output` channels).
    static func decoderConvBlock(
        _ prefix: String, input: Int, output: Int, width: Int, depth: Int, mConv: Double, downs: Int, stride: Int,
        residualKey: String
    ) -> [ExpectedTensor] {
        var out = conv("\(prefix).0", out: width, in: input, kernel: 3)
        for stage in 0..<downs {
            out += resnet("\(prefix).\(stage + 1).0.\(residualKey)", width: width, depth: depth, mConv: mConv)
            let channels = stage == downs - 1 ? output : width
            out += convTranspose("\(prefix).\(stage + 1).1", in: width, out: channels, kernel: stride * 2)
        }
        return out
    }
}
