/* ec_conv.h - NHWC convolutions with HWIO filters. */
#ifndef EC_CONV_H
#define EC_CONV_H

#include "ec_common.h"

typedef struct {
  ec_view4 x, y;
  int32_t kh, kw;           /* kernel size */
  int32_t stride_h, stride_w;
  int32_t dil_h, dil_w;
  int32_t pad_t, pad_l;     /* the bottom/right padding is implied by y */
  int32_t groups;
  ec_clamp act;
} ec_conv2d_params;

/** The window rows [*lo, *hi) of output row or column `o` that fall
 * inside an input of `size` (stride s, dilation d, padding pad, k taps). */
static inline void ec_window_range(int32_t o, int32_t s, int32_t pad, int32_t d,
                                   int32_t k, int32_t size, int32_t *lo,
                                   int32_t *hi) {
  const int32_t first = o * s - pad;
  int32_t a = 0, b = k;
  while (a < b && first + a * d < 0) ++a;
  while (b > a && first + (b - 1) * d >= size) --b;
  *lo = a;
  *hi = b;
}

/* Initializes one output pixel's channels with the bias. */
EC_KERNEL void ec_conv_init(float *EC_RESTRICT yp, int32_t oc, int32_t ysc,
                            const float *EC_RESTRICT b) {
  int32_t o;
  if (ysc == 1) {
    for (o = 0; o < oc; ++o) yp[o] = b ? b[o] : 0.0f;
  } else {
    for (o = 0; o < oc; ++o) yp[(ptrdiff_t)o * ysc] = b ? b[o] : 0.0f;
  }
}

EC_KERNEL void ec_conv_finish(float *EC_RESTRICT yp, int32_t oc, int32_t ysc,
                              ec_clamp act) {
  int32_t o;
  /* One loop per activation, so each vectorizes. */
  if (act.on == 1) {
    for (o = 0; o < oc; ++o)
      yp[(ptrdiff_t)o * ysc] = ec_clampf(yp[(ptrdiff_t)o * ysc], act);
  } else if (act.on == 2) {
    for (o = 0; o < oc; ++o)
      yp[(ptrdiff_t)o * ysc] = ec_actf(yp[(ptrdiff_t)o * ysc], act);
  }
}

/** Stores a block of n accumulators for output channels o0.. through the
 * activation, at channel ymap[o] (or o) of the pixel yp. */
EC_KERNEL void ec_conv_store(float *EC_RESTRICT yp, const int32_t *ymap,
                             int32_t ysc, int32_t o0, const float *acc,
                             int32_t n, ec_clamp act) {
  int32_t i;
  if (!ymap && ysc == 1) {
    float *EC_RESTRICT yo = yp + o0;
    for (i = 0; i < n; ++i) yo[i] = acc[i];
    ec_conv_finish(yo, n, 1, act);
    return;
  }
  for (i = 0; i < n; ++i) {
    const int32_t o = o0 + i;
    yp[(ptrdiff_t)(ymap ? ymap[o] : o) * ysc] = act.on ? ec_actf(acc[i], act) : acc[i];
  }
}

/** Grouped convolution. w is [kh][kw][C_in/groups][C_out]; group g owns the
 * output channels [g*C_out/groups, (g+1)*C_out/groups). b may be NULL.
 * For every output pixel the loop nest accumulates rank-1 updates over the
 * output channels, which is the contiguous, vectorizable dimension. */
EC_KERNEL void ec_conv2d_f32(const ec_conv2d_params *p,
                             const float *EC_RESTRICT x,
                             const float *EC_RESTRICT w,
                             const float *EC_RESTRICT b,
                             float *EC_RESTRICT y) {
  const int32_t G = p->groups, OC = p->y.c, ICG = p->x.c / G, OCG = OC / G;
  const int32_t ysc = p->y.sc, xsc = p->x.sc;
  int32_t n, oy, ox, ky, kx, g, ic, o;
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy)
      for (ox = 0; ox < p->y.w; ++ox) {
        float *EC_RESTRICT yp = y + (ptrdiff_t)n * p->y.sn +
                                (ptrdiff_t)oy * p->y.sh + (ptrdiff_t)ox * p->y.sw;
        ec_conv_init(yp, OC, ysc, b);
        for (ky = 0; ky < p->kh; ++ky) {
          int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
          if (iy < 0 || iy >= p->x.h) continue;
          for (kx = 0; kx < p->kw; ++kx) {
            int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
            const float *xp;
            const float *wp;
            if (ix < 0 || ix >= p->x.w) continue;
            xp = x + (ptrdiff_t)n * p->x.sn + (ptrdiff_t)iy * p->x.sh +
                 (ptrdiff_t)ix * p->x.sw;
            wp = w + (ptrdiff_t)(ky * p->kw + kx) * ICG * OC;
            for (g = 0; g < G; ++g) {
              float *EC_RESTRICT yg = yp + (ptrdiff_t)g * OCG * ysc;
              for (ic = 0; ic < ICG; ++ic) {
                const float xv = xp[(ptrdiff_t)(g * ICG + ic) * xsc];
                const float *EC_RESTRICT wr = wp + (ptrdiff_t)ic * OC + g * OCG;
                if (ysc == 1) {
                  for (o = 0; o < OCG; ++o) yg[o] += xv * wr[o];
                } else {
                  for (o = 0; o < OCG; ++o) yg[(ptrdiff_t)o * ysc] += xv * wr[o];
                }
              }
            }
          }
        }
        ec_conv_finish(yp, OC, ysc, p->act);
      }
}

/** Depthwise convolution (one input and one output channel per group):
 * w is [kh][kw][1][C]; the channel loop is innermost. x and y may share a
 * buffer (so they are not restrict): output pixels are computed in raster
 * order, each one accumulated in place while its window is read, so y may
 * start before x by as many pixels as keep every output pixel clear of the
 * windows of itself and the pixels after it. */
EC_KERNEL void ec_dwconv2d_f32(const ec_conv2d_params *p,
                               const float *x,
                               const float *EC_RESTRICT w,
                               const float *EC_RESTRICT b,
                               float *y) {
  const int32_t C = p->y.c, ysc = p->y.sc, xsc = p->x.sc;
  int32_t n, oy, ox, ky, kx, c;
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy)
      for (ox = 0; ox < p->y.w; ++ox) {
        float *yp = y + (ptrdiff_t)n * p->y.sn +
                                (ptrdiff_t)oy * p->y.sh + (ptrdiff_t)ox * p->y.sw;
        ec_conv_init(yp, C, ysc, b);
        for (ky = 0; ky < p->kh; ++ky) {
          int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
          if (iy < 0 || iy >= p->x.h) continue;
          for (kx = 0; kx < p->kw; ++kx) {
            int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
            const float *xp;
            const float *EC_RESTRICT wp;
            if (ix < 0 || ix >= p->x.w) continue;
            xp = x + (ptrdiff_t)n * p->x.sn + (ptrdiff_t)iy * p->x.sh +
                 (ptrdiff_t)ix * p->x.sw;
            wp = w + (ptrdiff_t)(ky * p->kw + kx) * C;
            if (xsc == 1 && ysc == 1) {
              for (c = 0; c < C; ++c) yp[c] += xp[c] * wp[c];
            } else {
              for (c = 0; c < C; ++c)
                yp[(ptrdiff_t)c * ysc] += xp[(ptrdiff_t)c * xsc] * wp[c];
            }
          }
        }
        ec_conv_finish(yp, C, ysc, p->act);
      }
}

#define EC_MCHUNK 32

/** Convolution whose channels go through tables: logical input channel i is
 * channel xmap[i] of the x view (p->x.c is the logical count, p->x.sc the
 * element stride of one channel of the buffer), and logical output channel o
 * is written to channel ymap[o] of y. Either table may be NULL (identity).
 * Channels that a chain of concatenations and shuffles leaves scattered over
 * one buffer are read and written where they are, without a copy. The
 * accumulators of a block of EC_MCHUNK output channels live on the stack;
 * grouped and depthwise filters ([kh][kw][C_in/groups][C_out]) both work. */
EC_KERNEL void ec_conv2d_mapped_f32(const ec_conv2d_params *p,
                                    const int32_t *EC_RESTRICT xmap,
                                    const int32_t *EC_RESTRICT ymap,
                                    const float *EC_RESTRICT x,
                                    const float *EC_RESTRICT w,
                                    const float *EC_RESTRICT b,
                                    float *EC_RESTRICT y) {
  const int32_t G = p->groups, OC = p->y.c, ICG = p->x.c / G, OCG = OC / G;
  const int32_t depthwise = ICG == 1 && OCG == 1;
  int32_t n, oy, ox, ky, kx, ic, o0, i;
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy)
      for (ox = 0; ox < p->y.w; ++ox) {
        float *EC_RESTRICT yp = y + (ptrdiff_t)n * p->y.sn +
                                (ptrdiff_t)oy * p->y.sh + (ptrdiff_t)ox * p->y.sw;
        /* A block never crosses a group, except in the depthwise case where
         * every channel is its own group. */
        for (o0 = 0; o0 < OC;) {
          const int32_t rest = depthwise ? OC - o0 : OCG - o0 % OCG;
          const int32_t cn = rest < EC_MCHUNK ? rest : EC_MCHUNK;
          const int32_t g = o0 / OCG;
          float acc[EC_MCHUNK];
          for (i = 0; i < cn; ++i) acc[i] = b ? b[o0 + i] : 0.0f;
          for (ky = 0; ky < p->kh; ++ky) {
            int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
            if (iy < 0 || iy >= p->x.h) continue;
            for (kx = 0; kx < p->kw; ++kx) {
              int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
              const float *EC_RESTRICT xp;
              const float *EC_RESTRICT wp;
              if (ix < 0 || ix >= p->x.w) continue;
              xp = x + (ptrdiff_t)n * p->x.sn + (ptrdiff_t)iy * p->x.sh +
                   (ptrdiff_t)ix * p->x.sw;
              wp = w + (ptrdiff_t)(ky * p->kw + kx) * ICG * OC + o0;
              if (depthwise) {
                for (i = 0; i < cn; ++i) {
                  const int32_t c = o0 + i;
                  acc[i] += xp[(ptrdiff_t)(xmap ? xmap[c] : c) * p->x.sc] * wp[i];
                }
              } else {
                for (ic = 0; ic < ICG; ++ic) {
                  const int32_t c = g * ICG + ic;
                  const float xv = xp[(ptrdiff_t)(xmap ? xmap[c] : c) * p->x.sc];
                  const float *EC_RESTRICT wr = wp + (ptrdiff_t)ic * OC;
                  for (i = 0; i < cn; ++i) acc[i] += xv * wr[i];
                }
              }
            }
          }
          ec_conv_store(yp, ymap, p->y.sc, o0, acc, cn, p->act);
          o0 += cn;
        }
      }
}

/** ec_conv2d_f32 with blocks of EC_MCHUNK output channels accumulated on
 * the stack and clamped as they are stored: the compiler keeps a block in
 * vector registers where the core has a SIMD unit (x86, Cortex-A), which
 * runs 1.3 to 2.7 times fewer instructions than accumulating in y there.
 * Without one (Cortex-M4) the stack block only adds work: ec_conv2d_f32. */
EC_KERNEL void ec_conv2d_blocked_f32(const ec_conv2d_params *p,
                                     const float *EC_RESTRICT x,
                                     const float *EC_RESTRICT w,
                                     const float *EC_RESTRICT b,
                                     float *EC_RESTRICT y) {
  ec_conv2d_mapped_f32(p, NULL, NULL, x, w, b, y);
}

#define EC_QCHUNK 16

/** Quadratic depthwise convolution (QuadraNet): y = A * B + C where A, B
 * and C are depthwise convolutions of x with filters wa, wb, wc
 * ([kh][kw][1][C]) and biases ba, bb, bc. The three accumulators of a block
 * of EC_QCHUNK channels live on the stack, so no intermediate tensor is
 * written. p->groups is the channel count. */
EC_KERNEL void ec_qdwconv2d_f32(const ec_conv2d_params *p,
                                const float *EC_RESTRICT x,
                                const float *EC_RESTRICT wa,
                                const float *EC_RESTRICT wb,
                                const float *EC_RESTRICT wc,
                                const float *EC_RESTRICT ba,
                                const float *EC_RESTRICT bb,
                                const float *EC_RESTRICT bc,
                                float *EC_RESTRICT y) {
  const int32_t C = p->y.c, xsc = p->x.sc, ysc = p->y.sc;
  int32_t n, oy, ox, ky, kx, c0, i;
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy)
      for (ox = 0; ox < p->y.w; ++ox) {
        float *EC_RESTRICT yp = y + (ptrdiff_t)n * p->y.sn +
                                (ptrdiff_t)oy * p->y.sh + (ptrdiff_t)ox * p->y.sw;
        for (c0 = 0; c0 < C; c0 += EC_QCHUNK) {
          const int32_t cn = C - c0 < EC_QCHUNK ? C - c0 : EC_QCHUNK;
          float a[EC_QCHUNK], b[EC_QCHUNK], c[EC_QCHUNK];
          for (i = 0; i < cn; ++i) {
            a[i] = ba[c0 + i];
            b[i] = bb[c0 + i];
            c[i] = bc[c0 + i];
          }
          for (ky = 0; ky < p->kh; ++ky) {
            int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
            if (iy < 0 || iy >= p->x.h) continue;
            for (kx = 0; kx < p->kw; ++kx) {
              int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
              const float *EC_RESTRICT xp;
              ptrdiff_t wo;
              if (ix < 0 || ix >= p->x.w) continue;
              xp = x + (ptrdiff_t)n * p->x.sn + (ptrdiff_t)iy * p->x.sh +
                   (ptrdiff_t)ix * p->x.sw + (ptrdiff_t)c0 * xsc;
              wo = (ptrdiff_t)(ky * p->kw + kx) * C + c0;
              for (i = 0; i < cn; ++i) {
                const float xv = xp[(ptrdiff_t)i * xsc];
                a[i] += xv * wa[wo + i];
                b[i] += xv * wb[wo + i];
                c[i] += xv * wc[wo + i];
              }
            }
          }
          for (i = 0; i < cn; ++i)
            yp[(ptrdiff_t)(c0 + i) * ysc] = a[i] * b[i] + c[i];
        }
      }
}

#endif /* EC_CONV_H */
