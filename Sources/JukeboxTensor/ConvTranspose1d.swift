// Transposed 1-D convolution (PyTorch nn.ConvTranspose1d semantics) as sgemm + col2im.

/// Output length of a transposed 1-D convolution:
/// `(length - 1) stride - 2 padding + dilation (kernel - 1) + outputPadding + 1`.
public func convTranspose1dOutputLength(
    inputLength: Int, kernelSize: Int, stride: Int, padding: Int, outputPadding: Int = 0, dilation: Int = 1
) -> Int {
    max(0, (inputLength - 1) * stride - 2 * padding + dilation * (kernelSize - 1) + outputPadding + 1)
}

/// Transposed 1-D convolution, exactly like PyTorch's `nn.ConvTranspose1d` (groups = 1):
/// `y[b, o, n] = bias[o] + sum_{i, t, j : t * stride + j * dilation - padding = n} w[i, o, j] * x[b, i, t]`,
/// contributions that land outside `0 ..< out_time` dropped.
///
/// Shapes: `x` `(batch, in_channels, time)`; `weight` `(in_channels, out_channels, kernel)` (note
/// the order); `bias` `(out_channels)`; result `(batch, out_channels, out_time)` with
/// `out_time` from ``convTranspose1dOutputLength(inputLength:kernelSize:stride:padding:outputPadding:dilation:)``
/// (`2 time` for Jukebox's kernel 4, stride 2, padding 1).
///
/// In builds with FMA, layers of at most 128 input and output channels with dilation 1 are
/// computed directly, one output phase at a time (DirectConv1d.swift). Otherwise, for each
/// batch item one `sgemm` computes `w^T x`, shape `(out_channels * kernel, time)`, in time
/// tiles of at most 16 MiB; a parallel col2im then adds each column into its output position.
///
/// - Parameters:
///   - x: Input, `float32`.
///   - weight: Filters; `float32`, `float16` or `bfloat16`.
///   - bias: Optional per-output-channel bias.
///   - stride: Upsampling step, >= 1.
///   - padding: Positions removed at both ends, >= 0.
///   - outputPadding: Positions added at the end, `0 <= outputPadding < max(stride, dilation)`.
///   - dilation: Spacing between kernel taps, >= 1.
public func convTranspose1d(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
    dilation: Int = 1
) -> Tensor {
    if x.rank == 3 && weight.rank == 3 && weight.shape[0] == x.shape[1] && dilation == 1 && stride >= 1
        && padding >= 0 && outputPadding >= 0 && outputPadding < stride
        && usesDirectConvolution(inChannels: x.shape[1], outChannels: weight.shape[1])
    {
        if let bias {
            precondition(bias.count == weight.shape[1], "convTranspose1d: bias \(bias.shape) for \(weight.shape)")
        }
        return convTranspose1dDirect(
            x, weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
    }
    return convTranspose1d(
        x, weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
        dilation: dilation, scratchBudget: convolutionScratchBudget)
}

/// ``convTranspose1d(_:weight:bias:stride:padding:outputPadding:dilation:)`` with an explicit
/// column-buffer budget in floats (tests use a small one to exercise time tiling).
func convTranspose1d(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int, outputPadding: Int, dilation: Int,
    scratchBudget: Int
) -> Tensor {
    precondition(
        x.rank == 3 && weight.rank == 3, "convTranspose1d: x \(x.shape), weight \(weight.shape) must be rank 3")
    precondition(
        stride >= 1 && dilation >= 1 && padding >= 0,
        "convTranspose1d: stride \(stride) padding \(padding) dilation \(dilation)")
    precondition(
        outputPadding >= 0 && outputPadding < max(stride, dilation),
        "convTranspose1d: outputPadding \(outputPadding) must be below max(stride, dilation)")
    let (batch, inChannels, length) = (x.shape[0], x.shape[1], x.shape[2])
    let (outChannels, kernel) = (weight.shape[1], weight.shape[2])
    precondition(weight.shape[0] == inChannels, "convTranspose1d: weight \(weight.shape) for input \(x.shape)")
    precondition(kernel >= 1, "convTranspose1d: empty kernel")
    if let bias {
        precondition(bias.count == outChannels, "convTranspose1d: bias \(bias.shape) for \(outChannels) channels")
    }
    let outLength = convTranspose1dOutputLength(
        inputLength: length, kernelSize: kernel, stride: stride, padding: padding, outputPadding: outputPadding,
        dilation: dilation)
    var y = Tensor.zeros([batch, outChannels, outLength])  // (batch, out_channels, out_time)
    let columnRows = outChannels * kernel
    y.withUnsafeMutableFloats { y in
        fillChannels(y.baseAddress!, batch: batch, channels: outChannels, length: outLength, bias: bias)
        if length == 0 || batch == 0 || columnRows == 0 || inChannels == 0 { return }
        weight.withWidenedFloats { w in  // (in_channels, out_channels * kernel)
            x.withWidenedFloats { x in
                let tile = max(1, min(length, scratchBudget / columnRows))
                let columns = UnsafeMutablePointer<Float>.allocate(capacity: columnRows * tile)  // (out * kernel, tile)
                defer { columns.deallocate() }
                for item in 0..<batch {
                    let input = x.baseAddress! + item * inChannels * length  // (in_channels, time)
                    let output = y.baseAddress! + item * outChannels * outLength  // (out_channels, out_time)
                    var first = 0
                    while first < length {
                        let width = min(tile, length - first)
                        BLAS.sgemm(
                            transposeA: true, m: columnRows, n: width, k: inChannels, a: w.baseAddress!,
                            lda: columnRows, b: input + first, ldb: length, c: columns, ldc: width)
                        col2im(
                            columns, channels: outChannels, kernel: kernel, stride: stride, padding: padding,
                            dilation: dilation, firstInput: first, width: width, into: output, outLength: outLength)
                        first += width
                    }
                }
            }
        }
    }
    return y
}

/// Adds `columns[o * kernel + j, t]` into `y[o, (firstInput + t) * stride + j * dilation - padding]`
/// for every position that lands inside `0 ..< outLength`. Parallel over output channels, so no
/// two threads write the same row.
///
/// - `columns`: `(channels * kernel, width)`.
/// - `y`: `(channels, outLength)`.
func col2im(
    _ columns: UnsafePointer<Float>, channels: Int, kernel: Int, stride: Int, padding: Int, dilation: Int,
    firstInput: Int, width: Int, into y: UnsafeMutablePointer<Float>, outLength: Int
) {
    parallelFor(channels, minChunk: max(1, 8192 / max(width * kernel, 1))) { range in
        for channel in range {
            let target = y + channel * outLength  // (out_time)
            for tap in 0..<kernel {
                let source = columns + (channel * kernel + tap) * width  // (width)
                let offset = tap * dilation - padding
                // Input positions t with 0 <= (firstInput + t) * stride + offset < outLength.
                let low = min(width, max(0, ceilDivide(-offset, stride) - firstInput))
                let high = max(low, min(width, ceilDivide(outLength - offset, stride) - firstInput))
                if low == high { continue }
                var index = (firstInput + low) * stride + offset
                if stride == 1 {
                    let out = target + index
                    for t in 0..<(high - low) { out[t] += source[low + t] }
                } else {
                    for t in low..<high {
                        target[index] += source[t]
                        index += stride
                    }
                }
            }
        }
    }
}
