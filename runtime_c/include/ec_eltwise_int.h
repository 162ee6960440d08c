/* ec_eltwise_int.h - element-wise kernels on integer and bool elements,
 * comparisons, casts, selection and arg max/min.
 *
 * Integer arithmetic wraps around as two's complement (computed on unsigned
 * types, so no signed overflow is ever evaluated); division truncates
 * toward zero; a division or remainder by zero gives 0; a negative power
 * gives the real value truncated (0 unless the base is 1 or -1); EC_MOD
 * takes the divisor's sign (Python's %), EC_FMOD the dividend's (C's %);
 * shifts by the element width or more give 0. Bool elements are bytes holding 0 or 1.
 * Every kernel walks an ec_nd (operands 0 and 1 in, 2 out); an output may
 * alias an input of the same element size when their strides are equal. */
#ifndef EC_ELTWISE_INT_H
#define EC_ELTWISE_INT_H

#include "ec_common.h"

/* One row: u (and v) from a and b, y = EXPR. */
#define EC_INT_ROW(TI, TO, EXPR)                                               \
  do {                                                                         \
    for (i = 0; i < len; ++i) {                                                \
      const TI u = ar[(ptrdiff_t)i * sa], v = br[(ptrdiff_t)i * sb];           \
      yr[(ptrdiff_t)i * sy] = (TO)(EXPR);                                      \
    }                                                                          \
  } while (0)

#define EC_INT_WALK(TI, TO)                                                    \
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;                      \
  const int32_t len = p->shape[last], sa = p->s0[last], sb = p->s1[last];      \
  const int32_t sy = p->s2[last];                                              \
  int32_t r, i;                                                                \
  for (r = 0; r < rows; ++r) {                                                 \
    ptrdiff_t oa, ob, oy;                                                      \
    const TI *ar;                                                              \
    const TI *br;                                                              \
    TO *yr;                                                                    \
    ec_nd_row(p, r, &oa, &ob, &oy);                                            \
    ar = a + oa;                                                               \
    br = b + ob;                                                               \
    yr = y + oy;

/* Arithmetic of one integer type T (W: the unsigned type of at least T's
 * width and of int's). SIGNED selects the helpers. */
#define EC_DEFINE_INT_ARITH(sfx, T, W, SIGNED, BITS)                           \
  EC_KERNEL T ec_div_##sfx(T u, T v) {                                         \
    if (v == 0) return 0;                                                      \
    if (SIGNED && v == (T)-1) return (T)((W)0 - (W)u);                         \
    return (T)(u / v);                                                         \
  }                                                                            \
  EC_KERNEL T ec_fmod_##sfx(T u, T v) {                                        \
    if (v == 0 || (SIGNED && v == (T)-1)) return 0;                            \
    return (T)(u % v);                                                         \
  }                                                                            \
  EC_KERNEL T ec_mod_##sfx(T u, T v) {                                         \
    T m = ec_fmod_##sfx(u, v);                                                 \
    if (SIGNED && m != 0 && ((m > 0) != (v > 0))) m = (T)((W)m + (W)v);        \
    return m;                                                                  \
  }                                                                            \
  /* u^v wrapping around; a negative exponent gives the truncated real     \
   * value: 1 for u = 1, +-1 for u = -1, 0 otherwise (and for u = 0). */   \
  EC_KERNEL T ec_ipow_##sfx(T u, T v) {                                       \
    W r = 1, base = (W)u, k = (W)v;                                           \
    if (SIGNED && v < (T)1 && v != 0) {                                       \
      if (u == 1) return 1;                                                   \
      if (SIGNED && u == (T)-1) return (T)((k & 1) ? (W)u : (W)1);            \
      return 0;                                                               \
    }                                                                         \
    while (k) {                                                               \
      if (k & 1) r = (W)(r * base);                                           \
      base = (W)(base * base);                                                \
      k >>= 1;                                                                \
    }                                                                         \
    return (T)r;                                                              \
  }                                                                           \
  EC_KERNEL T ec_shift_##sfx(T u, T v, int left) {                             \
    if ((W)v >= (W)(BITS)) return 0;                                           \
    return left ? (T)((W)u << (W)v) : (T)((W)u >> (W)v);                       \
  }                                                                            \
  /** y = a (kind) b on T elements. */                                         \
  EC_KERNEL void ec_binary_##sfx(const ec_nd *p, int32_t kind, const T *a,     \
                                 const T *b, T *y) {                           \
    EC_INT_WALK(T, T)                                                          \
    switch (kind) {                                                            \
    case EC_ADD: EC_INT_ROW(T, T, (W)u + (W)v); break;                         \
    case EC_SUB: EC_INT_ROW(T, T, (W)u - (W)v); break;                         \
    case EC_MUL: EC_INT_ROW(T, T, (W)u * (W)v); break;                         \
    case EC_DIV: EC_INT_ROW(T, T, ec_div_##sfx(u, v)); break;                  \
    case EC_MAX: EC_INT_ROW(T, T, u > v ? u : v); break;                       \
    case EC_MIN: EC_INT_ROW(T, T, u < v ? u : v); break;                       \
    case EC_POW: EC_INT_ROW(T, T, ec_ipow_##sfx(u, v)); break;                 \
    case EC_MOD: EC_INT_ROW(T, T, ec_mod_##sfx(u, v)); break;                  \
    case EC_FMOD: EC_INT_ROW(T, T, ec_fmod_##sfx(u, v)); break;                \
    case EC_SHL: EC_INT_ROW(T, T, ec_shift_##sfx(u, v, 1)); break;             \
    default: EC_INT_ROW(T, T, ec_shift_##sfx(u, v, 0)); break;                 \
    }                                                                          \
  }                                                                            \
  }                                                                            \
  /** y = f(x) for neg, abs, sign (operands 0 and 2 of p). */                  \
  EC_KERNEL void ec_unary_##sfx(const ec_nd *p, int32_t kind, const T *a,      \
                                T *y) {                                        \
    const T *b = a;                                                            \
    EC_INT_WALK(T, T)                                                          \
    (void)sb;                                                                  \
    (void)br;                                                                  \
    for (i = 0; i < len; ++i) {                                                \
      const T u = ar[(ptrdiff_t)i * sa];                                       \
      const W neg = (W)0 - (W)u;                                               \
      T out;                                                                   \
      if (kind == EC_NEG) out = (T)neg;                                        \
      else if (kind == EC_ABS) out = SIGNED && u < (T)1 && u != 0 ? (T)neg : u; \
      else out = (T)(u > 0 ? 1 : u == 0 ? 0 : (T)-1);                          \
      yr[(ptrdiff_t)i * sy] = out;                                             \
    }                                                                          \
  }                                                                            \
  }

EC_DEFINE_INT_ARITH(i8, int8_t, uint32_t, 1, 8)
EC_DEFINE_INT_ARITH(i16, int16_t, uint32_t, 1, 16)
EC_DEFINE_INT_ARITH(i32, int32_t, uint32_t, 1, 32)
EC_DEFINE_INT_ARITH(i64, int64_t, uint64_t, 1, 64)
EC_DEFINE_INT_ARITH(u8, uint8_t, uint32_t, 0, 8)
EC_DEFINE_INT_ARITH(u16, uint16_t, uint32_t, 0, 16)
EC_DEFINE_INT_ARITH(u32, uint32_t, uint32_t, 0, 32)
EC_DEFINE_INT_ARITH(u64, uint64_t, uint64_t, 0, 64)

/* Comparisons of T elements, giving bytes 0 or 1. */
#define EC_DEFINE_COMPARE(sfx, T)                                              \
  /** y = a (eq, lt, le, gt, ge) b. */                                         \
  EC_KERNEL void ec_compare_##sfx(const ec_nd *p, int32_t kind, const T *a,    \
                                  const T *b, uint8_t *y) {                    \
    EC_INT_WALK(T, uint8_t)                                                    \
    switch (kind) {                                                            \
    case EC_EQ: EC_INT_ROW(T, uint8_t, u == v); break;                         \
    case EC_LT: EC_INT_ROW(T, uint8_t, u < v); break;                          \
    case EC_LE: EC_INT_ROW(T, uint8_t, u <= v); break;                         \
    case EC_GT: EC_INT_ROW(T, uint8_t, u > v); break;                          \
    default: EC_INT_ROW(T, uint8_t, u >= v); break;                            \
    }                                                                          \
  }                                                                            \
  }

EC_DEFINE_COMPARE(f32, float)
EC_DEFINE_COMPARE(i8, int8_t)
EC_DEFINE_COMPARE(i16, int16_t)
EC_DEFINE_COMPARE(i32, int32_t)
EC_DEFINE_COMPARE(i64, int64_t)
EC_DEFINE_COMPARE(u8, uint8_t)
EC_DEFINE_COMPARE(u16, uint16_t)
EC_DEFINE_COMPARE(u32, uint32_t)
EC_DEFINE_COMPARE(u64, uint64_t)
EC_DEFINE_COMPARE(b1, uint8_t)

/** y = a (and, or, xor) b on bool bytes. */
EC_KERNEL void ec_logical_b1(const ec_nd *p, int32_t kind, const uint8_t *a,
                             const uint8_t *b, uint8_t *y) {
  EC_INT_WALK(uint8_t, uint8_t)
  switch (kind) {
  case EC_LOGICAL_AND: EC_INT_ROW(uint8_t, uint8_t, u && v); break;
  case EC_LOGICAL_OR: EC_INT_ROW(uint8_t, uint8_t, u || v); break;
  default: EC_INT_ROW(uint8_t, uint8_t, (u != 0) != (v != 0)); break;
  }
}
}

/** y = !x on bool bytes (operands 0 and 2 of p). */
EC_KERNEL void ec_not_b1(const ec_nd *p, const uint8_t *a, uint8_t *y) {
  const uint8_t *b = a;
  EC_INT_WALK(uint8_t, uint8_t)
  (void)sb;
  (void)br;
  for (i = 0; i < len; ++i) yr[(ptrdiff_t)i * sy] = !ar[(ptrdiff_t)i * sa];
}
}

/* Element type codes of ec_cast. */
enum { EC_T_F32 = 0, EC_T_I8 = 1, EC_T_I16 = 2, EC_T_I32 = 3, EC_T_I64 = 4,
       EC_T_U8 = 5, EC_T_U16 = 6, EC_T_U32 = 7, EC_T_U64 = 8, EC_T_B1 = 9 };

/* An element while it is converted: a float, or an integer as its 64-bit
 * two's complement pattern (neg: the value is negative). */
typedef struct {
  int is_float, neg;
  float f;
  uint64_t bits;
} ec_scalar;

EC_KERNEL ec_scalar ec_load(int32_t type, const void *x, ptrdiff_t i) {
  ec_scalar s;
  int64_t v = 0;
  s.is_float = 0;
  s.f = 0.0f;
  s.bits = 0;
  switch (type) {
  case EC_T_F32: s.is_float = 1; s.f = ((const float *)x)[i]; break;
  case EC_T_I8: v = ((const int8_t *)x)[i]; break;
  case EC_T_I16: v = ((const int16_t *)x)[i]; break;
  case EC_T_I32: v = ((const int32_t *)x)[i]; break;
  case EC_T_I64: v = ((const int64_t *)x)[i]; break;
  case EC_T_U8: case EC_T_B1: s.bits = ((const uint8_t *)x)[i]; break;
  case EC_T_U16: s.bits = ((const uint16_t *)x)[i]; break;
  case EC_T_U32: s.bits = ((const uint32_t *)x)[i]; break;
  default: s.bits = ((const uint64_t *)x)[i]; break;
  }
  s.neg = v < 0;
  if (type >= EC_T_I8 && type <= EC_T_I64) s.bits = (uint64_t)v;
  return s;
}

/* 2^e for 0 <= e <= 64, exactly. */
EC_KERNEL float ec_pow2f(int e) {
  float v = 1.0f;
  while (e-- > 0) v *= 2.0f;
  return v;
}

/* A float truncated toward zero and saturated to the range of a `bits`-bit
 * integer (signed or not; NaN gives 0), as the 64-bit pattern of the
 * result. Single precision only: the bounds are powers of two, exact in
 * float, so no double arithmetic (soft-float on Cortex-M) is needed. */
EC_KERNEL uint64_t ec_float_to_bits(float f, int bits, int is_signed) {
  const float top = is_signed ? ec_pow2f(bits - 1) : ec_pow2f(bits);
  const uint64_t max =
      bits == 64 ? (is_signed ? (uint64_t)INT64_MAX : UINT64_MAX)
                 : ((uint64_t)1 << (is_signed ? bits - 1 : bits)) - 1;
  if (f != f) return 0;
  if (f >= top) return max;
  if (!is_signed && f <= 0.0f) return 0;
  if (is_signed && f <= -top) return (uint64_t)0 - (max + 1);
  if (f < 0.0f) return (uint64_t)0 - (uint64_t)(-f);
  return (uint64_t)f;
}

EC_KERNEL void ec_store(int32_t type, void *y, ptrdiff_t i, ec_scalar s) {
  uint64_t b = s.bits;
  if (type == EC_T_F32) {
    float f = s.f;
    if (!s.is_float)
      f = s.neg ? -(float)((uint64_t)0 - b) : (float)b;
    ((float *)y)[i] = f;
    return;
  }
  if (type == EC_T_B1) {
    ((uint8_t *)y)[i] = (uint8_t)(s.is_float ? s.f != 0.0f : b != 0);
    return;
  }
  if (s.is_float) {
    const int is_signed = type <= EC_T_I64;
    const int bits = 8 << (is_signed ? type - EC_T_I8 : type - EC_T_U8);
    b = ec_float_to_bits(s.f, bits, is_signed);
  }
  /* Narrowing keeps the low bits (two's complement wrap-around). */
  switch (type) {
  case EC_T_I8: case EC_T_U8: ((uint8_t *)y)[i] = (uint8_t)b; break;
  case EC_T_I16: case EC_T_U16: ((uint16_t *)y)[i] = (uint16_t)b; break;
  case EC_T_I32: case EC_T_U32: ((uint32_t *)y)[i] = (uint32_t)b; break;
  default: ((uint64_t *)y)[i] = b; break;
  }
}

/** y = x converted from element type `from` to `to` (EC_T_*; operands 0
 * and 2 of p). */
EC_KERNEL void ec_cast(const ec_nd *p, int32_t from, int32_t to, const void *x,
                       void *y) {
  const int32_t rows = ec_nd_rows(p), last = p->rank - 1;
  const int32_t len = p->shape[last], sx = p->s0[last], sy = p->s2[last];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox, unused, oy;
    ec_nd_row(p, r, &ox, &unused, &oy);
    for (i = 0; i < len; ++i)
      ec_store(to, y, oy + (ptrdiff_t)i * sy,
               ec_load(from, x, ox + (ptrdiff_t)i * sx));
  }
}

/* Selection of elements of T's size (any type of that size): p walks a, b
 * and y, pc the condition (operand 0) over the same shape. */
#define EC_DEFINE_WHERE(name, T)                                               \
  /** y = c ? a : b. */                                                        \
  EC_KERNEL void name(const ec_nd *p, const ec_nd *pc, const uint8_t *c,       \
                      const void *av, const void *bv, void *yv) {              \
    const T *a = (const T *)av;                                                \
    const T *b = (const T *)bv;                                                \
    T *y = (T *)yv;                                                            \
    const int32_t sc = pc->s0[p->rank - 1];                                    \
    EC_INT_WALK(T, T)                                                          \
    ptrdiff_t oc, u1, u2;                                                      \
    const uint8_t *cr;                                                         \
    ec_nd_row(pc, r, &oc, &u1, &u2);                                           \
    cr = c + oc;                                                               \
    for (i = 0; i < len; ++i)                                                  \
      yr[(ptrdiff_t)i * sy] = cr[(ptrdiff_t)i * sc] ? ar[(ptrdiff_t)i * sa]    \
                                                    : br[(ptrdiff_t)i * sb];   \
  }                                                                            \
  }

EC_DEFINE_WHERE(ec_where_b8, uint8_t)
EC_DEFINE_WHERE(ec_where_b16, uint16_t)
EC_DEFINE_WHERE(ec_where_b32, uint32_t)
EC_DEFINE_WHERE(ec_where_b64, uint64_t)

/** Gather along an axis by run-time indices: for each element of the
 * output walk (operands 0: x at coordinate 0 of the axis, 1: the index, 2:
 * y), y = x[index * sx], the index counted from the end when negative and
 * clamped to [0, n). */
typedef struct {
  ec_nd nd;
  int32_t n, sx;
} ec_gather_params;

#define EC_DEFINE_GATHER(name, T)                                              \
  EC_KERNEL void name(const ec_gather_params *q, const void *xv,               \
                      const int64_t *idx, void *yv) {                          \
    const ec_nd *p = &q->nd;                                                   \
    const T *x = (const T *)xv;                                                \
    T *y = (T *)yv;                                                            \
    const int32_t rows = ec_nd_rows(p), last = p->rank - 1;                    \
    const int32_t len = p->shape[last], s0 = p->s0[last], s1 = p->s1[last];    \
    const int32_t sy = p->s2[last];                                            \
    int32_t r, i;                                                              \
    for (r = 0; r < rows; ++r) {                                               \
      ptrdiff_t ox, oi, oy;                                                    \
      ec_nd_row(p, r, &ox, &oi, &oy);                                          \
      for (i = 0; i < len; ++i) {                                              \
        int64_t k = idx[oi + (ptrdiff_t)i * s1];                               \
        if (k < 0) k += q->n;                                                  \
        if (k < 0) k = 0;                                                      \
        if (k >= q->n) k = q->n - 1;                                           \
        y[oy + (ptrdiff_t)i * sy] =                                            \
            x[ox + (ptrdiff_t)i * s0 + (ptrdiff_t)k * q->sx];                  \
      }                                                                        \
    }                                                                          \
  }

EC_DEFINE_GATHER(ec_gather_b8, uint8_t)
EC_DEFINE_GATHER(ec_gather_b16, uint16_t)
EC_DEFINE_GATHER(ec_gather_b32, uint32_t)
EC_DEFINE_GATHER(ec_gather_b64, uint64_t)

/** Arg max/min: for each element of the output walk (operands 0: x at the
 * start of the reduced axis, 2: y), the index along the axis (n elements,
 * stride sx) of the largest (max != 0) or smallest element; ties give the
 * first, or the last with last != 0. */
typedef struct {
  ec_nd nd;
  int32_t n, sx, max, last;
} ec_arg_params;

#define EC_DEFINE_ARG_REDUCE(sfx, T, ISNAN)                                    \
  EC_KERNEL void ec_arg_reduce_##sfx(const ec_arg_params *q, const T *x,       \
                                     int64_t *y) {                             \
    const ec_nd *p = &q->nd;                                                   \
    const int32_t rows = ec_nd_rows(p), last = p->rank - 1;                    \
    const int32_t len = p->shape[last], s0 = p->s0[last], sy = p->s2[last];    \
    int32_t r, i, j;                                                           \
    for (r = 0; r < rows; ++r) {                                               \
      ptrdiff_t ox, unused, oy;                                                \
      ec_nd_row(p, r, &ox, &unused, &oy);                                      \
      for (i = 0; i < len; ++i) {                                              \
        const T *v = x + ox + (ptrdiff_t)i * s0;                               \
        T best = v[0];                                                         \
        int32_t at = 0;                                                        \
        for (j = 1; j < q->n && !(ISNAN(best) && !q->last); ++j) {             \
          const T u = v[(ptrdiff_t)j * q->sx];                                 \
          int better = ISNAN(u) ? 1                                            \
                       : ISNAN(best) ? 0                                       \
                       : q->max ? (q->last ? u >= best : u > best)             \
                                : (q->last ? u <= best : u < best);            \
          if (better) {                                                        \
            best = u;                                                          \
            at = j;                                                            \
          }                                                                    \
        }                                                                      \
        y[oy + (ptrdiff_t)i * sy] = at;                                        \
      }                                                                        \
    }                                                                          \
  }

/** Top-k: for each row of the walk (operands 0: x at the start of the
 * axis, 2: y), the indices of the k best of the n elements (stride sx),
 * best first, written at stride sy: the largest (smallest != 0: the
 * smallest), equal values by lower index, NaN above any number. Each pick
 * is the best element ranked after the previous pick, so no scratch memory
 * is needed (n * k comparisons per row). */
typedef struct {
  ec_nd nd;
  int32_t n, sx, k, sy, smallest;
} ec_top_k_params;

#define EC_DEFINE_TOP_K(sfx, T, ISNAN)                                         \
  /* a (at index ia) ranks before b (at ib). */                                \
  EC_KERNEL int ec_top_k_before_##sfx(T a, int32_t ia, T b, int32_t ib,        \
                                      int smallest) {                          \
    if (ISNAN(a) || ISNAN(b)) {                                                \
      if (ISNAN(a) && ISNAN(b)) return ia < ib;                                \
      return smallest ? ISNAN(b) : ISNAN(a);                                   \
    }                                                                          \
    if (a != b) return smallest ? a < b : a > b;                               \
    return ia < ib;                                                            \
  }                                                                            \
  EC_KERNEL void ec_top_k_##sfx(const ec_top_k_params *q, const T *x,          \
                                int64_t *y) {                                  \
    const ec_nd *p = &q->nd;                                                   \
    const int32_t rows = ec_nd_rows(p), last = p->rank - 1;                    \
    const int32_t len = p->shape[last], s0 = p->s0[last], s2 = p->s2[last];    \
    int32_t r, i, j, t;                                                        \
    for (r = 0; r < rows; ++r) {                                               \
      ptrdiff_t ox, unused, oy;                                                \
      ec_nd_row(p, r, &ox, &unused, &oy);                                      \
      for (i = 0; i < len; ++i) {                                              \
        const T *v = x + ox + (ptrdiff_t)i * s0;                               \
        int64_t *out = y + oy + (ptrdiff_t)i * s2;                             \
        int32_t prev = -1;                                                     \
        for (t = 0; t < q->k; ++t) {                                           \
          int32_t best = -1;                                                   \
          for (j = 0; j < q->n; ++j) {                                         \
            const T u = v[(ptrdiff_t)j * q->sx];                               \
            if (prev >= 0 &&                                                   \
                !ec_top_k_before_##sfx(v[(ptrdiff_t)prev * q->sx], prev, u, j, \
                                       q->smallest))                           \
              continue; /* ranked at or before the previous pick */            \
            if (best < 0 ||                                                    \
                ec_top_k_before_##sfx(u, j, v[(ptrdiff_t)best * q->sx], best,  \
                                      q->smallest))                            \
              best = j;                                                        \
          }                                                                    \
          out[(ptrdiff_t)t * q->sy] = best;                                    \
          prev = best;                                                         \
        }                                                                      \
      }                                                                        \
    }                                                                          \
  }

#define EC_ISNAN_F(u) ((u) != (u))
#define EC_ISNAN_I(u) 0
EC_DEFINE_ARG_REDUCE(f32, float, EC_ISNAN_F)
EC_DEFINE_ARG_REDUCE(i8, int8_t, EC_ISNAN_I)
EC_DEFINE_ARG_REDUCE(i16, int16_t, EC_ISNAN_I)
EC_DEFINE_ARG_REDUCE(i32, int32_t, EC_ISNAN_I)
EC_DEFINE_ARG_REDUCE(i64, int64_t, EC_ISNAN_I)
EC_DEFINE_ARG_REDUCE(u8, uint8_t, EC_ISNAN_I)
EC_DEFINE_ARG_REDUCE(u16, uint16_t, EC_ISNAN_I)
EC_DEFINE_ARG_REDUCE(u32, uint32_t, EC_ISNAN_I)
EC_DEFINE_ARG_REDUCE(u64, uint64_t, EC_ISNAN_I)

EC_DEFINE_TOP_K(f32, float, EC_ISNAN_F)
EC_DEFINE_TOP_K(i8, int8_t, EC_ISNAN_I)
EC_DEFINE_TOP_K(i16, int16_t, EC_ISNAN_I)
EC_DEFINE_TOP_K(i32, int32_t, EC_ISNAN_I)
EC_DEFINE_TOP_K(i64, int64_t, EC_ISNAN_I)
EC_DEFINE_TOP_K(u8, uint8_t, EC_ISNAN_I)
EC_DEFINE_TOP_K(u16, uint16_t, EC_ISNAN_I)
EC_DEFINE_TOP_K(u32, uint32_t, EC_ISNAN_I)
EC_DEFINE_TOP_K(u64, uint64_t, EC_ISNAN_I)

#undef EC_DEFINE_TOP_K
#undef EC_ISNAN_F
#undef EC_ISNAN_I
#undef EC_DEFINE_ARG_REDUCE
#undef EC_DEFINE_WHERE
#undef EC_DEFINE_GATHER
#undef EC_DEFINE_COMPARE
#undef EC_DEFINE_INT_ARITH
#undef EC_INT_WALK
#undef EC_INT_ROW

#endif /* EC_ELTWISE_INT_H */
