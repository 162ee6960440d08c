/* ec_eltwise_s8_mve.h - int8 element-wise kernels with Helium (Cortex-M55,
 * M85): four elements per step in 32-bit lanes. Same arithmetic and
 * results as ec_eltwise_s8.h; built without __ARM_FEATURE_MVE they are the
 * portable kernels. */
#ifndef EC_ELTWISE_S8_MVE_H
#define EC_ELTWISE_S8_MVE_H

#include "ec_eltwise_s8.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include "ec_conv_s8_mve.h"

/** The four lanes of an operand row: contiguous bytes, or one broadcast
 * byte (stride 0), the last `n` < 4 lanes only where the predicate says. */
static inline int32x4_t ec_load4_s8_mve(const int8_t *x, int32_t stride,
                                        mve_pred16_t pr) {
  return stride == 0 ? vdupq_n_s32(*x) : vldrbq_z_s32(x, pr);
}

/** ec_add_s8 where every row's output is contiguous and each input row is
 * contiguous or one broadcast element; other rows run the portable loop. */
EC_KERNEL void ec_add_s8_mve(const ec_nd *p, const ec_add_s8_params *q,
                             const int8_t *x0, const int8_t *x1, int8_t *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last];
  const int32_t s0 = p->s0[last], s1 = p->s1[last], s2 = p->s2[last];
  int32_t r, i;
  if (s2 != 1 || (s0 != 0 && s0 != 1) || (s1 != 0 && s1 != 1)) {
    ec_add_s8(p, q, x0, x1, y);
    return;
  }
  for (r = 0; r < rows; ++r) {
    ptrdiff_t o0, o1, o2;
    ec_nd_row(p, r, &o0, &o1, &o2);
    for (i = 0; i < len; i += 4) {
      const mve_pred16_t pr = vctp32q((uint32_t)(len - i));
      int32x4_t a = ec_load4_s8_mve(x0 + o0 + (ptrdiff_t)i * s0, s0, pr);
      int32x4_t b = ec_load4_s8_mve(x1 + o1 + (ptrdiff_t)i * s1, s1, pr);
      int32x4_t v;
      a = vshlq_r_s32(vaddq_n_s32(a, q->a_offset), q->left_shift);
      b = vshlq_r_s32(vaddq_n_s32(b, q->b_offset), q->left_shift);
      a = ec_requantize1_mve(a, q->a.multiplier, q->a.shift);
      b = ec_requantize1_mve(b, q->b.multiplier, q->b.shift);
      v = ec_requantize1_mve(q->subtract ? vsubq_s32(a, b) : vaddq_s32(a, b),
                             q->out.multiplier, q->out.shift);
      v = vaddq_n_s32(v, q->output_offset);
      v = vminq_s32(vmaxq_s32(v, vdupq_n_s32(q->act_min)), vdupq_n_s32(q->act_max));
      vstrbq_p_s32(y + o2 + i, v, pr);
    }
  }
}

#else

EC_KERNEL void ec_add_s8_mve(const ec_nd *p, const ec_add_s8_params *q,
                             const int8_t *x0, const int8_t *x1, int8_t *y) {
  ec_add_s8(p, q, x0, x1, y);
}

#endif

#endif /* EC_ELTWISE_S8_MVE_H */
