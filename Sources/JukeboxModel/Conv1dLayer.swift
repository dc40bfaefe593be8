import JukeboxTensor

/// `nn.Conv1d` with its weights: `weight` (out, in, kernel), `bias` (out).
struct Conv1dLayer: Sendable {
    let weight: Tensor
    let bias: Tensor
    let stride: Int
    let padding: Int
    let dilation: Int

    /// Loads `<prefix>.weight` and `<prefix>.bias` from `store`.
    init(
        _ store: WeightStore, _ prefix: String, out: Int, in input: Int, kernel: Int,
        stride: Int = 1, padding: Int = 0, dilation: Int = 1
    ) throws {
        weight = try store.tensor("\(prefix).weight", shape: [out, input, kernel])
        bias = try store.tensor("\(prefix).bias", shape: [out])
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }

    /// `x` (batch, in, time) -> (batch, out, time').
    func callAsFunction(_ x: Tensor) -> Tensor {
        conv1d(x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
    }
}

/// `nn.ConvTranspose1d` with its weights: `weight` (in, out, kernel), `bias` (out).
struct ConvTranspose1dLayer: Sendable {
    let weight: Tensor
    let bias: Tensor
    let stride: Int
    let padding: Int

    init(_ store: WeightStore, _ prefix: String, in input: Int, out: Int, kernel: Int, stride: Int, padding: Int)
        throws
    {
        weight = try store.tensor("\(prefix).weight", shape: [input, out, kernel])
        bias = try store.tensor("\(prefix).bias", shape: [out])
        self.stride = stride
        self.padding = padding
    }

    /// `x` (batch, in, time) -> (batch, out, time * stride) for kernel = 2 * stride, padding = stride / 2.
    func callAsFunction(_ x: Tensor) -> Tensor {
        convTranspose1d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
