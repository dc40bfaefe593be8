// Port of jukebox/vqvae/encdec.py (EncoderConvBlock, DecoderConvBock) @ 08efbbc
import JukeboxTensor

/// Geometry shared by the VQ-VAE's and the conditioner's convolution blocks.
struct ConvBlockShape {
    var width: Int
    var depth: Int
    var mConv: Double
    var growth: Int
    var cycle: Int?
    var down: Int
    var stride: Int
}

/// Downsampling block: `down` times (strided conv, residual stack), then a 3-tap conv to the
/// embedding width. Keys: `<prefix>.model.{j}.0`, `.model.{j}.1.model.{k}`, `.model.{down}`.
struct EncoderConvBlock: Sendable {
    let stages: [(Conv1dLayer, Resnet1D)]
    let output: Conv1dLayer

    init(_ store: WeightStore, _ prefix: String, input: Int, output emb: Int, shape s: ConvBlockShape) throws {
        var stages: [(Conv1dLayer, Resnet1D)] = []
        for j in 0..<s.down {
            let conv = try Conv1dLayer(
                store, "\(prefix).model.\(j).0", out: s.width, in: j == 0 ? input : s.width, kernel: 2 * s.stride,
                stride: s.stride, padding: s.stride / 2)
            let stack = try Resnet1D(
                store, "\(prefix).model.\(j).1.model", width: s.width, depth: s.depth, mConv: s.mConv,
                growth: s.growth, cycle: s.cycle, reverse: false, resScale: false)
            stages.append((conv, stack))
        }
        self.stages = stages
        output = try Conv1dLayer(store, "\(prefix).model.\(s.down)", out: emb, in: s.width, kernel: 3, padding: 1)
    }

    /// `x` (batch, input, time) -> (batch, emb, time / stride^down).
    func callAsFunction(_ x: Tensor) -> Tensor {
        output(stages.reduce(x) { h, stage in stage.1(stage.0(h)) })
    }
}

/// Upsampling block: a 3-tap conv from the embedding width, then `down` times (residual
/// stack, transposed conv). Keys: `<prefix>.model.0`, `.model.{j+1}.0.<residual>.{k}`,
/// `.model.{j+1}.1`.
struct DecoderConvBlock: Sendable {
    let input: Conv1dLayer
    let stages: [(Resnet1D, ConvTranspose1dLayer)]

    /// - Parameters:
    ///   - residualKey: `model` for the VQ-VAE, `blocks` for checkpointed stacks.
    ///   - reverse: residual stacks list the largest dilation first.
    ///   - resScale: residual branches scaled by 1/sqrt(depth).
    init(
        _ store: WeightStore, _ prefix: String, input emb: Int, output: Int, shape s: ConvBlockShape,
        residualKey: String, reverse: Bool, resScale: Bool
    ) throws {
        input = try Conv1dLayer(store, "\(prefix).model.0", out: s.width, in: emb, kernel: 3, padding: 1)
        var stages: [(Resnet1D, ConvTranspose1dLayer)] = []
        for j in 0..<s.down {
            let stack = try Resnet1D(
                store, "\(prefix).model.\(j + 1).0.\(residualKey)", width: s.width, depth: s.depth, mConv: s.mConv,
                growth: s.growth, cycle: s.cycle, reverse: reverse, resScale: resScale)
            let up = try ConvTranspose1dLayer(
                store, "\(prefix).model.\(j + 1).1", in: s.width, out: j == s.down - 1 ? output : s.width,
                kernel: 2 * s.stride, stride: s.stride, padding: s.stride / 2)
            stages.append((stack, up))
        }
        self.stages = stages
    }

    /// `x` (batch, emb, time) -> (batch, output, time * stride^down).
    func callAsFunction(_ x: Tensor) -> Tensor {
        stages.reduce(input(x)) { h, stage in stage.1(stage.0(h)) }
    }
}
