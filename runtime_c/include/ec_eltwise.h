/* ec_eltwise.h - element-wise kernels over N-D strided views. */
#ifndef EC_ELTWISE_H
#define EC_ELTWISE_H

#include "ec_common.h"
#include "ec_math.h"

/* One row of a binary op, with the contiguous and broadcast cases split out
 * so the compiler vectorizes them. */
#define EC_BINARY_ROW(EXPR)                                                    \
  do {                                                                         \
    if (sa == 1 && sb == 1 && sy == 1) {                                       \
      for (i = 0; i < len; ++i) { const float u = a[i], v = b[i]; y[i] = EXPR; } \
    } else if (sa == 1 && sb == 0 && sy == 1) {                                \
      const float v = b[0];                                                    \
      for (i = 0; i < len; ++i) { const float u = a[i]; y[i] = EXPR; }         \
    } else if (sa == 0 && sb == 1 && sy == 1) {                                \
      const float u = a[0];                                                    \
      for (i = 0; i < len; ++i) { const float v = b[i]; y[i] = EXPR; }         \
    } else {                                                                   \
      for (i = 0; i < len; ++i) {                                              \
        const float u = a[(ptrdiff_t)i * sa], v = b[(ptrdiff_t)i * sb];        \
        y[(ptrdiff_t)i * sy] = EXPR;                                           \
      }                                                                        \
    }                                                                          \
  } while (0)

EC_KERNEL void ec_binary_row(int32_t kind, int32_t len, const float *a,
                             int32_t sa, const float *b, int32_t sb, float *y,
                             int32_t sy) {
  int32_t i;
  switch (kind) {
  case EC_ADD: EC_BINARY_ROW(u + v); break;
  case EC_SUB: EC_BINARY_ROW(u - v); break;
  case EC_MUL: EC_BINARY_ROW(u * v); break;
  case EC_DIV: EC_BINARY_ROW(u / v); break;
  case EC_MAX: EC_BINARY_ROW(u > v || v != v ? u : v); break;
  case EC_MIN: EC_BINARY_ROW(u < v || v != v ? u : v); break;
  case EC_FMOD: EC_BINARY_ROW(ec_fmodf(u, v)); break;
  default: EC_BINARY_ROW(ec_powf(u, v)); break;
  }
}

/** y = clamp(a (op) b); operand strides of 0 broadcast; the clamp applies
 * when act.on. y may alias a or b when their strides equal y's (in-place
 * update). */
EC_KERNEL void ec_binary_f32(const ec_nd *p, int32_t kind, ec_clamp act,
                             const float *a, const float *b, float *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], sy = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t oa, ob, oy;
    ec_nd_row(p, r, &oa, &ob, &oy);
    ec_binary_row(kind, len, a + oa, p->s0[last], b + ob, p->s1[last], y + oy,
                  sy);
    if (act.on)
      for (i = 0; i < len; ++i)
        y[oy + (ptrdiff_t)i * sy] = ec_clampf(y[oy + (ptrdiff_t)i * sy], act);
  }
}

/** y = min(max(x, lo), hi) (operands 0 and 2 of p). */
EC_KERNEL void ec_clamp_f32(const ec_nd *p, ec_clamp act, const float *x,
                            float *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], sx = p->s0[last], sy = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox, unused, oy;
    ec_nd_row(p, r, &ox, &unused, &oy);
    if (sx == 1 && sy == 1) {
      for (i = 0; i < len; ++i) y[oy + i] = ec_clampf(x[ox + i], act);
    } else {
      for (i = 0; i < len; ++i)
        y[oy + (ptrdiff_t)i * sy] = ec_clampf(x[ox + (ptrdiff_t)i * sx], act);
    }
  }
}

/* One row of a unary function, contiguous case split out. */
#define EC_UNARY_ROW(EXPR)                                                     \
  do {                                                                         \
    if (sx == 1 && sy == 1) {                                                  \
      for (i = 0; i < len; ++i) { const float u = x[i]; y[i] = EXPR; }         \
    } else {                                                                   \
      for (i = 0; i < len; ++i) {                                              \
        const float u = x[(ptrdiff_t)i * sx];                                  \
        y[(ptrdiff_t)i * sy] = EXPR;                                           \
      }                                                                        \
    }                                                                          \
  } while (0)

EC_KERNEL float ec_hard_sigmoidf(float u, float alpha, float beta) {
  float v = alpha * u + beta;
  return v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
}

/* Rounding without libm. A float of magnitude 2^23 or more (and NaN and
 * the infinities) is an integer already; below, the conversion to int32
 * truncates exactly. A zero result keeps the input's sign, as libm's. */
EC_KERNEL int ec_is_small_float(float u) {
  return u > -8388608.0f && u < 8388608.0f;
}
EC_KERNEL float ec_floorf(float u) {
  float t;
  if (!ec_is_small_float(u)) return u;
  t = (float)(int32_t)u;
  if (t > u) t -= 1.0f;
  return t == 0.0f ? u * 0.0f : t;
}
EC_KERNEL float ec_ceilf(float u) {
  float t;
  if (!ec_is_small_float(u)) return u;
  t = (float)(int32_t)u;
  if (t < u) t += 1.0f;
  return t == 0.0f ? u * 0.0f : t;
}
/* To nearest, ties to even (ONNX's Round). */
EC_KERNEL float ec_roundf(float u) {
  float t, f;
  int32_t i;
  if (!ec_is_small_float(u)) return u;
  i = (int32_t)u;
  t = (float)i;
  f = u - t; /* exact */
  if (f > 0.5f || (f == 0.5f && i % 2 != 0)) t += 1.0f;
  else if (f < -0.5f || (f == -0.5f && i % 2 != 0)) t -= 1.0f;
  return t == 0.0f ? u * 0.0f : t;
}

/* Rows of the functions written without branches (ec_math.h), each in a
 * function of its own: inlined into the large switch below, their loops
 * would not get the function inlined and would not vectorize. */
EC_NOINLINE static void ec_erf_row(int32_t len, const float *x, int32_t sx,
                                   float *y, int32_t sy) {
  int32_t i;
  EC_UNARY_ROW(ec_erff(u));
}
EC_NOINLINE static void ec_sigmoid_row(int32_t len, const float *x, int32_t sx,
                                       float *y, int32_t sy) {
  int32_t i;
  EC_UNARY_ROW(ec_sigmoidf(u));
}

EC_KERNEL void ec_unary_row(int32_t kind, float alpha, float beta, int32_t len,
                            const float *x, int32_t sx, float *y, int32_t sy) {
  int32_t i;
  switch (kind) {
  case EC_EXP: EC_UNARY_ROW(ec_expf(u)); break;
  case EC_LOG: EC_UNARY_ROW(ec_logf(u)); break;
  case EC_SQRT: EC_UNARY_ROW(ec_sqrtf(u)); break;
  case EC_TANH: EC_UNARY_ROW(ec_tanhf(u)); break;
  case EC_ERF: ec_erf_row(len, x, sx, y, sy); break;
  case EC_SIGMOID: ec_sigmoid_row(len, x, sx, y, sy); break;
  case EC_NEG: EC_UNARY_ROW(-u); break;
  case EC_ABS: EC_UNARY_ROW(u < 0.0f ? -u : u); break;
  case EC_RECIPROCAL: EC_UNARY_ROW(1.0f / u); break;
  case EC_HARD_SIGMOID: EC_UNARY_ROW(ec_hard_sigmoidf(u, alpha, beta)); break;
  case EC_FLOOR: EC_UNARY_ROW(ec_floorf(u)); break;
  case EC_CEIL: EC_UNARY_ROW(ec_ceilf(u)); break;
  case EC_ROUND: EC_UNARY_ROW(ec_roundf(u)); break;
  case EC_SIGN: EC_UNARY_ROW(u > 0.0f ? 1.0f : u < 0.0f ? -1.0f : u); break;
  case EC_SIN: EC_UNARY_ROW(ec_sinf(u)); break;
  case EC_COS: EC_UNARY_ROW(ec_cosf(u)); break;
  case EC_TAN: EC_UNARY_ROW(ec_tanf(u)); break;
  case EC_ASIN: EC_UNARY_ROW(ec_asinf(u)); break;
  case EC_ACOS: EC_UNARY_ROW(ec_acosf(u)); break;
  case EC_ATAN: EC_UNARY_ROW(ec_atanf(u)); break;
  case EC_SINH: EC_UNARY_ROW(ec_sinhf(u)); break;
  case EC_COSH: EC_UNARY_ROW(ec_coshf(u)); break;
  case EC_ASINH: EC_UNARY_ROW(ec_asinhf(u)); break;
  case EC_ACOSH: EC_UNARY_ROW(ec_acoshf(u)); break;
  case EC_ATANH: EC_UNARY_ROW(ec_atanhf(u)); break;
  default: EC_UNARY_ROW(u * ec_hard_sigmoidf(u, alpha, beta)); break;
  }
}

/** y = f(x) (operands 0 and 2 of p); alpha and beta parameterize the hard_*
 * functions. y may alias x. */
EC_KERNEL void ec_unary_f32(const ec_nd *p, int32_t kind, float alpha,
                            float beta, const float *x, float *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  int32_t r;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox, unused, oy;
    ec_nd_row(p, r, &ox, &unused, &oy);
    ec_unary_row(kind, alpha, beta, p->shape[last], x + ox, p->s0[last],
                 y + oy, p->s2[last]);
  }
}

/** Strided copy (operands 0 and 2 of p): transposes, concatenation slices. */
EC_KERNEL void ec_copy_f32(const ec_nd *p, const float *EC_RESTRICT x,
                           float *EC_RESTRICT y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], sx = p->s0[last], sy = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox, unused, oy;
    ec_nd_row(p, r, &ox, &unused, &oy);
    if (sx == 1 && sy == 1) {
      for (i = 0; i < len; ++i) y[oy + i] = x[ox + i];
    } else {
      for (i = 0; i < len; ++i)
        y[oy + (ptrdiff_t)i * sy] = x[ox + (ptrdiff_t)i * sx];
    }
  }
}

#endif /* EC_ELTWISE_H */
