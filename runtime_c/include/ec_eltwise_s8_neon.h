/* ec_eltwise_s8_neon.h - int8 element-wise kernels with AArch64 NEON:
 * eight elements per step in two vectors of 32-bit lanes. Same arithmetic
 * and results as ec_eltwise_s8.h; built for another machine they are the
 * portable kernels. */
#ifndef EC_ELTWISE_S8_NEON_H
#define EC_ELTWISE_S8_NEON_H

#include "ec_eltwise_s8.h"

#if defined(__aarch64__) && defined(__ARM_NEON)
#include "ec_conv_s8_neon.h"

/** One factor's multiplier and split shifts as vectors. */
typedef struct {
  int32x4_t mult, lsh, rsh;
} ec_rq_neon;

static inline ec_rq_neon ec_rq_neon_of(ec_requant r) {
  ec_rq_neon v;
  v.mult = vdupq_n_s32(r.multiplier);
  v.lsh = vdupq_n_s32(ec_left_shift(r.shift));
  v.rsh = vdupq_n_s32(ec_neg_right_shift(r.shift));
  return v;
}

/** Eight elements of a row: contiguous, or one broadcast (stride 0). */
static inline int16x8_t ec_load8_s8_neon(const int8_t *x, int32_t stride) {
  return vmovl_s8(stride == 0 ? vdup_n_s8(*x) : vld1_s8(x));
}

/** The sum (or difference) of eight rescaled elements of each input. */
static inline int8x8_t ec_add8_neon(int16x8_t a, int16x8_t b,
                                    const ec_add_s8_params *q, const ec_rq_neon *ra,
                                    const ec_rq_neon *rb, const ec_rq_neon *ro) {
  const int32x4_t ls = vdupq_n_s32(q->left_shift);
  const int32x4_t lo = vdupq_n_s32(q->act_min), hi = vdupq_n_s32(q->act_max);
  const int32x4_t out = vdupq_n_s32(q->output_offset);
  int32x4_t v[2];
  int k;
  for (k = 0; k < 2; ++k) {
    int32x4_t x = vmovl_s16(k ? vget_high_s16(a) : vget_low_s16(a));
    int32x4_t y = vmovl_s16(k ? vget_high_s16(b) : vget_low_s16(b));
    x = vshlq_s32(vaddq_s32(x, vdupq_n_s32(q->a_offset)), ls);
    y = vshlq_s32(vaddq_s32(y, vdupq_n_s32(q->b_offset)), ls);
    x = ec_requantize_neon(x, ra->mult, ra->lsh, ra->rsh);
    y = ec_requantize_neon(y, rb->mult, rb->lsh, rb->rsh);
    x = ec_requantize_neon(q->subtract ? vsubq_s32(x, y) : vaddq_s32(x, y), ro->mult,
                           ro->lsh, ro->rsh);
    v[k] = vminq_s32(vmaxq_s32(vaddq_s32(x, out), lo), hi);
  }
  return vqmovn_s16(vcombine_s16(vqmovn_s32(v[0]), vqmovn_s32(v[1])));
}

/** ec_add_s8 where every row's output is contiguous and each input row is
 * contiguous or one broadcast element; other rows, and the last elements
 * of a row, run the portable arithmetic. */
EC_KERNEL void ec_add_s8_neon(const ec_nd *p, const ec_add_s8_params *q,
                              const int8_t *x0, const int8_t *x1, int8_t *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], len8 = len & ~7;
  const int32_t s0 = p->s0[last], s1 = p->s1[last], s2 = p->s2[last];
  const ec_rq_neon ra = ec_rq_neon_of(q->a), rb = ec_rq_neon_of(q->b);
  const ec_rq_neon ro = ec_rq_neon_of(q->out);
  int32_t r, i;
  if (s2 != 1 || (s0 != 0 && s0 != 1) || (s1 != 0 && s1 != 1) || len8 == 0) {
    ec_add_s8(p, q, x0, x1, y);
    return;
  }
  for (r = 0; r < rows; ++r) {
    ptrdiff_t o0, o1, o2;
    ec_nd_row(p, r, &o0, &o1, &o2);
    for (i = 0; i < len8; i += 8)
      vst1_s8(y + o2 + i,
              ec_add8_neon(ec_load8_s8_neon(x0 + o0 + (ptrdiff_t)i * s0, s0),
                           ec_load8_s8_neon(x1 + o1 + (ptrdiff_t)i * s1, s1), q, &ra,
                           &rb, &ro));
    for (; i < len; ++i)
      y[o2 + i] = ec_add1_s8(q, x0[o0 + (ptrdiff_t)i * s0], x1[o1 + (ptrdiff_t)i * s1]);
  }
}

#else

EC_KERNEL void ec_add_s8_neon(const ec_nd *p, const ec_add_s8_params *q,
                              const int8_t *x0, const int8_t *x1, int8_t *y) {
  ec_add_s8(p, q, x0, x1, y);
}

#endif

#endif /* EC_ELTWISE_S8_NEON_H */
