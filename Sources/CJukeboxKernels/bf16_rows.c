// Few-rows (sampling step) bfloat16 kernels: rows <= 8 against a bfloat16 weight, vdpbf16ps.
//
// Input-major weight (n_in, n_out): rows k and k+1 of the weight are interleaved in registers
// (vpunpcklwd/vpunpckhwd on 32 columns) so each 32-bit lane holds (w[k, c], w[k+1, c]), and every
// activation row's (x[k], x[k+1]) pair, broadcast as one 32-bit value, multiplies it: one
// instruction per row per 16 columns per two k, where the Swift kernel widens and issues two
// fused multiply-adds per 8 columns per k. The unpacks leave the columns of a 32-column block in
// the order 0-3, 8-11, 16-19, 24-27 | 4-7, 12-15, 20-23, 28-31; the sums stay in that order in
// scratch until the slice ends, and are put back in order once.
#include "CJukeboxKernels.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define JK_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
#define JK_INLINE JK_TARGET __attribute__((always_inline)) static inline

// Weight rows per pass over the partial sums (four pairs): each partial row is loaded and stored
// once per eight weight rows. One thread on the test machine (1920 x 5760 weight, out of cache,
// load 7-8 from other builds) read 10-11 GB/s at 1 row and 9-10 at 3 rows with passes of 8, 9
// and 7 with passes of 4, 7 and 4.6 with passes of 2, against 13-14 GB/s for a plain sum;
// passes of 16 were no faster and slower at 8 rows (broadcast pairs no longer fit the registers).
#ifndef JK_PASS
#define JK_PASS 8
#endif

size_t jk_bf16_rows_scratch_floats(int rows, size_t n_out) { return (size_t)rows * ((n_out + 31) / 32 * 32); }

// (x[r, k], x[r, k + 1]) as one 32-bit lane; `single` leaves the second half zero.
JK_INLINE __m512i pair_of(const uint16_t *x, size_t k, int single) {
    uint32_t v = x[k];
    if (!single) v |= (uint32_t)x[k + 1] << 16;
    return _mm512_set1_epi32((int)v);
}

// scratch[r, block] += sum over the pairs of this pass, for one 32-column block; `pairs` 1 to JK_PASS / 2.
JK_INLINE void rows_pass(
    int rows, int pairs, const __m512i *lo, const __m512i *hi, const __m512i xb[8][JK_PASS / 2], float *scratch, size_t pad,
    size_t c) {
    for (int r = 0; r < rows; r++) {
        float *s = scratch + (size_t)r * pad + c;
        __m512 a = _mm512_loadu_ps(s);
        __m512 b = _mm512_loadu_ps(s + 16);
        for (int p = 0; p < pairs; p++) {
            a = _mm512_dpbf16_ps(a, (__m512bh)lo[p], (__m512bh)xb[r][p]);
            b = _mm512_dpbf16_ps(b, (__m512bh)hi[p], (__m512bh)xb[r][p]);
        }
        _mm512_storeu_ps(s, a);
        _mm512_storeu_ps(s + 16, b);
    }
}

// Weight rows k ..< k + count (count 1 to JK_PASS) into scratch, every 32-column block.
JK_INLINE void rows_input_major_pass(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_out, size_t k, int count, float *scratch,
    size_t pad) {
    int pairs = (count + 1) / 2;
    __m512i xb[8][JK_PASS / 2];
    for (int r = 0; r < rows; r++) {
        for (int p = 0; p < pairs; p++) {
            xb[r][p] = pair_of(x + (size_t)r * ldx, k + 2 * (size_t)p, 2 * p + 1 >= count);
        }
    }
    const uint16_t *row[JK_PASS];
    for (int j = 0; j < JK_PASS; j++) row[j] = w + (k + (size_t)(j < count ? j : 0)) * n_out;
    size_t full = n_out / 32 * 32;
    __m512i lo[JK_PASS / 2], hi[JK_PASS / 2];
    for (size_t c = 0; c < full; c += 32) {
        for (int p = 0; p < pairs; p++) {
            __m512i a = _mm512_loadu_si512(row[2 * p] + c);
            __m512i b = 2 * p + 1 < count ? _mm512_loadu_si512(row[2 * p + 1] + c) : _mm512_setzero_si512();
            lo[p] = _mm512_unpacklo_epi16(a, b);
            hi[p] = _mm512_unpackhi_epi16(a, b);
        }
        rows_pass(rows, pairs, lo, hi, xb, scratch, pad, c);
    }
    if (full < n_out) {
        __mmask32 mask = (__mmask32)((1ull << (n_out - full)) - 1);
        for (int p = 0; p < pairs; p++) {
            __m512i a = _mm512_maskz_loadu_epi16(mask, row[2 * p] + full);
            __m512i b = 2 * p + 1 < count ? _mm512_maskz_loadu_epi16(mask, row[2 * p + 1] + full)
                                          : _mm512_setzero_si512();
            lo[p] = _mm512_unpacklo_epi16(a, b);
            hi[p] = _mm512_unpackhi_epi16(a, b);
        }
        rows_pass(rows, pairs, lo, hi, xb, scratch, pad, full);
    }
}

JK_INLINE void rows_input_major(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_out, size_t k0, size_t k1, float *scratch,
    float *partial) {
    size_t pad = (n_out + 31) / 32 * 32;
    memset(scratch, 0, sizeof(float) * (size_t)rows * pad);
    size_t k = k0;
    for (; k + JK_PASS <= k1; k += JK_PASS) rows_input_major_pass(x, ldx, rows, w, n_out, k, JK_PASS, scratch, pad);
    for (; k < k1; k += 2) rows_input_major_pass(x, ldx, rows, w, n_out, k, k1 - k < 2 ? 1 : 2, scratch, pad);
    // Back to column order: 128-bit quarters (lo0 hi0 lo1 hi1) and (lo2 hi2 lo3 hi3).
    const __m512i first = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
    const __m512i second = _mm512_setr_epi32(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
    for (int r = 0; r < rows; r++) {
        const float *s = scratch + (size_t)r * pad;
        float *out = partial + (size_t)r * n_out;
        for (size_t c = 0; c < n_out; c += 32) {
            __m512 lo = _mm512_loadu_ps(s + c), hi = _mm512_loadu_ps(s + c + 16);
            __m512 a = _mm512_permutex2var_ps(lo, first, hi), b = _mm512_permutex2var_ps(lo, second, hi);
            size_t left = n_out - c;
            if (left >= 32) {
                _mm512_storeu_ps(out + c, a);
                _mm512_storeu_ps(out + c + 16, b);
            } else {
                __mmask16 ma = (__mmask16)(left >= 16 ? 0xffff : (1u << left) - 1);
                __mmask16 mb = (__mmask16)(left > 16 ? (1u << (left - 16)) - 1 : 0);
                _mm512_mask_storeu_ps(out + c, ma, a);
                _mm512_mask_storeu_ps(out + c + 16, mb, b);
            }
        }
    }
}

JK_TARGET void jk_bf16_rows_input_major(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_out, size_t k0, size_t k1, float *scratch,
    float *partial) {
    // One specialisation per row count, so the broadcast pairs stay in registers.
    switch (rows) {
    case 1: rows_input_major(x, ldx, 1, w, n_out, k0, k1, scratch, partial); break;
    case 2: rows_input_major(x, ldx, 2, w, n_out, k0, k1, scratch, partial); break;
    case 3: rows_input_major(x, ldx, 3, w, n_out, k0, k1, scratch, partial); break;
    case 4: rows_input_major(x, ldx, 4, w, n_out, k0, k1, scratch, partial); break;
    case 5: rows_input_major(x, ldx, 5, w, n_out, k0, k1, scratch, partial); break;
    case 6: rows_input_major(x, ldx, 6, w, n_out, k0, k1, scratch, partial); break;
    case 7: rows_input_major(x, ldx, 7, w, n_out, k0, k1, scratch, partial); break;
    default: rows_input_major(x, ldx, 8, w, n_out, k0, k1, scratch, partial); break;
    }
}

JK_INLINE void rows_output_major(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_in, size_t o0, size_t o1, float *y,
    size_t ldy) {
    size_t full = n_in / 32 * 32;
    __mmask32 mask = (__mmask32)((1ull << (n_in - full)) - 1);
    for (size_t o = o0; o < o1; o++) {
        const uint16_t *wo = w + o * n_in;
        __m512 acc[8];
        for (int r = 0; r < rows; r++) acc[r] = _mm512_setzero_ps();
        for (size_t k = 0; k < full; k += 32) {
            __m512i v = _mm512_loadu_si512(wo + k);
            for (int r = 0; r < rows; r++) {
                __m512i xv = _mm512_loadu_si512(x + (size_t)r * ldx + k);
                acc[r] = _mm512_dpbf16_ps(acc[r], (__m512bh)v, (__m512bh)xv);
            }
        }
        if (full < n_in) {
            // x is zero past n_in (its rows are padded to 32), the masked weight load too.
            __m512i v = _mm512_maskz_loadu_epi16(mask, wo + full);
            for (int r = 0; r < rows; r++) {
                __m512i xv = _mm512_loadu_si512(x + (size_t)r * ldx + full);
                acc[r] = _mm512_dpbf16_ps(acc[r], (__m512bh)v, (__m512bh)xv);
            }
        }
        for (int r = 0; r < rows; r++) y[(size_t)r * ldy + o] += _mm512_reduce_add_ps(acc[r]);
    }
}

JK_TARGET void jk_bf16_rows_output_major(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_in, size_t o0, size_t o1, float *y,
    size_t ldy) {
    switch (rows) {
    case 1: rows_output_major(x, ldx, 1, w, n_in, o0, o1, y, ldy); break;
    case 2: rows_output_major(x, ldx, 2, w, n_in, o0, o1, y, ldy); break;
    case 3: rows_output_major(x, ldx, 3, w, n_in, o0, o1, y, ldy); break;
    case 4: rows_output_major(x, ldx, 4, w, n_in, o0, o1, y, ldy); break;
    case 5: rows_output_major(x, ldx, 5, w, n_in, o0, o1, y, ldy); break;
    case 6: rows_output_major(x, ldx, 6, w, n_in, o0, o1, y, ldy); break;
    case 7: rows_output_major(x, ldx, 7, w, n_in, o0, o1, y, ldy); break;
    default: rows_output_major(x, ldx, 8, w, n_in, o0, o1, y, ldy); break;
    }
}

#else

size_t jk_bf16_rows_scratch_floats(int rows, size_t n_out) { return (size_t)rows * ((n_out + 31) / 32 * 32); }

void jk_bf16_rows_input_major(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_out, size_t k0, size_t k1, float *scratch,
    float *partial) {
    (void)x, (void)ldx, (void)rows, (void)w, (void)n_out, (void)k0, (void)k1, (void)scratch, (void)partial;
    __builtin_trap();  // callers check jk_bf16_dot_supported() first
}

void jk_bf16_rows_output_major(
    const uint16_t *x, size_t ldx, int rows, const uint16_t *w, size_t n_in, size_t o0, size_t o1, float *y,
    size_t ldy) {
    (void)x, (void)ldx, (void)rows, (void)w, (void)n_in, (void)o0, (void)o1, (void)y, (void)ldy;
    __builtin_trap();
}

#endif
