/* ec_conv_fpu.h - f32 convolutions for Cortex-M cores with a hardware FPU
 * (M4, M7, M33) and Helium (M55, M85): output values accumulate in
 * registers, four pixels by four output channels, with fused
 * multiply-adds where the core has them (so results differ from
 * ec_conv_f32 by rounding only). Built elsewhere they are the portable
 * kernels. */
#ifndef EC_CONV_FPU_H
#define EC_CONV_FPU_H

#include "ec_conv.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
#include <arm_mve.h>
#endif

/** a + b * c, fused where the FPU has it (no library call either way). */
static inline float ec_fmaf(float a, float b, float c) {
#if defined(__ARM_FEATURE_FMA)
  return __builtin_fmaf(b, c, a);
#else
  return a + b * c;
#endif
}

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
/** ec_clampf on four lanes (NaN stays NaN, as there). */
static inline float32x4_t ec_clamp4_mve(float32x4_t v, ec_clamp c) {
  const float32x4_t lo = vdupq_n_f32(c.lo), hi = vdupq_n_f32(c.hi);
  v = vpselq_f32(lo, v, vcmpltq_f32(v, lo));
  return vpselq_f32(hi, v, vcmpgtq_f32(v, hi));
}
#endif

/** The window of output pixel (n, oy, ox) as [kh][kw][C_in] floats
 * (through the channel table xmap if any), zeros outside the input. */
static inline void ec_gather_window_f32(const ec_conv2d_params *c,
                                        const int32_t *xmap, const float *x,
                                        int32_t n, int32_t oy, int32_t ox,
                                        float *d) {
  const int32_t IC = c->x.c;
  int32_t ky, kx, i;
  for (ky = 0; ky < c->kh; ++ky) {
    const int32_t iy = oy * c->stride_h - c->pad_t + ky * c->dil_h;
    for (kx = 0; kx < c->kw; ++kx, d += IC) {
      const int32_t ix = ox * c->stride_w - c->pad_l + kx * c->dil_w;
      const float *xp;
      if (iy < 0 || iy >= c->x.h || ix < 0 || ix >= c->x.w) {
        for (i = 0; i < IC; ++i) d[i] = 0.0f;
        continue;
      }
      xp = x + (ptrdiff_t)n * c->x.sn + (ptrdiff_t)iy * c->x.sh +
           (ptrdiff_t)ix * c->x.sw;
      for (i = 0; i < IC; ++i) d[i] = xp[(ptrdiff_t)(xmap ? xmap[i] : i) * c->x.sc];
    }
  }
}

/** Four output channels (o.. o + 3, `left` of them real) at `count`
 * pixels: pixel i's window is the len floats at x + i * xstep, its output
 * pixel at y + i * ystep. w is [len][C_out] (HWIO). Four pixels by four
 * channels per step, sixteen sums in registers. */
EC_NOINLINE static void ec_conv_rows4_fpu(const ec_conv2d_params *p,
                                          const float *x, ptrdiff_t xstep,
                                          int32_t count, const float *w,
                                          int32_t len, int32_t o, int32_t left,
                                          const float *b, const int32_t *ymap,
                                          float *y, ptrdiff_t ystep) {
  const int32_t OC = p->y.c;
  const ptrdiff_t ysc = p->y.sc;
  float bias[4];
  int32_t i, j, k;
  for (k = 0; k < 4; ++k) bias[k] = b && k < left ? b[o + k] : 0.0f;
  for (i = 0; i < count; i += 4) {
    const float *x0 = x + (ptrdiff_t)i * xstep;
    const float *x1 = x + (ptrdiff_t)(i + 1 < count ? i + 1 : i) * xstep;
    const float *x2 = x + (ptrdiff_t)(i + 2 < count ? i + 2 : i) * xstep;
    const float *x3 = x + (ptrdiff_t)(i + 3 < count ? i + 3 : i) * xstep;
    const float *wp = w + o;
    float acc[4][4];
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
    {
      /* Helium: a vector of the four channels' weights times each pixel's
       * input value (VFMA by a scalar). */
      const mve_pred16_t lanes = vctp32q((uint32_t)left);
      const float32x4_t b4 = vld1q_f32(bias);
      float32x4_t a0 = b4, a1 = b4, a2 = b4, a3 = b4;
      for (k = 0; k < len; ++k, wp += OC) {
        const float32x4_t wv = vldrwq_z_f32(wp, lanes);
        a0 = vfmaq_n_f32(a0, wv, x0[k]);
        a1 = vfmaq_n_f32(a1, wv, x1[k]);
        a2 = vfmaq_n_f32(a2, wv, x2[k]);
        a3 = vfmaq_n_f32(a3, wv, x3[k]);
      }
      if (p->act.on != 2 && !ymap && ysc == 1 && left == 4) {
        /* contiguous channels: clamp and store as vectors */
        float32x4_t *const as[4] = {&a0, &a1, &a2, &a3};
        for (j = 0; j < 4 && i + j < count; ++j)
          vst1q_f32(y + (ptrdiff_t)(i + j) * ystep + o,
                    p->act.on ? ec_clamp4_mve(*as[j], p->act) : *as[j]);
        continue;
      }
      vst1q_f32(acc[0], a0);
      vst1q_f32(acc[1], a1);
      vst1q_f32(acc[2], a2);
      vst1q_f32(acc[3], a3);
    }
#else
    {
      float a00 = bias[0], a01 = bias[1], a02 = bias[2], a03 = bias[3];
      float a10 = bias[0], a11 = bias[1], a12 = bias[2], a13 = bias[3];
      float a20 = bias[0], a21 = bias[1], a22 = bias[2], a23 = bias[3];
      float a30 = bias[0], a31 = bias[1], a32 = bias[2], a33 = bias[3];
      const int32_t w1 = left > 1, w2 = left > 2 ? 2 : w1, w3 = left > 3 ? 3 : w2;
      for (k = 0; k < len; ++k, wp += OC) {
        const float v0 = wp[0], v1 = wp[w1], v2 = wp[w2], v3 = wp[w3];
        const float p0 = x0[k], p1 = x1[k], p2 = x2[k], p3 = x3[k];
        a00 = ec_fmaf(a00, p0, v0); a01 = ec_fmaf(a01, p0, v1);
        a02 = ec_fmaf(a02, p0, v2); a03 = ec_fmaf(a03, p0, v3);
        a10 = ec_fmaf(a10, p1, v0); a11 = ec_fmaf(a11, p1, v1);
        a12 = ec_fmaf(a12, p1, v2); a13 = ec_fmaf(a13, p1, v3);
        a20 = ec_fmaf(a20, p2, v0); a21 = ec_fmaf(a21, p2, v1);
        a22 = ec_fmaf(a22, p2, v2); a23 = ec_fmaf(a23, p2, v3);
        a30 = ec_fmaf(a30, p3, v0); a31 = ec_fmaf(a31, p3, v1);
        a32 = ec_fmaf(a32, p3, v2); a33 = ec_fmaf(a33, p3, v3);
      }
      acc[0][0] = a00; acc[0][1] = a01; acc[0][2] = a02; acc[0][3] = a03;
      acc[1][0] = a10; acc[1][1] = a11; acc[1][2] = a12; acc[1][3] = a13;
      acc[2][0] = a20; acc[2][1] = a21; acc[2][2] = a22; acc[2][3] = a23;
      acc[3][0] = a30; acc[3][1] = a31; acc[3][2] = a32; acc[3][3] = a33;
    }
#endif
    for (j = 0; j < 4 && i + j < count; ++j) {
      float *yp = y + (ptrdiff_t)(i + j) * ystep;
      if (p->act.on != 2 && !ymap && ysc == 1 && left == 4) {
        float *yo = yp + o;
        for (k = 0; k < 4; ++k) yo[k] = p->act.on ? ec_clampf(acc[j][k], p->act) : acc[j][k];
        continue;
      }
      for (k = 0; k < left; ++k) {
        const float v = p->act.on ? ec_actf(acc[j][k], p->act) : acc[j][k];
        yp[(ptrdiff_t)(ymap ? ymap[o + k] : o + k) * ysc] = v;
      }
    }
  }
}

/** Floats of windows ec_conv2d_mapped_f32_fpu gathers on the stack; a
 * larger window runs the portable kernel. */
#ifndef EC_FPU_WINDOW_FLOATS
#define EC_FPU_WINDOW_FLOATS 512
#endif

/** Convolution with one group (HWIO filter) through optional channel
 * tables, any strides and padding. A 1x1 convolution without padding over
 * contiguous channels reads its windows in the input itself; otherwise the
 * windows of up to EC_FPU_WINDOW_FLOATS / window pixels are first laid out
 * as the filter's rows are, zeros for the padding. Then
 * ec_conv_rows4_fpu, four output channels at a time. */
EC_KERNEL void ec_conv2d_mapped_f32_fpu(const ec_conv2d_params *c,
                                        const int32_t *xmap, const int32_t *ymap,
                                        const float *x, const float *w,
                                        const float *b, float *y) {
  const int32_t IC = c->x.c, OC = c->y.c, per_out = c->kh * c->kw * IC;
  const int direct = !xmap && c->x.sc == 1 && c->kh == 1 && c->kw == 1 &&
                     c->pad_t == 0 && c->pad_l == 0 &&
                     (c->y.h - 1) * c->stride_h < c->x.h &&
                     (c->y.w - 1) * c->stride_w < c->x.w;
  const int32_t chunk = EC_FPU_WINDOW_FLOATS / (per_out ? per_out : 1);
  const int flat_y = c->y.sh == c->y.w * c->y.sw;
  const int flat_x = (ptrdiff_t)c->stride_h * c->x.sh ==
                     (ptrdiff_t)c->y.w * c->stride_w * c->x.sw;
  const int32_t plane = c->y.h * c->y.w;
  float col[EC_FPU_WINDOW_FLOATS];
  int32_t n, q0, q, o;
  if (c->groups != 1 || (!direct && chunk < 1)) {
    ec_conv2d_mapped_f32(c, xmap, ymap, x, w, b, y);
    return;
  }
  for (n = 0; n < c->y.n; ++n)
    for (q0 = 0; q0 < plane;) {
      const int32_t oy0 = q0 / c->y.w, ox0 = q0 % c->y.w;
      int32_t count = (direct ? flat_x : 1) && flat_y ? plane - q0 : c->y.w - ox0;
      float *yp = y + (ptrdiff_t)n * c->y.sn + (ptrdiff_t)oy0 * c->y.sh +
                  (ptrdiff_t)ox0 * c->y.sw;
      const float *xs = col;
      ptrdiff_t xstep = per_out;
      if (direct) {
        xs = x + (ptrdiff_t)n * c->x.sn + (ptrdiff_t)(oy0 * c->stride_h) * c->x.sh +
             (ptrdiff_t)(ox0 * c->stride_w) * c->x.sw;
        xstep = (ptrdiff_t)c->stride_w * c->x.sw;
      } else {
        if (count > chunk) count = chunk;
        for (q = q0; q < q0 + count; ++q)
          ec_gather_window_f32(c, xmap, x, n, q / c->y.w, q % c->y.w,
                               col + (ptrdiff_t)(q - q0) * per_out);
      }
      for (o = 0; o < OC; o += 4)
        ec_conv_rows4_fpu(c, xs, xstep, count, w, per_out, o,
                          OC - o < 4 ? OC - o : 4, b, ymap, yp, c->y.sw);
      q0 += count;
    }
}

/** ec_conv2d_mapped_f32_fpu without channel tables. */
EC_KERNEL void ec_conv2d_f32_fpu(const ec_conv2d_params *c, const float *x,
                                 const float *w, const float *b, float *y) {
  ec_conv2d_mapped_f32_fpu(c, NULL, NULL, x, w, b, y);
}

/** Depthwise convolution (one input and one output channel per group)
 * with channels contiguous in input and output (others run
 * ec_dwconv2d_f32). One pixel at a time in raster order, as
 * ec_dwconv2d_f32 (so it runs in place the same way); four channels'
 * sums in registers per step, the window's taps walked by pointer. */
EC_KERNEL void ec_dwconv2d_f32_fpu(const ec_conv2d_params *p, const float *x,
                                   const float *w, const float *b, float *y) {
  const int32_t C = p->y.c;
  const ptrdiff_t xrow = (ptrdiff_t)p->dil_h * p->x.sh, xtap = (ptrdiff_t)p->dil_w * p->x.sw;
  const ptrdiff_t wrow = (ptrdiff_t)p->kw * C;
  int32_t n, oy, ox, o, ky, kx, ky0, ky1, kx0, kx1, k;
  if (p->x.sc != 1 || p->y.sc != 1 || p->groups != C || p->x.c != C) {
    ec_dwconv2d_f32(p, x, w, b, y);
    return;
  }
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy) {
      ec_window_range(oy, p->stride_h, p->pad_t, p->dil_h, p->kh, p->x.h, &ky0,
                      &ky1);
      for (ox = 0; ox < p->y.w; ++ox) {
        float *yp = y + (ptrdiff_t)n * p->y.sn + (ptrdiff_t)oy * p->y.sh +
                    (ptrdiff_t)ox * p->y.sw;
        const float *x0;
        ec_window_range(ox, p->stride_w, p->pad_l, p->dil_w, p->kw, p->x.w, &kx0,
                        &kx1);
        /* The window's first tap inside the input (x itself when there is
         * none: then no tap is read). */
        x0 = ky0 < ky1 && kx0 < kx1
                 ? x + (ptrdiff_t)n * p->x.sn +
                       (ptrdiff_t)(oy * p->stride_h - p->pad_t + ky0 * p->dil_h) * p->x.sh +
                       (ptrdiff_t)(ox * p->stride_w - p->pad_l + kx0 * p->dil_w) * p->x.sw
                 : x;
        for (o = 0; o < C; o += 4) {
          const int32_t left = C - o < 4 ? C - o : 4;
          const float *xr = x0 + o, *wr = w + (ptrdiff_t)(ky0 * p->kw + kx0) * C + o;
          float acc[4];
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
          const mve_pred16_t lanes = vctp32q((uint32_t)left);
          float32x4_t a = b ? vldrwq_z_f32(b + o, lanes) : vdupq_n_f32(0.0f);
          for (ky = ky0; ky < ky1; ++ky, xr += xrow, wr += wrow) {
            const float *xp = xr, *wp = wr;
            for (kx = kx0; kx < kx1; ++kx, xp += xtap, wp += C)
              a = vfmaq_f32(a, vldrwq_z_f32(xp, lanes), vldrwq_z_f32(wp, lanes));
          }
          if (left == 4 && p->act.on != 2) {
            vst1q_f32(yp + o, p->act.on ? ec_clamp4_mve(a, p->act) : a);
            continue;
          }
          vst1q_f32(acc, a);
#else
          float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
          if (left == 4) {
            if (b) { a0 = b[o]; a1 = b[o + 1]; a2 = b[o + 2]; a3 = b[o + 3]; }
            for (ky = ky0; ky < ky1; ++ky, xr += xrow, wr += wrow) {
              const float *xp = xr, *wp = wr;
              for (kx = kx0; kx < kx1; ++kx, xp += xtap, wp += C) {
                a0 = ec_fmaf(a0, xp[0], wp[0]);
                a1 = ec_fmaf(a1, xp[1], wp[1]);
                a2 = ec_fmaf(a2, xp[2], wp[2]);
                a3 = ec_fmaf(a3, xp[3], wp[3]);
              }
            }
          } else {
            float t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            for (k = 0; k < left; ++k) t[k] = b ? b[o + k] : 0.0f;
            for (ky = ky0; ky < ky1; ++ky, xr += xrow, wr += wrow) {
              const float *xp = xr, *wp = wr;
              for (kx = kx0; kx < kx1; ++kx, xp += xtap, wp += C)
                for (k = 0; k < left; ++k) t[k] = ec_fmaf(t[k], xp[k], wp[k]);
            }
            a0 = t[0]; a1 = t[1]; a2 = t[2]; a3 = t[3];
          }
          acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3;
#endif
          for (k = 0; k < left; ++k)
            yp[o + k] = p->act.on ? ec_actf(acc[k], p->act) : acc[k];
        }
      }
    }
}

#endif /* EC_CONV_FPU_H */
