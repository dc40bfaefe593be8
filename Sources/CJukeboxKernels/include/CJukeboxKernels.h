// bfloat16 dot-product kernels (AVX-512 BF16, `vdpbf16ps`) for JukeboxTensor's dense layers.
//
// Swift cannot emit AVX-512 BF16 instructions, so these few kernels are C, each function compiled
// for avx512f/bw/vl/bf16 with a target attribute and called only after jk_bf16_dot_supported()
// says the CPU has the instructions. Everywhere else (other CPUs, other architectures) the
// functions other than jk_bf16_dot_supported and jk_bf16_round must not be called; JukeboxTensor
// then keeps its Swift widening kernels. Only JukeboxTensor imports this module.
//
// Conventions: `bf16` buffers hold bfloat16 bit patterns (uint16_t). Shapes are written
// (rows, columns), row-major. Activations are rounded to bfloat16 (round to nearest even) once
// per call; products are summed in float32 by vdpbf16ps, two k at a time.
#ifndef CJUKEBOXKERNELS_H
#define CJUKEBOXKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when this CPU executes AVX-512 BF16 (`__builtin_cpu_supports("avx512bf16")`), else 0.
int jk_bf16_dot_supported(void);

/// out[i] = bfloat16(x[i]) rounded to nearest even, i < count (NaN stays NaN). Plain C, any CPU.
void jk_bf16_round(const float *x, uint16_t *out, size_t count);

/// Few rows, input-major weight: partial[r, c] = sum_{k0 <= k < k1} x[r, k] * w[k, c].
///
/// - x: (rows, ldx) bfloat16 activations; w: (nIn, n_out) bfloat16 weight, row stride n_out;
///   partial: (rows, n_out) float32, overwritten. rows <= 8.
/// - scratch: at least jk_bf16_rows_scratch_floats(rows, n_out) floats.
void jk_bf16_rows_input_major(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_out, size_t k0, size_t k1,
    float *scratch, float *partial);

/// Floats of scratch jk_bf16_rows_input_major needs: rows * n_out rounded up to 32 columns.
size_t jk_bf16_rows_scratch_floats(int rows, size_t n_out);

/// Few rows, output-major weight: y[r, o] += sum_k x[r, k] * w[o, k] for o0 <= o < o1.
///
/// - x: (rows, ldx) bfloat16, ldx >= n_in rounded up to 32 with zeros past n_in;
///   w: (n_out, n_in) bfloat16; y: (rows, ldy) float32. rows <= 8.
void jk_bf16_rows_output_major(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_in, size_t o0, size_t o1, float *y,
    size_t ldy);

/// Columns a packed block holds (the micro-kernel's width).
#define JK_BF16_BLOCK_COLUMNS 32

/// Packs weight columns c0 ..< c0 + columns (columns <= 32) of an input-major (n_in, n_out)
/// bfloat16 weight as (ceil(n_in / 2), 32, 2): for each pair of k, each column's (w[k, c],
/// w[k+1, c]), zeros past n_in and past `columns`.
void jk_bf16_pack_input_major(const uint16_t *w, size_t n_in, size_t n_out, size_t c0, size_t columns, uint16_t *packed);

/// The same packing from an output-major (n_out, n_in) weight: output rows c0 ..< c0 + columns.
void jk_bf16_pack_output_major(const uint16_t *w, size_t n_in, size_t c0, size_t columns, uint16_t *packed);

/// y[r, c] (+)= sum_k x[r, k] * packed-column c, r < rows, c < columns (columns <= 32).
///
/// - x: (rows, ldx) bfloat16, ldx even and >= n_in rounded up to 2, zero past n_in.
/// - packed: one block from jk_bf16_pack_*, (ceil(n_in / 2), 32, 2).
/// - y: (rows, ldy) float32; accumulate != 0 adds to y, else overwrites it.
void jk_bf16_gemm_block(
    const uint16_t *x, size_t ldx, size_t rows, size_t n_in, const uint16_t *packed, size_t columns, float *y,
    size_t ldy, int accumulate);

/// Runs `iterations` turns of 16 independent vdpbf16ps (zmm) on register operands and returns a
/// value that depends on them: each turn is 16 * 16 * 2 * 2 = 1024 floating-point operations.
float jk_bf16_peak_loop(size_t iterations);

#ifdef __cplusplus
}
#endif

#endif
