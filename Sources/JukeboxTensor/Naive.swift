// Plain-loop twins of the fast kernels. They are the test oracles: obviously correct, slow,
// accumulating in Double. Never call them from model code.

/// Reference implementations of every fast kernel, written as plain loops over `[Float]` with
/// `Double` accumulation. Shapes and semantics match the fast function of the same name.
public enum Naive {
    /// Twin of ``matmul(_:_:transposeA:transposeB:)``.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        let batchShape = Array(a.shape.dropLast(2))
        let batch = Tensor.elementCount(batchShape)
        let m = transposeA ? a.size(-1) : a.size(-2)
        let k = transposeA ? a.size(-2) : a.size(-1)
        let n = transposeB ? b.size(-2) : b.size(-1)
        let (av, bv) = (a.floats(), b.floats())
        var out = [Float](repeating: 0, count: batch * m * n)
        for item in 0..<batch {
            let aBase = item * m * k
            let bBase = b.rank == 2 ? 0 : item * k * n
            for i in 0..<m {
                for j in 0..<n {
                    var total = 0.0
                    for p in 0..<k {
                        let left = transposeA ? av[aBase + p * m + i] : av[aBase + i * k + p]
                        let right = transposeB ? bv[bBase + j * k + p] : bv[bBase + p * n + j]
                        total += Double(left) * Double(right)
                    }
                    out[item * m * n + i * n + j] = Float(total)
                }
            }
        }
        return Tensor(out, shape: batchShape + [m, n])
    }

    /// Twin of ``linear(_:weight:bias:layout:)``.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, layout: WeightLayout) -> Tensor {
        let nIn = layout == .inputMajor ? weight.shape[0] : weight.shape[1]
        let nOut = layout == .inputMajor ? weight.shape[1] : weight.shape[0]
        let rows = Tensor.elementCount(Array(x.shape.dropLast()))
        let (xv, wv, bv) = (x.floats(), weight.floats(), bias?.floats())
        var out = [Float](repeating: 0, count: rows * nOut)
        for r in 0..<rows {
            for o in 0..<nOut {
                var total = Double(bv?[o] ?? 0)
                for i in 0..<nIn {
                    let w = layout == .inputMajor ? wv[i * nOut + o] : wv[o * nIn + i]
                    total += Double(xv[r * nIn + i]) * Double(w)
                }
                out[r * nOut + o] = Float(total)
            }
        }
        return Tensor(out, shape: Array(x.shape.dropLast()) + [nOut])
    }

    /// Twin of ``HalfFloat/bfloat16Bits(from:)``: picks the nearer of the two bfloat16 neighbours
    /// of `value` by comparing distances in `Double`, ties to the even pattern.
    public static func bfloat16Bits(from value: Float) -> UInt16 {
        if value.isNaN { return UInt16(truncatingIfNeeded: value.bitPattern >> 16) | 0x40 }
        let down = UInt16(truncatingIfNeeded: value.bitPattern >> 16)  // truncation toward zero
        let downValue = Double(HalfFloat.float(fromBFloat16Bits: down))
        if Double(value) == downValue { return down }
        let up = down &+ 1  // next pattern away from zero (may reach infinity)
        var upValue = Double(HalfFloat.float(fromBFloat16Bits: up))
        // Past the largest finite value the next pattern is infinity; round against 2^128 instead.
        if upValue.isInfinite { upValue = upValue.sign == .minus ? -0x1p128 : 0x1p128 }
        let (toDown, toUp) = (abs(Double(value) - downValue), abs(upValue - Double(value)))
        if toDown < toUp { return down }
        if toUp < toDown { return up }
        return down & 1 == 0 ? down : up
    }
}
