/* ec_common.h - types shared by the edgec C kernels.
 *
 * The kernels are header-only C99: every function is static inline, so the
 * generated code of two models links into one firmware image without symbol
 * clashes, and an unused kernel costs no flash. No allocation, no libm, no
 * globals. Every activation is described by a view: sizes plus element
 * strides, so a kernel can read a transposed tensor or write into a slice of
 * a larger buffer in place. */
#ifndef EC_COMMON_H
#define EC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define EC_ALIGNED(n) __attribute__((aligned(n)))
/* An inner loop kept out of line: its registers are its own. */
#define EC_NOINLINE __attribute__((noinline))
/* A function whose loops must see its body to vectorize. */
#define EC_ALWAYS_INLINE __attribute__((always_inline))
#else
#define EC_ALIGNED(n)
#define EC_NOINLINE
#define EC_ALWAYS_INLINE
#endif

/* A char array initialized by a string literal with no room for its NUL:
 * the byte rows of the weights. */
#if defined(__has_attribute)
#if __has_attribute(nonstring)
#define EC_NONSTRING __attribute__((nonstring))
#endif
#endif
#ifndef EC_NONSTRING
#define EC_NONSTRING
#endif

#define EC_KERNEL static inline
#define EC_RESTRICT restrict
#define EC_MAX_RANK 6

/** A 4-D NHWC view: sizes and element strides. */
typedef struct {
  int32_t n, h, w, c;
  int32_t sn, sh, sw, sc;
} ec_view4;

/* Kinds of element-wise binary ops (edgec's BinaryKind); the comparisons
 * give 0 or 1. */
enum { EC_ADD = 0, EC_SUB = 1, EC_MUL = 2, EC_DIV = 3, EC_MAX = 4, EC_MIN = 5,
       EC_POW = 6, EC_MOD = 7, EC_FMOD = 8, EC_LOGICAL_AND = 9,
       EC_LOGICAL_OR = 10, EC_LOGICAL_XOR = 11, EC_SHL = 12, EC_SHR = 13,
       EC_EQ = 14, EC_LT = 15, EC_LE = 16, EC_GT = 17, EC_GE = 18 };

/* Kinds of element-wise unary functions (edgec's UnaryKind). */
enum {
  EC_EXP = 0, EC_LOG = 1, EC_SQRT = 2, EC_TANH = 3, EC_ERF = 4, EC_SIGMOID = 5,
  EC_NEG = 6, EC_ABS = 7, EC_RECIPROCAL = 8, EC_HARD_SIGMOID = 9,
  EC_HARD_SWISH = 10, EC_FLOOR = 11, EC_CEIL = 12, EC_ROUND = 13, EC_SIGN = 14,
  EC_LOGICAL_NOT = 15, EC_SIN = 16, EC_COS = 17, EC_TAN = 18, EC_ASIN = 19,
  EC_ACOS = 20, EC_ATAN = 21, EC_SINH = 22, EC_COSH = 23, EC_ASINH = 24,
  EC_ACOSH = 25, EC_ATANH = 26
};

/** Up to three operands walked over one shape; stride 0 broadcasts. */
typedef struct {
  int32_t rank; /* 1..EC_MAX_RANK, innermost dimension last */
  int32_t shape[EC_MAX_RANK];
  int32_t s0[EC_MAX_RANK];
  int32_t s1[EC_MAX_RANK];
  int32_t s2[EC_MAX_RANK];
} ec_nd;

/** Optional output activation fused into a kernel. on = 1: clamp to
 * [lo, hi]; on = 2 (convolutions and matrix products only): hard swish,
 * v * min(1, max(0, lo * v + hi)), ONNX's HardSwish with lo = 1/6, hi = 1/2. */
typedef struct {
  int32_t on;
  float lo, hi;
} ec_clamp;

EC_KERNEL float ec_clampf(float v, ec_clamp c) {
  if (v < c.lo) v = c.lo;
  if (v > c.hi) v = c.hi;
  return v;
}

/** The activation `c` applied to v (c.on != 0). */
EC_KERNEL float ec_actf(float v, ec_clamp c) {
  float g;
  if (c.on != 2) return ec_clampf(v, c);
  g = c.lo * v + c.hi;
  g = g < 0.0f ? 0.0f : g > 1.0f ? 1.0f : g;
  return v * g;
}

/** Offsets of the three operands at row `row` (all dimensions but the last). */
EC_KERNEL void ec_nd_row(const ec_nd *p, int32_t row, ptrdiff_t *o0,
                         ptrdiff_t *o1, ptrdiff_t *o2) {
  int32_t d;
  ptrdiff_t a = 0, b = 0, y = 0;
  for (d = p->rank - 2; d >= 0; --d) {
    int32_t i = row % p->shape[d];
    row /= p->shape[d];
    a += (ptrdiff_t)i * p->s0[d];
    b += (ptrdiff_t)i * p->s1[d];
    y += (ptrdiff_t)i * p->s2[d];
  }
  *o0 = a;
  *o1 = b;
  *o2 = y;
}

EC_KERNEL int32_t ec_nd_rows(const ec_nd *p) {
  int32_t d, rows = 1;
  for (d = 0; d + 1 < p->rank; ++d) rows *= p->shape[d];
  return rows;
}

#endif /* EC_COMMON_H */
