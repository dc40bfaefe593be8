// Direct convolutions for narrow layers (the VQ-VAE's 1 to 64 channels), on the register tile
// of ConvMicroTile.swift instead of im2col/col2im and sgemm.
//
// A strided convolution reads its input through `stride` phase copies (`phase r` holds samples
// r, r + stride, ...), so every tap is a contiguous row; a transposed convolution is computed
// one output phase at a time, each phase an ordinary convolution with the taps that land on it.

/// Channel counts up to which ``conv1d(_:weight:bias:stride:padding:dilation:)`` and
/// ``convTranspose1d(_:weight:bias:stride:padding:outputPadding:dilation:)`` take the direct path;
/// wider layers (the upsamplers' conditioner) stay with sgemm, which wins there.
let directConvolutionChannelLimit = 128

/// Whether this build has the code generation the direct path is written for (AVX2 and FMA,
/// `JUKEBOX_FMA`; see Package.swift). On baseline x86-64 (SSE2, no FMA) it ran 2-3x slower
/// than in the AVX2 build and below the sgemm path, so such builds keep sgemm.
public let directConvolutionAvailable: Bool = {
    #if JUKEBOX_FMA
        true
    #else
        false
    #endif
}()

/// Whether a layer of these widths takes the direct path (and, for a residual block of these
/// widths, the fused one).
public func usesDirectConvolution(inChannels: Int, outChannels: Int) -> Bool {
    directConvolutionAvailable && inChannels <= directConvolutionChannelLimit
        && outChannels <= directConvolutionChannelLimit
}

/// Output positions per task of ``directConvolve``.
private let directTileTime = 384

/// `output[o * outputStride + t * step] = bias[o] + sum_k sum_c weights[k][o, c] * taps[k][c * sourceStride + t]`
/// for `t < count`, on every compute thread.
///
/// - `taps`: one base pointer per tap; each must be readable for `count + 24` positions of every
///   input channel (the last micro-tile runs past `count`).
/// - `weights`: ``packForMicroTiles(_:outputs:inputs:taps:)`` layout `(groups, taps, inChannels, 4)`.
/// - `bias`: at least `outChannels` rounded up to 4 floats.
func directConvolve(
    taps: [UnsafePointer<Float>], sourceStride: Int, inChannels: Int, weights: UnsafePointer<Float>,
    bias: UnsafePointer<Float>, outChannels: Int, count: Int, output: UnsafeMutablePointer<Float>, outputStride: Int,
    step: Int
) {
    if count <= 0 { return }
    let groups = (outChannels + microChannels - 1) / microChannels
    let tiles = (count + directTileTime - 1) / directTileTime
    parallelFor(tiles) { tileRange in
        for tile in tileRange {
            let first = tile * directTileTime
            let end = min(count, first + directTileTime)
            for group in 0..<groups {
                let groupWeights = weights + group * taps.count * inChannels * microChannels
                var t = first
                while t < end {
                    var acc = MicroTile(bias: bias + group * microChannels)
                    for (k, tap) in taps.enumerated() {
                        acc.accumulate(
                            rows: tap + t, rowStride: sourceStride, count: inChannels,
                            weights: groupWeights + k * inChannels * microChannels)
                    }
                    acc.store(
                        into: output, rowStride: outputStride, firstChannel: group * microChannels,
                        channels: min(microChannels, outChannels - group * microChannels), at: t, count: end,
                        step: step)
                    t += microTime
                }
            }
        }
    }
}

/// ``conv1d(_:weight:bias:stride:padding:dilation:)`` on the direct path.
///
/// Shapes as there: `x` `(batch, in, time)`, `weight` `(out, in, kernel)`, result `(batch, out, out_time)`.
func conv1dDirect(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int, dilation: Int
) -> Tensor {
    let (batch, inChannels, length) = (x.shape[0], x.shape[1], x.shape[2])
    let (outChannels, kernel) = (weight.shape[0], weight.shape[2])
    let outLength = conv1dOutputLength(
        inputLength: length, kernelSize: kernel, stride: stride, padding: padding, dilation: dilation)
    var y = Tensor.uninitialized([batch, outChannels, outLength])  // (batch, out, out_time)
    if batch == 0 || outLength == 0 || outChannels == 0 { return y }
    let packed = packForMicroTiles(weight, outputs: outChannels, inputs: inChannels, taps: kernel)
    let groups = (outChannels + microChannels - 1) / microChannels
    let biasValues = paddedBias(bias, count: groups * microChannels)
    // Phase r of channel c: position u holds the zero-padded input at stride * u + r.
    let phaseLength = outLength + (kernel - 1) * dilation / stride + microTime
    // (stride, in, phaseLength)
    let phases = UnsafeMutablePointer<Float>.allocate(capacity: stride * inChannels * phaseLength)
    defer {
        packed.deallocate()
        biasValues.deallocate()
        phases.deallocate()
    }
    let taps = (0..<kernel).map { j in
        UnsafePointer(phases + (j * dilation % stride) * inChannels * phaseLength + j * dilation / stride)
    }
    x.withWidenedFloats { xAll in
        y.withUnsafeMutableFloats { yAll in
            for item in 0..<batch {
                let input = xAll.baseAddress! + item * inChannels * length  // (in, time)
                parallelFor(stride * inChannels) { rows in
                    for row in rows {
                        let (r, c) = row.quotientAndRemainder(dividingBy: inChannels)
                        let source = input + c * length
                        let target = phases + row * phaseLength
                        if stride == 1 {
                            let head = min(padding, phaseLength)
                            let body = max(0, min(length, phaseLength - head))
                            target.update(repeating: 0, count: head)
                            (target + head).update(from: source, count: body)
                            (target + head + body).update(repeating: 0, count: phaseLength - head - body)
                            continue
                        }
                        for u in 0..<phaseLength {
                            let i = stride * u + r - padding
                            target[u] = i >= 0 && i < length ? source[i] : 0
                        }
                    }
                }
                directConvolve(
                    taps: taps, sourceStride: phaseLength, inChannels: inChannels, weights: packed, bias: biasValues,
                    outChannels: outChannels, count: outLength,
                    output: yAll.baseAddress! + item * outChannels * outLength, outputStride: outLength, step: 1)
            }
        }
    }
    return y
}

/// ``convTranspose1d(_:weight:bias:stride:padding:outputPadding:dilation:)`` with dilation 1 on
/// the direct path: output phase `r` (positions `n = stride * m + r`) gathers the taps `j` with
/// `(r + padding - j) mod stride == 0` from input `m + (r + padding - j) / stride`.
///
/// Shapes as there: `x` `(batch, in, time)`, `weight` `(in, out, kernel)`, result `(batch, out, out_time)`.
func convTranspose1dDirect(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int, outputPadding: Int
) -> Tensor {
    let (batch, inChannels, length) = (x.shape[0], x.shape[1], x.shape[2])
    let (outChannels, kernel) = (weight.shape[1], weight.shape[2])
    let outLength = convTranspose1dOutputLength(
        inputLength: length, kernelSize: kernel, stride: stride, padding: padding, outputPadding: outputPadding)
    var y = Tensor.uninitialized([batch, outChannels, outLength])  // (batch, out, out_time)
    if batch == 0 || outLength == 0 || outChannels == 0 { return y }
    let groups = (outChannels + microChannels - 1) / microChannels
    let biasValues = paddedBias(bias, count: groups * microChannels)
    // Each phase's taps as (kernel index, input offset).
    let phaseTaps = (0..<stride).map { r in
        (0..<kernel).filter { j in (r + padding - j) % stride == 0 }.map { j in (j, (r + padding - j) / stride) }
    }
    let offsets = phaseTaps.flatMap { $0.map(\.1) }
    let lead = max(0, -(offsets.min() ?? 0))
    let phaseCount = (outLength + stride - 1) / stride
    let paddedLength = lead + phaseCount + max(0, offsets.max() ?? 0) + microTime
    let padded = UnsafeMutablePointer<Float>.allocate(capacity: inChannels * paddedLength)  // (in, paddedLength)
    // Phase r's weights (out, in, taps of r) packed for the micro-tile.
    let packed = weight.withWidenedFloats { w in
        phaseTaps.map { taps in
            var values = [Float](repeating: 0, count: outChannels * inChannels * taps.count)
            for o in 0..<outChannels {
                for c in 0..<inChannels {
                    for (k, tap) in taps.enumerated() {
                        values[(o * inChannels + c) * taps.count + k] = w[(c * outChannels + o) * kernel + tap.0]
                    }
                }
            }
            return packForMicroTiles(
                Tensor(values, shape: [outChannels, inChannels, taps.count]), outputs: outChannels, inputs: inChannels,
                taps: taps.count)
        }
    }
    defer {
        padded.deallocate()
        biasValues.deallocate()
        for buffer in packed { buffer.deallocate() }
    }
    x.withWidenedFloats { xAll in
        y.withUnsafeMutableFloats { yAll in
            for item in 0..<batch {
                let input = xAll.baseAddress! + item * inChannels * length  // (in, time)
                parallelFor(inChannels) { channels in
                    for c in channels {
                        let row = padded + c * paddedLength
                        row.update(repeating: 0, count: lead)
                        (row + lead).update(from: input + c * length, count: length)
                        (row + lead + length).update(repeating: 0, count: paddedLength - lead - length)
                    }
                }
                let output = yAll.baseAddress! + item * outChannels * outLength  // (out, out_time)
                for r in 0..<min(stride, outLength) {
                    let count = (outLength - r + stride - 1) / stride
                    if phaseTaps[r].isEmpty {
                        for o in 0..<outChannels {
                            for m in 0..<count { output[o * outLength + m * stride + r] = biasValues[o] }
                        }
                        continue
                    }
                    directConvolve(
                        taps: phaseTaps[r].map { UnsafePointer(padded + lead + $0.1) }, sourceStride: paddedLength,
                        inChannels: inChannels, weights: packed[r], bias: biasValues, outChannels: outChannels,
                        count: count, output: output + r, outputStride: outLength, step: stride)
                }
            }
        }
    }
    return y
}
