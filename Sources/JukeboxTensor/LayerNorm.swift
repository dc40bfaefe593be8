// Layer normalisation over the last dimension (PyTorch nn.LayerNorm semantics).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Layer normalisation over the last dimension, like PyTorch's `nn.LayerNorm(channels, eps)`:
/// `y = (x - mean) / sqrt(var + eps) * weight + bias`, with the biased variance (divided by
/// `channels`), computed in `float32` with a two-pass mean and variance.
///
/// Shapes: `x` `(..., channels)`; `weight`, `bias` `(channels)`; result like `x`.
///
/// - Parameters:
///   - x: Input, `float32` (other float dtypes are widened).
///   - weight: Optional scale (gamma); `nil` means 1.
///   - bias: Optional shift (beta); `nil` means 0.
///   - eps: Added to the variance; Jukebox uses the default `1e-5`.
public func layerNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, eps: Float = 1e-5) -> Tensor {
    precondition(x.rank >= 1, "layerNorm: x must have rank >= 1")
    let channels = x.size(-1)
    if let weight { precondition(weight.count == channels, "layerNorm: weight \(weight.shape) for \(x.shape)") }
    if let bias { precondition(bias.count == channels, "layerNorm: bias \(bias.shape) for \(x.shape)") }
    let rows = Tensor.elementCount(Array(x.shape.dropLast()))
    var y = Tensor.uninitialized(x.shape)  // (rows, channels)
    let ones = Tensor.full(1, shape: [channels])
    let zeros = Tensor.zeros([channels])
    x.withWidenedFloats { x in
        (weight ?? ones).withWidenedFloats { gamma in
            (bias ?? zeros).withWidenedFloats { beta in
                y.withUnsafeMutableFloats { y in
                    parallelFor(rows, minChunk: max(1, 8192 / max(channels, 1))) { range in
                        for row in range {
                            layerNormRow(
                                x.baseAddress! + row * channels, gamma.baseAddress!, beta.baseAddress!,
                                y.baseAddress! + row * channels, channels: channels, eps: eps)
                        }
                    }
                }
            }
        }
    }
    return y
}

/// Normalises one row: `y = (x - mean) * rstd * gamma + beta`.
///
/// - `x`, `gamma`, `beta`, `y`: `(channels)`.
@inline(__always)
private func layerNormRow(
    _ x: UnsafePointer<Float>, _ gamma: UnsafePointer<Float>, _ beta: UnsafePointer<Float>,
    _ y: UnsafeMutablePointer<Float>, channels: Int, eps: Float
) {
    if channels == 0 { return }
    let mean = VectorMath.sum(x, count: channels) / Float(channels)
    let variance = VectorMath.sumOfSquares(x, count: channels, center: mean) / Float(channels)
    let rstd = 1 / sqrtf(variance + eps)
    let meanVector = VectorMath.Vector(repeating: mean)
    let rstdVector = VectorMath.Vector(repeating: rstd)
    var i = 0
    while i + 8 <= channels {
        let normalised = (VectorMath.load(x + i) - meanVector) * rstdVector
        VectorMath.store(normalised * VectorMath.load(gamma + i) + VectorMath.load(beta + i), to: y + i)
        i += 8
    }
    while i < channels {
        y[i] = (x[i] - mean) * rstd * gamma[i] + beta[i]
        i += 1
    }
}
