// Elementwise arithmetic on same-shaped float32 tensors, and bias broadcasts.

/// `a + b` elementwise. Shapes must match; result `float32`.
public func add(_ a: Tensor, _ b: Tensor) -> Tensor {
    zipped(a, b, AddFunction())
}

/// `a += b` elementwise on a `float32` tensor; `b` has the same shape (any float dtype).
public func addInPlace(_ a: inout Tensor, _ b: Tensor) {
    zipInPlace(&a, b, AddFunction())
}

/// `a * b` elementwise. Shapes must match; result `float32`.
public func multiply(_ a: Tensor, _ b: Tensor) -> Tensor {
    zipped(a, b, MultiplyFunction())
}

/// `a *= b` elementwise on a `float32` tensor; `b` has the same shape.
public func multiplyInPlace(_ a: inout Tensor, _ b: Tensor) {
    zipInPlace(&a, b, MultiplyFunction())
}

/// `x * factor` elementwise; result `float32` with the shape of `x`.
public func scale(_ x: Tensor, by factor: Float) -> Tensor {
    mapped(x, ScaleFunction(factor: VectorMath.Vector(repeating: factor)))
}

/// `x *= factor` elementwise on a `float32` tensor.
public func scaleInPlace(_ x: inout Tensor, by factor: Float) {
    mapInPlace(&x, ScaleFunction(factor: VectorMath.Vector(repeating: factor)))
}

/// Adds `bias[c]` to every `x[b, c, t]` of a channels-first tensor.
///
/// Shapes: `x` `(batch, channels, time)`; `bias` `(channels)`; result like `x`, `float32`.
public func addChannelBias(_ x: Tensor, _ bias: Tensor) -> Tensor {
    var y = x.converted(to: .float32)
    addChannelBiasInPlace(&y, bias)
    return y
}

/// ``addChannelBias(_:_:)`` in place on a `float32` tensor `(batch, channels, time)`.
public func addChannelBiasInPlace(_ x: inout Tensor, _ bias: Tensor) {
    precondition(x.rank == 3 && bias.count == x.shape[1], "addChannelBias: x \(x.shape), bias \(bias.shape)")
    let (rows, channels, length) = (x.shape[0] * x.shape[1], x.shape[1], x.shape[2])
    bias.withWidenedFloats { b in
        x.withUnsafeMutableFloats { x in
            let base = x.baseAddress!
            parallelFor(rows, minChunk: max(1, 16_384 / max(length, 1))) { range in
                for row in range {
                    addScalar(b[row % channels], to: base + row * length, count: length)
                }
            }
        }
    }
}

/// Adds `bias[c]` to every `x[..., c]` (a bias along the last dimension, as after a dense layer).
///
/// Shapes: `x` `(..., channels)`; `bias` `(channels)`; result like `x`, `float32`.
public func addBias(_ x: Tensor, _ bias: Tensor) -> Tensor {
    var y = x.converted(to: .float32)
    addBiasInPlace(&y, bias)
    return y
}

/// ``addBias(_:_:)`` in place on a `float32` tensor `(..., channels)`.
public func addBiasInPlace(_ x: inout Tensor, _ bias: Tensor) {
    precondition(x.rank >= 1 && bias.count == x.size(-1), "addBias: x \(x.shape), bias \(bias.shape)")
    let channels = x.size(-1)
    let rows = Tensor.elementCount(Array(x.shape.dropLast()))
    bias.withWidenedFloats { b in
        x.withUnsafeMutableFloats { x in
            let base = x.baseAddress!
            parallelFor(rows, minChunk: max(1, 16_384 / max(channels, 1))) { range in
                for row in range {
                    let target = base + row * channels
                    var i = 0
                    while i + 8 <= channels {
                        VectorMath.store(
                            VectorMath.load(target + i) + VectorMath.load(b.baseAddress! + i), to: target + i)
                        i += 8
                    }
                    while i < channels {
                        target[i] += b[i]
                        i += 1
                    }
                }
            }
        }
    }
}

/// Adds `value` to `count` floats at `target`.
@inline(__always)
private func addScalar(_ value: Float, to target: UnsafeMutablePointer<Float>, count: Int) {
    let v = VectorMath.Vector(repeating: value)
    var i = 0
    while i + 8 <= count {
        VectorMath.store(VectorMath.load(target + i) + v, to: target + i)
        i += 8
    }
    while i < count {
        target[i] += value
        i += 1
    }
}

/// `a + b`.
struct AddFunction: BinaryVectorFunction {
    @inline(__always) func callAsFunction(_ a: VectorMath.Vector, _ b: VectorMath.Vector) -> VectorMath.Vector {
        a + b
    }
}

/// `a * b`.
struct MultiplyFunction: BinaryVectorFunction {
    @inline(__always) func callAsFunction(_ a: VectorMath.Vector, _ b: VectorMath.Vector) -> VectorMath.Vector {
        a * b
    }
}

/// `v * factor`.
struct ScaleFunction: UnaryVectorFunction {
    let factor: VectorMath.Vector

    @inline(__always) func callAsFunction(_ v: VectorMath.Vector) -> VectorMath.Vector { v * factor }
}
