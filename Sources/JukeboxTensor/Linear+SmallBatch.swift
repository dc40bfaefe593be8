// The few-rows path of `linear` for 16-bit weights: widen in registers and accumulate directly,
// so a sampling step reads each weight once, as 16 bits, and writes no float32 copy.

/// Most rows for which ``linear(_:weight:bias:layout:)`` takes the fused path with 16-bit weights.
let smallBatchRowLimit = 8

/// A 16-bit float storage format that can be widened eight lanes at a time.
protocol HalfPrecisionFormat {
    /// Widens the eight values at `source`.
    static func widen8(_ source: UnsafePointer<UInt16>) -> SIMD8<Float>
    /// Widens one value.
    static func widen1(_ bits: UInt16) -> Float
}

/// IEEE float16.
enum Float16Format: HalfPrecisionFormat {
    @inline(__always) static func widen8(_ source: UnsafePointer<UInt16>) -> SIMD8<Float> {
        HalfFloat.widenFloat16(eightAt: source)
    }
    @inline(__always) static func widen1(_ bits: UInt16) -> Float { HalfFloat.float(fromFloat16Bits: bits) }
}

/// bfloat16.
enum BFloat16Format: HalfPrecisionFormat {
    @inline(__always) static func widen8(_ source: UnsafePointer<UInt16>) -> SIMD8<Float> {
        HalfFloat.widenBFloat16(eightAt: source)
    }
    @inline(__always) static func widen1(_ bits: UInt16) -> Float { HalfFloat.float(fromBFloat16Bits: bits) }
}

/// `y += x @ w` (input-major) or `y += x @ w^T` (output-major) for a 16-bit `weight` and at most
/// ``smallBatchRowLimit`` rows.
///
/// - `x`: `(rows, nIn)`.
/// - `weight`: `(nIn, nOut)` or `(nOut, nIn)`, `float16` or `bfloat16`.
/// - `y`: `(rows, nOut)`, already holding the bias or zeros.
func linearSmallBatch(
    x: UnsafePointer<Float>, rows: Int, nIn: Int, nOut: Int, weight: Tensor, layout: WeightLayout,
    y: UnsafeMutablePointer<Float>
) {
    weight.withUnsafeBufferPointer(as: UInt16.self) { w in
        let bits = w.baseAddress!
        switch (weight.dtype, layout) {
        case (.float16, .inputMajor):
            smallBatchInputMajor(Float16Format.self, x: x, rows: rows, nIn: nIn, nOut: nOut, w: bits, y: y)
        case (.float16, .outputMajor):
            smallBatchOutputMajor(Float16Format.self, x: x, rows: rows, nIn: nIn, nOut: nOut, w: bits, y: y)
        case (.bfloat16, .inputMajor):
            smallBatchInputMajor(BFloat16Format.self, x: x, rows: rows, nIn: nIn, nOut: nOut, w: bits, y: y)
        case (.bfloat16, .outputMajor):
            smallBatchOutputMajor(BFloat16Format.self, x: x, rows: rows, nIn: nIn, nOut: nOut, w: bits, y: y)
        default:
            preconditionFailure("linearSmallBatch needs a float16 or bfloat16 weight, got \(weight.dtype)")
        }
    }
}

/// Input-major weight `(nIn, nOut)`: threads own chunks of 512 columns. Within a chunk, four
/// weight rows at a time are read as contiguous segments, widened (into an 8 KiB scratch when
/// there is more than one input row, so each weight is widened once) and added, scaled by the
/// matching inputs, into every output row.
private func smallBatchInputMajor<Format: HalfPrecisionFormat>(
    _ format: Format.Type, x: UnsafePointer<Float>, rows: Int, nIn: Int, nOut: Int, w: UnsafePointer<UInt16>,
    y: UnsafeMutablePointer<Float>
) {
    let chunkWidth = 512
    let chunks = (nOut + chunkWidth - 1) / chunkWidth
    parallelFor(chunks, minChunk: max(1, 65_536 / max(nIn * rows * chunkWidth, 1))) { range in
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 4 * chunkWidth)  // (4, chunk width)
        defer { scratch.deallocate() }
        for chunk in range {
            let first = chunk * chunkWidth
            let width = min(chunkWidth, nOut - first)
            var k = 0
            while k < nIn {
                let step = min(4, nIn - k)
                let block = w + k * nOut + first  // weight rows k..<k+step, columns first..<first+width
                if rows == 1 {
                    accumulateRows(
                        Format.self, x + k, step: step, weights: block, weightStride: nOut, width: width,
                        into: y + first)
                } else {
                    for j in 0..<step {
                        widenRow(Format.self, block + j * nOut, count: width, into: scratch + j * width)
                    }
                    for r in 0..<rows {
                        accumulateRows(
                            x + r * nIn + k, step: step, weights: scratch, weightStride: width, width: width,
                            into: y + r * nOut + first)
                    }
                }
                k += step
            }
        }
    }
}

/// `y[c] += sum_j s[j] * widen(w[j * weightStride + c])` for `c < width`, `j < step <= 4`.
@inline(__always)
private func accumulateRows<Format: HalfPrecisionFormat>(
    _ format: Format.Type, _ s: UnsafePointer<Float>, step: Int, weights w: UnsafePointer<UInt16>,
    weightStride: Int, width: Int, into y: UnsafeMutablePointer<Float>
) {
    typealias V = VectorMath.Vector
    let vectorWidth = width - width % 8
    if step == 4 {
        let (s0, s1, s2, s3) = (V(repeating: s[0]), V(repeating: s[1]), V(repeating: s[2]), V(repeating: s[3]))
        let (w1, w2, w3) = (w + weightStride, w + 2 * weightStride, w + 3 * weightStride)
        var c = 0
        while c < vectorWidth {
            var a = VectorMath.load(y + c)
            a += s0 * Format.widen8(w + c) + s1 * Format.widen8(w1 + c)
            a += s2 * Format.widen8(w2 + c) + s3 * Format.widen8(w3 + c)
            VectorMath.store(a, to: y + c)
            c += 8
        }
        while c < width {
            y[c] +=
                s[0] * Format.widen1(w[c]) + s[1] * Format.widen1(w1[c])
                + s[2] * Format.widen1(w2[c]) + s[3] * Format.widen1(w3[c])
            c += 1
        }
        return
    }
    for j in 0..<step {
        let scale = V(repeating: s[j])
        let row = w + j * weightStride
        var c = 0
        while c < vectorWidth {
            VectorMath.store(VectorMath.load(y + c) + scale * Format.widen8(row + c), to: y + c)
            c += 8
        }
        while c < width {
            y[c] += s[j] * Format.widen1(row[c])
            c += 1
        }
    }
}

/// The float twin of the function above, reading already widened weights.
@inline(__always)
private func accumulateRows(
    _ s: UnsafePointer<Float>, step: Int, weights w: UnsafePointer<Float>, weightStride: Int, width: Int,
    into y: UnsafeMutablePointer<Float>
) {
    typealias V = VectorMath.Vector
    let vectorWidth = width - width % 8
    if step == 4 {
        let (s0, s1, s2, s3) = (V(repeating: s[0]), V(repeating: s[1]), V(repeating: s[2]), V(repeating: s[3]))
        let (w1, w2, w3) = (w + weightStride, w + 2 * weightStride, w + 3 * weightStride)
        var c = 0
        while c < vectorWidth {
            var a = VectorMath.load(y + c)
            a += s0 * VectorMath.load(w + c) + s1 * VectorMath.load(w1 + c)
            a += s2 * VectorMath.load(w2 + c) + s3 * VectorMath.load(w3 + c)
            VectorMath.store(a, to: y + c)
            c += 8
        }
        while c < width {
            y[c] += s[0] * w[c] + s[1] * w1[c] + s[2] * w2[c] + s[3] * w3[c]
            c += 1
        }
        return
    }
    for j in 0..<step {
        let scale = V(repeating: s[j])
        let row = w + j * weightStride
        var c = 0
        while c < vectorWidth {
            VectorMath.store(VectorMath.load(y + c) + scale * VectorMath.load(row + c), to: y + c)
            c += 8
        }
        while c < width {
            y[c] += s[j] * row[c]
            c += 1
        }
    }
}

/// Widens `count` values of `Format` at `source` into `destination`.
@inline(__always)
private func widenRow<Format: HalfPrecisionFormat>(
    _ format: Format.Type, _ source: UnsafePointer<UInt16>, count: Int, into destination: UnsafeMutablePointer<Float>
) {
    var c = 0
    while c + 8 <= count {
        VectorMath.store(Format.widen8(source + c), to: destination + c)
        c += 8
    }
    while c < count {
        destination[c] = Format.widen1(source[c])
        c += 1
    }
}

/// Output-major weight `(nOut, nIn)`: each output is a dot product of a contiguous weight row
/// with each input row; threads own ranges of outputs.
private func smallBatchOutputMajor<Format: HalfPrecisionFormat>(
    _ format: Format.Type, x: UnsafePointer<Float>, rows: Int, nIn: Int, nOut: Int, w: UnsafePointer<UInt16>,
    y: UnsafeMutablePointer<Float>
) {
    parallelFor(nOut, minChunk: max(1, 16_384 / max(nIn * rows, 1))) { range in
        for o in range {
            let wo = w + o * nIn  // (nIn)
            for r in 0..<rows {
                let xr = x + r * nIn  // (nIn)
                var a0 = VectorMath.Vector()
                var a1 = VectorMath.Vector()
                var k = 0
                while k + 16 <= nIn {
                    a0 += Format.widen8(wo + k) * VectorMath.load(xr + k)
                    a1 += Format.widen8(wo + k + 8) * VectorMath.load(xr + k + 8)
                    k += 16
                }
                if k + 8 <= nIn {
                    a0 += Format.widen8(wo + k) * VectorMath.load(xr + k)
                    k += 8
                }
                var sum = (a0 + a1).sum()
                while k < nIn {
                    sum += Format.widen1(wo[k]) * xr[k]
                    k += 1
                }
                y[r * nOut + o] += sum
            }
        }
    }
}
