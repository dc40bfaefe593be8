// The VQ-VAE's residual block, `x + scale * conv1x1(relu(conv3_dilated(relu(x))))`, as one
// pass over time with direct convolutions instead of one sgemm per layer.
//
// With 32 or 64 channels and hundreds of thousands of time steps, the sgemm formulation spends
// its time streaming (channels, time) arrays through memory (bias fill, three tap products,
// relu, pointwise product, residual add: a dozen passes) with matrices too small for BLAS to
// reach its rate. Here each thread takes a tile of time, keeps the block's hidden activations
// for that tile in a scratch that stays in the L2 cache, and writes the block's output once.

/// Time positions per task: the hidden scratch holds `(hidden, residualTileTime)` floats
/// (96 KiB at 64 channels).
private let residualTileTime = 384

/// `y = x + scale * (b1 + W1 · relu(b3 + W3 ⊛_d relu(x)))`, the pre-activation residual block of
/// the VQ-VAE (`ResConv1DBlock`): a 3-tap convolution with dilation `d` and padding `d`, then a
/// 1-tap convolution, both with bias.
///
/// Shapes: `x` `(batch, width, time)`; `dilated` `(hidden, width, 3)`; `dilatedBias` `(hidden)`;
/// `pointwise` `(width, hidden, 1)`; `pointwiseBias` `(width)`; result `(batch, width, time)`.
/// Weights may be `float32`, `float16` or `bfloat16`; they are widened once per call.
///
/// Matches the composition of ``conv1d(_:weight:bias:stride:padding:dilation:)``, ``relu(_:)``
/// and the element-wise ops up to float rounding (the sums run in another order). Every output
/// is computed whole by one thread in a fixed order, so the result does not depend on the
/// thread count.
///
/// - Parameters:
///   - dilation: Spacing of the three taps, >= 1.
///   - scale: Factor on the residual branch (1 unless the stack scales by 1/sqrt(depth)).
public func residualConvBlock(
    _ x: Tensor, dilated: Tensor, dilatedBias: Tensor, pointwise: Tensor, pointwiseBias: Tensor, dilation: Int,
    scale: Float
) -> Tensor {
    precondition(x.rank == 3, "residualConvBlock: x \(x.shape) must be (batch, width, time)")
    let (batch, width, time) = (x.shape[0], x.shape[1], x.shape[2])
    let hidden = dilated.shape[0]
    precondition(
        dilated.shape == [hidden, width, 3] && pointwise.shape == [width, hidden, 1],
        "residualConvBlock: weights \(dilated.shape) and \(pointwise.shape) for input \(x.shape)")
    precondition(
        dilatedBias.count == hidden && pointwiseBias.count == width,
        "residualConvBlock: biases \(dilatedBias.shape) and \(pointwiseBias.shape)")
    precondition(dilation >= 1, "residualConvBlock: dilation \(dilation)")
    var y = Tensor.uninitialized([batch, width, time])  // (batch, width, time)
    if batch == 0 || width == 0 || time == 0 { return y }

    let packedDilated = packForMicroTiles(dilated, outputs: hidden, inputs: width, taps: 3)
    let packedPointwise = packForMicroTiles(pointwise, outputs: width, inputs: hidden, taps: 1)
    let hiddenGroups = (hidden + microChannels - 1) / microChannels
    let widthGroups = (width + microChannels - 1) / microChannels
    let bias3 = paddedBias(dilatedBias, count: hiddenGroups * microChannels)
    let bias1 = paddedBias(pointwiseBias, count: widthGroups * microChannels)
    defer {
        packedDilated.deallocate()
        packedPointwise.deallocate()
        bias3.deallocate()
        bias1.deallocate()
    }
    // relu(x) with `dilation` zeros before and `dilation + microTime` after each channel, so every
    // tap of every micro-tile reads inside the buffer and padding needs no branches.
    let paddedLength = time + 2 * dilation + microTime
    let activated = UnsafeMutablePointer<Float>.allocate(capacity: width * paddedLength)  // (width, paddedLength)
    defer { activated.deallocate() }
    let tiles = (time + residualTileTime - 1) / residualTileTime

    x.withUnsafeFloats { xAll in
        y.withUnsafeMutableFloats { yAll in
            for item in 0..<batch {
                let input = xAll.baseAddress! + item * width * time  // (width, time)
                let output = yAll.baseAddress! + item * width * time  // (width, time)
                for c in 0..<width {
                    let row = activated + c * paddedLength
                    row.update(repeating: 0, count: dilation)
                    applyPointwise(ReLUFunction(), input + c * time, row + dilation, count: time)
                    (row + dilation + time).update(repeating: 0, count: dilation + microTime)
                }
                parallelFor(tiles) { tileRange in
                    // (hidden groups * 4, residualTileTime): relu of the dilated conv for one tile.
                    let scratch = UnsafeMutablePointer<Float>.allocate(
                        capacity: hiddenGroups * microChannels * residualTileTime)
                    defer { scratch.deallocate() }
                    for tile in tileRange {
                        let first = tile * residualTileTime
                        let micros = (min(residualTileTime, time - first) + microTime - 1) / microTime
                        for group in 0..<hiddenGroups {
                            for micro in 0..<micros {
                                let t = first + micro * microTime
                                var acc = MicroTile(bias: bias3 + group * microChannels)
                                let weights = packedDilated + group * 3 * width * microChannels
                                for tap in 0..<3 {
                                    acc.accumulate(
                                        rows: activated + t + tap * dilation, rowStride: paddedLength, count: width,
                                        weights: weights + tap * width * microChannels)
                                }
                                acc.storeRelu(
                                    into: scratch + group * microChannels * residualTileTime + micro * microTime,
                                    rowStride: residualTileTime)
                            }
                        }
                        for group in 0..<widthGroups {
                            for micro in 0..<micros {
                                let t = first + micro * microTime
                                var acc = MicroTile(bias: bias1 + group * microChannels)
                                acc.accumulate(
                                    rows: scratch + micro * microTime, rowStride: residualTileTime, count: hidden,
                                    weights: packedPointwise + group * hidden * microChannels)
                                acc.storeResidual(
                                    residual: input, output: output, time: time, firstChannel: group * microChannels,
                                    channels: min(microChannels, width - group * microChannels), at: t, scale: scale)
                            }
                        }
                    }
                }
            }
        }
    }
    return y
}
