// Many-rows (prefix re-feed) bfloat16 product: packed weight blocks and a vdpbf16ps micro-kernel.
//
// A block holds 32 weight columns for every pair of k as (pairs, 32, 2): the 128 bytes of one pair
// are two zmm registers of (w[k, c], w[k+1, c]) lanes. The micro-kernel keeps 8 rows x 32 columns
// of float32 sums in 16 registers; for each pair it loads the two weight registers and multiplies
// them by each row's (x[k], x[k+1]), broadcast as one 32-bit value: 16 vdpbf16ps per 2 loads.
#include "CJukeboxKernels.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define JK_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
#define JK_INLINE JK_TARGET __attribute__((always_inline)) static inline

JK_TARGET void jk_bf16_pack_input_major(
    const uint16_t *w, size_t n_in, size_t n_out, size_t c0, size_t columns, uint16_t *packed) {
    // Lanes 0-31 of (a | b) interleaved: a0 b0 a1 b1 ... a15 b15, then a16 b16 ... a31 b31.
    const __m512i first = _mm512_setr_epi32(
        0x00200000, 0x00210001, 0x00220002, 0x00230003, 0x00240004, 0x00250005, 0x00260006, 0x00270007,
        0x00280008, 0x00290009, 0x002a000a, 0x002b000b, 0x002c000c, 0x002d000d, 0x002e000e, 0x002f000f);
    const __m512i second = _mm512_add_epi16(first, _mm512_set1_epi16(16));
    __mmask32 mask = (__mmask32)(columns >= 32 ? 0xffffffffu : (1u << columns) - 1);
    for (size_t k = 0; k < n_in; k += 2) {
        __m512i a = _mm512_maskz_loadu_epi16(mask, w + k * n_out + c0);
        __m512i b = k + 1 < n_in ? _mm512_maskz_loadu_epi16(mask, w + (k + 1) * n_out + c0) : _mm512_setzero_si512();
        uint16_t *out = packed + k * 32;  // pair k / 2: 64 values
        _mm512_storeu_si512(out, _mm512_permutex2var_epi16(a, first, b));
        _mm512_storeu_si512(out + 32, _mm512_permutex2var_epi16(a, second, b));
    }
}

JK_TARGET void jk_bf16_pack_output_major(const uint16_t *w, size_t n_in, size_t c0, size_t columns, uint16_t *packed) {
    size_t pairs = (n_in + 1) / 2;
    memset(packed, 0, sizeof(uint16_t) * pairs * 64);
    for (size_t j = 0; j < columns; j++) {
        const uint16_t *row = w + (c0 + j) * n_in;
        for (size_t k = 0; k < n_in; k++) packed[(k / 2) * 64 + 2 * j + (k & 1)] = row[k];
    }
}

// y rows 0 ..< mr (mr a constant after inlining) against one packed block.
JK_INLINE void gemm_rows(
    const uint16_t *x, size_t ldx, int mr, size_t pairs, const uint16_t *packed, __mmask16 m0, __mmask16 m1,
    float *y, size_t ldy, int accumulate) {
    __m512 c0[8], c1[8];
    for (int r = 0; r < mr; r++) c0[r] = c1[r] = _mm512_setzero_ps();
    for (size_t p = 0; p < pairs; p++) {
        __m512bh b0 = (__m512bh)_mm512_loadu_si512(packed + p * 64);
        __m512bh b1 = (__m512bh)_mm512_loadu_si512(packed + p * 64 + 32);
        for (int r = 0; r < mr; r++) {
            uint32_t v;
            memcpy(&v, x + (size_t)r * ldx + 2 * p, sizeof v);
            __m512bh a = (__m512bh)_mm512_set1_epi32((int)v);
            c0[r] = _mm512_dpbf16_ps(c0[r], b0, a);
            c1[r] = _mm512_dpbf16_ps(c1[r], b1, a);
        }
    }
    for (int r = 0; r < mr; r++) {
        float *out = y + (size_t)r * ldy;
        if (accumulate) {
            c0[r] = _mm512_add_ps(c0[r], _mm512_maskz_loadu_ps(m0, out));
            c1[r] = _mm512_add_ps(c1[r], _mm512_maskz_loadu_ps(m1, out + 16));
        }
        _mm512_mask_storeu_ps(out, m0, c0[r]);
        _mm512_mask_storeu_ps(out + 16, m1, c1[r]);
    }
}

JK_TARGET void jk_bf16_gemm_block(
    const uint16_t *x, size_t ldx, size_t rows, size_t n_in, const uint16_t *packed, size_t columns, float *y,
    size_t ldy, int accumulate) {
    size_t pairs = (n_in + 1) / 2;
    __mmask16 m0 = (__mmask16)(columns >= 16 ? 0xffff : (1u << columns) - 1);
    __mmask16 m1 = (__mmask16)(columns >= 32 ? 0xffff : columns > 16 ? (1u << (columns - 16)) - 1 : 0);
    size_t r = 0;
    for (; r + 8 <= rows; r += 8) gemm_rows(x + r * ldx, ldx, 8, pairs, packed, m0, m1, y + r * ldy, ldy, accumulate);
    const uint16_t *xr = x + r * ldx;
    float *yr = y + r * ldy;
    switch (rows - r) {
    case 1: gemm_rows(xr, ldx, 1, pairs, packed, m0, m1, yr, ldy, accumulate); break;
    case 2: gemm_rows(xr, ldx, 2, pairs, packed, m0, m1, yr, ldy, accumulate); break;
    case 3: gemm_rows(xr, ldx, 3, pairs, packed, m0, m1, yr, ldy, accumulate); break;
    case 4: gemm_rows(xr, ldx, 4, pairs, packed, m0, m1, yr, ldy, accumulate); break;
    case 5: gemm_rows(xr, ldx, 5, pairs, packed, m0, m1, yr, ldy, accumulate); break;
    case 6: gemm_rows(xr, ldx, 6, pairs, packed, m0, m1, yr, ldy, accumulate); break;
    case 7: gemm_rows(xr, ldx, 7, pairs, packed, m0, m1, yr, ldy, accumulate); break;
    default: break;
    }
}

JK_TARGET float jk_bf16_peak_loop(size_t iterations) {
    __m512 acc[16];
    for (int i = 0; i < 16; i++) acc[i] = _mm512_set1_ps((float)i);
    __m512bh a = (__m512bh)_mm512_set1_epi32(0x3f803f80);  // (1, 1)
    __m512bh b = (__m512bh)_mm512_set1_epi32(0x00010001);  // tiny (denormal) values: sums stay put
    for (size_t n = 0; n < iterations; n++) {
        for (int i = 0; i < 16; i++) acc[i] = _mm512_dpbf16_ps(acc[i], a, b);
        __asm__ volatile("" : "+v"(a), "+v"(b));  // keeps the operands from being treated as constants
    }
    __m512 sum = acc[0];
    for (int i = 1; i < 16; i++) sum = _mm512_add_ps(sum, acc[i]);
    return _mm512_reduce_add_ps(sum);
}

#else

void jk_bf16_pack_input_major(const uint16_t *w, size_t n_in, size_t n_out, size_t c0, size_t columns, uint16_t *packed) {
    (void)w, (void)n_in, (void)n_out, (void)c0, (void)columns, (void)packed;
    __builtin_trap();  // callers check jk_bf16_dot_supported() first
}

void jk_bf16_pack_output_major(const uint16_t *w, size_t n_in, size_t c0, size_t columns, uint16_t *packed) {
    (void)w, (void)n_in, (void)c0, (void)columns, (void)packed;
    __builtin_trap();
}

void jk_bf16_gemm_block(
    const uint16_t *x, size_t ldx, size_t rows, size_t n_in, const uint16_t *packed, size_t columns, float *y,
    size_t ldy, int accumulate) {
    (void)x, (void)ldx, (void)rows, (void)n_in, (void)packed, (void)columns, (void)y, (void)ldy, (void)accumulate;
    __builtin_trap();
}

float jk_bf16_peak_loop(size_t iterations) {
    (void)iterations;
    __builtin_trap();
}

#endif
