/* ec_quant.h - int8 arithmetic and the quantization boundary kernels.
 *
 * Real values are scale * (q - zero_point). Rescaling by a real factor M is
 * fixed point as in TFLite and CMSIS-NN: M = multiplier * 2^(shift - 31)
 * with multiplier in [2^30, 2^31), applied as a saturating rounding doubling
 * high multiply and a rounding division by a power of two. Everything here
 * is integer arithmetic with results defined by C99 alone (no right shift
 * of a negative number, no signed overflow), so every core computes the
 * same bits. */
#ifndef EC_QUANT_H
#define EC_QUANT_H

#include "ec_common.h"

/** Scale and zero point of a per-tensor int8 type. */
typedef struct {
  float scale;
  int32_t zero_point;
} ec_qparams;

/** A real factor as multiplier * 2^(shift - 31). */
typedef struct {
  int32_t multiplier, shift;
} ec_requant;

EC_KERNEL int32_t ec_sat8(int32_t v) {
  return v < -128 ? -128 : v > 127 ? 127 : v;
}

/** round(a * b / 2^31), ties away from zero for positive products and
 * towards zero for negative ones (gemmlowp's
 * SaturatingRoundingDoublingHighMul); only INT32_MIN * INT32_MIN saturates. */
EC_KERNEL int32_t ec_rdhm(int32_t a, int32_t b) {
  int64_t ab;
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  ab = (int64_t)a * (int64_t)b;
  /* C99 division truncates towards zero. */
  return (int32_t)((ab + (ab >= 0 ? ((int64_t)1 << 30) : 1 - ((int64_t)1 << 30))) /
                   ((int64_t)1 << 31));
}

/** x / 2^e rounded to nearest, ties away from zero (gemmlowp's
 * RoundingDivideByPOT), with unsigned shifts only. The compiler's shifts
 * keep e in [0, 31]; a larger e is taken as 31. */
EC_KERNEL int32_t ec_rdiv_pot(int32_t x, int32_t e) {
  uint32_t d, ux, q, r, threshold;
  if (e <= 0) return x;
  if (e > 31) e = 31;
  d = (uint32_t)1 << e;
  threshold = (d - 1) >> 1;
  if (x >= 0) {
    ux = (uint32_t)x;
    q = ux >> e;
    r = ux & (d - 1);
    return (int32_t)(q + (r > threshold ? 1u : 0u));
  }
  ux = (uint32_t)0 - (uint32_t)x; /* |x|, up to 2^31 */
  q = (ux + d - 1) >> e;          /* -floor(x / d), at most 2^30 */
  r = q * d - ux;                 /* x - floor(x / d) * d, in [0, d) */
  /* floor(x / d) + 1 above the midpoint; a tie goes down, away from 0 */
  return r > threshold + 1 ? 1 - (int32_t)q : -(int32_t)q;
}

/** A factor's shift as the SIMD requantizations apply it: a saturating
 * left shift by ec_left_shift(shift) (at least 0), then a rounding right
 * shift by -ec_neg_right_shift(shift) (at most 31, as ec_rdiv_pot takes). */
EC_KERNEL int32_t ec_left_shift(int32_t shift) { return shift > 0 ? shift : 0; }
EC_KERNEL int32_t ec_neg_right_shift(int32_t shift) {
  return shift > 0 ? 0 : shift < -31 ? -31 : shift;
}

/** x * M for M = multiplier * 2^(shift - 31) (TFLite's
 * MultiplyByQuantizedMultiplier); a left shift saturates. */
EC_KERNEL int32_t ec_requantize(int32_t x, int32_t multiplier, int32_t shift) {
  uint32_t ux, h, e;
  uint64_t prod;
  if (shift > 0 || shift < -31 || multiplier <= 0) {
    if (shift > 0) {
      int64_t v = (int64_t)x * ((int64_t)1 << shift);
      x = v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
      shift = 0;
    }
    return ec_rdiv_pot(ec_rdhm(x, multiplier), -shift);
  }
  /* The usual case (a factor below 1, positive multiplier): the same two
   * roundings on |x|, since the product has x's sign: one unsigned
   * 32x32->64 multiply-accumulate, shifts, and a negation, no branch. */
  e = (uint32_t)-shift;
  ux = x < 0 ? 0u - (uint32_t)x : (uint32_t)x;
  prod = (uint64_t)ux * (uint32_t)multiplier + (x < 0 ? 0x3FFFFFFFu : 0x40000000u);
  h = (uint32_t)(prod >> 31); /* < 2^31: |x| <= 2^31, multiplier < 2^31 */
  h = (h + (((uint32_t)1 << e) >> 1)) >> e;
  return x < 0 ? -(int32_t)h : (int32_t)h;
}

/** q = round(x / scale) + zero_point, saturated, rounding to nearest with
 * ties to even as ONNX's QuantizeLinear (and torch) do; NaN maps to the
 * zero point. One IEEE division per element: the same on every FPU and in
 * soft float. */
EC_KERNEL int8_t ec_quantize1(float x, ec_qparams q) {
  float v = x / q.scale, f;
  int32_t t;
  if (!(v == v)) return (int8_t)ec_sat8(q.zero_point);
  if (v > 1000.0f) v = 1000.0f;
  if (v < -1000.0f) v = -1000.0f;
  t = (int32_t)v; /* truncates; v - t is exact for |v| < 2^23 */
  f = v - (float)t;
  if (f > 0.5f || (f == 0.5f && t % 2 != 0)) ++t;
  else if (f < -0.5f || (f == -0.5f && t % 2 != 0)) --t;
  return (int8_t)ec_sat8(t + q.zero_point);
}

/** Float inputs to int8 (the boundary of a quantized graph). */
EC_KERNEL void ec_quantize_s8(const ec_nd *p, ec_qparams q,
                              const float *EC_RESTRICT x,
                              int8_t *EC_RESTRICT y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], sx = p->s0[last], sy = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox, unused, oy;
    ec_nd_row(p, r, &ox, &unused, &oy);
    for (i = 0; i < len; ++i)
      y[oy + (ptrdiff_t)i * sy] = ec_quantize1(x[ox + (ptrdiff_t)i * sx], q);
  }
}

/** int8 to float: scale * (q - zero_point). */
EC_KERNEL void ec_dequantize_s8(const ec_nd *p, ec_qparams q,
                                const int8_t *EC_RESTRICT x,
                                float *EC_RESTRICT y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], sx = p->s0[last], sy = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox, unused, oy;
    ec_nd_row(p, r, &ox, &unused, &oy);
    for (i = 0; i < len; ++i)
      y[oy + (ptrdiff_t)i * sy] =
          (float)((int32_t)x[ox + (ptrdiff_t)i * sx] - q.zero_point) * q.scale;
  }
}

typedef struct {
  int32_t input_zero_point, output_zero_point;
  ec_requant m; /* input scale / output scale */
} ec_requantize_params;

/** One int8 type to another. y may be x (in-place reuse). */
EC_KERNEL void ec_requantize_s8(const ec_nd *p, const ec_requantize_params *rq,
                                const int8_t *x, int8_t *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], sx = p->s0[last], sy = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox, unused, oy;
    ec_nd_row(p, r, &ox, &unused, &oy);
    for (i = 0; i < len; ++i) {
      int32_t v = (int32_t)x[ox + (ptrdiff_t)i * sx] - rq->input_zero_point;
      y[oy + (ptrdiff_t)i * sy] = (int8_t)ec_sat8(
          ec_requantize(v, rq->m.multiplier, rq->m.shift) + rq->output_zero_point);
    }
  }
}

/** y = table[x + 128]: any element-wise function of int8 values. y may
 * be x (in-place reuse). */
EC_KERNEL void ec_lookup_s8(const ec_nd *p, const int8_t *x,
                            const int8_t *EC_RESTRICT table, int8_t *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], sx = p->s0[last], sy = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox, unused, oy;
    ec_nd_row(p, r, &ox, &unused, &oy);
    for (i = 0; i < len; ++i)
      y[oy + (ptrdiff_t)i * sy] = table[(int32_t)x[ox + (ptrdiff_t)i * sx] + 128];
  }
}

#endif /* EC_QUANT_H */
