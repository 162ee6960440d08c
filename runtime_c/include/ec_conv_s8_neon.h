/* ec_conv_s8_neon.h - int8 convolutions with AArch64 Advanced SIMD (NEON):
 * Cortex-A53, A72, A76. Same arithmetic and results as ec_conv_s8.h;
 * built for another machine they are the portable kernels. */
#ifndef EC_CONV_S8_NEON_H
#define EC_CONV_S8_NEON_H

#include <string.h>

#include "ec_conv_s8.h"

#if defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>

/** ec_requantize on four lanes with per-lane multipliers and shifts (lsh:
 * the left shifts, rsh: minus the right shifts, at most 31): SQRDMULH is
 * gemmlowp's rounding doubling high multiply bit for bit, and a rounding
 * shift of x - 1 for negative x rounds ties away from zero as
 * ec_rdiv_pot does. */
static inline int32x4_t ec_requantize_neon(int32x4_t x, int32x4_t mult,
                                           int32x4_t lsh, int32x4_t rsh) {
  int32x4_t fix;
  x = vqrdmulhq_s32(vqshlq_s32(x, lsh), mult);
  fix = vshrq_n_s32(vandq_s32(x, rsh), 31);
  return vrshlq_s32(vqaddq_s32(x, fix), rsh);
}

/** Adds the products of 16 bytes of x and w to the four 32-bit lanes of
 * acc: two 8-lane widening multiplies into 16 bits (|x * w| <= 128 * 127,
 * two of them fit) and a pairwise widening add. */
static inline int32x4_t ec_dot16_neon(int32x4_t acc, int8x16_t x, int8x16_t w) {
  int16x8_t p = vmull_s8(vget_low_s8(x), vget_low_s8(w));
  p = vmlal_high_s8(p, x, w);
  return vpadalq_s16(acc, p);
}

/** Four output channels (o.. o + 3, `left` of them real) at `count`
 * pixels: pixel i's window is the len bytes at x + i * xstep (the filter
 * rows' layout), its output pixel at y + i * ystep, channel o at ymap[o]
 * (NULL: o) times y's channel stride. Four pixels by four channels per
 * step, sixteen window bytes at a time; the channels' bias (with the input
 * offset times their weight sums), multipliers and shifts are loaded once. */
static void ec_conv_rows4_neon(const ec_conv2d_s8_params *p, const int8_t *x,
                               ptrdiff_t xstep, int32_t count, const int8_t *w,
                               int32_t len, int32_t o, int32_t left,
                               const int32_t *b, const int32_t *ymap, int8_t *y,
                               ptrdiff_t ystep) {
  const int32_t off = p->offset_in_bias ? 0 : p->input_offset, sc = p->c.y.sc;
  const int8_t *wr[4];
  int32_t bias[4], mult[4], lsh[4], rsh[4], chan[4], k, i, j, n;
  int32x4_t vb, vm, vl, vr;
  const int32x4_t out = vdupq_n_s32(p->output_offset);
  const int32x4_t lo = vdupq_n_s32(p->act_min), hi = vdupq_n_s32(p->act_max);
  const int vec = len & ~15;
  for (k = 0; k < 4; ++k) {
    const int32_t c = o + (k < left ? k : left - 1);
    const int32_t s = p->shift[c];
    int32_t sum = 0;
    wr[k] = w + (ptrdiff_t)c * len;
    if (off != 0)
      for (n = 0; n < len; ++n) sum += wr[k][n];
    bias[k] = (b ? b[c] : 0) + off * sum;
    mult[k] = p->multiplier[c];
    lsh[k] = ec_left_shift(s);
    rsh[k] = ec_neg_right_shift(s);
    chan[k] = (ymap ? ymap[c] : c) * sc;
  }
  vb = vld1q_s32(bias);
  vm = vld1q_s32(mult);
  vl = vld1q_s32(lsh);
  vr = vld1q_s32(rsh);
  for (i = 0; i < count; i += 4) {
    const int8_t *xr[4];
    int32_t sums[4][4];
    int32x4_t acc[4][4];
    for (j = 0; j < 4; ++j) xr[j] = x + (ptrdiff_t)(i + j < count ? i + j : count - 1) * xstep;
    for (j = 0; j < 4; ++j)
      for (k = 0; k < 4; ++k) acc[j][k] = vdupq_n_s32(0);
    for (n = 0; n < vec; n += 16) {
      const int8x16_t x0 = vld1q_s8(xr[0] + n), x1 = vld1q_s8(xr[1] + n);
      const int8x16_t x2 = vld1q_s8(xr[2] + n), x3 = vld1q_s8(xr[3] + n);
      for (k = 0; k < 4; ++k) {
        const int8x16_t wv = vld1q_s8(wr[k] + n);
        acc[0][k] = ec_dot16_neon(acc[0][k], x0, wv);
        acc[1][k] = ec_dot16_neon(acc[1][k], x1, wv);
        acc[2][k] = ec_dot16_neon(acc[2][k], x2, wv);
        acc[3][k] = ec_dot16_neon(acc[3][k], x3, wv);
      }
    }
    for (j = 0; j < 4; ++j) {
      /* lanes: the four channels' sums */
      int32x4_t v = vpaddq_s32(vpaddq_s32(acc[j][0], acc[j][1]),
                               vpaddq_s32(acc[j][2], acc[j][3]));
      vst1q_s32(sums[j], v);
      for (n = vec; n < len; ++n)
        for (k = 0; k < 4; ++k) sums[j][k] += (int32_t)xr[j][n] * wr[k][n];
    }
    for (j = 0; j < 4 && i + j < count; ++j) {
      int8_t *yp = y + (ptrdiff_t)(i + j) * ystep;
      int32x4_t v = vaddq_s32(vld1q_s32(sums[j]), vb);
      int8x8_t q;
      v = vaddq_s32(ec_requantize_neon(v, vm, vl, vr), out);
      v = vminq_s32(vmaxq_s32(v, lo), hi);
      q = vqmovn_s16(vcombine_s16(vqmovn_s32(v), vdup_n_s16(0)));
      int8_t lanes[8];
      vst1_s8(lanes, q);
      if (!ymap && sc == 1 && left == 4)
        memcpy(yp + o, lanes, 4);
      else
        for (k = 0; k < left; ++k) yp[chan[k]] = lanes[k];
    }
  }
}

/** Bytes of windows ec_conv2d_mapped_ohwi_s8_neon gathers on the stack; a
 * larger window runs the portable kernel. */
#ifndef EC_NEON_WINDOW_BYTES
#define EC_NEON_WINDOW_BYTES 8192
#endif

/** ec_conv_pixels_s8 for NEON: output channels four at a time. */
static void ec_conv_pixels_neon(const ec_conv2d_s8_params *p, const int8_t *xs,
                                ptrdiff_t xstep, int32_t count, const int8_t *w,
                                const int32_t *b, const int32_t *ymap, int8_t *y,
                                ptrdiff_t ystep, void *scratch) {
  const int32_t OC = p->c.y.c, len = p->c.kh * p->c.kw * p->c.x.c;
  int32_t o;
  (void)scratch;
  for (o = 0; o < OC; o += 4)
    ec_conv_rows4_neon(p, xs, xstep, count, w, len, o, OC - o < 4 ? OC - o : 4, b,
                       ymap, y, ystep);
}

/** Convolution with one group, the filter [C_out][kh][kw][C_in]
 * (ohwi_filter), through optional channel tables, any strides and
 * padding: ec_conv_windows_s8 with ec_conv_pixels_neon. */
EC_KERNEL void ec_conv2d_mapped_ohwi_s8_neon(const ec_conv2d_s8_params *p,
                                             const int32_t *xmap,
                                             const int32_t *ymap, const int8_t *x,
                                             const int8_t *w, const int32_t *b,
                                             int8_t *y) {
  int8_t col[EC_NEON_WINDOW_BYTES];
  if (!ec_conv_windows_s8(p, xmap, ymap, x, w, b, y, col, EC_NEON_WINDOW_BYTES,
                          INT32_MAX, ec_gather_window_s8, ec_conv_pixels_neon, NULL))
    ec_conv2d_mapped_ohwi_s8(p, xmap, ymap, x, w, b, y);
}

/** Depthwise convolution with channels contiguous in input and output
 * (others run ec_dwconv2d_s8). One pixel at a time in raster order, as
 * ec_dwconv2d_s8 (so it runs in place the same way); eight channels per
 * step in 16-bit lanes, products widened into 32-bit sums (SMLAL). */
EC_KERNEL void ec_dwconv2d_s8_neon(const ec_conv2d_s8_params *p, const int8_t *x,
                                   const int8_t *w, const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t C = c->y.c, C8 = C & ~7, off = p->input_offset;
  const int16x8_t voff = vdupq_n_s16((int16_t)off);
  const ptrdiff_t xrow = (ptrdiff_t)c->dil_h * c->x.sh, xtap = (ptrdiff_t)c->dil_w * c->x.sw;
  const ptrdiff_t wrow = (ptrdiff_t)c->kw * C;
  const int32x4_t zero = vdupq_n_s32(0), out = vdupq_n_s32(p->output_offset);
  const int32x4_t lo = vdupq_n_s32(p->act_min), hi = vdupq_n_s32(p->act_max);
  int32_t n, oy, ox, o, ky, kx, ky0, ky1, kx0, kx1;
  if (c->x.sc != 1 || c->y.sc != 1) {
    ec_dwconv2d_s8(p, x, w, b, y);
    return;
  }
  for (n = 0; n < c->y.n; ++n)
    for (oy = 0; oy < c->y.h; ++oy) {
      ec_window_range(oy, c->stride_h, c->pad_t, c->dil_h, c->kh, c->x.h, &ky0,
                      &ky1);
      for (ox = 0; ox < c->y.w; ++ox) {
        int8_t *yp = y + (ptrdiff_t)n * c->y.sn + (ptrdiff_t)oy * c->y.sh +
                     (ptrdiff_t)ox * c->y.sw;
        const ptrdiff_t xo = (ptrdiff_t)n * c->x.sn +
                             (ptrdiff_t)(oy * c->stride_h - c->pad_t) * c->x.sh +
                             (ptrdiff_t)(ox * c->stride_w - c->pad_l) * c->x.sw;
        ec_window_range(ox, c->stride_w, c->pad_l, c->dil_w, c->kw, c->x.w, &kx0,
                        &kx1);
        for (o = 0; o < C8; o += 8) {
          /* the first tap inside the input (none: not read) */
          const int taps = ky0 < ky1 && kx0 < kx1;
          const int8_t *xr = taps ? x + xo + (ptrdiff_t)(ky0 * c->dil_h) * c->x.sh +
                                        (ptrdiff_t)(kx0 * c->dil_w) * c->x.sw + o
                                  : x;
          const int8_t *wr = taps ? w + (ptrdiff_t)(ky0 * c->kw + kx0) * C + o : w;
          int32x4_t a0 = b ? vld1q_s32(b + o) : zero;
          int32x4_t a1 = b ? vld1q_s32(b + o + 4) : zero;
          int32x4_t s0, s1, l0, l1, r0, r1;
          int16x8_t q;
          for (ky = ky0; ky < ky1; ++ky, xr += xrow, wr += wrow) {
            const int8_t *xp = xr, *wp = wr;
            for (kx = kx0; kx < kx1; ++kx, xp += xtap, wp += C) {
              const int16x8_t xv = vaddw_s8(voff, vld1_s8(xp));
              const int16x8_t wv = vmovl_s8(vld1_s8(wp));
              a0 = vmlal_s16(a0, vget_low_s16(xv), vget_low_s16(wv));
              a1 = vmlal_high_s16(a1, xv, wv);
            }
          }
          s0 = vld1q_s32(p->shift + o);
          s1 = vld1q_s32(p->shift + o + 4);
          l0 = vmaxq_s32(s0, zero);
          l1 = vmaxq_s32(s1, zero);
          /* minus the right shifts: ec_neg_right_shift on four lanes */
          r0 = vmaxq_s32(vminq_s32(s0, zero), vdupq_n_s32(-31));
          r1 = vmaxq_s32(vminq_s32(s1, zero), vdupq_n_s32(-31));
          a0 = vaddq_s32(ec_requantize_neon(a0, vld1q_s32(p->multiplier + o), l0, r0), out);
          a1 = vaddq_s32(ec_requantize_neon(a1, vld1q_s32(p->multiplier + o + 4), l1, r1), out);
          a0 = vminq_s32(vmaxq_s32(a0, lo), hi);
          a1 = vminq_s32(vmaxq_s32(a1, lo), hi);
          q = vcombine_s16(vqmovn_s32(a0), vqmovn_s32(a1));
          vst1_s8(yp + o, vqmovn_s16(q));
        }
        for (o = C8; o < C; ++o)
          yp[o] = ec_dw_channel_s8(p, x, xo, w, b, o, ky0, ky1, kx0, kx1);
      }
    }
}

#else

EC_KERNEL void ec_conv2d_mapped_ohwi_s8_neon(const ec_conv2d_s8_params *p,
                                             const int32_t *xmap,
                                             const int32_t *ymap, const int8_t *x,
                                             const int8_t *w, const int32_t *b,
                                             int8_t *y) {
  ec_conv2d_mapped_ohwi_s8(p, xmap, ymap, x, w, b, y);
}

EC_KERNEL void ec_dwconv2d_s8_neon(const ec_conv2d_s8_params *p, const int8_t *x,
                                   const int8_t *w, const int32_t *b, int8_t *y) {
  ec_dwconv2d_s8(p, x, w, b, y);
}

#endif

/** ec_conv2d_mapped_ohwi_s8_neon without channel tables. */
EC_KERNEL void ec_conv2d_ohwi_s8_neon(const ec_conv2d_s8_params *p,
                                      const int8_t *x, const int8_t *w,
                                      const int32_t *b, int8_t *y) {
  ec_conv2d_mapped_ohwi_s8_neon(p, NULL, NULL, x, w, b, y);
}

#endif /* EC_CONV_S8_NEON_H */
