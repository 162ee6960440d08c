/* ec_softmax.h - softmax along one axis. */
#ifndef EC_SOFTMAX_H
#define EC_SOFTMAX_H

#include "ec_common.h"
#include "ec_math.h"

typedef struct {
  int32_t outer, axis, inner;
  int32_t sx_o, sx_a, sx_i, sy_o, sy_a, sy_i;
} ec_softmax_params;

/** y = exp(x - max) / sum(exp(x - max)) along the axis. y may alias x. */
EC_KERNEL void ec_softmax_f32(const ec_softmax_params *p, const float *x,
                              float *y) {
  int32_t o, i, a;
  for (o = 0; o < p->outer; ++o)
    for (i = 0; i < p->inner; ++i) {
      const float *xp = x + (ptrdiff_t)o * p->sx_o + (ptrdiff_t)i * p->sx_i;
      float *yp = y + (ptrdiff_t)o * p->sy_o + (ptrdiff_t)i * p->sy_i;
      float mx = xp[0], sum = 0.0f;
      for (a = 1; a < p->axis; ++a) {
        float v = xp[(ptrdiff_t)a * p->sx_a];
        mx = v > mx ? v : mx;
      }
      for (a = 0; a < p->axis; ++a) {
        float e = ec_expf(xp[(ptrdiff_t)a * p->sx_a] - mx);
        yp[(ptrdiff_t)a * p->sy_a] = e;
        sum += e;
      }
      for (a = 0; a < p->axis; ++a) yp[(ptrdiff_t)a * p->sy_a] /= sum;
    }
}

#endif /* EC_SOFTMAX_H */
