/* ec_math.h - transcendental functions without libm. */
#ifndef EC_MATH_H
#define EC_MATH_H

#include "ec_common.h"

typedef union {
  float f;
  uint32_t u;
} ec_f32bits;

/** 2^n for integer n in [-126, 127]. */
EC_KERNEL float ec_pow2i(int32_t n) {
  ec_f32bits b;
  b.u = (uint32_t)(n + 127) << 23;
  return b.f;
}

/** e^x to within 2 ulp: x = n*ln2 + r with |r| <= ln2/2 (Cody-Waite split of
 * ln2), e^r by a degree-6 polynomial, then scaling by 2^n in two steps so
 * results in the subnormal range stay exact. */
EC_KERNEL float ec_expf(float x) {
  const float ln2_hi = 0.693359375f, ln2_lo = -2.12194440e-4f;
  float fn, r, p;
  int32_t n;
  if (x != x) return x;
  if (x > 88.72283935546875f) return 3.40282347e+38f * 2.0f;
  if (x < -103.972084045410f) return 0.0f;
  fn = x * 1.44269504088896341f;
  fn = fn < 0.0f ? fn - 0.5f : fn + 0.5f;
  n = (int32_t)fn;
  fn = (float)n;
  r = (x - fn * ln2_hi) - fn * ln2_lo;
  p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  if (n > 127) return p * ec_pow2i(127) * ec_pow2i(n - 127);
  if (n < -126) return p * ec_pow2i(n + 126) * ec_pow2i(-126);
  return p * ec_pow2i(n);
}

#endif /* EC_MATH_H */
