/* ec_conv_s8.h - int8 NHWC convolutions with per-channel requantization.
 *
 * acc = bias[o] + sum (x + input_offset) * w over the window, then
 * y = clamp(requantize(acc, multiplier[o], shift[o]) + output_offset,
 * act_min, act_max): TFLite's and CMSIS-NN's arithmetic, with
 * input_offset = -input zero point and output_offset = output zero point. */
#ifndef EC_CONV_S8_H
#define EC_CONV_S8_H

#include "ec_conv.h"
#include "ec_quant.h"

typedef struct {
  ec_conv2d_params c; /* shapes and window; c.act is unused */
  int32_t input_offset, output_offset, act_min, act_max;
  const int32_t *multiplier, *shift; /* per output channel */
} ec_conv2d_s8_params;

EC_KERNEL int8_t ec_conv_s8_out(const ec_conv2d_s8_params *p, int32_t acc,
                                int32_t o) {
  int32_t v = ec_requantize(acc, p->multiplier[o], p->shift[o]) + p->output_offset;
  v = v < p->act_min ? p->act_min : v;
  return (int8_t)(v > p->act_max ? p->act_max : v);
}

/** Grouped convolution through optional channel tables: logical input
 * channel i is channel xmap[i] of x, output channel o goes to ymap[o] of y
 * (NULL: themselves). w is [kh][kw][C_in/groups][C_out], b may be NULL. */
EC_KERNEL void ec_conv2d_mapped_s8(const ec_conv2d_s8_params *p,
                                   const int32_t *xmap, const int32_t *ymap,
                                   const int8_t *x, const int8_t *w,
                                   const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t G = c->groups, OC = c->y.c, ICG = c->x.c / G, OCG = OC / G;
  int32_t n, oy, ox, o, ky, kx, ic;
  for (n = 0; n < c->y.n; ++n)
    for (oy = 0; oy < c->y.h; ++oy)
      for (ox = 0; ox < c->y.w; ++ox)
        for (o = 0; o < OC; ++o) {
          const int32_t g = o / OCG;
          int32_t acc = b ? b[o] : 0;
          for (ky = 0; ky < c->kh; ++ky) {
            const int32_t iy = oy * c->stride_h - c->pad_t + ky * c->dil_h;
            if (iy < 0 || iy >= c->x.h) continue;
            for (kx = 0; kx < c->kw; ++kx) {
              const int32_t ix = ox * c->stride_w - c->pad_l + kx * c->dil_w;
              const int8_t *xp;
              const int8_t *wp;
              if (ix < 0 || ix >= c->x.w) continue;
              xp = x + (ptrdiff_t)n * c->x.sn + (ptrdiff_t)iy * c->x.sh +
                   (ptrdiff_t)ix * c->x.sw;
              wp = w + ((ptrdiff_t)(ky * c->kw + kx) * ICG) * OC + o;
              for (ic = 0; ic < ICG; ++ic) {
                const int32_t ch = g * ICG + ic;
                acc += ((int32_t)xp[(ptrdiff_t)(xmap ? xmap[ch] : ch) * c->x.sc] +
                        p->input_offset) *
                       (int32_t)wp[(ptrdiff_t)ic * OC];
              }
            }
          }
          y[(ptrdiff_t)n * c->y.sn + (ptrdiff_t)oy * c->y.sh +
            (ptrdiff_t)ox * c->y.sw + (ptrdiff_t)(ymap ? ymap[o] : o) * c->y.sc] =
              ec_conv_s8_out(p, acc, o);
        }
}

/** Grouped convolution (no channel tables). */
EC_KERNEL void ec_conv2d_s8(const ec_conv2d_s8_params *p, const int8_t *x,
                            const int8_t *w, const int32_t *b, int8_t *y) {
  ec_conv2d_mapped_s8(p, NULL, NULL, x, w, b, y);
}

/** Depthwise convolution (one input and one output channel per group).
 * Each output pixel is computed from its window and written before the
 * next, in raster order, so the output may start a few pixels before the
 * input in one buffer (see edgec-in-place). */
EC_KERNEL void ec_dwconv2d_s8(const ec_conv2d_s8_params *p, const int8_t *x,
                              const int8_t *w, const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t C = c->y.c;
  int32_t n, oy, ox, o, ky, kx;
  for (n = 0; n < c->y.n; ++n)
    for (oy = 0; oy < c->y.h; ++oy)
      for (ox = 0; ox < c->y.w; ++ox) {
        int8_t *yp = y + (ptrdiff_t)n * c->y.sn + (ptrdiff_t)oy * c->y.sh +
                     (ptrdiff_t)ox * c->y.sw;
        for (o = 0; o < C; ++o) {
          int32_t acc = b ? b[o] : 0;
          for (ky = 0; ky < c->kh; ++ky) {
            const int32_t iy = oy * c->stride_h - c->pad_t + ky * c->dil_h;
            if (iy < 0 || iy >= c->x.h) continue;
            for (kx = 0; kx < c->kw; ++kx) {
              const int32_t ix = ox * c->stride_w - c->pad_l + kx * c->dil_w;
              if (ix < 0 || ix >= c->x.w) continue;
              acc += ((int32_t)x[(ptrdiff_t)n * c->x.sn + (ptrdiff_t)iy * c->x.sh +
                                 (ptrdiff_t)ix * c->x.sw + (ptrdiff_t)o * c->x.sc] +
                      p->input_offset) *
                     (int32_t)w[(ptrdiff_t)(ky * c->kw + kx) * C + o];
            }
          }
          yp[(ptrdiff_t)o * c->y.sc] = ec_conv_s8_out(p, acc, o);
        }
      }
}

#endif /* EC_CONV_S8_H */
