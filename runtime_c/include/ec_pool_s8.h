/* ec_pool_s8.h - int8 max and average pooling; input and output share one
 * scale and zero point. */
#ifndef EC_POOL_S8_H
#define EC_POOL_S8_H

#include "ec_pool.h"
#include "ec_quant.h"

/** Max, or the average rounded to nearest (ties away from zero) as TFLite
 * does. With count_include_pad the padding counts as real zeros, that is
 * the zero point. A window with no input element gives the zero point. */
EC_KERNEL void ec_pool2d_s8(const ec_pool2d_params *p, int32_t zero_point,
                            const int8_t *x, int8_t *y) {
  int32_t n, oy, ox, ky, kx, c;
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy)
      for (ox = 0; ox < p->y.w; ++ox)
        for (c = 0; c < p->y.c; ++c) {
          int32_t sum = 0, mx = -128, valid = 0, padded = 0, count, v;
          for (ky = 0; ky < p->kh; ++ky)
            for (kx = 0; kx < p->kw; ++kx) {
              const int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
              const int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
              int32_t e;
              if (iy < -p->pad_t || iy >= p->x.h + p->pad_b ||
                  ix < -p->pad_l || ix >= p->x.w + p->pad_r)
                continue;
              ++padded;
              if (iy < 0 || iy >= p->x.h || ix < 0 || ix >= p->x.w) continue;
              e = x[(ptrdiff_t)n * p->x.sn + (ptrdiff_t)iy * p->x.sh +
                    (ptrdiff_t)ix * p->x.sw + (ptrdiff_t)c * p->x.sc];
              mx = e > mx ? e : mx;
              sum += e;
              ++valid;
            }
          if (valid == 0) {
            v = zero_point;
          } else if (!p->is_avg) {
            v = mx;
          } else {
            count = p->count_include_pad ? padded : valid;
            sum += (count - valid) * zero_point;
            v = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
          }
          y[(ptrdiff_t)n * p->y.sn + (ptrdiff_t)oy * p->y.sh +
            (ptrdiff_t)ox * p->y.sw + (ptrdiff_t)c * p->y.sc] = (int8_t)ec_sat8(v);
        }
}

#endif /* EC_POOL_S8_H */
