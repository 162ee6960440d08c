/* ec_pad.h - constant, reflect and edge padding over N-D strided views. */
#ifndef EC_PAD_H
#define EC_PAD_H

#include "ec_common.h"

enum { EC_PAD_CONSTANT = 0, EC_PAD_REFLECT = 1, EC_PAD_EDGE = 2 };

typedef struct {
  int32_t rank;
  int32_t out[EC_MAX_RANK];   /* output sizes */
  int32_t in[EC_MAX_RANK];    /* input sizes */
  int32_t begin[EC_MAX_RANK]; /* padding before each dimension */
  int32_t sx[EC_MAX_RANK], sy[EC_MAX_RANK];
  int32_t mode;
  float value;
} ec_pad_params;

/* The input index that output index j of a dimension reads, or -1 for a
 * constant fill. */
EC_KERNEL int32_t ec_pad_source(int32_t j, int32_t begin, int32_t n,
                                int32_t mode) {
  int32_t i = j - begin;
  if (i >= 0 && i < n) return i;
  if (mode == EC_PAD_CONSTANT) return -1;
  if (mode == EC_PAD_EDGE) return i < 0 ? 0 : n - 1;
  return i < 0 ? -i : 2 * n - 2 - i; /* reflect (pad < n) */
}

EC_KERNEL void ec_pad_f32(const ec_pad_params *p, const float *EC_RESTRICT x,
                          float *EC_RESTRICT y) {
  const int32_t last = p->rank - 1, len = p->out[last];
  int32_t rows = 1, r, d, j;
  for (d = 0; d < last; ++d) rows *= p->out[d];
  for (r = 0; r < rows; ++r) {
    ptrdiff_t ox = 0, oy = 0;
    int32_t rest = r, fill = 0;
    for (d = last - 1; d >= 0; --d) {
      int32_t o = rest % p->out[d], i;
      rest /= p->out[d];
      i = ec_pad_source(o, p->begin[d], p->in[d], p->mode);
      if (i < 0) fill = 1;
      else ox += (ptrdiff_t)i * p->sx[d];
      oy += (ptrdiff_t)o * p->sy[d];
    }
    for (j = 0; j < len; ++j) {
      int32_t i = fill ? -1 : ec_pad_source(j, p->begin[last], p->in[last], p->mode);
      y[oy + (ptrdiff_t)j * p->sy[last]] =
          i < 0 ? p->value : x[ox + (ptrdiff_t)i * p->sx[last]];
    }
  }
}

#endif /* EC_PAD_H */
