// Applying an elementwise function eight lanes at a time, in parallel chunks.
//
// The function is a generic struct parameter rather than a closure so that the compiler
// specialises and inlines it into the loop; a closure would cost an indirect call per vector.

/// An elementwise function of one vector.
protocol UnaryVectorFunction {
    /// The function on eight lanes.
    func callAsFunction(_ v: VectorMath.Vector) -> VectorMath.Vector
}

/// An elementwise function of two vectors.
protocol BinaryVectorFunction {
    /// The function on eight lanes of each operand.
    func callAsFunction(_ a: VectorMath.Vector, _ b: VectorMath.Vector) -> VectorMath.Vector
}

/// `destination[i] = function(source[i])` for `count` floats; `source` may equal `destination`.
/// Tails go through the same function in a zero-padded vector, so every element sees the same
/// arithmetic.
func applyPointwise<F: UnaryVectorFunction>(
    _ function: F, _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int
) {
    parallelFor((count + 7) / 8, minChunk: 2048) { blocks in
        let end = min(count, blocks.upperBound * 8)
        var i = blocks.lowerBound * 8
        while i + 8 <= end {
            VectorMath.store(function(VectorMath.load(source + i)), to: destination + i)
            i += 8
        }
        if i < end {
            let rest = end - i
            let value = function(VectorMath.loadPartial(source + i, count: rest, padding: 0))
            VectorMath.storePartial(value, to: destination + i, count: rest)
        }
    }
}

/// `destination[i] = function(a[i], b[i])` for `count` floats; `a` may equal `destination`.
func applyPointwise<F: BinaryVectorFunction>(
    _ function: F, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>,
    count: Int
) {
    parallelFor((count + 7) / 8, minChunk: 2048) { blocks in
        let end = min(count, blocks.upperBound * 8)
        var i = blocks.lowerBound * 8
        while i + 8 <= end {
            VectorMath.store(function(VectorMath.load(a + i), VectorMath.load(b + i)), to: destination + i)
            i += 8
        }
        if i < end {
            let rest = end - i
            let value = function(
                VectorMath.loadPartial(a + i, count: rest, padding: 0),
                VectorMath.loadPartial(b + i, count: rest, padding: 0))
            VectorMath.storePartial(value, to: destination + i, count: rest)
        }
    }
}

/// `function(x)` into a new `float32` tensor (other float dtypes are widened first).
func mapped<F: UnaryVectorFunction>(_ x: Tensor, _ function: F) -> Tensor {
    var y = Tensor.uninitialized(x.shape)
    let count = x.count
    x.withWidenedFloats { source in
        y.withUnsafeMutableFloats { applyPointwise(function, source.baseAddress!, $0.baseAddress!, count: count) }
    }
    return y
}

/// `x = function(x)` on a `float32` tensor (copy-on-write applies).
func mapInPlace<F: UnaryVectorFunction>(_ x: inout Tensor, _ function: F) {
    let count = x.count
    x.withUnsafeMutableFloats { applyPointwise(function, $0.baseAddress!, $0.baseAddress!, count: count) }
}

/// `function(a, b)` into a new `float32` tensor; shapes must match.
func zipped<F: BinaryVectorFunction>(_ a: Tensor, _ b: Tensor, _ function: F) -> Tensor {
    precondition(a.shape == b.shape, "elementwise: shapes \(a.shape) and \(b.shape) differ")
    var y = Tensor.uninitialized(a.shape)
    let count = a.count
    a.withWidenedFloats { a in
        b.withWidenedFloats { b in
            y.withUnsafeMutableFloats {
                applyPointwise(function, a.baseAddress!, b.baseAddress!, $0.baseAddress!, count: count)
            }
        }
    }
    return y
}

/// `a = function(a, b)` on a `float32` tensor; shapes must match.
func zipInPlace<F: BinaryVectorFunction>(_ a: inout Tensor, _ b: Tensor, _ function: F) {
    precondition(a.shape == b.shape, "elementwise: shapes \(a.shape) and \(b.shape) differ")
    let count = a.count
    b.withWidenedFloats { b in
        a.withUnsafeMutableFloats {
            applyPointwise(function, $0.baseAddress!, b.baseAddress!, $0.baseAddress!, count: count)
        }
    }
}
