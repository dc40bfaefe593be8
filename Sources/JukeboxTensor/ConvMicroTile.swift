// The register tile of the direct convolutions: four output channels by 24 time positions,
// accumulated over (input channel, tap) pairs with broadcast weights and vector loads along time.

/// Time positions one micro-tile covers: three vectors of eight.
let microTime = 24
/// Output channels one micro-tile covers.
let microChannels = 4

/// Twelve accumulators: four output channels by three vectors of eight time positions.
struct MicroTile {
    typealias V = VectorMath.Vector
    var a00, a01, a02, a10, a11, a12, a20, a21, a22, a30, a31, a32: V

    /// Starts every lane of channel `i` at `bias[i]`.
    @inline(__always)
    init(bias: UnsafePointer<Float>) {
        let (b0, b1) = (V(repeating: bias[0]), V(repeating: bias[1]))
        let (b2, b3) = (V(repeating: bias[2]), V(repeating: bias[3]))
        (a00, a01, a02) = (b0, b0, b0)
        (a10, a11, a12) = (b1, b1, b1)
        (a20, a21, a22) = (b2, b2, b2)
        (a30, a31, a32) = (b3, b3, b3)
    }

    /// `acc[i, t] += sum_k weights[k, i] * rows[k * rowStride + t]` for `k < count`, `t < 24`.
    ///
    /// - `rows`: `count` rows of at least 24 floats, `rowStride` apart.
    /// - `weights`: `(count, 4)`.
    @inline(__always)
    mutating func accumulate(rows: UnsafePointer<Float>, rowStride: Int, count: Int, weights: UnsafePointer<Float>) {
        var row = rows
        var w = weights
        for _ in 0..<count {
            let (x0, x1, x2) = (VectorMath.load(row), VectorMath.load(row + 8), VectorMath.load(row + 16))
            let w0 = V(repeating: w[0])
            a00 = VectorMath.multiplyAdd(a00, w0, x0)
            a01 = VectorMath.multiplyAdd(a01, w0, x1)
            a02 = VectorMath.multiplyAdd(a02, w0, x2)
            let w1 = V(repeating: w[1])
            a10 = VectorMath.multiplyAdd(a10, w1, x0)
            a11 = VectorMath.multiplyAdd(a11, w1, x1)
            a12 = VectorMath.multiplyAdd(a12, w1, x2)
            let w2 = V(repeating: w[2])
            a20 = VectorMath.multiplyAdd(a20, w2, x0)
            a21 = VectorMath.multiplyAdd(a21, w2, x1)
            a22 = VectorMath.multiplyAdd(a22, w2, x2)
            let w3 = V(repeating: w[3])
            a30 = VectorMath.multiplyAdd(a30, w3, x0)
            a31 = VectorMath.multiplyAdd(a31, w3, x1)
            a32 = VectorMath.multiplyAdd(a32, w3, x2)
            row += rowStride
            w += 4
        }
    }

    /// Channel `i`'s three vectors.
    @inline(__always)
    func channel(_ i: Int) -> (V, V, V) {
        switch i {
        case 0: (a00, a01, a02)
        case 1: (a10, a11, a12)
        case 2: (a20, a21, a22)
        default: (a30, a31, a32)
        }
    }

    /// Lane `j < 24` of channel `i`.
    @inline(__always)
    func value(channel i: Int, position j: Int) -> Float {
        let (v0, v1, v2) = channel(i)
        return j < 8 ? v0[j] : j < 16 ? v1[j - 8] : v2[j - 16]
    }

    /// Writes `relu(acc)` as four rows of 24 floats, `rowStride` apart.
    @inline(__always)
    func storeRelu(into target: UnsafeMutablePointer<Float>, rowStride: Int) {
        let relu = ReLUFunction()
        for i in 0..<microChannels {
            let (v0, v1, v2) = channel(i)
            let row = target + i * rowStride
            VectorMath.store(relu(v0), to: row)
            VectorMath.store(relu(v1), to: row + 8)
            VectorMath.store(relu(v2), to: row + 16)
        }
    }

    /// `output[c, t + j] = residual[c, t + j] + scale * acc[c - firstChannel, j]` for the first
    /// `channels` channels of the tile and the positions below `time`.
    ///
    /// - `residual`, `output`: `(width, time)`.
    @inline(__always)
    func storeResidual(
        residual: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, time: Int, firstChannel: Int,
        channels: Int, at t: Int, scale: Float
    ) {
        let s = V(repeating: scale)
        for i in 0..<channels {
            let source = residual + (firstChannel + i) * time + t
            let target = output + (firstChannel + i) * time + t
            let (v0, v1, v2) = channel(i)
            if t + microTime <= time {
                VectorMath.store(VectorMath.multiplyAdd(VectorMath.load(source), s, v0), to: target)
                VectorMath.store(VectorMath.multiplyAdd(VectorMath.load(source + 8), s, v1), to: target + 8)
                VectorMath.store(VectorMath.multiplyAdd(VectorMath.load(source + 16), s, v2), to: target + 16)
            } else {
                for j in 0..<(time - t) {
                    target[j] = source[j] + scale * value(channel: i, position: j)
                }
            }
        }
    }
}

/// `weight` `(outputs, inputs, taps)` widened and regrouped for ``MicroTile``: groups of four
/// outputs (the last padded with zeros), then taps, then inputs, then the four outputs:
/// `packed[((g * taps + j) * inputs + c) * 4 + i] = weight[4 g + i, c, j]`.
func packForMicroTiles(_ weight: Tensor, outputs: Int, inputs: Int, taps: Int) -> UnsafeMutablePointer<Float> {
    let groups = (outputs + microChannels - 1) / microChannels
    let count = groups * taps * inputs * microChannels
    let packed = UnsafeMutablePointer<Float>.allocate(capacity: count)
    packed.initialize(repeating: 0, count: count)
    weight.withWidenedFloats { w in
        for o in 0..<outputs {
            let (g, i) = o.quotientAndRemainder(dividingBy: microChannels)
            for j in 0..<taps {
                for c in 0..<inputs {
                    packed[((g * taps + j) * inputs + c) * microChannels + i] = w[(o * inputs + c) * taps + j]
                }
            }
        }
    }
    return packed
}

/// `bias` widened into `count` floats, zeros past its end (all zeros without a bias).
func paddedBias(_ bias: Tensor?, count: Int) -> UnsafeMutablePointer<Float> {
    let padded = UnsafeMutablePointer<Float>.allocate(capacity: count)
    padded.initialize(repeating: 0, count: count)
    bias?.withWidenedFloats { b in
        for i in 0..<b.count { padded[i] = b[i] }
    }
    return padded
}

extension MicroTile {
    /// Writes the tile to `output[(firstChannel + i) * rowStride + (t + j) * step]` for the first
    /// `channels` channels and the positions `t + j < count`: `step` 1 stores vectors, larger
    /// steps interleave the phases of a transposed convolution.
    ///
    /// - `output`: rows of `rowStride` floats, one per output channel.
    @inline(__always)
    func store(
        into output: UnsafeMutablePointer<Float>, rowStride: Int, firstChannel: Int, channels: Int, at t: Int,
        count: Int, step: Int
    ) {
        for i in 0..<channels {
            let (v0, v1, v2) = channel(i)
            let target = output + (firstChannel + i) * rowStride + t * step
            if step == 1 && t + microTime <= count {
                VectorMath.store(v0, to: target)
                VectorMath.store(v1, to: target + 8)
                VectorMath.store(v2, to: target + 16)
            } else {
                for j in 0..<min(microTime, count - t) {
                    target[j * step] = value(channel: i, position: j)
                }
            }
        }
    }
}
