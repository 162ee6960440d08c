/* ec_math.h - transcendental functions without libm. */
#ifndef EC_MATH_H
#define EC_MATH_H

#include "ec_common.h"

#include <string.h>

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

/** c ? a : b by masking the bits: both values are computed on every path,
 * so a loop that selects this way vectorizes (a ?: between two computed
 * floats makes compilers branch, as they may not speculate a trapping
 * operation). */
EC_ALWAYS_INLINE EC_KERNEL float ec_selectf(int c, float a, float b) {
  const uint32_t m = (uint32_t)0 - (uint32_t)(c != 0);
  uint32_t ua, ub;
  float r;
  memcpy(&ua, &a, sizeof ua);
  memcpy(&ub, &b, sizeof ub);
  ua = (ua & m) | (ub & ~m);
  memcpy(&r, &ua, sizeof r);
  return r;
}

/** e^z for z in [-104, 88.7] without a branch: z = n*ln2 + r with
 * |r| <= ln2/2 (Cody-Waite split of ln2, n rounded to nearest by adding and
 * subtracting 1.5 * 2^23), e^r by a degree-6 polynomial, and 2^n applied in
 * two normal halves so results reach the subnormals (and e^-104 rounds to
 * 0). Within 2 ulp. */
EC_ALWAYS_INLINE EC_KERNEL float ec_expf_core(float z) {
  const float ln2_hi = 0.693359375f, ln2_lo = -2.12194440e-4f;
  const float magic = 12582912.0f; /* 1.5 * 2^23 */
  float fn, r, p, s1, s2;
  int32_t n, n1;
  uint32_t b1, b2;
  fn = (z * 1.44269504088896341f + magic) - magic;
  n = (int32_t)fn;
  r = (z - fn * ln2_hi) - fn * ln2_lo;
  p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  n1 = n / 2;
  b1 = (uint32_t)(n1 + 127) << 23;
  b2 = (uint32_t)(n - n1 + 127) << 23;
  memcpy(&s1, &b1, sizeof s1);
  memcpy(&s2, &b2, sizeof s2);
  return p * s1 * s2;
}

/** e^x to within 2 ulp: ec_expf_core past the edges of its range (NaN,
 * overflow to infinity, underflow to 0). */
EC_KERNEL float ec_expf(float x) {
  if (x != x) return x;
  if (x > 88.72283935546875f) return 3.40282347e+38f * 2.0f;
  if (x < -103.972084045410f) return 0.0f;
  return ec_expf_core(x);
}

/** e^x - 1, accurate near 0: a Taylor polynomial below |x| = 0.35, where
 * the subtraction would cancel, else ec_expf(x) - 1. */
EC_KERNEL float ec_expm1f(float x) {
  float ax = x < 0.0f ? -x : x;
  if (ax < 0.35f) {
    float p = 1.0f / 40320.0f;
    p = p * x + 1.0f / 5040.0f;
    p = p * x + 1.0f / 720.0f;
    p = p * x + 1.0f / 120.0f;
    p = p * x + 1.0f / 24.0f;
    p = p * x + 1.0f / 6.0f;
    p = p * x + 0.5f;
    return x + x * x * p;
  }
  return ec_expf(x) - 1.0f;
}

/** Natural logarithm: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), then
 * log(m) = 2 atanh(s) with s = (m - 1) / (m + 1), |s| < 0.172, as an odd
 * series, and e * ln2 added in two parts. */
EC_KERNEL float ec_logf(float x) {
  const float ln2_hi = 0.693359375f, ln2_lo = -2.12194440e-4f;
  ec_f32bits b;
  int32_t e;
  float m, s, z, p;
  if (x != x || x < 0.0f) return (x - x) / (x - x); /* NaN */
  if (x == 0.0f) return -3.40282347e+38f * 2.0f; /* -inf */
  if (x > 3.40282347e+38f) return x;
  b.f = x;
  e = 0;
  if (b.u < 0x00800000u) { /* subnormal: scale into the normal range */
    b.f = x * 16777216.0f;
    e = -24;
  }
  e += (int32_t)(b.u >> 23) - 127;
  b.u = (b.u & 0x007FFFFFu) | 0x3F800000u; /* m in [1, 2) */
  m = b.f;
  if (m > 1.41421356f) {
    m *= 0.5f;
    ++e;
  }
  s = (m - 1.0f) / (m + 1.0f);
  z = s * s;
  p = 2.0f / 11.0f;
  p = p * z + 2.0f / 9.0f;
  p = p * z + 2.0f / 7.0f;
  p = p * z + 2.0f / 5.0f;
  p = p * z + 2.0f / 3.0f;
  return (float)e * ln2_lo + (2.0f * s + s * z * p) + (float)e * ln2_hi;
}

/** s*s exactly as *hi + returned error (Dekker's product with a Veltkamp
 * split), so corrections can use the rounding error of a square. */
EC_KERNEL float ec_square_err(float s, float *hi) {
  float c = 4097.0f * s, sh = c - (c - s), sl = s - sh;
  *hi = s * s;
  return ((sh * sh - *hi) + 2.0f * sh * sl) + sl * sl;
}

/** Square root: an inverse square root estimate refined by Newton steps,
 * then one correction with the exact residual x - s*s (Dekker's product). */
EC_KERNEL float ec_sqrtf(float x) {
  ec_f32bits b;
  float y, s, h, err, half = 0.5f, scale = 1.0f;
  if (x != x || x < 0.0f) return (x - x) / (x - x);
  if (x == 0.0f || x > 3.40282347e+38f) return x;
  if (x < 1.17549435e-38f) { /* subnormal: scale by 2^24, result by 2^-12 */
    x *= 16777216.0f;
    scale = 1.0f / 4096.0f;
  }
  b.f = x;
  b.u = 0x5F3759DFu - (b.u >> 1);
  y = b.f;
  y = y * (1.5f - half * x * y * y);
  y = y * (1.5f - half * x * y * y);
  y = y * (1.5f - half * x * y * y);
  s = x * y;
  err = ec_square_err(s, &h); /* s*s = h + err exactly */
  s = s + half * y * ((x - h) - err);
  return s * scale;
}

/** 1 / (1 + e^-x) */
/** -|x| limited to [-lim, 0] on the bits (lim_bits: the bits of -lim):
 * with the sign set, a larger magnitude (and NaN) is a larger integer, so
 * an integer minimum clamps, NaN included, and vectorizes. */
EC_ALWAYS_INLINE EC_KERNEL float ec_neg_abs_clampf(float x, uint32_t lim_bits) {
  uint32_t u;
  float z;
  memcpy(&u, &x, sizeof u);
  u |= 0x80000000u;
  u = u < lim_bits ? u : lim_bits;
  memcpy(&z, &u, sizeof z);
  return z;
}

/** 1 / (1 + e^-x) without branches, so a loop of it vectorizes: e = e^-|x|
 * (at most 1, never overflowing), then 1 / (1 + e) for x >= 0 and
 * e / (1 + e) below. Within 3 ulp. */
EC_ALWAYS_INLINE EC_KERNEL float ec_sigmoidf(float x) {
  const float e = ec_expf_core(ec_neg_abs_clampf(x, 0xC2D00000u /* -104 */));
  const float pos = 1.0f / (1.0f + e);
  return ec_selectf(x != x, x, ec_selectf(x < 0.0f, e * pos, pos));
}

/** tanh(x) = expm1(2x) / (expm1(2x) + 2), odd, saturating past |x| = 9. */
EC_KERNEL float ec_tanhf(float x) {
  float ax = x < 0.0f ? -x : x, t, r;
  if (x != x) return x;
  if (ax > 9.0f) return x < 0.0f ? -1.0f : 1.0f;
  if (ax < 1e-4f) return x; /* tanh x = x - x^3/3: below an ulp here */
  t = ec_expm1f(2.0f * ax);
  r = t / (t + 2.0f);
  return x < 0.0f ? -r : r;
}

/** erf(x) without branches, so a loop of it vectorizes (GELU): the three
 * pieces of fdlibm's erff (s_erff.c, Sun Microsystems; its coefficients)
 * are all computed and the one for |x| chosen by ec_selectf. Below 0.84375
 * x + x P(x^2)/Q(x^2); below 1.25 erx + P(s)/Q(s), s = |x| - 1; above,
 * 1 - e^(-z^2 - 0.5625) e^((z - |x|)(z + |x|) + R/S) / |x| with s = 1/x^2,
 * z = |x| with its low 13 bits cleared (so z^2 is exact), R/S by the range
 * below or above 1/0.35. |x| is limited to 4 (erf rounds to 1 past 3.92). */
EC_ALWAYS_INLINE EC_KERNEL float ec_erff(float x) {
  const float ax = -ec_neg_abs_clampf(x, 0xC0800000u /* -4 */);
  float z2, p, q, small, mid, big, sa, ra, sb, rb, zt, r;
  uint32_t u;
  /* |x| < 0.84375 */
  z2 = ax * ax;
  p = -2.3763017452e-05f;
  p = p * z2 - 5.7702702470e-03f;
  p = p * z2 - 2.8481749818e-02f;
  p = p * z2 - 3.2504209876e-01f;
  p = p * z2 + 1.2837916613e-01f;
  q = -3.9602282413e-06f;
  q = q * z2 + 1.3249473704e-04f;
  q = q * z2 + 5.0813062117e-03f;
  q = q * z2 + 6.5022252500e-02f;
  q = q * z2 + 3.9791721106e-01f;
  q = q * z2 + 1.0f;
  small = ax + ax * (p / q);
  /* |x| < 1.25 */
  {
    const float t = ax - 1.0f;
    p = -2.1663755178e-03f;
    p = p * t + 3.5478305072e-02f;
    p = p * t - 1.1089469492e-01f;
    p = p * t + 3.1834661961e-01f;
    p = p * t - 3.7220788002e-01f;
    p = p * t + 4.1485610604e-01f;
    p = p * t - 2.3621185683e-03f;
    q = 1.1984500103e-02f;
    q = q * t + 1.3637083583e-02f;
    q = q * t + 1.2617121637e-01f;
    q = q * t + 7.1828655899e-02f;
    q = q * t + 5.4039794207e-01f;
    q = q * t + 1.0642088205e-01f;
    q = q * t + 1.0f;
    mid = 8.4506291151e-01f + p / q;
  }
  /* |x| >= 1.25; 1.25 keeps s finite for every lane */
  {
    float axb, t;
    memcpy(&u, &ax, sizeof u);
    u = u > 0x3FA00000u ? u : 0x3FA00000u; /* max(|x|, 1.25) on the bits */
    memcpy(&axb, &u, sizeof axb);
    t = 1.0f / (axb * axb);
    ra = -9.8143291473e+00f;
    ra = ra * t - 8.1287437439e+01f;
    ra = ra * t - 1.8460508728e+02f;
    ra = ra * t - 1.6239666748e+02f;
    ra = ra * t - 6.2375331879e+01f;
    ra = ra * t - 1.0558626175e+01f;
    ra = ra * t - 6.9385856390e-01f;
    ra = ra * t - 9.8649440333e-03f;
    sa = -6.0424413532e-02f;
    sa = sa * t + 6.5702495575e+00f;
    sa = sa * t + 1.0863500214e+02f;
    sa = sa * t + 4.2900814819e+02f;
    sa = sa * t + 6.4538726807e+02f;
    sa = sa * t + 4.3456588745e+02f;
    sa = sa * t + 1.3765776062e+02f;
    sa = sa * t + 1.9651271820e+01f;
    sa = sa * t + 1.0f;
    rb = -4.8351919556e+02f;
    rb = rb * t - 1.0250950928e+03f;
    rb = rb * t - 6.3756646729e+02f;
    rb = rb * t - 1.6063638306e+02f;
    rb = rb * t - 1.7757955551e+01f;
    rb = rb * t - 7.9928326607e-01f;
    rb = rb * t - 9.8649431020e-03f;
    sb = -2.2440952301e+01f;
    sb = sb * t + 4.7452853394e+02f;
    sb = sb * t + 2.5530502930e+03f;
    sb = sb * t + 3.1998581543e+03f;
    sb = sb * t + 1.5367296143e+03f;
    sb = sb * t + 3.2579251099e+02f;
    sb = sb * t + 3.0338060379e+01f;
    sb = sb * t + 1.0f;
    r = ec_selectf(axb < 2.85714285f, ra / sa, rb / sb);
    memcpy(&u, &axb, sizeof u);
    u &= 0xffffe000u;
    memcpy(&zt, &u, sizeof zt);
    big = 1.0f - ec_expf_core(-zt * zt - 0.5625f) *
                     ec_expf_core((zt - axb) * (zt + axb) + r) / axb;
  }
  r = ec_selectf(ax < 0.84375f, small, ec_selectf(ax < 1.25f, mid, big));
  /* erf is odd; erf(-0) = -0 */
  r = ec_selectf(x < 0.0f, -r, r);
  return ec_selectf(x != x || x == 0.0f, x, r);
}

/** x^y. Small integer exponents multiply exactly as written; y = 0.5 is a
 * square root; otherwise e^(y log|x|), with the sign of a negative base
 * for odd integer y and NaN for a fractional y. */
EC_KERNEL float ec_powf(float x, float y) {
  int32_t n;
  float r, ax;
  if (y == 0.0f || x == 1.0f) return 1.0f;
  if (x != x || y != y) return x + y;
  n = (int32_t)y;
  if ((float)n == y && n >= -64 && n <= 64) {
    int32_t k = n < 0 ? -n : n;
    float base = x;
    r = 1.0f;
    while (k) {
      if (k & 1) r *= base;
      base *= base;
      k >>= 1;
    }
    return n < 0 ? 1.0f / r : r;
  }
  if (y == 0.5f && x >= 0.0f) return ec_sqrtf(x);
  ax = x < 0.0f ? -x : x;
  if (x < 0.0f && (float)(int32_t)y != y) return (x - x) / (x - x);
  if (ax == 0.0f) return y > 0.0f ? 0.0f : 1.0f / ax;
  r = ec_expf(y * ec_logf(ax));
  if (x < 0.0f && ((int32_t)y & 1)) r = -r;
  return r;
}

/** fmod(x, y), exactly: |y| doubled up to |x|, then subtracted back in
 * binary long division (each subtraction is exact, as the remainder lies
 * between the multiple and twice it); the result takes x's sign. NaN for
 * y = 0 or an infinite x; x for an infinite y. */
EC_KERNEL float ec_fmodf(float x, float y) {
  float ax = x < 0.0f ? -x : x, ay = y < 0.0f ? -y : y, t;
  if (x != x || y != y || ay == 0.0f || ax - ax != 0.0f) return (x - x) / (x - x) + y;
  if (ay - ay != 0.0f || ax < ay) return x;
  t = ay;
  while (t <= ax * 0.5f) t *= 2.0f;
  while (t >= ay) {
    if (ax >= t) ax -= t;
    t *= 0.5f;
  }
  return x < 0.0f ? -ax : ax;
}

/** log(1 + x) for x > -1: log(u) scaled by x / (u - 1), which cancels the
 * rounding of u = 1 + x (Goldberg's method). */
EC_KERNEL float ec_log1pf(float x) {
  float u = 1.0f + x;
  if (u == 1.0f || x != x) return x;
  if (u > 3.40282347e+38f) return u;
  return ec_logf(u) * (x / (u - 1.0f));
}

/* sin and cos of r in [-pi/4, pi/4] by odd and even minimax polynomials. */
EC_KERNEL float ec_sin_poly(float r) {
  float z = r * r;
  return r + r * z *
                 (-1.6666654611e-1f + z * (8.3321608736e-3f + z * -1.9515295891e-4f));
}

EC_KERNEL float ec_cos_poly(float r) {
  float z = r * r;
  return 1.0f - 0.5f * z +
         z * z * (4.166664568298827e-2f +
                  z * (-1.388731625493765e-3f + z * 2.443315711809948e-5f));
}

/* x - k pi/2 with k the nearest integer to x 2/pi, in three parts of pi/2
 * (the first exact times k for |k| < 2^16), and k mod 4. Past |x| = 1e5
 * the reduction keeps fewer bits than the argument. */
EC_KERNEL float ec_reduce_half_pi(float x, int32_t *quadrant) {
  const float p1 = 1.5703125f, p2 = 4.837512969970703125e-4f,
              p3 = 7.54978995489188216e-8f;
  float fk = x * 0.636619772f;
  int32_t k = (int32_t)(fk < 0.0f ? fk - 0.5f : fk + 0.5f);
  float kf = (float)k;
  *quadrant = k & 3;
  return ((x - kf * p1) - kf * p2) - kf * p3;
}

/** sin(x) (NaN for NaN and infinities). */
EC_KERNEL float ec_sinf(float x) {
  int32_t q;
  float r;
  if (x != x || x - x != 0.0f) return (x - x) / (x - x);
  if (x > 1e9f || x < -1e9f) return 0.0f; /* no meaningful bits left */
  r = ec_reduce_half_pi(x, &q);
  switch (q) {
  case 0: return ec_sin_poly(r);
  case 1: return ec_cos_poly(r);
  case 2: return -ec_sin_poly(r);
  default: return -ec_cos_poly(r);
  }
}

/** cos(x) (NaN for NaN and infinities). */
EC_KERNEL float ec_cosf(float x) {
  int32_t q;
  float r;
  if (x != x || x - x != 0.0f) return (x - x) / (x - x);
  if (x > 1e9f || x < -1e9f) return 1.0f;
  r = ec_reduce_half_pi(x, &q);
  switch (q) {
  case 0: return ec_cos_poly(r);
  case 1: return -ec_sin_poly(r);
  case 2: return -ec_cos_poly(r);
  default: return ec_sin_poly(r);
  }
}

/** tan(x): a minimax polynomial of the reduced argument r, and -1/tan(r)
 * in the odd quadrants. */
EC_KERNEL float ec_tanf(float x) {
  int32_t q;
  float r, z, t;
  if (x != x || x - x != 0.0f) return (x - x) / (x - x);
  if (x > 1e9f || x < -1e9f) return 0.0f;
  r = ec_reduce_half_pi(x, &q);
  z = r * r;
  t = (((((9.38540185543e-3f * z + 3.11992232697e-3f) * z + 2.44301354525e-2f) * z +
         5.34112807005e-2f) * z + 1.33387994085e-1f) * z + 3.33331568548e-1f) *
          z * r + r;
  return (q & 1) ? -1.0f / t : t;
}

/** atan(x): odd; |x| > tan(3pi/8) as pi/2 - atan(1/x), |x| > tan(pi/8)
 * as pi/4 + atan((x-1)/(x+1)), then a minimax polynomial. */
EC_KERNEL float ec_atanf(float x) {
  float ax = x < 0.0f ? -x : x, base = 0.0f, z, p;
  if (x != x) return x;
  if (ax > 2.414213562f) {
    base = 1.570796327f;
    ax = -1.0f / ax;
  } else if (ax > 0.414213562f) {
    base = 0.785398163f;
    ax = (ax - 1.0f) / (ax + 1.0f);
  }
  z = ax * ax;
  p = (((8.05374449538e-2f * z - 1.38776856032e-1f) * z + 1.99777106478e-1f) * z -
       3.33329491539e-1f) * z * ax + ax;
  p += base;
  return x < 0.0f ? -p : p;
}

/** asin(x) for |x| <= 1 (NaN outside): a minimax polynomial up to 1/2,
 * pi/2 - 2 asin(sqrt((1 - |x|) / 2)) above. */
EC_KERNEL float ec_asinf(float x) {
  float ax = x < 0.0f ? -x : x, z, r, p;
  int big = ax > 0.5f;
  if (x != x || ax > 1.0f) return (x - x) / (x - x);
  if (big) {
    z = 0.5f * (1.0f - ax);
    r = ec_sqrtf(z);
  } else {
    z = ax * ax;
    r = ax;
  }
  p = ((((4.2163199048e-2f * z + 2.4181311049e-2f) * z + 4.5470025998e-2f) * z +
        7.4953002686e-2f) * z + 1.6666752422e-1f) * z * r + r;
  if (big) p = 1.570796327f - 2.0f * p;
  return x < 0.0f ? -p : p;
}

/** acos(x) for |x| <= 1 (NaN outside), from asin without cancellation. */
EC_KERNEL float ec_acosf(float x) {
  if (x != x || x > 1.0f || x < -1.0f) return (x - x) / (x - x);
  if (x < -0.5f) return 3.141592654f - 2.0f * ec_asinf(ec_sqrtf(0.5f * (1.0f + x)));
  if (x > 0.5f) return 2.0f * ec_asinf(ec_sqrtf(0.5f * (1.0f - x)));
  return 1.570796327f - ec_asinf(x);
}

/* e^|x| / 2 for |x| > 88, where e^|x| overflows first: e^(|x| - ln2_hi)
 * (the subtraction exact) times e^-ln2_lo. */
EC_KERNEL float ec_half_exp_big(float ax) {
  return ec_expf(ax - 0.693359375f) * 1.00021222f;
}

/** sinh(x) = (t + t / (t + 1)) / 2 with t = expm1(|x|), odd. */
EC_KERNEL float ec_sinhf(float x) {
  float ax = x < 0.0f ? -x : x, t, r;
  if (x != x) return x;
  if (ax > 88.0f) {
    r = ec_half_exp_big(ax);
  } else {
    t = ec_expm1f(ax);
    r = 0.5f * (t + t / (t + 1.0f));
  }
  return x < 0.0f ? -r : r;
}

/** cosh(x) = (e^|x| + e^-|x|) / 2. */
EC_KERNEL float ec_coshf(float x) {
  float ax = x < 0.0f ? -x : x, t;
  if (x != x) return x;
  if (ax > 88.0f) return ec_half_exp_big(ax);
  t = ec_expf(ax);
  return 0.5f * t + 0.5f / t;
}

/** asinh(x) = log1p(a + a^2 / (1 + sqrt(1 + a^2))), odd; log(2a) for
 * large a. */
EC_KERNEL float ec_asinhf(float x) {
  float ax = x < 0.0f ? -x : x, r;
  if (x != x) return x;
  if (ax > 1e8f)
    r = ec_logf(ax) + 0.693147181f;
  else
    r = ec_log1pf(ax + ax * ax / (1.0f + ec_sqrtf(1.0f + ax * ax)));
  return x < 0.0f ? -r : r;
}

/** acosh(x) for x >= 1 (NaN below): log1p(t + sqrt(2t + t^2)) with
 * t = x - 1; log(2x) for large x. */
EC_KERNEL float ec_acoshf(float x) {
  float t;
  if (x != x || x < 1.0f) return (x - x) / (x - x);
  if (x > 1e8f) return ec_logf(x) + 0.693147181f;
  t = x - 1.0f;
  return ec_log1pf(t + ec_sqrtf(2.0f * t + t * t));
}

/** atanh(x) = log1p(2a / (1 - a)) / 2, odd; +-inf at +-1, NaN past. */
EC_KERNEL float ec_atanhf(float x) {
  float ax = x < 0.0f ? -x : x, r;
  if (x != x || ax > 1.0f) return (x - x) / (x - x);
  if (ax == 1.0f) return x * 3.40282347e+38f * 2.0f;
  r = 0.5f * ec_log1pf(2.0f * ax / (1.0f - ax));
  return x < 0.0f ? -r : r;
}

#endif /* EC_MATH_H */
