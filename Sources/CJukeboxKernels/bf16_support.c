// Whether this CPU has AVX-512 BF16, and rounding float32 activations to bfloat16.
#include "CJukeboxKernels.h"

#include <string.h>

int jk_bf16_dot_supported(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

// Round to nearest even on the bit pattern: add 0x7fff plus the lowest kept bit, keep the top 16.
void jk_bf16_round(const float *x, uint16_t *out, size_t count) {
    for (size_t i = 0; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, &x[i], sizeof bits);
        if ((bits & 0x7fffffffu) > 0x7f800000u) {
            out[i] = (uint16_t)((bits >> 16) | 0x40);  // quiet NaN
        } else {
            out[i] = (uint16_t)((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
        }
    }
}
