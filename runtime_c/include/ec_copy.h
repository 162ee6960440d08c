/* ec_copy.h - strided copies of elements of any type, by element size.
 *
 * Data movement does not look at values: a transpose, a concatenation slice
 * or an output copy of int8, uint8, bool, int16, int32 or int64 elements
 * (quantized ones included) moves 1, 2, 4 or 8 bytes per element. The walk
 * is operands 0 (source) and 2 (destination) of p, as ec_copy_f32's. */
#ifndef EC_COPY_H
#define EC_COPY_H

#include "ec_common.h"

#define EC_DEFINE_COPY(name, type)                                           \
  EC_KERNEL void name(const ec_nd *p, const void *EC_RESTRICT xv,            \
                      void *EC_RESTRICT yv) {                                \
    const type *x = (const type *)xv;                                        \
    type *y = (type *)yv;                                                    \
    const int32_t rows = ec_nd_rows(p), last = p->rank - 1;                  \
    const int32_t len = p->shape[last], sx = p->s0[last], sy = p->s2[last];  \
    int32_t r, i;                                                            \
    for (r = 0; r < rows; ++r) {                                             \
      ptrdiff_t ox, unused, oy;                                              \
      ec_nd_row(p, r, &ox, &unused, &oy);                                    \
      if (sx == 1 && sy == 1) {                                              \
        for (i = 0; i < len; ++i) y[oy + i] = x[ox + i];                     \
      } else {                                                               \
        for (i = 0; i < len; ++i)                                            \
          y[oy + (ptrdiff_t)i * sy] = x[ox + (ptrdiff_t)i * sx];             \
      }                                                                      \
    }                                                                        \
  }

/** Strided copy of 1-byte elements (int8, uint8, bool, quantized 8-bit). */
EC_DEFINE_COPY(ec_copy_b8, uint8_t)
/** Strided copy of 2-byte elements. */
EC_DEFINE_COPY(ec_copy_b16, uint16_t)
/** Strided copy of 4-byte elements other than float (int32). */
EC_DEFINE_COPY(ec_copy_b32, uint32_t)
/** Strided copy of 8-byte elements (int64). */
EC_DEFINE_COPY(ec_copy_b64, uint64_t)

#undef EC_DEFINE_COPY

#endif /* EC_COPY_H */
