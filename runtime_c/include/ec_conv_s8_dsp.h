/* ec_conv_s8_dsp.h - int8 convolutions with the Arm DSP extension's
 * dual 16-bit multiply-accumulate (SMLAD): Cortex-M4, M7, M33, M55.
 * Same arithmetic and results as ec_conv_s8.h. */
#ifndef EC_CONV_S8_DSP_H
#define EC_CONV_S8_DSP_H

#include "ec_conv_s8.h"
#include "ec_dsp.h"

/** Four products of a pair of pixels with a pair of output channels over
 * n input channels (n % 4 == 0): each word of four int8 splits into two
 * registers of two 16-bit lanes (bytes 0, 2 and 1, 3) and one SMLAD takes
 * two products. */
EC_NOINLINE static void ec_dot_2x2_s8_dsp(const int8_t *x0, const int8_t *x1,
                                     const int8_t *w0, const int8_t *w1,
                                     int32_t n, int32_t acc[4]) {
  int32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
  const int8_t *end = x0 + n;
  /* Pointers advance with the loads and few values are live at once, so
   * everything stays in the 14 usable registers of Armv7-M. */
  while (x0 != end) {
    const uint32_t xa = ec_read4(x0), wa = ec_read4(w0);
    const uint32_t xb = ec_read4(x1), wb = ec_read4(w1);
    uint32_t xl = ec_sxtb16(xa), wl = ec_sxtb16(wa), xm = ec_sxtb16(xb);
    x0 += 4; w0 += 4; x1 += 4; w1 += 4;
    a00 = ec_smlad(xl, wl, a00);
    a01 = ec_smlad(xm, wl, a01);
    wl = ec_sxtb16(wb);
    a10 = ec_smlad(xl, wl, a10);
    a11 = ec_smlad(xm, wl, a11);
    xl = ec_sxtb16_ror8(xa);
    wl = ec_sxtb16_ror8(wa);
    xm = ec_sxtb16_ror8(xb);
    a00 = ec_smlad(xl, wl, a00);
    a01 = ec_smlad(xm, wl, a01);
    wl = ec_sxtb16_ror8(wb);
    a10 = ec_smlad(xl, wl, a10);
    a11 = ec_smlad(xm, wl, a11);
  }
  acc[0] = a00; acc[1] = a01; acc[2] = a10; acc[3] = a11;
}

/** Input pixel `pix` (raster order over the output) of a 1x1 convolution. */
static inline const int8_t *ec_pixel_1x1(const ec_conv2d_params *c,
                                         const int8_t *x, int32_t pix) {
  const int32_t ox = pix % c->y.w, rest = pix / c->y.w;
  const int32_t oy = rest % c->y.h, n = rest / c->y.h;
  return x + (ptrdiff_t)n * c->x.sn + (ptrdiff_t)(oy * c->stride_h) * c->x.sh +
         (ptrdiff_t)(ox * c->stride_w) * c->x.sw;
}

/** 1x1 convolution, one group, no padding, the filter [C_out][C_in]
 * (ohwi_filter), input channels contiguous, the input offset folded into
 * the bias (input_offset 0: input_offset_in_bias). Blocks of two pixels by
 * two output channels; input channels four at a time with SMLAD, the
 * remainder one at a time. */
EC_KERNEL void ec_conv2d_1x1_s8_dsp(const ec_conv2d_s8_params *p,
                                    const int8_t *x, const int8_t *w,
                                    const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t IC = c->x.c, OC = c->y.c, pixels = c->y.n * c->y.h * c->y.w;
  const int32_t vec = IC & ~3;
  int32_t pix, o, i;
  if (p->input_offset != 0) {
    ec_conv2d_ohwi_s8(p, x, w, b, y);
    return;
  }
  for (pix = 0; pix < pixels; pix += 2) {
    /* With an odd count the last pair computes its pixel twice. */
    const int32_t pix1 = pix + 1 < pixels ? pix + 1 : pix;
    const int8_t *x0 = ec_pixel_1x1(c, x, pix), *x1 = ec_pixel_1x1(c, x, pix1);
    int8_t *y0 = ec_out_pixel(c, y, pix), *y1 = ec_out_pixel(c, y, pix1);
    for (o = 0; o < OC; o += 2) {
      const int32_t o1 = o + 1 < OC ? o + 1 : o;
      const int8_t *w0 = w + (ptrdiff_t)o * IC, *w1 = w + (ptrdiff_t)o1 * IC;
      int32_t acc[4];
      acc[0] = acc[1] = b ? b[o] : 0;
      acc[2] = acc[3] = b ? b[o1] : 0;
      ec_dot_2x2_s8_dsp(x0, x1, w0, w1, vec, acc);
      for (i = vec; i < IC; ++i) {
        acc[0] += (int32_t)x0[i] * w0[i];
        acc[1] += (int32_t)x1[i] * w0[i];
        acc[2] += (int32_t)x0[i] * w1[i];
        acc[3] += (int32_t)x1[i] * w1[i];
      }
      y0[(ptrdiff_t)o * c->y.sc] = ec_conv_s8_out(p, acc[0], o);
      y1[(ptrdiff_t)o * c->y.sc] = ec_conv_s8_out(p, acc[1], o);
      y0[(ptrdiff_t)o1 * c->y.sc] = ec_conv_s8_out(p, acc[2], o1);
      y1[(ptrdiff_t)o1 * c->y.sc] = ec_conv_s8_out(p, acc[3], o1);
    }
  }
}

#endif /* EC_CONV_S8_DSP_H */
