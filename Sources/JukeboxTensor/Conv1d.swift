// 1-D convolution (PyTorch nn.Conv1d semantics) as im2col + sgemm.

/// Floats of im2col / col2im scratch a convolution keeps at once (16 MiB); longer signals are
/// processed in time tiles.
let convolutionScratchBudget = 1 << 22

/// Output length of a 1-D convolution: `(length + 2 padding - dilation (kernel - 1) - 1) / stride + 1`.
public func conv1dOutputLength(inputLength: Int, kernelSize: Int, stride: Int, padding: Int, dilation: Int) -> Int {
    let span = dilation * (kernelSize - 1) + 1
    let padded = inputLength + 2 * padding
    return padded < span ? 0 : (padded - span) / stride + 1
}

/// 1-D cross-correlation with zero padding, exactly like PyTorch's `nn.Conv1d` (groups = 1):
/// `y[b, o, t] = bias[o] + sum_{c, j} w[o, c, j] * x[b, c, t * stride + j * dilation - padding]`.
///
/// Shapes: `x` `(batch, in_channels, time)`; `weight` `(out_channels, in_channels, kernel)`;
/// `bias` `(out_channels)`; result `(batch, out_channels, out_time)` with `out_time` from
/// ``conv1dOutputLength(inputLength:kernelSize:stride:padding:dilation:)``.
///
/// In builds with FMA, layers of at most 128 input and output channels are computed directly
/// on register tiles (DirectConv1d.swift). Otherwise each batch item is one `sgemm` of the
/// weight `(out, in * kernel)` with an im2col buffer `(in * kernel, out_time)`, split into
/// time tiles when that buffer would exceed 16 MiB. A
/// kernel-1, stride-1, unpadded convolution multiplies the input directly. 16-bit weights are
/// widened once per call.
///
/// - Parameters:
///   - x: Input, `float32`.
///   - weight: Filters; `float32`, `float16` or `bfloat16`.
///   - bias: Optional per-output-channel bias.
///   - stride: Step between output positions, >= 1.
///   - padding: Zeros added at both ends, >= 0.
///   - dilation: Spacing between kernel taps, >= 1.
public func conv1d(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, dilation: Int = 1
) -> Tensor {
    if x.rank == 3 && weight.rank == 3 && weight.shape[1] == x.shape[1] && stride >= 1 && dilation >= 1
        && padding >= 0 && usesDirectConvolution(inChannels: x.shape[1], outChannels: weight.shape[0])
    {
        if let bias { precondition(bias.count == weight.shape[0], "conv1d: bias \(bias.shape) for \(weight.shape)") }
        return conv1dDirect(x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
    }
    return conv1d(
        x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation,
        scratchBudget: convolutionScratchBudget)
}

/// ``conv1d(_:weight:bias:stride:padding:dilation:)`` with an explicit im2col budget in floats
/// (tests use a small one to exercise time tiling).
func conv1d(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int, dilation: Int, scratchBudget: Int
) -> Tensor {
    precondition(x.rank == 3 && weight.rank == 3, "conv1d: x \(x.shape) and weight \(weight.shape) must be rank 3")
    precondition(
        stride >= 1 && dilation >= 1 && padding >= 0, "conv1d: stride \(stride) padding \(padding) dilation \(dilation)"
    )
    let (batch, inChannels, length) = (x.shape[0], x.shape[1], x.shape[2])
    let (outChannels, kernel) = (weight.shape[0], weight.shape[2])
    precondition(weight.shape[1] == inChannels, "conv1d: weight \(weight.shape) for input \(x.shape)")
    precondition(kernel >= 1, "conv1d: empty kernel")
    if let bias { precondition(bias.count == outChannels, "conv1d: bias \(bias.shape) for \(outChannels) channels") }
    let outLength = conv1dOutputLength(
        inputLength: length, kernelSize: kernel, stride: stride, padding: padding, dilation: dilation)
    var y = Tensor.uninitialized([batch, outChannels, outLength])  // (batch, out_channels, out_time)
    let rowsPerItem = inChannels * kernel  // rows of the im2col buffer
    y.withUnsafeMutableFloats { y in
        fillChannels(y.baseAddress!, batch: batch, channels: outChannels, length: outLength, bias: bias)
        if outLength == 0 || batch == 0 || outChannels == 0 { return }
        let beta: Float = bias == nil ? 0 : 1
        weight.withWidenedFloats { w in  // (out_channels, in_channels * kernel)
            x.withWidenedFloats { x in
                let direct = kernel == 1 && stride == 1 && padding == 0
                if stride == 1 && kernel > 1 {
                    // One sgemm per tap on shifted views of the input: no im2col buffer.
                    if bias == nil { y.update(repeating: 0) }
                    convolveByTaps(
                        x.baseAddress!, weights: w.baseAddress!, into: y.baseAddress!, batch: batch,
                        inChannels: inChannels, outChannels: outChannels, length: length, outLength: outLength,
                        kernel: kernel, padding: padding, dilation: dilation)
                    return
                }
                let tile = direct ? outLength : max(1, min(outLength, scratchBudget / max(rowsPerItem, 1)))
                let columns = direct ? nil : UnsafeMutablePointer<Float>.allocate(capacity: rowsPerItem * tile)
                defer { columns?.deallocate() }
                for item in 0..<batch {
                    let input = x.baseAddress! + item * inChannels * length  // (in_channels, time)
                    let output = y.baseAddress! + item * outChannels * outLength  // (out_channels, out_time)
                    guard let columns else {
                        BLAS.sgemm(
                            m: outChannels, n: outLength, k: inChannels, a: w.baseAddress!, lda: inChannels,
                            b: input, ldb: length, beta: beta, c: output, ldc: outLength)
                        continue
                    }
                    var first = 0
                    while first < outLength {
                        let width = min(tile, outLength - first)
                        im2col(
                            input, channels: inChannels, length: length, kernel: kernel, stride: stride,
                            padding: padding, dilation: dilation, firstOutput: first, width: width, into: columns)
                        BLAS.sgemm(
                            m: outChannels, n: width, k: rowsPerItem, a: w.baseAddress!, lda: rowsPerItem,
                            b: columns, ldb: width, beta: beta, c: output + first, ldc: outLength)
                        first += width
                    }
                }
            }
        }
    }
    return y
}

/// A stride-1 convolution as `kernel` accumulating products: for tap `j`,
/// `y[:, t] += W[:, :, j] · x[:, t + j * dilation - padding]` over the output positions whose
/// input index lies inside the signal (zero padding contributes nothing). `y` must hold the
/// bias (or zeros) on entry.
///
/// - `x`: `(batch, in_channels, length)`; `weights`: `(out_channels, in_channels, kernel)`;
///   `y`: `(batch, out_channels, out_length)`.
func convolveByTaps(
    _ x: UnsafePointer<Float>, weights: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, batch: Int,
    inChannels: Int, outChannels: Int, length: Int, outLength: Int, kernel: Int, padding: Int, dilation: Int
) {
    // Each tap's (out_channels, in_channels) matrix, contiguous.
    let taps = UnsafeMutablePointer<Float>.allocate(capacity: kernel * outChannels * inChannels)
    defer { taps.deallocate() }
    for o in 0..<outChannels {
        for c in 0..<inChannels {
            for j in 0..<kernel {
                taps[(j * outChannels + o) * inChannels + c] = weights[(o * inChannels + c) * kernel + j]
            }
        }
    }
    for item in 0..<batch {
        let input = x + item * inChannels * length  // (in_channels, length)
        let output = y + item * outChannels * outLength  // (out_channels, out_length)
        for j in 0..<kernel {
            let offset = j * dilation - padding  // input index = t + offset
            let low = max(0, -offset)
            let high = min(outLength, length - offset)
            if high <= low { continue }
            BLAS.sgemm(
                m: outChannels, n: high - low, k: inChannels, a: taps + j * outChannels * inChannels,
                lda: inChannels, b: input + low + offset, ldb: length, beta: 1, c: output + low, ldc: outLength)
        }
    }
}

/// Fills every `(channel, time)` row of `y` `(batch, channels, length)` with `bias[channel]`, or
/// leaves it alone when there is no bias (the following `sgemm` then uses `beta = 0`).
func fillChannels(_ y: UnsafeMutablePointer<Float>, batch: Int, channels: Int, length: Int, bias: Tensor?) {
    guard let bias else { return }
    bias.withWidenedFloats { b in
        parallelFor(batch * channels, minChunk: max(1, 16_384 / max(length, 1))) { rows in
            for row in rows {
                (y + row * length).update(repeating: b[row % channels], count: length)
            }
        }
    }
}

/// Writes the im2col buffer for output positions `firstOutput ..< firstOutput + width`:
/// `columns[c * kernel + j, t] = x[c, (firstOutput + t) * stride + j * dilation - padding]`, zero
/// outside the signal.
///
/// - `x`: `(channels, length)`.
/// - `columns`: `(channels * kernel, width)`.
func im2col(
    _ x: UnsafePointer<Float>, channels: Int, length: Int, kernel: Int, stride: Int, padding: Int, dilation: Int,
    firstOutput: Int, width: Int, into columns: UnsafeMutablePointer<Float>
) {
    parallelFor(channels * kernel, minChunk: max(1, 4096 / max(width, 1))) { rows in
        for row in rows {
            let (channel, tap) = row.quotientAndRemainder(dividingBy: kernel)
            let source = x + channel * length  // (length)
            let target = columns + row * width  // (width)
            let offset = tap * dilation - padding
            // Output positions t whose input index (firstOutput + t) * stride + offset lies in 0..<length.
            let low = min(width, max(0, ceilDivide(-offset, stride) - firstOutput))
            let high = max(low, min(width, ceilDivide(length - offset, stride) - firstOutput))
            if low > 0 { target.update(repeating: 0, count: low) }
            if high < width { (target + high).update(repeating: 0, count: width - high) }
            let start = (firstOutput + low) * stride + offset
            if stride == 1 {
                (target + low).update(from: source + start, count: high - low)
            } else {
                var index = start
                for t in low..<high {
                    target[t] = source[index]
                    index += stride
                }
            }
        }
    }
}

/// `ceil(a / b)` for `b > 0` and any sign of `a`.
@inline(__always)
func ceilDivide(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? (a + b - 1) / b : -((-a) / b)
}
