/* ec_conv_s8_mve.h - int8 convolutions with Helium (M-profile vector
 * extension, Cortex-M55 and M85): 128-bit vectors, predicated tails.
 * Same arithmetic and results as ec_conv_s8.h; built without
 * __ARM_FEATURE_MVE (another core, or a soft-float build of an M55) they
 * are the portable kernels. */
#ifndef EC_CONV_S8_MVE_H
#define EC_CONV_S8_MVE_H

#include "ec_conv_s8.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include <arm_mve.h>

/** ec_requantize on four lanes with per-lane multipliers and shifts:
 * SQRDMULH is gemmlowp's rounding doubling high multiply bit for bit, and
 * a rounding right shift of x - 1 for negative x rounds ties away from
 * zero as ec_rdiv_pot does. */
/** ec_left_shift and ec_neg_right_shift on four lanes. */
static inline void ec_split_shift_mve(int32x4_t shift, int32x4_t *left,
                                      int32x4_t *neg_right) {
  const int32x4_t zero = vdupq_n_s32(0);
  *left = vmaxq_s32(shift, zero);
  *neg_right = vmaxq_s32(vminq_s32(shift, zero), vdupq_n_s32(-31));
}

static inline int32x4_t ec_requantize_mve(int32x4_t x, int32x4_t multiplier,
                                          int32x4_t shift) {
  int32x4_t left, right, fixup; /* right: minus the right shift */
  ec_split_shift_mve(shift, &left, &right);
  x = vqrdmulhq_s32(vqshlq_s32(x, left), multiplier);
  fixup = vshrq_n_s32(vandq_s32(x, right), 31);
  return vrshlq_s32(vqaddq_s32(x, fixup), right);
}

/** The same with one multiplier and shift for all lanes. */
static inline int32x4_t ec_requantize1_mve(int32x4_t x, int32_t multiplier,
                                           int32_t shift) {
  const int32_t left = ec_left_shift(shift), right = -ec_neg_right_shift(shift);
  int32x4_t fixup;
  x = vqrdmulhq_n_s32(vqshlq_r_s32(x, left), multiplier);
  fixup = vshrq_n_s32(vandq_s32(x, vdupq_n_s32(-right)), 31);
  return vrshlq_n_s32(vqaddq_s32(x, fixup), -right);
}

static inline int32x4_t ec_clamp_mve(int32x4_t v, const ec_conv2d_s8_params *p) {
  v = vaddq_n_s32(v, p->output_offset);
  return vminq_s32(vmaxq_s32(v, vdupq_n_s32(p->act_min)),
                   vdupq_n_s32(p->act_max));
}

/** Copies n bytes (no alignment needed), sixteen per step. */
static inline void ec_copy_bytes_mve(int8_t *d, const int8_t *s, int32_t n) {
  for (; n > 0; n -= 16, s += 16, d += 16) {
    const mve_pred16_t pr = vctp8q((uint32_t)n);
    vstrbq_p_s8(d, vldrbq_z_s8(s, pr), pr);
  }
}

static inline void ec_fill_bytes_mve(int8_t *d, int8_t v, int32_t n) {
  const int8x16_t vv = vdupq_n_s8(v);
  for (; n > 0; n -= 16, d += 16) vstrbq_p_s8(d, vv, vctp8q((uint32_t)n));
}

/** Dot products of the n bytes at x with the n bytes at w0..w3, added to
 * a[0..3]: a tail-predicated low-overhead loop (WLSTP/LETP: the last
 * pass loads and adds only the bytes left), sixteen bytes per VMLADAVA,
 * one input load shared by the four rows, loads that step their own
 * pointers. Written as assembly because gcc 12 neither forms these loops
 * nor keeps the four sums in the even registers VMLADAVA needs without
 * spilling. */
static inline void ec_dot4_s8_mve(const int8_t *x, const int8_t *w0,
                                  const int8_t *w1, const int8_t *w2,
                                  const int8_t *w3, int32_t n, int32_t a[4]) {
  int32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
  __asm__ volatile(
      "wlstp.8 lr, %[n], 2f\n"
      "1:\n\t"
      "vldrb.8 q0, [%[x]], #16\n\t"
      "vldrb.8 q1, [%[w0]], #16\n\t"
      "vmladava.s8 %[a0], q0, q1\n\t"
      "vldrb.8 q2, [%[w1]], #16\n\t"
      "vmladava.s8 %[a1], q0, q2\n\t"
      "vldrb.8 q3, [%[w2]], #16\n\t"
      "vmladava.s8 %[a2], q0, q3\n\t"
      "vldrb.8 q1, [%[w3]], #16\n\t"
      "vmladava.s8 %[a3], q0, q1\n\t"
      "letp lr, 1b\n"
      "2:\n"
      : [a0] "+Te"(a0), [a1] "+Te"(a1), [a2] "+Te"(a2), [a3] "+Te"(a3),
        [x] "+r"(x), [w0] "+r"(w0), [w1] "+r"(w1), [w2] "+r"(w2), [w3] "+r"(w3)
      : [n] "r"(n)
      : "lr", "q0", "q1", "q2", "q3", "memory");
  a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3;
}

/** Four output channels (o.. up to o + 3, `left` of them real) at
 * `count` pixels: pixel i's window is the len bytes at x + i * xstep
 * (the filter rows' layout), its output at y + i * ystep. Per pixel four
 * dot products, sixteen bytes per VMLADAVA and one input load shared by
 * the four channels; the sums requantize as one vector. The channels'
 * bias (with the input offset times their weight sums), multipliers and
 * shifts are loaded once for the row. Not inlined: alone, its loop keeps
 * the sums and pointers in registers. */
EC_NOINLINE static void ec_conv_row4_mve(const ec_conv2d_s8_params *p,
                                         const int8_t *x, ptrdiff_t xstep,
                                         int32_t count, const int8_t *w,
                                         int32_t len, int32_t o, int32_t left,
                                         const int32_t *b, const int32_t *ymap,
                                         int8_t *y, ptrdiff_t ystep) {
  const int32_t off = p->offset_in_bias ? 0 : p->input_offset;
  const int32_t out_off = p->output_offset;
  const int32_t lo = p->act_min, hi = p->act_max;
  const ptrdiff_t ysc = p->c.y.sc;
  const mve_pred16_t lanes = vctp32q((uint32_t)left);
  const int8_t *const w0 = w + (ptrdiff_t)o * len;
  const int8_t *const w1 = left > 1 ? w0 + len : w0;
  const int8_t *const w2 = left > 2 ? w1 + len : w1;
  const int8_t *const w3 = left > 3 ? w2 + len : w2;
  /* byte offsets of the four channels in an output pixel */
  const uint32x4_t yo =
      ymap ? vreinterpretq_u32_s32(vmulq_n_s32(vldrwq_z_s32(ymap + o, lanes), (int32_t)ysc))
           : vmulq_n_u32(vidupq_n_u32((uint32_t)o, 1), (uint32_t)ysc);
  const int contiguous = !ymap && ysc == 1;
  const int32x4_t shift = vldrwq_z_s32(p->shift + o, lanes);
  int32x4_t lsh, rsh;
  const int32x4_t mult = vldrwq_z_s32(p->multiplier + o, lanes);
  int32x4_t bias = b ? vldrwq_z_s32(b + o, lanes) : vdupq_n_s32(0);
  int32_t i, n;
  ec_split_shift_mve(shift, &lsh, &rsh);
  if (off != 0) { /* the input offset times each channel's weight sum */
    int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int32x4_t sum;
    for (n = 0; n < len; n += 16) {
      const mve_pred16_t pr = vctp8q((uint32_t)(len - n));
      s0 = vaddvaq_s8(s0, vldrbq_z_s8(w0 + n, pr));
      s1 = vaddvaq_s8(s1, vldrbq_z_s8(w1 + n, pr));
      s2 = vaddvaq_s8(s2, vldrbq_z_s8(w2 + n, pr));
      s3 = vaddvaq_s8(s3, vldrbq_z_s8(w3 + n, pr));
    }
    sum = vdupq_n_s32(s0);
    sum = vsetq_lane_s32(s1, sum, 1);
    sum = vsetq_lane_s32(s2, sum, 2);
    sum = vsetq_lane_s32(s3, sum, 3);
    bias = vmlaq_n_s32(bias, sum, off);
  }
  for (i = 0; i < count; ++i, x += xstep, y += ystep) {
    int32_t a[4] = {0, 0, 0, 0};
    int32x4_t v, fix;
    ec_dot4_s8_mve(x, w0, w1, w2, w3, len, a);
    v = vdupq_n_s32(a[0]);
    v = vsetq_lane_s32(a[1], v, 1);
    v = vsetq_lane_s32(a[2], v, 2);
    v = vsetq_lane_s32(a[3], v, 3);
    /* ec_requantize_mve with the shifts split once for the row */
    v = vqrdmulhq_s32(vqshlq_s32(vaddq_s32(v, bias), lsh), mult);
    fix = vshrq_n_s32(vandq_s32(v, rsh), 31);
    v = vaddq_n_s32(vrshlq_s32(vqaddq_s32(v, fix), rsh), out_off);
    v = vminq_s32(vmaxq_s32(v, vdupq_n_s32(lo)), vdupq_n_s32(hi));
    if (contiguous)
      vstrbq_p_s32(y + o, v, lanes);
    else
      vstrbq_scatter_offset_p_s32(y, yo, v, lanes);
  }
}

/** Bytes of windows that ec_conv2d_mapped_ohwi_s8_mve gathers on the
 * stack: as many pixels' windows as fit; a larger window runs the portable
 * kernel. */
#ifndef EC_MVE_WINDOW_BYTES
#define EC_MVE_WINDOW_BYTES 2048
#endif

/** n channels of one input pixel into d: contiguous (sixteen bytes a
 * step) or gathered four at a time through the table or the stride. */
static inline void ec_gather_channels_mve(int8_t *d, const int8_t *x,
                                          const int32_t *xmap, int32_t sc,
                                          int32_t n) {
  int32_t i;
  if (!xmap && sc == 1) {
    ec_copy_bytes_mve(d, x, n);
    return;
  }
  for (i = 0; i < n; i += 4) {
    const mve_pred16_t pr = vctp32q((uint32_t)(n - i));
    const int32x4_t ch = xmap ? vldrwq_z_s32(xmap + i, pr)
                              : vreinterpretq_s32_u32(vidupq_n_u32((uint32_t)i, 1));
    const uint32x4_t off = vreinterpretq_u32_s32(vmulq_n_s32(ch, sc));
    vstrbq_p_s32(d + i, vldrbq_gather_offset_z_s32(x, off, pr), pr);
  }
}

/** ec_gather_window_s8 with vector copies. */
static void ec_gather_window_mve(const ec_conv2d_s8_params *p, const int32_t *xmap,
                                 const int8_t *x, int32_t n, int32_t oy, int32_t ox,
                                 int8_t *win) {
  const ec_conv2d_params *c = &p->c;
  const int32_t IC = c->x.c, z = -p->input_offset;
  const int8_t zp = (int8_t)(z < -128 ? -128 : z > 127 ? 127 : z);
  const int packed = !xmap && c->x.sc == 1 && c->x.sw == IC && c->dil_w == 1;
  const ptrdiff_t xo = (ptrdiff_t)n * c->x.sn +
                       (ptrdiff_t)(oy * c->stride_h - c->pad_t) * c->x.sh +
                       (ptrdiff_t)(ox * c->stride_w - c->pad_l) * c->x.sw;
  int32_t ky, kx, ky0, ky1, kx0, kx1;
  ec_window_range(oy, c->stride_h, c->pad_t, c->dil_h, c->kh, c->x.h, &ky0, &ky1);
  ec_window_range(ox, c->stride_w, c->pad_l, c->dil_w, c->kw, c->x.w, &kx0, &kx1);
  for (ky = 0; ky < c->kh; ++ky) {
    int8_t *row = win + (ptrdiff_t)ky * c->kw * IC;
    const ptrdiff_t xr = xo + (ptrdiff_t)(ky * c->dil_h) * c->x.sh;
    if (ky < ky0 || ky >= ky1 || kx0 >= kx1) {
      ec_fill_bytes_mve(row, zp, c->kw * IC);
      continue;
    }
    ec_fill_bytes_mve(row, zp, kx0 * IC);
    if (packed) {
      ec_copy_bytes_mve(row + (ptrdiff_t)kx0 * IC, x + xr + (ptrdiff_t)kx0 * c->x.sw,
                        (kx1 - kx0) * IC);
    } else {
      for (kx = kx0; kx < kx1; ++kx)
        ec_gather_channels_mve(row + (ptrdiff_t)kx * IC,
                               x + xr + (ptrdiff_t)(kx * c->dil_w) * c->x.sw, xmap,
                               c->x.sc, IC);
    }
    ec_fill_bytes_mve(row + (ptrdiff_t)kx1 * IC, zp, (c->kw - kx1) * IC);
  }
}

/** ec_conv_pixels_s8 for Helium: output channels four at a time. */
static void ec_conv_pixels_mve(const ec_conv2d_s8_params *p, const int8_t *xs,
                               ptrdiff_t xstep, int32_t count, const int8_t *w,
                               const int32_t *b, const int32_t *ymap, int8_t *y,
                               ptrdiff_t ystep, void *scratch) {
  const int32_t OC = p->c.y.c, len = p->c.kh * p->c.kw * p->c.x.c;
  int32_t o;
  (void)scratch;
  for (o = 0; o < OC; o += 4)
    ec_conv_row4_mve(p, xs, xstep, count, w, len, o, OC - o < 4 ? OC - o : 4, b,
                     ymap, y, ystep);
}

/** Convolution with one group, the filter [C_out][kh][kw][C_in]
 * (ohwi_filter), through optional channel tables and any channel strides:
 * ec_conv_windows_s8 with the vector window copies and
 * ec_conv_pixels_mve. */
EC_KERNEL void ec_conv2d_mapped_ohwi_s8_mve(const ec_conv2d_s8_params *p,
                                            const int32_t *xmap,
                                            const int32_t *ymap, const int8_t *x,
                                            const int8_t *w, const int32_t *b,
                                            int8_t *y) {
  int8_t col[EC_MVE_WINDOW_BYTES];
  if (!ec_conv_windows_s8(p, xmap, ymap, x, w, b, y, col, EC_MVE_WINDOW_BYTES,
                          INT32_MAX, ec_gather_window_mve, ec_conv_pixels_mve, NULL))
    ec_conv2d_mapped_ohwi_s8(p, xmap, ymap, x, w, b, y);
}

/** ec_conv2d_mapped_ohwi_s8_mve without channel tables. */
EC_KERNEL void ec_conv2d_ohwi_s8_mve(const ec_conv2d_s8_params *p,
                                     const int8_t *x, const int8_t *w,
                                     const int32_t *b, int8_t *y) {
  ec_conv2d_mapped_ohwi_s8_mve(p, NULL, NULL, x, w, b, y);
}

/** Depthwise convolution with channels contiguous in input and output
 * (x.sc == y.sc == 1). One pixel at a time in raster order, as
 * ec_dwconv2d_s8 (so it runs in place the same way); eight channels per
 * step as 16-bit lanes, whose even and odd products widen into two
 * vectors of 32-bit sums (VMULLB/VMULLT). */
EC_KERNEL void ec_dwconv2d_s8_mve(const ec_conv2d_s8_params *p, const int8_t *x,
                                  const int8_t *w, const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t C = c->y.c, C8 = C & ~7, off = p->input_offset;
  const ptrdiff_t xrow = (ptrdiff_t)c->dil_h * c->x.sh, xtap = (ptrdiff_t)c->dil_w * c->x.sw;
  const ptrdiff_t wrow = (ptrdiff_t)c->kw * C;
  int32_t n, oy, ox, o, ky, kx, ky0, ky1, kx0, kx1;
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
          int32x4_t even, odd;
          int16x8_t r = vdupq_n_s16(0);
          /* the first tap inside the input (none: not read) */
          const int taps = ky0 < ky1 && kx0 < kx1;
          const int8_t *xr = taps ? x + xo + (ptrdiff_t)(ky0 * c->dil_h) * c->x.sh +
                                        (ptrdiff_t)(kx0 * c->dil_w) * c->x.sw + o
                                  : x;
          const int8_t *wr = taps ? w + (ptrdiff_t)(ky0 * c->kw + kx0) * C + o : w;
          if (b) {
            const int32x4x2_t bv = vld2q_s32(b + o);
            even = bv.val[0];
            odd = bv.val[1];
          } else {
            even = odd = vdupq_n_s32(0);
          }
          for (ky = ky0; ky < ky1; ++ky, xr += xrow, wr += wrow) {
            const int8_t *xp = xr, *wp = wr;
            for (kx = kx0; kx < kx1; ++kx, xp += xtap, wp += C) {
              const int16x8_t xv = vaddq_n_s16(vldrbq_s16(xp), (int16_t)off);
              const int16x8_t wv = vldrbq_s16(wp);
              even = vaddq_s32(even, vmullbq_int_s16(xv, wv));
              odd = vaddq_s32(odd, vmulltq_int_s16(xv, wv));
            }
          }
          {
            const int32x4x2_t m = vld2q_s32(p->multiplier + o);
            const int32x4x2_t s = vld2q_s32(p->shift + o);
            even = ec_clamp_mve(ec_requantize_mve(even, m.val[0], s.val[0]), p);
            odd = ec_clamp_mve(ec_requantize_mve(odd, m.val[1], s.val[1]), p);
          }
          r = vmovnbq_s32(r, even);
          r = vmovntq_s32(r, odd);
          vstrbq_s16(yp + o, r);
        }
        for (o = C8; o < C; ++o)
          yp[o] = ec_dw_channel_s8(p, x, xo, w, b, o, ky0, ky1, kx0, kx1);
      }
    }
}

#else

EC_KERNEL void ec_conv2d_mapped_ohwi_s8_mve(const ec_conv2d_s8_params *p,
                                            const int32_t *xmap,
                                            const int32_t *ymap, const int8_t *x,
                                            const int8_t *w, const int32_t *b,
                                            int8_t *y) {
  ec_conv2d_mapped_ohwi_s8(p, xmap, ymap, x, w, b, y);
}

EC_KERNEL void ec_conv2d_ohwi_s8_mve(const ec_conv2d_s8_params *p,
                                     const int8_t *x, const int8_t *w,
                                     const int32_t *b, int8_t *y) {
  ec_conv2d_mapped_ohwi_s8(p, NULL, NULL, x, w, b, y);
}

EC_KERNEL void ec_dwconv2d_s8_mve(const ec_conv2d_s8_params *p, const int8_t *x,
                                  const int8_t *w, const int32_t *b, int8_t *y) {
  ec_dwconv2d_s8(p, x, w, b, y);
}

#endif

#endif /* EC_CONV_S8_MVE_H */
