// Plain-loop twins of the convolutions.

extension Naive {
    /// Twin of ``conv1d(_:weight:bias:stride:padding:dilation:)``: the PyTorch formula written out.
    public static func conv1d(
        _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, dilation: Int = 1
    ) -> Tensor {
        let (batch, inChannels, length) = (x.shape[0], x.shape[1], x.shape[2])
        let (outChannels, kernel) = (weight.shape[0], weight.shape[2])
        let outLength = conv1dOutputLength(
            inputLength: length, kernelSize: kernel, stride: stride, padding: padding, dilation: dilation)
        let (xv, wv, bv) = (x.floats(), weight.floats(), bias?.floats())
        var out = [Float](repeating: 0, count: batch * outChannels * outLength)
        for b in 0..<batch {
            for o in 0..<outChannels {
                for t in 0..<outLength {
                    var total = Double(bv?[o] ?? 0)
                    for c in 0..<inChannels {
                        for j in 0..<kernel {
                            let position = t * stride + j * dilation - padding
                            if position < 0 || position >= length { continue }
                            total +=
                                Double(wv[(o * inChannels + c) * kernel + j])
                                * Double(xv[(b * inChannels + c) * length + position])
                        }
                    }
                    out[(b * outChannels + o) * outLength + t] = Float(total)
                }
            }
        }
        return Tensor(out, shape: [batch, outChannels, outLength])
    }

    /// Twin of ``convTranspose1d(_:weight:bias:stride:padding:outputPadding:dilation:)``: scatters
    /// every input sample through every tap.
    public static func convTranspose1d(
        _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
        dilation: Int = 1
    ) -> Tensor {
        let (batch, inChannels, length) = (x.shape[0], x.shape[1], x.shape[2])
        let (outChannels, kernel) = (weight.shape[1], weight.shape[2])
        let outLength = convTranspose1dOutputLength(
            inputLength: length, kernelSize: kernel, stride: stride, padding: padding, outputPadding: outputPadding,
            dilation: dilation)
        let (xv, wv, bv) = (x.floats(), weight.floats(), bias?.floats())
        var sums = [Double](repeating: 0, count: batch * outChannels * outLength)
        for b in 0..<batch {
            for o in 0..<outChannels {
                for n in 0..<outLength { sums[(b * outChannels + o) * outLength + n] = Double(bv?[o] ?? 0) }
            }
            for i in 0..<inChannels {
                for t in 0..<length {
                    for o in 0..<outChannels {
                        for j in 0..<kernel {
                            let n = t * stride + j * dilation - padding
                            if n < 0 || n >= outLength { continue }
                            sums[(b * outChannels + o) * outLength + n] +=
                                Double(wv[(i * outChannels + o) * kernel + j])
                                * Double(xv[(b * inChannels + i) * length + t])
                        }
                    }
                }
            }
        }
        return Tensor(sums.map { Float($0) }, shape: [batch, outChannels, outLength])
    }
}

extension Naive {
    /// Twin of ``residualConvBlock(_:dilated:dilatedBias:pointwise:pointwiseBias:dilation:scale:)``:
    /// relu, the dilated 3-tap convolution, relu, the 1-tap convolution, scale and residual add,
    /// one after another.
    public static func residualConvBlock(
        _ x: Tensor, dilated: Tensor, dilatedBias: Tensor, pointwise: Tensor, pointwiseBias: Tensor, dilation: Int,
        scale: Float
    ) -> Tensor {
        let activated = Tensor(x.floats().map { $0 < 0 ? 0 : $0 }, shape: x.shape)
        let hidden = conv1d(activated, weight: dilated, bias: dilatedBias, padding: dilation, dilation: dilation)
        let hiddenActivated = Tensor(hidden.floats().map { $0 < 0 ? 0 : $0 }, shape: hidden.shape)
        let branch = conv1d(hiddenActivated, weight: pointwise, bias: pointwiseBias)
        return Tensor(zip(x.floats(), branch.floats()).map { $0 + scale * $1 }, shape: x.shape)
    }
}
