// Port of jukebox/transformer/ops.py (Conv1D, LayerNorm) @ 08efbbc
import JukeboxTensor

/// The reference's `Conv1D(n_in, n_out)`: `y = x @ w + b` with `w` stored `(n_in, n_out)`.
/// Keys `<prefix>.w` (n_in, n_out) and `<prefix>.b` (n_out).
struct PriorConv1D: Sendable {
    let weight: Tensor  // (n_in, n_out), float32 or float16 (widened inside `linear`)
    let bias: Tensor  // (n_out)

    /// - Parameter halfWeights: `fp16_params`: a float32 weight is rounded to float16 first, as
    ///   `make_prior` does before loading.
    init(_ store: WeightStore, _ prefix: String, in input: Int, out: Int, halfWeights: Bool) throws {
        var w = try store.tensor("\(prefix).w", shape: [input, out])
        if halfWeights && w.dtype == .float32 { w = w.converted(to: .float16) }
        weight = w
        bias = try store.tensor("\(prefix).b", shape: [out]).converted(to: .float32)
    }

    /// From tensors already in memory: `weight` (n_in, n_out), `bias` (n_out).
    init(weight: Tensor, bias: Tensor) {
        precondition(
            weight.rank == 2 && bias.count == weight.shape[1], "Conv1D \(weight.shape) with bias \(bias.shape)")
        self.weight = weight
        self.bias = bias
    }

    /// `x` (..., n_in) -> (..., n_out).
    func callAsFunction(_ x: Tensor) -> Tensor {
        linear(x, weight: weight, bias: bias, layout: .inputMajor)
    }
}

/// `LayerNorm(width)` with eps 1e-5. Keys `<prefix>.weight`, `<prefix>.bias` (width).
struct PriorLayerNorm: Sendable {
    let weight: Tensor  // (width)
    let bias: Tensor  // (width)

    init(_ store: WeightStore, _ prefix: String, width: Int) throws {
        weight = try store.tensor("\(prefix).weight", shape: [width]).converted(to: .float32)
        bias = try store.tensor("\(prefix).bias", shape: [width]).converted(to: .float32)
    }

    /// `x` (..., width) -> same shape.
    func callAsFunction(_ x: Tensor) -> Tensor {
        layerNorm(x, weight: weight, bias: bias, eps: 1e-5)
    }
}
