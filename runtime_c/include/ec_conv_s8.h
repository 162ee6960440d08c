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
  /* 1: the bias already holds input_offset times each output channel's
   * weight sum (input_offset_in_bias): inputs are multiplied as stored,
   * and taps in the padding count as the zero point. Only the kernels
   * that read the filter output channel first take it. */
  int32_t offset_in_bias;
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

/** Convolution with one group, the filter stored [C_out][kh][kw][C_in]
 * (ohwi_filter), through optional channel tables (NULL: the channels
 * themselves) and any channel strides: what the Helium kernel runs where
 * Helium is not compiled in. */
EC_KERNEL void ec_conv2d_mapped_ohwi_s8(const ec_conv2d_s8_params *p,
                                        const int32_t *xmap, const int32_t *ymap,
                                        const int8_t *x, const int8_t *w,
                                        const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t IC = c->x.c, OC = c->y.c, per_out = c->kh * c->kw * IC;
  /* With the offset in the bias, inputs count as stored and a tap in the
   * padding as the zero point, -input_offset. */
  const int32_t off = p->offset_in_bias ? 0 : p->input_offset;
  int32_t n, oy, ox, o, ky, kx, i;
  for (n = 0; n < c->y.n; ++n)
    for (oy = 0; oy < c->y.h; ++oy)
      for (ox = 0; ox < c->y.w; ++ox)
        for (o = 0; o < OC; ++o) {
          int32_t acc = b ? b[o] : 0;
          for (ky = 0; ky < c->kh; ++ky) {
            const int32_t iy = oy * c->stride_h - c->pad_t + ky * c->dil_h;
            for (kx = 0; kx < c->kw; ++kx) {
              const int32_t ix = ox * c->stride_w - c->pad_l + kx * c->dil_w;
              const int8_t *xp, *wp;
              wp = w + (ptrdiff_t)o * per_out + (ptrdiff_t)(ky * c->kw + kx) * IC;
              if (iy < 0 || iy >= c->x.h || ix < 0 || ix >= c->x.w) {
                if (p->offset_in_bias)
                  for (i = 0; i < IC; ++i) acc -= p->input_offset * (int32_t)wp[i];
                continue;
              }
              xp = x + (ptrdiff_t)n * c->x.sn + (ptrdiff_t)iy * c->x.sh +
                   (ptrdiff_t)ix * c->x.sw;
              for (i = 0; i < IC; ++i)
                acc += ((int32_t)xp[(ptrdiff_t)(xmap ? xmap[i] : i) * c->x.sc] + off) *
                       (int32_t)wp[i];
            }
          }
          y[(ptrdiff_t)n * c->y.sn + (ptrdiff_t)oy * c->y.sh + (ptrdiff_t)ox * c->y.sw +
            (ptrdiff_t)(ymap ? ymap[o] : o) * c->y.sc] = ec_conv_s8_out(p, acc, o);
        }
}

/** Convolution with one group whose filter is stored [C_out][kh][kw][C_in]
 * (ohwi_filter) and whose input channels are contiguous (x.sc == 1): each
 * output is a dot product over contiguous runs of input and weights; two
 * output channels share every input load. */
EC_KERNEL void ec_conv2d_ohwi_s8(const ec_conv2d_s8_params *p, const int8_t *x,
                                 const int8_t *w, const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t IC = c->x.c, OC = c->y.c, per_out = c->kh * c->kw * IC;
  /* chosen with the offset in the bias only where there is no padding */
  const int32_t off = p->offset_in_bias ? 0 : p->input_offset;
  int32_t n, oy, ox, o, ky, kx, i;
  for (n = 0; n < c->y.n; ++n)
    for (oy = 0; oy < c->y.h; ++oy)
      for (ox = 0; ox < c->y.w; ++ox) {
        int8_t *yp = y + (ptrdiff_t)n * c->y.sn + (ptrdiff_t)oy * c->y.sh +
                     (ptrdiff_t)ox * c->y.sw;
        for (o = 0; o < OC; o += 2) {
          /* With an odd count the last pair computes its channel twice. */
          const int32_t o1 = o + 1 < OC ? o + 1 : o;
          const int8_t *w0 = w + (ptrdiff_t)o * per_out;
          const int8_t *w1 = w + (ptrdiff_t)o1 * per_out;
          int32_t a0 = b ? b[o] : 0, a1 = b ? b[o1] : 0;
          for (ky = 0; ky < c->kh; ++ky) {
            const int32_t iy = oy * c->stride_h - c->pad_t + ky * c->dil_h;
            if (iy < 0 || iy >= c->x.h) continue;
            for (kx = 0; kx < c->kw; ++kx) {
              const int32_t ix = ox * c->stride_w - c->pad_l + kx * c->dil_w;
              const int8_t *xp, *wa, *wb;
              if (ix < 0 || ix >= c->x.w) continue;
              xp = x + (ptrdiff_t)n * c->x.sn + (ptrdiff_t)iy * c->x.sh +
                   (ptrdiff_t)ix * c->x.sw;
              wa = w0 + (ptrdiff_t)(ky * c->kw + kx) * IC;
              wb = w1 + (ptrdiff_t)(ky * c->kw + kx) * IC;
              for (i = 0; i < IC; ++i) {
                const int32_t v = (int32_t)xp[i] + off;
                a0 += v * (int32_t)wa[i];
                a1 += v * (int32_t)wb[i];
              }
            }
          }
          yp[(ptrdiff_t)o * c->y.sc] = ec_conv_s8_out(p, a0, o);
          yp[(ptrdiff_t)o1 * c->y.sc] = ec_conv_s8_out(p, a1, o1);
        }
      }
}

/** The window of output pixel (n, oy, ox) laid out as the filter rows of
 * an OHWI filter are, [kh][kw][C_in] (through the channel table xmap if
 * any), taps outside the input holding the input's zero point
 * (-input_offset), so that with the offset they add nothing. */
static inline void ec_gather_window_s8(const ec_conv2d_s8_params *p,
                                       const int32_t *xmap, const int8_t *x,
                                       int32_t n, int32_t oy, int32_t ox,
                                       int8_t *d) {
  const ec_conv2d_params *c = &p->c;
  const int32_t IC = c->x.c, z = -p->input_offset;
  const int8_t zp = (int8_t)(z < -128 ? -128 : z > 127 ? 127 : z);
  int32_t ky, kx, i, ky0, ky1, kx0, kx1;
  ec_window_range(oy, c->stride_h, c->pad_t, c->dil_h, c->kh, c->x.h, &ky0, &ky1);
  ec_window_range(ox, c->stride_w, c->pad_l, c->dil_w, c->kw, c->x.w, &kx0, &kx1);
  for (ky = 0; ky < c->kh; ++ky)
    for (kx = 0; kx < c->kw; ++kx, d += IC) {
      const int8_t *xp;
      if (ky < ky0 || ky >= ky1 || kx < kx0 || kx >= kx1) {
        for (i = 0; i < IC; ++i) d[i] = zp;
        continue;
      }
      xp = x + (ptrdiff_t)n * c->x.sn +
           (ptrdiff_t)(oy * c->stride_h - c->pad_t + ky * c->dil_h) * c->x.sh +
           (ptrdiff_t)(ox * c->stride_w - c->pad_l + kx * c->dil_w) * c->x.sw;
      if (!xmap && c->x.sc == 1) {
        for (i = 0; i < IC; ++i) d[i] = xp[i];
      } else {
        for (i = 0; i < IC; ++i)
          d[i] = xp[(ptrdiff_t)(xmap ? xmap[i] : i) * c->x.sc];
      }
    }
}

/** Output pixels handed to a kernel by ec_conv_windows_s8: `count` of
 * them in raster order, pixel i's window (the filter rows' layout, kh *
 * kw * C_in bytes) at xs + i * xstep, its output pixel at y + i * ystep;
 * scratch is the kernel's own. */
typedef void (*ec_conv_pixels_s8)(const ec_conv2d_s8_params *p, const int8_t *xs,
                                  ptrdiff_t xstep, int32_t count, const int8_t *w,
                                  const int32_t *b, const int32_t *ymap, int8_t *y,
                                  ptrdiff_t ystep, void *scratch);

/** Lays out the window of output pixel (n, oy, ox) as ec_gather_window_s8
 * does. */
typedef void (*ec_gather_s8)(const ec_conv2d_s8_params *p, const int32_t *xmap,
                             const int8_t *x, int32_t n, int32_t oy, int32_t ox,
                             int8_t *d);

/** The walk the optimized one-group convolutions share: output pixels in
 * raster order, up to max_count at a time (across rows where the rows are
 * packed). A 1x1 convolution without padding over contiguous channels
 * reads its windows in the input itself; otherwise `gather` lays out as
 * many windows as col_bytes hold. Returns 0, having done nothing, when one
 * window does not fit (the caller runs a portable kernel). */
static inline int ec_conv_windows_s8(const ec_conv2d_s8_params *p,
                                     const int32_t *xmap, const int32_t *ymap,
                                     const int8_t *x, const int8_t *w,
                                     const int32_t *b, int8_t *y, int8_t *col,
                                     int32_t col_bytes, int32_t max_count,
                                     ec_gather_s8 gather, ec_conv_pixels_s8 pixels,
                                     void *scratch) {
  const ec_conv2d_params *c = &p->c;
  const int32_t per_out = c->kh * c->kw * c->x.c;
  const int direct = !xmap && c->x.sc == 1 && c->kh == 1 && c->kw == 1 &&
                     c->pad_t == 0 && c->pad_l == 0 &&
                     (c->y.h - 1) * c->stride_h < c->x.h &&
                     (c->y.w - 1) * c->stride_w < c->x.w;
  const int flat_y = c->y.sh == c->y.w * c->y.sw;
  const int flat_x = (ptrdiff_t)c->stride_h * c->x.sh ==
                     (ptrdiff_t)c->y.w * c->stride_w * c->x.sw;
  const int32_t plane = c->y.h * c->y.w;
  int32_t chunk = direct ? plane : col_bytes / (per_out ? per_out : 1);
  int32_t n, q0, q;
  if (chunk < 1) return 0;
  if (chunk > max_count) chunk = max_count;
  for (n = 0; n < c->y.n; ++n)
    for (q0 = 0; q0 < plane;) {
      const int32_t oy0 = q0 / c->y.w, ox0 = q0 % c->y.w;
      int32_t count = (direct ? flat_x : 1) && flat_y ? plane - q0 : c->y.w - ox0;
      int8_t *yp = y + (ptrdiff_t)n * c->y.sn + (ptrdiff_t)oy0 * c->y.sh +
                   (ptrdiff_t)ox0 * c->y.sw;
      const int8_t *xs = col;
      ptrdiff_t xstep = per_out;
      if (count > chunk) count = chunk;
      if (direct) {
        xs = x + (ptrdiff_t)n * c->x.sn + (ptrdiff_t)(oy0 * c->stride_h) * c->x.sh +
             (ptrdiff_t)(ox0 * c->stride_w) * c->x.sw;
        xstep = (ptrdiff_t)c->stride_w * c->x.sw;
      } else {
        for (q = q0; q < q0 + count; ++q)
          gather(p, xmap, x, n, q / c->y.w, q % c->y.w,
                 col + (ptrdiff_t)(q - q0) * per_out);
      }
      pixels(p, xs, xstep, count, w, b, ymap, yp, c->y.sw, scratch);
      q0 += count;
    }
  return 1;
}

/** One channel of a depthwise convolution at one output pixel: the window
 * rows [ky0, ky1) and columns [kx0, kx1) inside the input at offset xo
 * (the window's corner). */
static inline int8_t ec_dw_channel_s8(const ec_conv2d_s8_params *p, const int8_t *x,
                                      ptrdiff_t xo, const int8_t *w, const int32_t *b,
                                      int32_t o, int32_t ky0, int32_t ky1,
                                      int32_t kx0, int32_t kx1) {
  const ec_conv2d_params *c = &p->c;
  const int32_t C = c->y.c;
  int32_t acc = b ? b[o] : 0, ky, kx;
  for (ky = ky0; ky < ky1; ++ky)
    for (kx = kx0; kx < kx1; ++kx)
      acc += ((int32_t)x[xo + (ptrdiff_t)(ky * c->dil_h) * c->x.sh +
                         (ptrdiff_t)(kx * c->dil_w) * c->x.sw +
                         (ptrdiff_t)o * c->x.sc] +
              p->input_offset) *
             w[(ptrdiff_t)(ky * c->kw + kx) * C + o];
  return ec_conv_s8_out(p, acc, o);
}

/** Depthwise convolution (one input and one output channel per group).
 * Each output pixel is computed from its window and written before the
 * next, in raster order, so the output may start a few pixels before the
 * input in one buffer (see edgec-in-place). The taps inside the input are
 * found once per pixel; channels go four at a time. */
EC_KERNEL void ec_dwconv2d_s8(const ec_conv2d_s8_params *p, const int8_t *x,
                              const int8_t *w, const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t C = c->y.c, C4 = C & ~3, sc = c->x.sc, off = p->input_offset;
  int32_t n, oy, ox, o, ky, kx, ky0, ky1, kx0, kx1;
  for (n = 0; n < c->y.n; ++n)
    for (oy = 0; oy < c->y.h; ++oy) {
      ec_window_range(oy, c->stride_h, c->pad_t, c->dil_h, c->kh, c->x.h, &ky0,
                      &ky1);
      for (ox = 0; ox < c->y.w; ++ox) {
        int8_t *yp = y + (ptrdiff_t)n * c->y.sn + (ptrdiff_t)oy * c->y.sh +
                     (ptrdiff_t)ox * c->y.sw;
        /* The window's corner, possibly outside the input: an offset, as
         * a pointer there would be undefined. */
        const ptrdiff_t xo = (ptrdiff_t)n * c->x.sn +
                             (ptrdiff_t)(oy * c->stride_h - c->pad_t) * c->x.sh +
                             (ptrdiff_t)(ox * c->stride_w - c->pad_l) * c->x.sw;
        ec_window_range(ox, c->stride_w, c->pad_l, c->dil_w, c->kw, c->x.w, &kx0,
                        &kx1);
        for (o = 0; o < C4; o += 4) {
          int32_t a0 = b ? b[o] : 0, a1 = b ? b[o + 1] : 0;
          int32_t a2 = b ? b[o + 2] : 0, a3 = b ? b[o + 3] : 0;
          for (ky = ky0; ky < ky1; ++ky)
            for (kx = kx0; kx < kx1; ++kx) {
              const int8_t *xp = x + xo + (ptrdiff_t)(ky * c->dil_h) * c->x.sh +
                                 (ptrdiff_t)(kx * c->dil_w) * c->x.sw +
                                 (ptrdiff_t)o * sc;
              const int8_t *wp = w + (ptrdiff_t)(ky * c->kw + kx) * C + o;
              a0 += ((int32_t)xp[0] + off) * wp[0];
              a1 += ((int32_t)xp[sc] + off) * wp[1];
              a2 += ((int32_t)xp[2 * sc] + off) * wp[2];
              a3 += ((int32_t)xp[3 * sc] + off) * wp[3];
            }
          yp[(ptrdiff_t)o * c->y.sc] = ec_conv_s8_out(p, a0, o);
          yp[(ptrdiff_t)(o + 1) * c->y.sc] = ec_conv_s8_out(p, a1, o + 1);
          yp[(ptrdiff_t)(o + 2) * c->y.sc] = ec_conv_s8_out(p, a2, o + 2);
          yp[(ptrdiff_t)(o + 3) * c->y.sc] = ec_conv_s8_out(p, a3, o + 3);
        }
        for (o = C4; o < C; ++o)
          yp[(ptrdiff_t)o * c->y.sc] =
              ec_dw_channel_s8(p, x, xo, w, b, o, ky0, ky1, kx0, kx1);
      }
    }
}

#endif /* EC_CONV_S8_H */
