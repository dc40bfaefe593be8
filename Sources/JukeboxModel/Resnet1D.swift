// Port of jukebox/vqvae/resnet.py (ResConv1DBlock, Resnet1D) @ 08efbbc
import Foundation
import JukeboxTensor

/// One pre-activation residual block: `x + scale * conv1x1(relu(conv3_dilated(relu(x))))`.
struct ResConv1DBlock: Sendable {
    let dilated: Conv1dLayer  // (hidden, width, 3), padding = dilation
    let pointwise: Conv1dLayer  // (width, hidden, 1)
    let scale: Float

    /// Keys `<prefix>.model.1.*` (the dilated conv) and `<prefix>.model.3.*` (the 1x1 conv).
    init(_ store: WeightStore, _ prefix: String, width: Int, hidden: Int, dilation: Int, scale: Float) throws {
        dilated = try Conv1dLayer(
            store, "\(prefix).model.1", out: hidden, in: width, kernel: 3, padding: dilation, dilation: dilation)
        pointwise = try Conv1dLayer(store, "\(prefix).model.3", out: width, in: hidden, kernel: 1)
        self.scale = scale
    }

    /// `x` (batch, width, time) -> same shape. Narrow blocks (the VQ-VAE's) run as one fused
    /// pass (``residualConvBlock``); wide ones (the upsamplers' conditioner) layer by layer on sgemm.
    func callAsFunction(_ x: Tensor) -> Tensor {
        let (width, hidden) = (pointwise.weight.shape[0], dilated.weight.shape[0])
        if usesDirectConvolution(inChannels: width, outChannels: hidden) {
            return residualConvBlock(
                x, dilated: dilated.weight, dilatedBias: dilated.bias, pointwise: pointwise.weight,
                pointwiseBias: pointwise.bias, dilation: dilated.dilation, scale: scale)
        }
        var hiddenActivations = dilated(relu(x))  // (batch, hidden, time)
        relu(inPlace: &hiddenActivations)
        var h = pointwise(hiddenActivations)  // (batch, width, time)
        if scale != 1 { scaleInPlace(&h, by: scale) }
        addInPlace(&h, x)
        return h
    }
}

/// A stack of residual blocks with dilations `growth^d` (cycled, optionally listed largest first).
struct Resnet1D: Sendable {
    let blocks: [ResConv1DBlock]

    /// - Parameters:
    ///   - prefix: ends in `.model` (plain stacks) or `.blocks` (the checkpointed stacks of
    ///     the upsamplers' conditioner).
    ///   - reverse: whether the list is reversed (decoders), so block 0 has the largest dilation.
    ///   - resScale: scale residual branches by 1/sqrt(depth).
    init(
        _ store: WeightStore, _ prefix: String, width: Int, depth: Int, mConv: Double, growth: Int, cycle: Int?,
        reverse: Bool, resScale: Bool
    ) throws {
        let hidden = Int(mConv * Double(width))
        var dilations = (0..<depth).map { d in Self.power(growth, cycle.map { d % $0 } ?? d) }
        if reverse { dilations.reverse() }
        let scale: Float = resScale ? Float(1.0 / (Double(depth)).squareRoot()) : 1
        blocks = try dilations.enumerated().map { index, dilation in
            try ResConv1DBlock(
                store, "\(prefix).\(index)", width: width, hidden: hidden, dilation: dilation, scale: scale)
        }
    }

    /// `x` (batch, width, time) -> same shape.
    func callAsFunction(_ x: Tensor) -> Tensor {
        blocks.reduce(x) { h, block in block(h) }
    }

    static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { value, _ in value * base }
    }
}
