/* ec_conv_simd.h - f32 convolutions in vector registers: one-group
 * convolution as a register-blocked GEMM, and depthwise convolution with
 * the channels in the vector lanes.
 *
 * One-group: the filter is packed at compile time in blocks of EC_GEMM_NR output
 * channels, [ceil(C_out/16)][kh][kw][C_in][16] (edgec-pack-weights), so the
 * 16 weights of one input channel are one contiguous read. A tile of
 * EC_GEMM_MR output pixels x 16 output channels lives in vector registers
 * while it accumulates over the window: per input channel, one load of 16
 * weights feeds MR broadcasts and MR x 16 multiply-adds. MR follows the
 * vector unit the C compiler targets (AVX-512, AVX, NEON, SSE). The output
 * splits into regions whose pixels share the taps that fall inside the
 * input (the interior, each edge row or column, each corner), and each
 * region runs in tiles (of MR pixels, or MR/2 where fewer share taps), so
 * edges cost little more per tap than the interior.
 * Bias and activation are applied as a tile is stored. */
#ifndef EC_CONV_SIMD_H
#define EC_CONV_SIMD_H

#include "ec_conv.h"

#define EC_GEMM_NR 16

#if defined(__GNUC__) || defined(__clang__)
#if defined(__AVX512F__)
#include <immintrin.h>
typedef __m512 ec_gemm_v;
#define EC_GEMM_MR 12
#define EC_DW_MR 8
#define EC_GEMM_FMA(a, x, w) _mm512_fmadd_ps(_mm512_set1_ps(x), (w), (a))
#define EC_GEMM_CLAMP(v, lo, hi) \
  _mm512_min_ps(_mm512_set1_ps(hi), _mm512_max_ps(_mm512_set1_ps(lo), (v)))
#elif defined(__AVX__)
#include <immintrin.h>
typedef __m256 ec_gemm_v;
#define EC_GEMM_MR 6
#define EC_DW_MR 4
#if defined(__FMA__)
#define EC_GEMM_FMA(a, x, w) _mm256_fmadd_ps(_mm256_set1_ps(x), (w), (a))
#endif
#define EC_GEMM_CLAMP(v, lo, hi) \
  _mm256_min_ps(_mm256_set1_ps(hi), _mm256_max_ps(_mm256_set1_ps(lo), (v)))
#elif defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
typedef float32x4_t ec_gemm_v;
#define EC_GEMM_MR 6
#define EC_DW_MR 4
#define EC_GEMM_FMA(a, x, w) vfmaq_n_f32((a), (w), (x))
#define EC_GEMM_CLAMP(v, lo, hi) \
  vminq_f32(vdupq_n_f32(hi), vmaxq_f32(vdupq_n_f32(lo), (v)))
#elif defined(__SSE2__)
#include <emmintrin.h>
typedef __m128 ec_gemm_v;
#define EC_GEMM_MR 2 /* 8 accumulators of 16 SSE registers */
#define EC_DW_MR 2
#define EC_GEMM_CLAMP(v, lo, hi) \
  _mm_min_ps(_mm_set1_ps(hi), _mm_max_ps(_mm_set1_ps(lo), (v)))
#else
typedef float ec_gemm_v __attribute__((vector_size(16)));
#define EC_GEMM_MR 2
#define EC_DW_MR 2
#endif
#ifndef EC_GEMM_FMA
#define EC_GEMM_FMA(a, x, w) ((a) + (x) * (w))
#endif
#if defined(__AVX512F__)
#define EC_GEMM_MLA(a, x, w) _mm512_fmadd_ps((x), (w), (a))
#elif defined(__AVX__) && defined(__FMA__)
#define EC_GEMM_MLA(a, x, w) _mm256_fmadd_ps((x), (w), (a))
#elif defined(__aarch64__) && defined(__ARM_NEON)
#define EC_GEMM_MLA(a, x, w) vfmaq_f32((a), (x), (w))
#else
#define EC_GEMM_MLA(a, x, w) ((a) + (x) * (w))
#endif
#define EC_GEMM_NV (EC_GEMM_NR * 4 / (int32_t)sizeof(ec_gemm_v))
#define EC_GEMM_LOAD(v, p) __builtin_memcpy(&(v), (p), sizeof(ec_gemm_v))
#define EC_GEMM_STORE(p, v) __builtin_memcpy((p), &(v), sizeof(ec_gemm_v))
#else
/* Without vector types: one float per "vector". */
typedef float ec_gemm_v;
#define EC_GEMM_MR 4
#define EC_DW_MR 4
#define EC_GEMM_NV EC_GEMM_NR
#define EC_GEMM_FMA(a, x, w) ((a) + (x) * (w))
#define EC_GEMM_MLA(a, x, w) ((a) + (x) * (w))
#define EC_GEMM_LOAD(v, p) ((v) = *(p))
#define EC_GEMM_STORE(p, v) (*(p) = (v))
#endif
#define EC_GEMM_VL (EC_GEMM_NR / EC_GEMM_NV) /* floats per vector */

#ifdef EC_GEMM_CLAMP
/* ec_actf on a vector: the clamp, or hard swish v * clamp(lo * v + hi, 0,
 * 1), with the same operations in the same order. */
EC_KERNEL ec_gemm_v ec_gemm_act(ec_gemm_v r, ec_clamp act) {
  if (act.on == 1) return EC_GEMM_CLAMP(r, act.lo, act.hi);
  if (act.on == 2) return r * EC_GEMM_CLAMP(r * act.lo + act.hi, 0.0f, 1.0f);
  return r;
}
#endif

/* A convolution and the packed filter block being applied. */
typedef struct {
  const ec_conv2d_params *p;
  const int32_t *xmap, *ymap; /* channel tables, or NULL */
  const float *wall, *b;      /* the packed filter, the bias or NULL */
  ptrdiff_t wblock;           /* floats per block: kh * kw * C_in * 16 */
  const float *w;             /* block j: [kh][kw][C_in][16] */
  ec_gemm_v bias[EC_GEMM_NV]; /* its bias, zeros past C_out */
} ec_gemm_block;

/* Makes block j (output channels [16j, 16j + 16)) the one applied. */
EC_KERNEL void ec_gemm_select(ec_gemm_block *blk, int32_t j) {
  const int32_t o0 = j * EC_GEMM_NR, OC = blk->p->y.c;
  int32_t k, v;
  blk->w = blk->wall + j * blk->wblock;
  if (blk->b && o0 + EC_GEMM_NR <= OC) {
    for (v = 0; v < EC_GEMM_NV; ++v)
      EC_GEMM_LOAD(blk->bias[v], blk->b + o0 + v * EC_GEMM_VL);
  } else {
    float bt[EC_GEMM_NR];
    for (k = 0; k < EC_GEMM_NR; ++k)
      bt[k] = blk->b && o0 + k < OC ? blk->b[o0 + k] : 0.0f;
    for (v = 0; v < EC_GEMM_NV; ++v) EC_GEMM_LOAD(blk->bias[v], bt + v * EC_GEMM_VL);
  }
}

/* Stores MR or fewer accumulated pixels: channels o0.. of each. A whole
 * block of contiguous channels with no table is stored vector by vector,
 * its activation applied in registers (the clamps keep a NaN, as
 * ec_clampf does: max(lo, NaN) and min(hi, NaN) give their second
 * operand). */
EC_KERNEL void ec_gemm_store(const ec_gemm_block *blk, float *const *yp,
                             int32_t m, int32_t o0,
                             ec_gemm_v acc[][EC_GEMM_NV]) {
  const ec_conv2d_params *p = blk->p;
  const int32_t cn = p->y.c - o0 < EC_GEMM_NR ? p->y.c - o0 : EC_GEMM_NR;
  int32_t i, v;
#ifdef EC_GEMM_CLAMP
  if (!blk->ymap && p->y.sc == 1 && cn == EC_GEMM_NR) {
    for (i = 0; i < m; ++i)
      for (v = 0; v < EC_GEMM_NV; ++v) {
        const ec_gemm_v r = ec_gemm_act(acc[i][v], p->act);
        EC_GEMM_STORE(yp[i] + o0 + v * EC_GEMM_VL, r);
      }
    return;
  }
#endif
  for (i = 0; i < m; ++i) {
    float t[EC_GEMM_NR];
    for (v = 0; v < EC_GEMM_NV; ++v) EC_GEMM_STORE(t + v * EC_GEMM_VL, acc[i][v]);
    ec_conv_store(yp[i], blk->ymap, p->y.sc, o0, t, cn, p->act);
  }
}

/* A window's taps [ky0, ky1) x [kx0, kx1) that lie inside the input. */
typedef struct {
  int32_t ky0, ky1, kx0, kx1;
} ec_gemm_taps;

/* m pixels (m <= EC_GEMM_MR, a constant where it is called) with the same
 * taps inside the input; xb[i] is pixel i's input at its first tap
 * (ky0, kx0). `mapped` (a constant too): input channel ic is channel
 * xmap[ic] of x. */
EC_ALWAYS_INLINE EC_KERNEL void ec_gemm_tile_m(const ec_gemm_block *blk, const ec_gemm_taps *t,
                              const float *const *xb, float *const *yp,
                              int32_t o0, const int32_t m, const int mapped) {
  const ec_conv2d_params *p = blk->p;
  const int32_t IC = p->x.c, xsc = p->x.sc;
  const ptrdiff_t ty = (ptrdiff_t)p->dil_h * p->x.sh,
                  tx = (ptrdiff_t)p->dil_w * p->x.sw;
  ec_gemm_v a[EC_GEMM_MR][EC_GEMM_NV];
  int32_t ky, kx, ic, i, v;
  for (i = 0; i < m; ++i)
    for (v = 0; v < EC_GEMM_NV; ++v) a[i][v] = blk->bias[v];
  for (ky = t->ky0; ky < t->ky1; ++ky)
    for (kx = t->kx0; kx < t->kx1; ++kx) {
      const ptrdiff_t off = (ky - t->ky0) * ty + (kx - t->kx0) * tx;
      const float *EC_RESTRICT wk =
          blk->w + (ptrdiff_t)(ky * p->kw + kx) * IC * EC_GEMM_NR;
      const float *xt[EC_GEMM_MR];
      for (i = 0; i < m; ++i) xt[i] = xb[i] + off;
      for (ic = 0; ic < IC; ++ic) {
        const ptrdiff_t xo =
            (ptrdiff_t)(mapped ? blk->xmap[ic] : ic) * xsc;
        ec_gemm_v w[EC_GEMM_NV];
        for (v = 0; v < EC_GEMM_NV; ++v) EC_GEMM_LOAD(w[v], wk + v * EC_GEMM_VL);
        wk += EC_GEMM_NR;
        for (i = 0; i < m; ++i) {
          const float xv = xt[i][xo];
          for (v = 0; v < EC_GEMM_NV; ++v) a[i][v] = EC_GEMM_FMA(a[i][v], xv, w[v]);
        }
      }
    }
  {
    /* A copy, so `a` never has its address taken and stays in registers. */
    ec_gemm_v out[EC_GEMM_MR][EC_GEMM_NV];
    for (i = 0; i < m; ++i)
      for (v = 0; v < EC_GEMM_NV; ++v) out[i][v] = a[i][v];
    ec_gemm_store(blk, yp, m, o0, out);
  }
}

#define EC_GEMM_HALF (EC_GEMM_MR / 2)

EC_KERNEL void ec_gemm_tile(const ec_gemm_block *blk, const ec_gemm_taps *t,
                            const float *const *xb, float *const *yp,
                            int32_t o0) {
  ec_gemm_tile_m(blk, t, xb, yp, o0, EC_GEMM_MR, 0);
}

EC_KERNEL void ec_gemm_half_tile(const ec_gemm_block *blk,
                                 const ec_gemm_taps *t, const float *const *xb,
                                 float *const *yp, int32_t o0) {
  ec_gemm_tile_m(blk, t, xb, yp, o0, EC_GEMM_HALF, 0);
}

EC_KERNEL void ec_gemm_tile_mapped(const ec_gemm_block *blk,
                                   const ec_gemm_taps *t,
                                   const float *const *xb, float *const *yp,
                                   int32_t o0) {
  ec_gemm_tile_m(blk, t, xb, yp, o0, EC_GEMM_MR, 1);
}

EC_KERNEL void ec_gemm_half_tile_mapped(const ec_gemm_block *blk,
                                        const ec_gemm_taps *t,
                                        const float *const *xb,
                                        float *const *yp, int32_t o0) {
  ec_gemm_tile_m(blk, t, xb, yp, o0, EC_GEMM_HALF, 1);
}

/* One pixel over its taps inside the input; xb is its input at the first. */
EC_KERNEL void ec_gemm_pixel(const ec_gemm_block *blk, const ec_gemm_taps *t,
                             const float *xb, float *yp, int32_t o0) {
  const ec_conv2d_params *p = blk->p;
  const int32_t IC = p->x.c, xsc = p->x.sc;
  const ptrdiff_t ty = (ptrdiff_t)p->dil_h * p->x.sh,
                  tx = (ptrdiff_t)p->dil_w * p->x.sw;
  int32_t ky, kx, ic, v;
  ec_gemm_v a[1][EC_GEMM_NV];
  for (v = 0; v < EC_GEMM_NV; ++v) a[0][v] = blk->bias[v];
  for (ky = t->ky0; ky < t->ky1; ++ky)
    for (kx = t->kx0; kx < t->kx1; ++kx) {
      const float *xt = xb + (ky - t->ky0) * ty + (kx - t->kx0) * tx;
      const float *EC_RESTRICT wk =
          blk->w + (ptrdiff_t)(ky * p->kw + kx) * IC * EC_GEMM_NR;
      for (ic = 0; ic < IC; ++ic) {
        const float xv =
            xt[(ptrdiff_t)(blk->xmap ? blk->xmap[ic] : ic) * xsc];
        for (v = 0; v < EC_GEMM_NV; ++v) {
          ec_gemm_v w;
          EC_GEMM_LOAD(w, wk + v * EC_GEMM_VL);
          a[0][v] = EC_GEMM_FMA(a[0][v], xv, w);
        }
        wk += EC_GEMM_NR;
      }
    }
  {
    ec_gemm_v out[1][EC_GEMM_NV];
    for (v = 0; v < EC_GEMM_NV; ++v) out[0][v] = a[0][v];
    ec_gemm_store(blk, &yp, 1, o0, out);
  }
}

/* The output rows or columns [*lo, *hi) whose windows lie inside the input
 * along one axis. */
EC_KERNEL void ec_gemm_inside(int32_t out, int32_t s, int32_t pad, int32_t d,
                              int32_t k, int32_t size, int32_t *lo,
                              int32_t *hi) {
  int32_t a, b;
  *lo = 0;
  *hi = out;
  while (*lo < out) {
    ec_window_range(*lo, s, pad, d, k, size, &a, &b);
    if (a == 0 && b == k) break;
    ++*lo;
  }
  while (*hi > *lo) {
    ec_window_range(*hi - 1, s, pad, d, k, size, &a, &b);
    if (a == 0 && b == k) break;
    --*hi;
  }
}

/* Class c of the output rows or columns: the ones with whole windows
 * [lo, hi) together, every other one alone. Returns [*c0, *c1). */
EC_KERNEL void ec_gemm_class(int32_t c, int32_t lo, int32_t hi, int32_t *c0,
                             int32_t *c1) {
  if (c < lo) {
    *c0 = c;
    *c1 = c + 1;
  } else if (c == lo && hi > lo) {
    *c0 = lo;
    *c1 = hi;
  } else {
    *c0 = c - (hi > lo ? 1 : 0) + (hi - lo);
    *c1 = *c0 + 1;
  }
}

/* The pixels rows [r0, r1) x columns [c0, c1), which share their taps, in
 * tiles of EC_GEMM_MR (the last one overlapping the one before, or half
 * tiles where there are fewer; a store is idempotent) or alone; each tile
 * for the filter blocks [j0, j1). */
EC_KERNEL void ec_gemm_region(ec_gemm_block *blk, const float *xn, float *yn,
                              int32_t j0, int32_t j1, int32_t r0, int32_t r1,
                              int32_t c0, int32_t c1) {
  const ec_conv2d_params *p = blk->p;
  const int32_t cw = c1 - c0, count = (r1 - r0) * cw;
  ec_gemm_taps t;
  int32_t q, i, j, none;
  ec_window_range(r0, p->stride_h, p->pad_t, p->dil_h, p->kh, p->x.h, &t.ky0, &t.ky1);
  ec_window_range(c0, p->stride_w, p->pad_l, p->dil_w, p->kw, p->x.w, &t.kx0, &t.kx1);
  none = t.ky0 >= t.ky1 || t.kx0 >= t.kx1;
  if (none) { /* no tap inside: the bias */
    t.ky0 = t.ky1 = t.kx0 = t.kx1 = 0;
  }
  for (q = 0; q < count;) {
    const float *xb[EC_GEMM_MR];
    float *yp[EC_GEMM_MR];
    /* A whole tile, or the last one overlapping the one before; with
     * fewer pixels than that, half tiles, then single pixels. */
    const int32_t m = count >= EC_GEMM_MR     ? EC_GEMM_MR
                      : count >= EC_GEMM_HALF ? EC_GEMM_HALF
                                              : 1;
    const int32_t q0 = q + m <= count ? q : count - m;
    int32_t oy = r0 + q0 / cw, ox = c0 + q0 % cw;
    for (i = 0; i < m; ++i) {
      xb[i] = none ? xn : xn +
          (ptrdiff_t)(oy * p->stride_h - p->pad_t + t.ky0 * p->dil_h) * p->x.sh +
          (ptrdiff_t)(ox * p->stride_w - p->pad_l + t.kx0 * p->dil_w) * p->x.sw;
      yp[i] = yn + (ptrdiff_t)oy * p->y.sh + (ptrdiff_t)ox * p->y.sw;
      if (++ox == c1) {
        ox = c0;
        ++oy;
      }
    }
    for (j = j0; j < j1; ++j) {
      const int32_t o0 = j * EC_GEMM_NR;
      if (j1 - j0 > 1) ec_gemm_select(blk, j);
      if (m == 1) ec_gemm_pixel(blk, &t, xb[0], yp[0], o0);
      else if (blk->xmap && m == EC_GEMM_MR) ec_gemm_tile_mapped(blk, &t, xb, yp, o0);
      else if (blk->xmap) ec_gemm_half_tile_mapped(blk, &t, xb, yp, o0);
      else if (m == EC_GEMM_MR) ec_gemm_tile(blk, &t, xb, yp, o0);
      else ec_gemm_half_tile(blk, &t, xb, yp, o0);
    }
    q = q0 + m;
  }
}

/* Packed filters up to this many bytes are applied block after block to
 * each tile of pixels (the input read once, the filter staying in cache);
 * larger ones block by block over all pixels (each block's filter stays in
 * cache while the input streams). The tests build with 0 too, to take the
 * second order on every shape. */
#ifndef EC_GEMM_SMALL_FILTER
#define EC_GEMM_SMALL_FILTER (64 * 1024)
#endif

/* One group of ec_conv2d_gemm_f32 (p->groups ignored). */
EC_KERNEL void ec_conv2d_gemm_group(const ec_conv2d_params *p,
                                   const int32_t *xmap, const int32_t *ymap,
                                   const float *EC_RESTRICT x,
                                   const float *EC_RESTRICT w,
                                   const float *EC_RESTRICT b,
                                   float *EC_RESTRICT y) {
  const int32_t blocks = (p->y.c + EC_GEMM_NR - 1) / EC_GEMM_NR;
  const ptrdiff_t wblock = (ptrdiff_t)p->kh * p->kw * p->x.c * EC_GEMM_NR;
  const int small = (int64_t)blocks * wblock * 4 <= EC_GEMM_SMALL_FILTER;
  int32_t rlo, rhi, clo, chi, rows, cols, n, j, rc, cc;
  ec_gemm_block blk;
  blk.p = p;
  blk.xmap = xmap;
  blk.ymap = ymap;
  blk.wall = w;
  blk.b = b;
  blk.wblock = wblock;
  ec_gemm_select(&blk, 0);
  ec_gemm_inside(p->y.h, p->stride_h, p->pad_t, p->dil_h, p->kh, p->x.h, &rlo, &rhi);
  ec_gemm_inside(p->y.w, p->stride_w, p->pad_l, p->dil_w, p->kw, p->x.w, &clo, &chi);
  rows = p->y.h - (rhi - rlo) + (rhi > rlo ? 1 : 0);
  cols = p->y.w - (chi - clo) + (chi > clo ? 1 : 0);
  for (n = 0; n < p->y.n; ++n) {
    const float *xn = x + (ptrdiff_t)n * p->x.sn;
    float *yn = y + (ptrdiff_t)n * p->y.sn;
    for (j = 0; j < (small ? 1 : blocks); ++j) {
      if (!small) ec_gemm_select(&blk, j);
      for (rc = 0; rc < rows; ++rc)
        for (cc = 0; cc < cols; ++cc) {
          int32_t r0, r1, c0, c1;
          ec_gemm_class(rc, rlo, rhi, &r0, &r1);
          ec_gemm_class(cc, clo, chi, &c0, &c1);
          ec_gemm_region(&blk, xn, yn, small ? 0 : j, small ? blocks : j + 1,
                         r0, r1, c0, c1);
        }
    }
  }
}

/* ec_conv2d_gemm_f32 and ec_conv2d_mapped_gemm_f32: each group as a
 * one-group convolution on its channels (a view of them, or the part of
 * the channel tables that names them) with its filter blocks. */
EC_KERNEL void ec_conv2d_gemm_impl(const ec_conv2d_params *p,
                                   const int32_t *xmap, const int32_t *ymap,
                                   const float *EC_RESTRICT x,
                                   const float *EC_RESTRICT w,
                                   const float *EC_RESTRICT b,
                                   float *EC_RESTRICT y) {
  const int32_t G = p->groups, ICG = p->x.c / G, OCG = p->y.c / G;
  const ptrdiff_t wgroup = (ptrdiff_t)((OCG + EC_GEMM_NR - 1) / EC_GEMM_NR) *
                           p->kh * p->kw * ICG * EC_GEMM_NR;
  ec_conv2d_params pg = *p;
  int32_t g;
  if (G == 1) {
    ec_conv2d_gemm_group(p, xmap, ymap, x, w, b, y);
    return;
  }
  pg.groups = 1;
  pg.x.c = ICG;
  pg.y.c = OCG;
  for (g = 0; g < G; ++g)
    ec_conv2d_gemm_group(
        &pg, xmap ? xmap + g * ICG : NULL, ymap ? ymap + g * OCG : NULL,
        xmap ? x : x + (ptrdiff_t)g * ICG * p->x.sc, w + g * wgroup,
        b ? b + g * OCG : NULL, ymap ? y : y + (ptrdiff_t)g * OCG * p->y.sc);
}

/** Convolution with a filter packed [groups * ceil(C_out/groups/16)][kh]
 * [kw][C_in/groups][16] (each group's channels past its last one zero). x
 * and y are views with any strides; b may be NULL. */
EC_KERNEL void ec_conv2d_gemm_f32(const ec_conv2d_params *p,
                                  const float *EC_RESTRICT x,
                                  const float *EC_RESTRICT w,
                                  const float *EC_RESTRICT b,
                                  float *EC_RESTRICT y) {
  ec_conv2d_gemm_impl(p, NULL, NULL, x, w, b, y);
}

/** ec_conv2d_gemm_f32 through channel tables, as ec_conv2d_mapped_f32:
 * logical input channel i is channel xmap[i] of x (p->x.c the logical
 * count), output channel o is written to channel ymap[o] of y; either may
 * be NULL. */
EC_KERNEL void ec_conv2d_mapped_gemm_f32(const ec_conv2d_params *p,
                                         const int32_t *EC_RESTRICT xmap,
                                         const int32_t *EC_RESTRICT ymap,
                                         const float *EC_RESTRICT x,
                                         const float *EC_RESTRICT w,
                                         const float *EC_RESTRICT b,
                                         float *EC_RESTRICT y) {
  ec_conv2d_gemm_impl(p, xmap, ymap, x, w, b, y);
}

/* Depthwise: m pixels (a constant where it is called) of one output row
 * with the same taps inside the input, channels [c, c + nv * VL) with nv
 * vectors (a constant too). xb[i] is pixel i's input at channel 0 of its
 * first tap (ky0, kx0); channels are contiguous in x, y and w. */
EC_ALWAYS_INLINE EC_KERNEL void ec_dw_tile_m(const ec_conv2d_params *p, const ec_gemm_taps *t,
                            const float *const *xb, float *const *yp,
                            const float *EC_RESTRICT w,
                            const float *EC_RESTRICT b, int32_t c,
                            const int32_t m, const int32_t nv) {
  const ptrdiff_t ty = (ptrdiff_t)p->dil_h * p->x.sh,
                  tx = (ptrdiff_t)p->dil_w * p->x.sw;
  const int32_t C = p->y.c;
  ec_gemm_v a[EC_DW_MR][EC_GEMM_NV];
  int32_t ky, kx, i, v;
  for (v = 0; v < nv; ++v) {
    ec_gemm_v bv;
    if (b) EC_GEMM_LOAD(bv, b + c + v * EC_GEMM_VL);
    else {
      float z[EC_GEMM_VL];
      for (i = 0; i < EC_GEMM_VL; ++i) z[i] = 0.0f;
      EC_GEMM_LOAD(bv, z);
    }
    for (i = 0; i < m; ++i) a[i][v] = bv;
  }
  for (ky = t->ky0; ky < t->ky1; ++ky)
    for (kx = t->kx0; kx < t->kx1; ++kx) {
      const ptrdiff_t off = (ky - t->ky0) * ty + (kx - t->kx0) * tx + c;
      const float *wk = w + (ptrdiff_t)(ky * p->kw + kx) * C + c;
      for (v = 0; v < nv; ++v) {
        ec_gemm_v wv;
        EC_GEMM_LOAD(wv, wk + v * EC_GEMM_VL);
        for (i = 0; i < m; ++i) {
          ec_gemm_v xv;
          EC_GEMM_LOAD(xv, xb[i] + off + v * EC_GEMM_VL);
          a[i][v] = EC_GEMM_MLA(a[i][v], xv, wv);
        }
      }
    }
#ifdef EC_GEMM_CLAMP
  for (i = 0; i < m; ++i)
    for (v = 0; v < nv; ++v) {
      const ec_gemm_v r = ec_gemm_act(a[i][v], p->act);
      EC_GEMM_STORE(yp[i] + c + v * EC_GEMM_VL, r);
    }
  return;
#endif
  for (i = 0; i < m; ++i) {
    float out[EC_GEMM_NR];
    for (v = 0; v < nv; ++v) EC_GEMM_STORE(out + v * EC_GEMM_VL, a[i][v]);
    ec_conv_store(yp[i], NULL, 1, c, out, nv * EC_GEMM_VL, p->act);
  }
}

/* Depthwise over a run of pixels of one row sharing their taps, every
 * channel: blocks of EC_GEMM_NV vectors, then single vectors, then the
 * last channels one at a time. */
EC_ALWAYS_INLINE EC_KERNEL void ec_dw_pixels_m(const ec_conv2d_params *p, const ec_gemm_taps *t,
                              const float *const *xb, float *const *yp,
                              const float *EC_RESTRICT w,
                              const float *EC_RESTRICT b, const int32_t m) {
  const int32_t C = p->y.c;
  const ptrdiff_t ty = (ptrdiff_t)p->dil_h * p->x.sh,
                  tx = (ptrdiff_t)p->dil_w * p->x.sw;
  int32_t c = 0, i, ky, kx;
  for (; c + EC_GEMM_NR <= C; c += EC_GEMM_NR)
    ec_dw_tile_m(p, t, xb, yp, w, b, c, m, EC_GEMM_NV);
  for (; c + EC_GEMM_VL <= C; c += EC_GEMM_VL)
    ec_dw_tile_m(p, t, xb, yp, w, b, c, m, 1);
  for (; c < C; ++c)
    for (i = 0; i < m; ++i) {
      float acc = b ? b[c] : 0.0f;
      for (ky = t->ky0; ky < t->ky1; ++ky)
        for (kx = t->kx0; kx < t->kx1; ++kx)
          acc += xb[i][(ky - t->ky0) * ty + (kx - t->kx0) * tx + c] *
                 w[(ptrdiff_t)(ky * p->kw + kx) * C + c];
      yp[i][c] = p->act.on ? ec_actf(acc, p->act) : acc;
    }
}

EC_KERNEL void ec_dw_pixels_tile(const ec_conv2d_params *p, const ec_gemm_taps *t,
                             const float *const *xb, float *const *yp,
                             const float *EC_RESTRICT w,
                             const float *EC_RESTRICT b) {
  ec_dw_pixels_m(p, t, xb, yp, w, b, EC_DW_MR);
}

EC_KERNEL void ec_dw_pixels1(const ec_conv2d_params *p, const ec_gemm_taps *t,
                             const float *const *xb, float *const *yp,
                             const float *EC_RESTRICT w,
                             const float *EC_RESTRICT b) {
  ec_dw_pixels_m(p, t, xb, yp, w, b, 1);
}

/** Depthwise convolution, w [kh][kw][1][C], channels contiguous in x and y
 * (sc == 1). EC_DW_MR pixels of a row (2 to 8 by the vector unit) x 16
 * channels accumulate in vector
 * registers over the window. Output pixels are computed in raster order,
 * each tile of pixels read before it is written, so x and y may share a
 * buffer as for ec_dwconv2d_f32. */
EC_KERNEL void ec_dwconv2d_simd_f32(const ec_conv2d_params *p, const float *x,
                                    const float *EC_RESTRICT w,
                                    const float *EC_RESTRICT b, float *y) {
  int32_t n, oy, ox, clo, chi, i;
  ec_gemm_inside(p->y.w, p->stride_w, p->pad_l, p->dil_w, p->kw, p->x.w, &clo, &chi);
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy) {
      ec_gemm_taps t;
      const float *xrow;
      float *yrow = y + (ptrdiff_t)n * p->y.sn + (ptrdiff_t)oy * p->y.sh;
      ec_window_range(oy, p->stride_h, p->pad_t, p->dil_h, p->kh, p->x.h, &t.ky0, &t.ky1);
      xrow = x + (ptrdiff_t)n * p->x.sn;
      if (t.ky0 < t.ky1)
        xrow += (ptrdiff_t)(oy * p->stride_h - p->pad_t + t.ky0 * p->dil_h) * p->x.sh;
      for (ox = 0; ox < p->y.w;) {
        const float *xb[EC_DW_MR];
        float *yp[EC_DW_MR];
        const int32_t m = ox >= clo && ox + EC_DW_MR <= chi && t.ky0 < t.ky1 ? EC_DW_MR : 1;
        ec_gemm_taps tt = t;
        if (m == 1)
          ec_window_range(ox, p->stride_w, p->pad_l, p->dil_w, p->kw, p->x.w, &tt.kx0, &tt.kx1);
        else {
          tt.kx0 = 0;
          tt.kx1 = p->kw;
        }
        if (tt.ky0 >= tt.ky1 || tt.kx0 >= tt.kx1) /* no tap inside: the bias */
          tt.ky0 = tt.ky1 = tt.kx0 = tt.kx1 = 0;
        for (i = 0; i < m; ++i) {
          const int32_t ix = (ox + i) * p->stride_w - p->pad_l + tt.kx0 * p->dil_w;
          xb[i] = tt.kx0 < tt.kx1 ? xrow + (ptrdiff_t)ix * p->x.sw : xrow;
          yp[i] = yrow + (ptrdiff_t)(ox + i) * p->y.sw;
        }
        if (m == EC_DW_MR) ec_dw_pixels_tile(p, &tt, xb, yp, w, b);
        else ec_dw_pixels1(p, &tt, xb, yp, w, b);
        ox += m;
      }
    }
}

#endif /* EC_CONV_SIMD_H */
