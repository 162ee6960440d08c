/* ec_eltwise_s8.h - int8 element-wise add, subtract and multiply with
 * broadcasting (operands 0 and 1 of the walk may have stride 0), each
 * operand with its own scale, as TFLite computes them. */
#ifndef EC_ELTWISE_S8_H
#define EC_ELTWISE_S8_H

#include "ec_quant.h"

typedef struct {
  int32_t subtract;                 /* 0: a + b, 1: a - b */
  int32_t a_offset, b_offset;       /* minus the input zero points */
  int32_t output_offset;            /* the output zero point */
  int32_t left_shift;               /* headroom: 20 */
  ec_requant a, b, out;             /* a, b: s / (2 max(s_a, s_b)); out: 2 max / (2^20 s_y) */
  int32_t act_min, act_max;
} ec_add_s8_params;

/** One element: both inputs rescaled to a common scale with headroom,
 * added (or subtracted), rescaled to the output's. */
EC_KERNEL int8_t ec_add1_s8(const ec_add_s8_params *q, int8_t x0, int8_t x1) {
  const int32_t a = ((int32_t)x0 + q->a_offset) * (1 << q->left_shift);
  const int32_t b = ((int32_t)x1 + q->b_offset) * (1 << q->left_shift);
  const int32_t sa = ec_requantize(a, q->a.multiplier, q->a.shift);
  const int32_t sb = ec_requantize(b, q->b.multiplier, q->b.shift);
  int32_t v = ec_requantize(q->subtract ? sa - sb : sa + sb, q->out.multiplier,
                            q->out.shift) +
              q->output_offset;
  v = v < q->act_min ? q->act_min : v;
  return (int8_t)(v > q->act_max ? q->act_max : v);
}

EC_KERNEL void ec_add_s8(const ec_nd *p, const ec_add_s8_params *q,
                         const int8_t *x0, const int8_t *x1, int8_t *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last];
  const int32_t s0 = p->s0[last], s1 = p->s1[last], s2 = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t o0, o1, o2;
    ec_nd_row(p, r, &o0, &o1, &o2);
    for (i = 0; i < len; ++i)
      y[o2 + (ptrdiff_t)i * s2] =
          ec_add1_s8(q, x0[o0 + (ptrdiff_t)i * s0], x1[o1 + (ptrdiff_t)i * s1]);
  }
}

typedef struct {
  int32_t a_offset, b_offset, output_offset;
  ec_requant out; /* s_a * s_b / s_y */
  int32_t act_min, act_max;
} ec_mul_s8_params;

EC_KERNEL void ec_mul_s8(const ec_nd *p, const ec_mul_s8_params *q,
                         const int8_t *x0, const int8_t *x1, int8_t *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last];
  const int32_t s0 = p->s0[last], s1 = p->s1[last], s2 = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t o0, o1, o2;
    ec_nd_row(p, r, &o0, &o1, &o2);
    for (i = 0; i < len; ++i) {
      const int32_t prod = ((int32_t)x0[o0 + (ptrdiff_t)i * s0] + q->a_offset) *
                           ((int32_t)x1[o1 + (ptrdiff_t)i * s1] + q->b_offset);
      int32_t v = ec_requantize(prod, q->out.multiplier, q->out.shift) +
                  q->output_offset;
      v = v < q->act_min ? q->act_min : v;
      y[o2 + (ptrdiff_t)i * s2] = (int8_t)(v > q->act_max ? q->act_max : v);
    }
  }
}

#endif /* EC_ELTWISE_S8_H */
