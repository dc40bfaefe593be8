// The bfloat16-weight paths of `linear` on CPUs with AVX-512 BF16: few rows (a sampling step) and
// many rows (re-fed prefix chunks), both through `vdpbf16ps` kernels of CJukeboxKernels.
import CJukeboxKernels

/// `y (+)= x @ w` (input-major) or `y (+)= x @ w^T` (output-major) with a bfloat16 weight and the
/// activations rounded to bfloat16. Every output element is summed in an order fixed by the
/// shapes alone, so the result does not depend on ``ComputeThreads/count``.
///
/// - `x`: `(rows, nIn)` float32.
/// - `weight`: `(nIn, nOut)` or `(nOut, nIn)`, `bfloat16`.
/// - `y`: `(rows, nOut)`; holds the bias or zeros when `accumulate`, anything otherwise. Up to
///   ``smallBatchRowLimit`` rows always accumulate.
func linearBF16Dot(
    x: UnsafePointer<Float>, rows: Int, nIn: Int, nOut: Int, weight: Tensor, layout: WeightLayout, accumulate: Bool,
    y: UnsafeMutablePointer<Float>
) {
    precondition(weight.dtype == .bfloat16 && BF16Dot.isSupported, "linearBF16Dot: \(weight.dtype) weight")
    if rows == 0 || nOut == 0 { return }
    let activations = BF16Activations(x, rows: rows, nIn: nIn)
    weight.withUnsafeBufferPointer(as: UInt16.self) { w in
        if rows <= smallBatchRowLimit {
            precondition(accumulate, "linearBF16Dot: the few-rows kernels add to y")
            switch layout {
            case .inputMajor:
                bf16RowsInputMajor(activations, rows: rows, nIn: nIn, nOut: nOut, w: w.baseAddress!, y: y)
            case .outputMajor:
                bf16RowsOutputMajor(activations, rows: rows, nIn: nIn, nOut: nOut, w: w.baseAddress!, y: y)
            }
        } else {
            bf16Packed(
                activations, rows: rows, nIn: nIn, nOut: nOut, w: w.baseAddress!, layout: layout,
                accumulate: accumulate, y: y)
        }
    }
}

/// Few rows, input-major `(nIn, nOut)` weight: the weight rows are cut into
/// ``smallBatchSliceCount(nIn:)`` slices as in the float kernels, each streamed start to end by
/// `jk_bf16_rows_input_major` into its own partial sums, which are then added to `y` in slice
/// order. Each 32-bit lane of the kernel holds one column's (w[k], w[k+1]) and each row's
/// (x[k], x[k+1]) is broadcast, so one `vdpbf16ps` does 32 multiply-adds: three rows cost
/// little more than one.
private func bf16RowsInputMajor(
    _ x: borrowing BF16Activations, rows: Int, nIn: Int, nOut: Int, w: UnsafePointer<UInt16>,
    y: UnsafeMutablePointer<Float>
) {
    let slices = smallBatchSliceCount(nIn: nIn)
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: slices * rows * nOut)  // (slices, rows, nOut)
    defer { partials.deallocate() }
    let bits = x.bits
    let stride = x.stride
    parallelFor(slices) { range in
        // (rows, nOut rounded up to 32), the kernel's column-shuffled sums
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: jk_bf16_rows_scratch_floats(Int32(rows), nOut))
        defer { scratch.deallocate() }
        for slice in range {
            jk_bf16_rows_input_major(
                bits, stride, Int32(rows), w, nOut, slice * nIn / slices, (slice + 1) * nIn / slices, scratch,
                partials + slice * rows * nOut)
        }
    }
    addSlicePartials(partials, slices: slices, count: rows * nOut, into: y)
}

/// Few rows, output-major `(nOut, nIn)` weight: each output is a dot product of a contiguous
/// weight row with each input row, 32 k per `vdpbf16ps`; threads own ranges of outputs.
private func bf16RowsOutputMajor(
    _ x: borrowing BF16Activations, rows: Int, nIn: Int, nOut: Int, w: UnsafePointer<UInt16>,
    y: UnsafeMutablePointer<Float>
) {
    let bits = x.bits
    let stride = x.stride
    parallelFor(nOut, minChunk: max(1, 16_384 / max(nIn * rows, 1))) { range in
        jk_bf16_rows_output_major(
            bits, stride, Int32(rows), w, nIn, range.lowerBound, range.upperBound, y, nOut)
    }
}

/// Many rows: the output columns are cut into blocks of 32 shared out among the compute threads;
/// each thread packs one block at a time (`jk_bf16_pack_input_major` or `_output_major`: every
/// pair of k interleaved, `nIn * 64` bytes, 123 KB at width 1920, which stays in the L2 cache)
/// and runs the 8-rows-by-32-columns micro-kernel `jk_bf16_gemm_block` over all rows.
private func bf16Packed(
    _ x: borrowing BF16Activations, rows: Int, nIn: Int, nOut: Int, w: UnsafePointer<UInt16>, layout: WeightLayout,
    accumulate: Bool, y: UnsafeMutablePointer<Float>
) {
    let width = Int(JK_BF16_BLOCK_COLUMNS)
    let bits = x.bits
    let stride = x.stride
    let pairs = (nIn + 1) / 2
    parallelFor((nOut + width - 1) / width, minChunk: max(1, 4096 / (width * max(nIn, 1)))) { range in
        let packed = UnsafeMutablePointer<UInt16>.allocate(capacity: max(1, pairs * 2 * width))  // (pairs, 32, 2)
        defer { packed.deallocate() }
        for block in range {
            let first = block * width
            let columns = min(width, nOut - first)
            switch layout {
            case .inputMajor: jk_bf16_pack_input_major(w, nIn, nOut, first, columns, packed)
            case .outputMajor: jk_bf16_pack_output_major(w, nIn, first, columns, packed)
            }
            jk_bf16_gemm_block(bits, stride, rows, nIn, packed, columns, y + first, nOut, accumulate ? 1 : 0)
        }
    }
}
