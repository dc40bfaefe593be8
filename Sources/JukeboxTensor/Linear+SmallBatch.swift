// The few-rows path of `linear`: widen in registers and accumulate directly, so a sampling step
// reads each weight once, 16-bit weights as 16 bits, and writes no float32 copy.

/// Most rows for which ``linear(_:weight:bias:layout:)`` takes the fused few-rows path.
let smallBatchRowLimit = 8

/// A weight storage format the few-rows kernels read eight lanes at a time.
protocol SmallBatchWeightFormat {
    /// One stored element.
    associatedtype Storage
    /// Widens the eight values at `source`.
    static func widen8(_ source: UnsafePointer<Storage>) -> SIMD8<Float>
    /// Widens one value.
    static func widen1(_ bits: Storage) -> Float
}

/// IEEE float16.
enum Float16Format: SmallBatchWeightFormat {
    @inline(__always) static func widen8(_ source: UnsafePointer<UInt16>) -> SIMD8<Float> {
        HalfFloat.widenFloat16(eightAt: source)
    }
    @inline(__always) static func widen1(_ bits: UInt16) -> Float { HalfFloat.float(fromFloat16Bits: bits) }
}

/// bfloat16.
enum BFloat16Format: SmallBatchWeightFormat {
    @inline(__always) static func widen8(_ source: UnsafePointer<UInt16>) -> SIMD8<Float> {
        HalfFloat.widenBFloat16(eightAt: source)
    }
    @inline(__always) static func widen1(_ bits: UInt16) -> Float { HalfFloat.float(fromBFloat16Bits: bits) }
}

/// float32, read as it is.
enum Float32Format: SmallBatchWeightFormat {
    @inline(__always) static func widen8(_ source: UnsafePointer<Float>) -> SIMD8<Float> { VectorMath.load(source) }
    @inline(__always) static func widen1(_ value: Float) -> Float { value }
}

/// `y += x @ w` (input-major) or `y += x @ w^T` (output-major) for at most
/// ``smallBatchRowLimit`` rows, without BLAS: a few rows make sgemm read and pack every weight
/// as float32, where these kernels read 16-bit weights once, at the memory's pace.
///
/// - `x`: `(rows, nIn)`.
/// - `weight`: `(nIn, nOut)` or `(nOut, nIn)`, `float16`, `bfloat16` or `float32`.
/// - `y`: `(rows, nOut)`, already holding the bias or zeros.
func linearSmallBatch(
    x: UnsafePointer<Float>, rows: Int, nIn: Int, nOut: Int, weight: Tensor, layout: WeightLayout,
    y: UnsafeMutablePointer<Float>
) {
    if weight.dtype == .float32 {
        weight.withUnsafeBufferPointer(as: Float.self) { w in
            switch layout {
            case .inputMajor:
                smallBatchInputMajor(
                    Float32Format.self, x: x, rows: rows, nIn: nIn, nOut: nOut, w: w.baseAddress!, y: y)
            case .outputMajor:
                smallBatchOutputMajor(
                    Float32Format.self, x: x, rows: rows, nIn: nIn, nOut: nOut, w: w.baseAddress!, y: y)
            }
        }
        return
    }
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
            preconditionFailure("linearSmallBatch needs a float16, bfloat16 or float32 weight, got \(weight.dtype)")
        }
    }
}

/// Input slices the input-major few-rows kernel cuts its weight into: a fixed number (at most 16,
/// and at least 4 weight rows each), so the result does not depend on the thread count.
func smallBatchSliceCount(nIn: Int) -> Int {
    max(1, min(16, nIn / 4))
}

/// Input-major weight `(nIn, nOut)`: the weight rows are cut into ``smallBatchSliceCount(nIn:)``
/// slices of consecutive rows, which lie contiguously in memory, and threads own whole slices.
/// Each slice is streamed from its first byte to its last into its own partial sums; the
/// partials are then added to `y` in slice order. (Owning columns instead read short segments a
/// whole weight row apart, which the hardware prefetchers follow poorly.)
/// With one input row and fewer than 4096 outputs, the weight rows are read one after another,
/// so each thread reads a single sequential stream: on the 2-core machine this came close to
/// the plain streaming-read rate, where reading four rows side by side lost about a quarter.
/// Otherwise four weight rows at a time are widened in registers and added, scaled, into every
/// row's partial: with several input rows each widened vector serves them all (a scratch of
/// widened 1024-column tiles took 40-70% longer at batch 3), and with 4096 outputs or more
/// (the 5b prior's 4800) a partial row no longer fits the L1 cache, so touching it once per
/// four weight rows instead of once per row took 20% off a step's matrix products.
private func smallBatchInputMajor<Format: SmallBatchWeightFormat>(
    _ format: Format.Type, x: UnsafePointer<Float>, rows: Int, nIn: Int, nOut: Int, w: UnsafePointer<Format.Storage>,
    y: UnsafeMutablePointer<Float>
) {
    let slices = smallBatchSliceCount(nIn: nIn)
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: slices * rows * nOut)  // (slices, rows, nOut)
    defer { partials.deallocate() }
    parallelFor(slices) { range in
        for slice in range {
            let partial = partials + slice * rows * nOut  // (rows, nOut)
            partial.initialize(repeating: 0, count: rows * nOut)
            var k = slice * nIn / slices
            let end = (slice + 1) * nIn / slices
            let rowsPerPass = rows == 1 && nOut < 4096 ? 1 : 4
            while k < end {
                let step = min(rowsPerPass, end - k)
                let block = w + k * nOut  // weight rows k..<k+step
                if step == 4 {
                    accumulateFourRowsIntoRows(
                        Format.self, x + k, rows: rows, xStride: nIn, weights: block, weightStride: nOut,
                        width: nOut, into: partial, yStride: nOut)
                } else {
                    for r in 0..<rows {
                        accumulateRows(
                            Format.self, x + r * nIn + k, step: step, weights: block, weightStride: nOut,
                            width: nOut, into: partial + r * nOut)
                    }
                }
                k += step
            }
        }
    }
    addSlicePartials(partials, slices: slices, count: rows * nOut, into: y)
}

/// `y += partials[0] + partials[1] + ...`, in that order, split by elements of `y` among the
/// threads. `partials`: `(slices, count)`; `y`: `(count)`.
func addSlicePartials(_ partials: UnsafePointer<Float>, slices: Int, count: Int, into y: UnsafeMutablePointer<Float>) {
    parallelFor(count, minChunk: 1024) { range in
        for slice in 0..<slices {
            addInto(y + range.lowerBound, partials + slice * count + range.lowerBound, count: range.count)
        }
    }
}

/// `y[i] += a[i]` for `i < count`.
@inline(__always)
private func addInto(_ y: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count {
        VectorMath.store(VectorMath.load(y + i) + VectorMath.load(a + i), to: y + i)
        i += 8
    }
    while i < count {
        y[i] += a[i]
        i += 1
    }
}

/// `y[c] += sum_j s[j] * widen(w[j * weightStride + c])` for `c < width`, `j < step`, one weight
/// row after another (fused multiply-adds in FMA builds). Groups of four rows go through
/// ``accumulateFourRowsIntoRows``.
@inline(__always)
private func accumulateRows<Format: SmallBatchWeightFormat>(
    _ format: Format.Type, _ s: UnsafePointer<Float>, step: Int, weights w: UnsafePointer<Format.Storage>,
    weightStride: Int, width: Int, into y: UnsafeMutablePointer<Float>
) {
    typealias V = VectorMath.Vector
    let unrolledWidth = width - width % 64
    let vectorWidth = width - width % 8
    for j in 0..<step {
        let scale = V(repeating: s[j])
        let row = w + j * weightStride
        var c = 0
        while c < unrolledWidth {
            accumulateSixtyFour(Format.self, scale: scale, row + c, into: y + c)
            c += 64
        }
        while c < vectorWidth {
            VectorMath.store(VectorMath.multiplyAdd(VectorMath.load(y + c), scale, Format.widen8(row + c)), to: y + c)
            c += 8
        }
        while c < width {
            y[c] += s[j] * Format.widen1(row[c])
            c += 1
        }
    }
}

/// `y[c] += scale * widen(w[c])` for `c < 64`: eight independent vectors loaded, widened and
/// added before any is stored, which kept one thread's weight stream 15-20% faster than one
/// vector at a time on the test machine (more loads in flight per loop turn).
@inline(__always)
private func accumulateSixtyFour<Format: SmallBatchWeightFormat>(
    _ format: Format.Type, scale: VectorMath.Vector, _ w: UnsafePointer<Format.Storage>,
    into y: UnsafeMutablePointer<Float>
) {
    let a0 = VectorMath.multiplyAdd(VectorMath.load(y), scale, Format.widen8(w))
    let a1 = VectorMath.multiplyAdd(VectorMath.load(y + 8), scale, Format.widen8(w + 8))
    let a2 = VectorMath.multiplyAdd(VectorMath.load(y + 16), scale, Format.widen8(w + 16))
    let a3 = VectorMath.multiplyAdd(VectorMath.load(y + 24), scale, Format.widen8(w + 24))
    let a4 = VectorMath.multiplyAdd(VectorMath.load(y + 32), scale, Format.widen8(w + 32))
    let a5 = VectorMath.multiplyAdd(VectorMath.load(y + 40), scale, Format.widen8(w + 40))
    let a6 = VectorMath.multiplyAdd(VectorMath.load(y + 48), scale, Format.widen8(w + 48))
    let a7 = VectorMath.multiplyAdd(VectorMath.load(y + 56), scale, Format.widen8(w + 56))
    VectorMath.store(a0, to: y)
    VectorMath.store(a1, to: y + 8)
    VectorMath.store(a2, to: y + 16)
    VectorMath.store(a3, to: y + 24)
    VectorMath.store(a4, to: y + 32)
    VectorMath.store(a5, to: y + 40)
    VectorMath.store(a6, to: y + 48)
    VectorMath.store(a7, to: y + 56)
}

/// `y[r, c] += sum_{j < 4} x[r, j] * widen(w[j * weightStride + c])` for `r < rows`, `c < width`:
/// each vector of the four weight rows is widened once, in registers, and used for every row.
/// Sixteen columns per loop turn (eight widened vectors) where there are 16: at three input rows
/// this read the weights 13% faster than eight columns per turn. Each element is summed in the
/// same order either way.
///
/// - `x`: row `r` at `x + r * xStride`; `y`: row `r` at `y + r * yStride`.
@inline(__always)
private func accumulateFourRowsIntoRows<Format: SmallBatchWeightFormat>(
    _ format: Format.Type, _ x: UnsafePointer<Float>, rows: Int, xStride: Int, weights w: UnsafePointer<Format.Storage>,
    weightStride: Int, width: Int, into y: UnsafeMutablePointer<Float>, yStride: Int
) {
    typealias V = VectorMath.Vector
    let (w1, w2, w3) = (w + weightStride, w + 2 * weightStride, w + 3 * weightStride)
    let pairWidth = width - width % 16
    let vectorWidth = width - width % 8
    var c = 0
    while c < pairWidth {
        let (v0, v1) = (Format.widen8(w + c), Format.widen8(w1 + c))
        let (v2, v3) = (Format.widen8(w2 + c), Format.widen8(w3 + c))
        let (u0, u1) = (Format.widen8(w + c + 8), Format.widen8(w1 + c + 8))
        let (u2, u3) = (Format.widen8(w2 + c + 8), Format.widen8(w3 + c + 8))
        for r in 0..<rows {
            let s = x + r * xStride
            let target = y + r * yStride + c
            let (s0, s1, s2, s3) = (V(repeating: s[0]), V(repeating: s[1]), V(repeating: s[2]), V(repeating: s[3]))
            var a = VectorMath.multiplyAdd(VectorMath.load(target), s0, v0)
            var b = s1 * v1
            var e = VectorMath.multiplyAdd(VectorMath.load(target + 8), s0, u0)
            var f = s1 * u1
            a = VectorMath.multiplyAdd(a, s2, v2)
            b = VectorMath.multiplyAdd(b, s3, v3)
            e = VectorMath.multiplyAdd(e, s2, u2)
            f = VectorMath.multiplyAdd(f, s3, u3)
            VectorMath.store(a + b, to: target)
            VectorMath.store(e + f, to: target + 8)
        }
        c += 16
    }
    while c < vectorWidth {
        let (v0, v1) = (Format.widen8(w + c), Format.widen8(w1 + c))
        let (v2, v3) = (Format.widen8(w2 + c), Format.widen8(w3 + c))
        for r in 0..<rows {
            let s = x + r * xStride
            let target = y + r * yStride + c
            var a = VectorMath.multiplyAdd(VectorMath.load(target), V(repeating: s[0]), v0)
            var b = V(repeating: s[1]) * v1
            a = VectorMath.multiplyAdd(a, V(repeating: s[2]), v2)
            b = VectorMath.multiplyAdd(b, V(repeating: s[3]), v3)
            VectorMath.store(a + b, to: target)
        }
        c += 8
    }
    while c < width {
        let (u0, u1, u2, u3) = (Format.widen1(w[c]), Format.widen1(w1[c]), Format.widen1(w2[c]), Format.widen1(w3[c]))
        for r in 0..<rows {
            let s = x + r * xStride
            y[r * yStride + c] += s[0] * u0 + s[1] * u1 + s[2] * u2 + s[3] * u3
        }
        c += 1
    }
}

/// Output-major weight `(nOut, nIn)`: each output is a dot product of a contiguous weight row
/// with each input row; threads own ranges of outputs.
private func smallBatchOutputMajor<Format: SmallBatchWeightFormat>(
    _ format: Format.Type, x: UnsafePointer<Float>, rows: Int, nIn: Int, nOut: Int, w: UnsafePointer<Format.Storage>,
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
                    a0 = VectorMath.multiplyAdd(a0, Format.widen8(wo + k), VectorMath.load(xr + k))
                    a1 = VectorMath.multiplyAdd(a1, Format.widen8(wo + k + 8), VectorMath.load(xr + k + 8))
                    k += 16
                }
                if k + 8 <= nIn {
                    a0 = VectorMath.multiplyAdd(a0, Format.widen8(wo + k), VectorMath.load(xr + k))
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
