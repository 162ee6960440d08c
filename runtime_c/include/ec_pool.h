/* ec_pool.h - NHWC max and average pooling. */
#ifndef EC_POOL_H
#define EC_POOL_H

#include "ec_common.h"

typedef struct {
  ec_view4 x, y;
  int32_t is_avg;
  int32_t kh, kw, stride_h, stride_w, dil_h, dil_w;
  int32_t pad_t, pad_l, pad_b, pad_r;
  int32_t count_include_pad;
} ec_pool2d_params;

/** Windows are clipped to the input. An average divides by the number of
 * input elements in the window, or with count_include_pad by the number of
 * window positions inside the padded input. */
EC_KERNEL void ec_pool2d_f32(const ec_pool2d_params *p,
                             const float *EC_RESTRICT x,
                             float *EC_RESTRICT y) {
  const int32_t C = p->y.c, xsc = p->x.sc, ysc = p->y.sc;
  int32_t n, oy, ox, ky, kx, c;
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy)
      for (ox = 0; ox < p->y.w; ++ox) {
        float *EC_RESTRICT yp = y + (ptrdiff_t)n * p->y.sn +
                                (ptrdiff_t)oy * p->y.sh + (ptrdiff_t)ox * p->y.sw;
        int32_t valid = 0, padded = 0;
        for (ky = 0; ky < p->kh; ++ky) {
          int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
          if (iy < -p->pad_t || iy >= p->x.h + p->pad_b) continue;
          for (kx = 0; kx < p->kw; ++kx) {
            int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
            const float *EC_RESTRICT xp;
            if (ix < -p->pad_l || ix >= p->x.w + p->pad_r) continue;
            ++padded;
            if (iy < 0 || iy >= p->x.h || ix < 0 || ix >= p->x.w) continue;
            xp = x + (ptrdiff_t)n * p->x.sn + (ptrdiff_t)iy * p->x.sh +
                 (ptrdiff_t)ix * p->x.sw;
            if (valid == 0) {
              for (c = 0; c < C; ++c) yp[(ptrdiff_t)c * ysc] = xp[(ptrdiff_t)c * xsc];
            } else if (p->is_avg) {
              if (xsc == 1 && ysc == 1) {
                for (c = 0; c < C; ++c) yp[c] += xp[c];
              } else {
                for (c = 0; c < C; ++c)
                  yp[(ptrdiff_t)c * ysc] += xp[(ptrdiff_t)c * xsc];
              }
            } else {
              for (c = 0; c < C; ++c) {
                float v = xp[(ptrdiff_t)c * xsc];
                float *d = &yp[(ptrdiff_t)c * ysc];
                *d = v > *d ? v : *d;
              }
            }
            ++valid;
          }
        }
        if (valid == 0) {
          for (c = 0; c < C; ++c) yp[(ptrdiff_t)c * ysc] = 0.0f;
        } else if (p->is_avg) {
          const float count = (float)(p->count_include_pad ? padded : valid);
          for (c = 0; c < C; ++c) yp[(ptrdiff_t)c * ysc] /= count;
        }
      }
}

#endif /* EC_POOL_H */
