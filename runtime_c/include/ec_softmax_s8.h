/* ec_softmax_s8.h - int8 softmax along one axis.
 *
 * The output type is fixed, as in TFLite: scale 1/256, zero point -128.
 * exp_table[255 + d] = round(2^16 exp(input_scale * d)) for d = q - max(q)
 * in [-255, 0], computed by the compiler; the kernel only adds, multiplies
 * and divides integers. */
#ifndef EC_SOFTMAX_S8_H
#define EC_SOFTMAX_S8_H

#include "ec_quant.h"
#include "ec_softmax.h"

EC_KERNEL void ec_softmax_s8(const ec_softmax_params *p,
                             const int32_t *exp_table, const int8_t *x,
                             int8_t *y) {
  int32_t o, i, a;
  for (o = 0; o < p->outer; ++o)
    for (i = 0; i < p->inner; ++i) {
      const int8_t *xp = x + (ptrdiff_t)o * p->sx_o + (ptrdiff_t)i * p->sx_i;
      int8_t *yp = y + (ptrdiff_t)o * p->sy_o + (ptrdiff_t)i * p->sy_i;
      int32_t mx = xp[0];
      uint64_t sum = 0;
      for (a = 1; a < p->axis; ++a) {
        const int32_t v = xp[(ptrdiff_t)a * p->sx_a];
        mx = v > mx ? v : mx;
      }
      for (a = 0; a < p->axis; ++a)
        sum += (uint32_t)exp_table[255 + xp[(ptrdiff_t)a * p->sx_a] - mx];
      for (a = 0; a < p->axis; ++a) {
        /* round(256 e / sum) - 128, ties up; y may alias x: read first */
        const uint64_t e = (uint32_t)exp_table[255 + xp[(ptrdiff_t)a * p->sx_a] - mx];
        const int32_t q = (int32_t)((e * 512u + sum) / (2u * sum)) - 128;
        yp[(ptrdiff_t)a * p->sy_a] = (int8_t)(q > 127 ? 127 : q);
      }
    }
}

#endif /* EC_SOFTMAX_S8_H */
