// Pointwise activations: Jukebox's quick GELU, ReLU, and the exact erf GELU.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Jukebox's GELU approximation `x * sigmoid(1.702 x)` (`quick_gelu` in `transformer/ops.py`),
/// elementwise. Result has the shape of `x`, `float32`.
public func quickGELU(_ x: Tensor) -> Tensor {
    mapped(x, QuickGELUFunction())
}

/// ``quickGELU(_:)`` in place on a `float32` tensor.
public func quickGELU(inPlace x: inout Tensor) {
    mapInPlace(&x, QuickGELUFunction())
}

/// `max(x, 0)` elementwise (NaN stays NaN, like PyTorch). Result has the shape of `x`, `float32`.
public func relu(_ x: Tensor) -> Tensor {
    mapped(x, ReLUFunction())
}

/// ``relu(_:)`` in place on a `float32` tensor.
public func relu(inPlace x: inout Tensor) {
    mapInPlace(&x, ReLUFunction())
}

/// The exact GELU `x * (1 + erf(x / sqrt 2)) / 2` elementwise (PyTorch's default `nn.GELU`).
/// Result has the shape of `x`, `float32`.
public func gelu(_ x: Tensor) -> Tensor {
    var y = x.converted(to: .float32)
    gelu(inPlace: &y)
    return y
}

/// ``gelu(_:)`` in place on a `float32` tensor.
public func gelu(inPlace x: inout Tensor) {
    let count = x.count
    x.withUnsafeMutableFloats { buffer in
        let base = buffer.baseAddress!
        parallelFor(count, minChunk: 16_384) { range in
            for i in range {
                let v = base[i]
                base[i] = 0.5 * v * (1 + erff(v * 0.707_106_781_186_547_5))
            }
        }
    }
}

/// `v * sigmoid(1.702 v)`, written as `v / (1 + e^(-1.702 v))`.
struct QuickGELUFunction: UnaryVectorFunction {
    @inline(__always) func callAsFunction(_ v: VectorMath.Vector) -> VectorMath.Vector {
        v / (1 + VectorMath.exp(v * -1.702))
    }
}

/// `max(v, 0)`, keeping NaN.
struct ReLUFunction: UnaryVectorFunction {
    @inline(__always) func callAsFunction(_ v: VectorMath.Vector) -> VectorMath.Vector {
        let zero = VectorMath.Vector()
        return v.replacing(with: zero, where: v .< zero)
    }
}
