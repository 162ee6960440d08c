/* test_kernels.c - every runtime kernel against its reference twin
 * (runtime_c/ref/ec_ref.h, ec_ref_s8.h) on random shapes and random strided
 * layouts; int8 kernels bit-exact.
 *
 * Output buffers start with the same random contents for both versions and
 * are compared whole, so a write outside the view (into padding) fails too.
 * Prints "N passed, M failed"; exits non-zero on any failure.
 *
 * Also built for Arm cores and run under QEMU (test/e2e/run_kernels_arm.sh)
 * with -DEC_TEST_ITERS=N (fewer random cases), -DEC_TEST_SWEEP_STRIDE=K
 * (every K-th point of the math sweeps) and -DEC_TEST_SEMIHOSTING
 * (output through the debugger's console), so the kernels a core's
 * features select are checked on that core. */
#include "ec_ref.h"
#include "ec_ref_s8.h"
#include "ec_conv_s8_dsp.h"
#include "ec_conv_s8_mve.h"
#include "ec_eltwise_s8_mve.h"
#include "ec_eltwise_s8_neon.h"
#include "ec_conv_s8_neon.h"
#include "ec_conv_fpu.h"
#include "ec_conv_simd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 12345u;
static uint32_t next_u32(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}
static int32_t rand_int(int32_t lo, int32_t hi) {
  return lo + (int32_t)(next_u32() % (uint32_t)(hi - lo + 1));
}
static float rand_float(void) {
  return (float)(next_u32() % 20001u) / 10000.0f - 1.0f;
}
static float *rand_buffer(size_t n) {
  float *p = (float *)malloc((n ? n : 1) * sizeof(float));
  size_t i;
  for (i = 0; i < n; ++i) p[i] = rand_float();
  return p;
}

static int passed, failed;

/* Compares whole buffers with a relative tolerance for summation order. */
static void check(const char *what, int iter, const float *got,
                  const float *want, size_t n, float tol) {
  size_t i;
  for (i = 0; i < n; ++i) {
    float d = got[i] - want[i], m = want[i] < 0 ? -want[i] : want[i];
    if (d < 0) d = -d;
    if (d > tol * (1.0f + m) || got[i] != got[i]) {
      printf("FAIL %s #%d: element %lu = %.9g, reference %.9g\n", what, iter,
             (unsigned long)i, got[i], want[i]);
      ++failed;
      return;
    }
  }
  ++passed;
}

/* A random layout of an n x h x w x c view: a random dimension order in
 * memory and random padding after each dimension. Returns elements needed. */
static size_t rand_view(ec_view4 *v, int32_t n, int32_t h, int32_t w,
                        int32_t c) {
  int32_t sizes[4], order[4] = {0, 1, 2, 3}, strides[4], i;
  int32_t stride = 1;
  sizes[0] = n; sizes[1] = h; sizes[2] = w; sizes[3] = c;
  if (rand_int(0, 2) == 0) /* sometimes not NHWC */
    for (i = 3; i > 0; --i) {
      int32_t j = rand_int(0, i), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  for (i = 3; i >= 0; --i) {
    strides[order[i]] = stride;
    stride *= sizes[order[i]] + rand_int(0, 1) * rand_int(0, 3);
  }
  v->n = n; v->h = h; v->w = w; v->c = c;
  v->sn = strides[0]; v->sh = strides[1]; v->sw = strides[2]; v->sc = strides[3];
  return (size_t)stride;
}

static ec_clamp rand_clamp(void) {
  ec_clamp c = {0, 0.0f, 0.0f};
  if (rand_int(0, 1)) {
    c.on = 1;
    c.lo = -0.5f;
    c.hi = rand_int(0, 1) ? 0.5f : 1e30f;
  }
  return c;
}

/* A clamp, ONNX's hard swish, or nothing: the activations convolutions and
 * matrix products take. */
static ec_clamp rand_act(void) {
  ec_clamp c = {2, 1.0f / 6.0f, 0.5f};
  return rand_int(0, 2) == 0 ? c : rand_clamp();
}

static void test_conv(int iter, int depthwise) {
  ec_conv2d_params p;
  int32_t g = depthwise ? rand_int(1, 9) : rand_int(1, 3);
  int32_t icg = depthwise ? 1 : rand_int(1, 4), ocg = depthwise ? 1 : rand_int(1, 5);
  int32_t h = rand_int(1, 7), w = rand_int(1, 7), oh, ow;
  size_t nx, ny, nw;
  float *x, *wt, *b, *y1, *y2, *y0;
  p.kh = rand_int(1, 3); p.kw = rand_int(1, 3);
  p.stride_h = rand_int(1, 2); p.stride_w = rand_int(1, 2);
  p.dil_h = rand_int(1, 2); p.dil_w = rand_int(1, 2);
  p.pad_t = rand_int(0, 2); p.pad_l = rand_int(0, 2);
  p.groups = g;
  p.act = rand_act();
  oh = (h + 2 * p.pad_t - p.dil_h * (p.kh - 1) - 1) / p.stride_h + 1;
  ow = (w + 2 * p.pad_l - p.dil_w * (p.kw - 1) - 1) / p.stride_w + 1;
  if (oh <= 0 || ow <= 0) { test_conv(iter, depthwise); return; }
  nx = rand_view(&p.x, rand_int(1, 2), h, w, g * icg);
  ny = rand_view(&p.y, p.x.n, oh, ow, g * ocg);
  nw = (size_t)p.kh * p.kw * icg * g * ocg;
  x = rand_buffer(nx); wt = rand_buffer(nw);
  b = rand_int(0, 1) ? rand_buffer((size_t)g * ocg) : NULL;
  y1 = rand_buffer(ny);
  y2 = (float *)malloc(ny * sizeof(float));
  y0 = (float *)malloc((ny ? ny : 1) * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  memcpy(y0, y1, ny * sizeof(float));
  if (depthwise) ec_dwconv2d_f32(&p, x, wt, b, y1);
  else ec_conv2d_f32(&p, x, wt, b, y1);
  ref_conv2d(&p, x, wt, b, y2);
  check(depthwise ? "ec_dwconv2d_f32" : "ec_conv2d_f32", iter, y1, y2, ny, 1e-5f);
  if (depthwise) {
    float *y3 = (float *)malloc((ny ? ny : 1) * sizeof(float));
    memcpy(y3, y0, ny * sizeof(float));
    ec_dwconv2d_f32_fpu(&p, x, wt, b, y3);
    check("ec_dwconv2d_f32_fpu", iter, y3, y2, ny, 1e-5f);
    free(y3);
  }
  if (!depthwise) {
    float *y3 = rand_buffer(ny);
    memcpy(y3, y2, ny * sizeof(float));
    ec_conv2d_blocked_f32(&p, x, wt, b, y3);
    check("ec_conv2d_blocked_f32", iter, y3, y2, ny, 1e-5f);
    memcpy(y3, y0, ny * sizeof(float));
    ec_conv2d_f32_fpu(&p, x, wt, b, y3);
    check("ec_conv2d_f32_fpu", iter, y3, y2, ny, 1e-5f);
    free(y3);
  }
  free(x); free(wt); free(b); free(y1); free(y2); free(y0);
}

/* An HWIO filter ([taps][oc], taps = kh * kw * C_in/groups) packed in
 * blocks of EC_GEMM_NR output channels per group,
 * [groups * ceil(oc/groups/16)][taps][16], zeros past each group's last
 * channel: what edgec-pack-weights stores for the GEMM kernels. */
static float *pack_blocked(const float *wt, int32_t taps, int32_t oc,
                           int32_t groups) {
  const int32_t ocg = oc / groups, gb = (ocg + EC_GEMM_NR - 1) / EC_GEMM_NR;
  float *wb = (float *)calloc((size_t)groups * gb * taps * EC_GEMM_NR + 1,
                              sizeof(float));
  int32_t t, o;
  for (t = 0; t < taps; ++t)
    for (o = 0; o < oc; ++o) {
      const int32_t g = o / ocg, l = o % ocg;
      wb[((size_t)(g * gb + l / EC_GEMM_NR) * taps + t) * EC_GEMM_NR +
         l % EC_GEMM_NR] = wt[(size_t)t * oc + o];
    }
  return wb;
}

/* A random window of up to 5x5 taps, stride up to 3, dilation up to 2,
 * padding up to 2 on top and left and 0 to 2 on the bottom and right (the
 * output size implies them), over an h x w map; false when no output pixel
 * fits. */
static int rand_wide_window(ec_conv2d_params *p, int32_t h, int32_t w,
                            int32_t *oh, int32_t *ow) {
  p->kh = rand_int(1, 5); p->kw = rand_int(1, 5);
  p->stride_h = rand_int(1, 3); p->stride_w = rand_int(1, 3);
  p->dil_h = rand_int(1, 2); p->dil_w = rand_int(1, 2);
  p->pad_t = rand_int(0, 2); p->pad_l = rand_int(0, 2);
  p->act = rand_act();
  *oh = (h + p->pad_t + rand_int(0, 2) - p->dil_h * (p->kh - 1) - 1) / p->stride_h + 1;
  *ow = (w + p->pad_l + rand_int(0, 2) - p->dil_w * (p->kw - 1) - 1) / p->stride_w + 1;
  return h + p->pad_t + 2 >= p->dil_h * (p->kh - 1) + 1 &&
         w + p->pad_l + 2 >= p->dil_w * (p->kw - 1) + 1 && *oh > 0 && *ow > 0;
}

/* The GEMM convolution (filter packed in blocks of 16 output channels) on
 * one-group windows of every kind: several blocks and a partial last one,
 * tiles of pixels that cross rows and overlap at the end, pixels whose
 * windows cross the padding, strided views. */
static void test_conv_gemm(int iter) {
  ec_conv2d_params p;
  int32_t g = rand_int(0, 2) ? 1 : rand_int(2, 3);
  int32_t ic = g * rand_int(1, 20 / g), oc = g * rand_int(1, 40 / g);
  int32_t h = rand_int(1, 12), w = rand_int(1, 12), oh, ow;
  size_t nx, ny, nw;
  float *x, *wt, *wb, *b, *y1, *y2;
  p.groups = g;
  if (!rand_wide_window(&p, h, w, &oh, &ow)) {
    test_conv_gemm(iter);
    return;
  }
  nx = rand_view(&p.x, rand_int(1, 2), h, w, ic);
  ny = rand_view(&p.y, p.x.n, oh, ow, oc);
  nw = (size_t)p.kh * p.kw * (ic / g) * oc;
  x = rand_buffer(nx); wt = rand_buffer(nw);
  wb = pack_blocked(wt, p.kh * p.kw * (ic / g), oc, g);
  b = rand_int(0, 1) ? rand_buffer((size_t)oc) : NULL;
  y1 = rand_buffer(ny);
  y2 = (float *)malloc((ny ? ny : 1) * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_conv2d_gemm_f32(&p, x, wb, b, y1);
  ref_conv2d(&p, x, wt, b, y2);
  check("ec_conv2d_gemm_f32", iter, y1, y2, ny, 1e-5f);
  free(x); free(wt); free(wb); free(b); free(y1); free(y2);
}

/* The vector depthwise convolution: channels contiguous (sc == 1) but
 * pixels, rows and images padded; blocks of 16 channels, single vectors
 * and the last few channels; tiles of pixels and pixels at the edges. */
static void test_dwconv_simd(int iter) {
  ec_conv2d_params p;
  int32_t C = rand_int(1, 40), h = rand_int(1, 12), w = rand_int(1, 12), oh, ow;
  size_t nx, ny;
  float *x, *wt, *b, *y1, *y2;
  p.groups = C;
  if (!rand_wide_window(&p, h, w, &oh, &ow)) {
    test_dwconv_simd(iter);
    return;
  }
  p.x.n = p.y.n = rand_int(1, 2);
  p.x.h = h; p.x.w = w; p.x.c = C; p.x.sc = 1;
  p.x.sw = C + rand_int(0, 3); p.x.sh = w * p.x.sw + rand_int(0, 5);
  p.x.sn = h * p.x.sh + rand_int(0, 5);
  p.y.h = oh; p.y.w = ow; p.y.c = C; p.y.sc = 1;
  p.y.sw = C + rand_int(0, 3); p.y.sh = ow * p.y.sw + rand_int(0, 5);
  p.y.sn = oh * p.y.sh + rand_int(0, 5);
  nx = (size_t)p.x.n * p.x.sn;
  ny = (size_t)p.y.n * p.y.sn;
  x = rand_buffer(nx);
  wt = rand_buffer((size_t)p.kh * p.kw * C);
  b = rand_int(0, 1) ? rand_buffer((size_t)C) : NULL;
  y1 = rand_buffer(ny);
  y2 = (float *)malloc(ny * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_dwconv2d_simd_f32(&p, x, wt, b, y1);
  ref_conv2d(&p, x, wt, b, y2);
  check("ec_dwconv2d_simd_f32", iter, y1, y2, ny, 1e-5f);
  free(x); free(wt); free(b); free(y1); free(y2);
}

/* A random undilated window with padding 0 or 1 over an h x w map with g
 * groups and a random clamp; false when no output pixel fits. */
static int rand_window(ec_conv2d_params *p, int32_t g, int32_t h, int32_t w,
                       int32_t *oh, int32_t *ow) {
  p->kh = rand_int(1, 3); p->kw = rand_int(1, 3);
  p->stride_h = rand_int(1, 2); p->stride_w = rand_int(1, 2);
  p->dil_h = 1; p->dil_w = 1;
  p->pad_t = rand_int(0, 1); p->pad_l = rand_int(0, 1);
  p->groups = g;
  p->act = rand_act();
  *oh = (h + 2 * p->pad_t - p->kh) / p->stride_h + 1;
  *ow = (w + 2 * p->pad_l - p->kw) / p->stride_w + 1;
  return *oh > 0 && *ow > 0;
}

/* A table of `n` distinct channels out of `total`, or NULL. */
static int32_t *rand_table(int32_t n, int32_t total) {
  int32_t *all, *t, i;
  if (rand_int(0, 3) == 0) return NULL;
  all = (int32_t *)malloc((size_t)total * sizeof(int32_t));
  for (i = 0; i < total; ++i) all[i] = i;
  for (i = total - 1; i > 0; --i) {
    int32_t j = rand_int(0, i), tmp = all[i];
    all[i] = all[j];
    all[j] = tmp;
  }
  t = (int32_t *)malloc((size_t)n * sizeof(int32_t));
  memcpy(t, all, (size_t)n * sizeof(int32_t));
  free(all);
  return t;
}

/* Channel tables over buffers holding more channels than the convolution
 * uses; output blocks of 32 channels and groups that straddle them. */
static void test_conv_mapped(int iter) {
  ec_conv2d_params p;
  int32_t depthwise = rand_int(0, 2) == 0;
  int32_t g = depthwise ? rand_int(1, 70) : rand_int(1, 3);
  int32_t icg = depthwise ? 1 : rand_int(1, 20), ocg = depthwise ? 1 : rand_int(1, 45);
  int32_t h = rand_int(1, 5), w = rand_int(1, 5), oh, ow;
  int32_t xc = g * icg, yc = g * ocg;
  int32_t xtotal = xc + rand_int(0, 9), ytotal = yc + rand_int(0, 9);
  int32_t *xmap, *ymap;
  size_t nx, ny, nw;
  float *x, *wt, *b, *y1, *y2;
  if (!rand_window(&p, g, h, w, &oh, &ow)) { test_conv_mapped(iter); return; }
  xmap = rand_table(xc, xtotal);
  ymap = rand_table(yc, ytotal);
  nx = rand_view(&p.x, 1, h, w, xmap ? xtotal : xc);
  ny = rand_view(&p.y, 1, oh, ow, ymap ? ytotal : yc);
  p.x.c = xc; p.y.c = yc;
  nw = (size_t)p.kh * p.kw * icg * g * ocg;
  x = rand_buffer(nx); wt = rand_buffer(nw);
  b = rand_int(0, 1) ? rand_buffer((size_t)yc) : NULL;
  y1 = rand_buffer(ny);
  y2 = (float *)calloc(ny ? ny : 1, sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  {
    float *y3 = (float *)malloc((ny ? ny : 1) * sizeof(float));
    float *y0 = (float *)malloc((ny ? ny : 1) * sizeof(float));
    memcpy(y0, y1, ny * sizeof(float));
    ec_conv2d_mapped_f32(&p, xmap, ymap, x, wt, b, y1);
    ref_conv2d_mapped(&p, xmap, ymap, x, wt, b, y2);
    check("ec_conv2d_mapped_f32", iter, y1, y2, ny, 1e-5f);
    memcpy(y3, y0, ny * sizeof(float));
    ec_conv2d_mapped_f32_fpu(&p, xmap, ymap, x, wt, b, y3);
    check("ec_conv2d_mapped_f32_fpu", iter, y3, y2, ny, 1e-5f);
    if (!depthwise) {
      float *wb = pack_blocked(wt, p.kh * p.kw * icg, yc, g);
      memcpy(y3, y0, ny * sizeof(float));
      ec_conv2d_mapped_gemm_f32(&p, xmap, ymap, x, wb, b, y3);
      check("ec_conv2d_mapped_gemm_f32", iter, y3, y2, ny, 1e-5f);
      free(wb);
    }
    free(y3);
    free(y0);
  }
  free(xmap); free(ymap);
  free(x); free(wt); free(b); free(y1); free(y2);
}

/* A depthwise conv whose output shares the input's buffer, starting the
 * fewest pixels before it that keep every output pixel clear of the windows
 * still to be read (the distance the in-place pass computes). */
static void test_dwconv_overlap(int iter) {
  ec_conv2d_params p;
  int32_t c = rand_int(0, 1) ? rand_int(1, 9) : rand_int(10, 40);
  int32_t h = rand_int(1, 7), w = rand_int(1, 7), oh, ow;
  int32_t px, i, ky, kx, oy, ox, distance = 0, later = INT32_MAX;
  int32_t *first;
  size_t nx, ny, total;
  float *buf, *x, *wt, *b, *want;
  if (!rand_window(&p, c, h, w, &oh, &ow)) { test_dwconv_overlap(iter); return; }
  nx = rand_view(&p.x, 1, h, w, c);
  ny = rand_view(&p.y, 1, oh, ow, c);
  /* Contiguous NHWC on both sides. */
  p.x.sc = 1; p.x.sw = c; p.x.sh = w * c; p.x.sn = h * w * c;
  p.y.sc = 1; p.y.sw = c; p.y.sh = ow * c; p.y.sn = oh * ow * c;
  nx = (size_t)h * w * c; ny = (size_t)oh * ow * c;
  first = (int32_t *)malloc((size_t)oh * ow * sizeof(int32_t));
  for (oy = 0, px = 0; oy < oh; ++oy)
    for (ox = 0; ox < ow; ++ox, ++px) {
      first[px] = h * w;
      for (ky = 0; ky < p.kh; ++ky)
        for (kx = 0; kx < p.kw; ++kx) {
          int32_t iy = oy * p.stride_h - p.pad_t + ky, ix = ox * p.stride_w - p.pad_l + kx;
          if (iy >= 0 && iy < h && ix >= 0 && ix < w && iy * w + ix < first[px])
            first[px] = iy * w + ix;
        }
    }
  for (px = oh * ow - 1; px >= 0; --px) {
    if (first[px] < later) later = first[px];
    if (px - later + 1 > distance) distance = px - later + 1;
  }
  total = (size_t)distance * c + nx > ny ? (size_t)distance * c + nx : ny;
  buf = rand_buffer(total);
  x = buf + (size_t)distance * c;
  wt = rand_buffer((size_t)p.kh * p.kw * c);
  b = rand_int(0, 1) ? rand_buffer((size_t)c) : NULL;
  want = (float *)calloc(ny ? ny : 1, sizeof(float));
  {
    float *xcopy = (float *)malloc(nx * sizeof(float));
    for (i = 0; i < (int32_t)nx; ++i) xcopy[i] = x[i];
    ref_conv2d(&p, xcopy, wt, b, want);
    free(xcopy);
  }
  {
    float *saved = (float *)malloc(total * sizeof(float));
    memcpy(saved, buf, total * sizeof(float));
    ec_dwconv2d_f32(&p, x, wt, b, buf);
    check("ec_dwconv2d_f32 sharing its input's buffer", iter, buf, want, ny, 1e-5f);
    memcpy(buf, saved, total * sizeof(float));
    ec_dwconv2d_simd_f32(&p, x, wt, b, buf);
    check("ec_dwconv2d_simd_f32 sharing its input's buffer", iter, buf, want, ny,
          1e-5f);
    free(saved);
  }
  free(first); free(buf); free(wt); free(b); free(want);
}

static void test_qdwconv(int iter) {
  ec_conv2d_params p;
  int32_t C = rand_int(1, 40), h = rand_int(1, 6), w = rand_int(1, 6), oh, ow;
  int32_t oy, ox, c;
  size_t nx, ny, nw;
  float *x, *wa, *wb, *wc, *ba, *bb, *bc, *y1, *want, *ya, *yb, *yc;
  p.kh = rand_int(1, 3); p.kw = rand_int(1, 3);
  p.stride_h = rand_int(1, 2); p.stride_w = rand_int(1, 2);
  p.dil_h = rand_int(1, 2); p.dil_w = rand_int(1, 2);
  p.pad_t = rand_int(0, 2); p.pad_l = rand_int(0, 2);
  p.groups = C;
  p.act.on = 0; p.act.lo = p.act.hi = 0.0f;
  oh = (h + 2 * p.pad_t - p.dil_h * (p.kh - 1) - 1) / p.stride_h + 1;
  ow = (w + 2 * p.pad_l - p.dil_w * (p.kw - 1) - 1) / p.stride_w + 1;
  if (oh <= 0 || ow <= 0) { test_qdwconv(iter); return; }
  nx = rand_view(&p.x, 1, h, w, C);
  ny = rand_view(&p.y, 1, oh, ow, C);
  nw = (size_t)p.kh * p.kw * C;
  x = rand_buffer(nx); wa = rand_buffer(nw); wb = rand_buffer(nw); wc = rand_buffer(nw);
  ba = rand_buffer((size_t)C); bb = rand_buffer((size_t)C); bc = rand_buffer((size_t)C);
  y1 = rand_buffer(ny);
  want = (float *)calloc(ny ? ny : 1, sizeof(float));
  memcpy(want, y1, ny * sizeof(float));
  ya = rand_buffer(ny); yb = rand_buffer(ny); yc = rand_buffer(ny);
  ec_qdwconv2d_f32(&p, x, wa, wb, wc, ba, bb, bc, y1);
  ref_conv2d(&p, x, wa, ba, ya);
  ref_conv2d(&p, x, wb, bb, yb);
  ref_conv2d(&p, x, wc, bc, yc);
  for (oy = 0; oy < oh; ++oy)
    for (ox = 0; ox < ow; ++ox)
      for (c = 0; c < C; ++c) {
        ptrdiff_t o = ref_at(&p.y, 0, oy, ox, c);
        want[o] = ya[o] * yb[o] + yc[o];
      }
  check("ec_qdwconv2d_f32", iter, y1, want, ny, 1e-5f);
  free(x); free(wa); free(wb); free(wc); free(ba); free(bb); free(bc);
  free(y1); free(want); free(ya); free(yb); free(yc);
}

static void test_pool(int iter) {
  ec_pool2d_params p;
  int32_t h = rand_int(1, 8), w = rand_int(1, 8), oh, ow;
  size_t nx, ny;
  float *x, *y1, *y2;
  p.is_avg = rand_int(0, 1);
  p.kh = rand_int(1, 3); p.kw = rand_int(1, 3);
  p.stride_h = rand_int(1, 3); p.stride_w = rand_int(1, 3);
  p.dil_h = rand_int(1, 2); p.dil_w = rand_int(1, 2);
  p.pad_t = rand_int(0, p.kh - 1); p.pad_l = rand_int(0, p.kw - 1);
  p.pad_b = rand_int(0, p.kh - 1); p.pad_r = rand_int(0, p.kw - 1);
  p.count_include_pad = rand_int(0, 1);
  oh = (h + p.pad_t + p.pad_b - p.dil_h * (p.kh - 1) - 1) / p.stride_h + 1 + rand_int(0, 1);
  ow = (w + p.pad_l + p.pad_r - p.dil_w * (p.kw - 1) - 1) / p.stride_w + 1;
  if (oh <= 0 || ow <= 0) { test_pool(iter); return; }
  nx = rand_view(&p.x, rand_int(1, 2), h, w, rand_int(1, 9));
  ny = rand_view(&p.y, p.x.n, oh, ow, p.x.c);
  x = rand_buffer(nx); y1 = rand_buffer(ny);
  y2 = (float *)malloc(ny * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_pool2d_f32(&p, x, y1);
  ref_pool2d(&p, x, y2);
  check("ec_pool2d_f32", iter, y1, y2, ny, 1e-6f);
  free(x); free(y1); free(y2);
}

static void test_matmul(int iter) {
  ec_matmul_params p;
  int32_t d, m = rand_int(1, 6), n = rand_int(1, 17), k = rand_int(1, 9);
  size_t na, nb, ny;
  float *a, *b, *bias, *y1, *y2;
  memset(&p, 0, sizeof p);
  p.batch_rank = rand_int(0, 2);
  for (d = 0; d < 4; ++d) p.batch[d] = 1;
  for (d = 0; d < p.batch_rank; ++d) p.batch[d] = rand_int(1, 3);
  p.m = m; p.n = n; p.k = k;
  /* a: [batch][m][k] with a transposed layout half of the time */
  if (rand_int(0, 1)) { p.sa_k = 1; p.sa_m = k + rand_int(0, 2); }
  else { p.sa_m = 1; p.sa_k = m + rand_int(0, 2); }
  p.sb_n = rand_int(0, 1) ? 1 : 2;
  p.sb_k = n * p.sb_n + rand_int(0, 2);
  p.sy_n = rand_int(0, 3) ? 1 : 2;
  p.sy_m = n * p.sy_n + rand_int(0, 2);
  na = (size_t)(m * p.sa_m + k * p.sa_k);
  nb = (size_t)(k * p.sb_k + n * p.sb_n);
  ny = (size_t)(m * p.sy_m + n * p.sy_n);
  for (d = p.batch_rank - 1; d >= 0; --d) {
    p.sa_b[d] = rand_int(0, 3) ? (int32_t)na : 0; /* 0: broadcast */
    p.sb_b[d] = rand_int(0, 3) ? (int32_t)nb : 0;
    p.sy_b[d] = (int32_t)ny;
    na *= (size_t)p.batch[d]; nb *= (size_t)p.batch[d]; ny *= (size_t)p.batch[d];
  }
  p.act = rand_act();
  a = rand_buffer(na); b = rand_buffer(nb);
  bias = rand_int(0, 1) ? rand_buffer((size_t)n) : NULL;
  y1 = rand_buffer(ny);
  y2 = (float *)malloc(ny * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_matmul_f32(&p, a, b, bias, y1);
  ref_matmul(&p, a, b, bias, y2);
  check("ec_matmul_f32", iter, y1, y2, ny, 1e-5f);
  free(a); free(b); free(bias); free(y1); free(y2);
}

/* A random N-D walk: operand 0 and 1 may broadcast (stride 0). */
static void rand_nd(ec_nd *p, size_t *n0, size_t *n1, size_t *n2, int bcast) {
  int32_t d, s0 = 1, s1 = 1, s2 = 1;
  memset(p, 0, sizeof *p);
  p->rank = rand_int(1, EC_MAX_RANK);
  for (d = p->rank - 1; d >= 0; --d) {
    /* rows of up to 19 elements: vector steps and their tails */
    int32_t size = d == p->rank - 1 && rand_int(0, 2) == 0 ? rand_int(1, 19)
                                                           : rand_int(1, 5);
    p->shape[d] = size;
    p->s0[d] = bcast && rand_int(0, 3) == 0 ? 0 : s0;
    p->s1[d] = bcast && rand_int(0, 3) == 0 ? 0 : s1;
    p->s2[d] = s2;
    s0 *= size + rand_int(0, 1);
    s1 *= size + rand_int(0, 1);
    s2 *= size + rand_int(0, 1);
  }
  *n0 = (size_t)s0; *n1 = (size_t)s1; *n2 = (size_t)s2;
}

static void test_eltwise(int iter) {
  ec_nd p;
  size_t n0, n1, n2;
  int32_t kind = rand_int(0, 6), which = rand_int(0, 3);
  float *a, *b, *y1, *y2;
  rand_nd(&p, &n0, &n1, &n2, which == 0);
  a = rand_buffer(n0); b = rand_buffer(n1);
  if (kind == EC_DIV) { size_t i; for (i = 0; i < n1; ++i) b[i] += b[i] < 0 ? -2.0f : 2.0f; }
  if (kind == EC_POW) { size_t i; for (i = 0; i < n0; ++i) a[i] = a[i] < 0 ? 0.5f - a[i] : a[i] + 0.5f; }
  y1 = rand_buffer(n2);
  y2 = (float *)malloc(n2 * sizeof(float));
  memcpy(y2, y1, n2 * sizeof(float));
  if (which == 0) {
    ec_clamp act = rand_clamp();
    ec_binary_f32(&p, kind, act, a, b, y1);
    ref_binary(&p, kind, act, a, b, y2);
    check("ec_binary_f32", iter, y1, y2, n2, kind == EC_POW ? 1e-6f : 0.0f);
  } else if (which == 1) {
    ec_clamp act = {1, -0.25f, 0.5f};
    ec_clamp_f32(&p, act, a, y1);
    ref_clamp_nd(&p, act, a, y2);
    check("ec_clamp_f32", iter, y1, y2, n2, 0.0f);
  } else if (which == 2) {
    int32_t fn = rand_int(0, 14);
    size_t i;
    if (fn == EC_LOG || fn == EC_SQRT)
      for (i = 0; i < n0; ++i) a[i] = a[i] < 0 ? -a[i] : a[i];
    for (i = 0; i < n0; ++i) a[i] *= 4.0f; /* reach erf's and tanh's tails */
    if (fn >= EC_FLOOR && fn <= EC_SIGN) /* ties, zeros, large values */
      for (i = 0; i < n0; ++i)
        switch (rand_int(0, 4)) {
        case 0: a[i] = (float)rand_int(-6, 6) + 0.5f; break;
        case 1: a[i] = rand_int(0, 1) ? 0.0f : -0.0f; break;
        case 2: a[i] *= 3e6f; break;
        default: break;
        }
    ec_unary_f32(&p, fn, 1.0f / 6.0f, 0.5f, a, y1);
    ref_unary(&p, fn, 1.0f / 6.0f, 0.5f, a, y2);
    check("ec_unary_f32", iter, y1, y2, n2, 1e-6f);
  } else {
    ec_copy_f32(&p, a, y1);
    ref_copy(&p, a, y2);
    check("ec_copy_f32", iter, y1, y2, n2, 0.0f);
  }
  free(a); free(b); free(y1); free(y2);
}

/* The copies by element size move bytes exactly as the reference does. */
static void test_copy_bytes(int iter) {
  static void (*const copies[4])(const ec_nd *, const void *, void *) = {
      ec_copy_b8, ec_copy_b16, ec_copy_b32, ec_copy_b64};
  static const char *const names[4] = {"ec_copy_b8", "ec_copy_b16",
                                       "ec_copy_b32", "ec_copy_b64"};
  int k = iter % 4;
  size_t size = (size_t)1 << k, n0, n1, n2, i;
  ec_nd p;
  unsigned char *x, *y1, *y2;
  rand_nd(&p, &n0, &n1, &n2, 0);
  x = (unsigned char *)malloc(n0 * size);
  y1 = (unsigned char *)malloc(n2 * size);
  y2 = (unsigned char *)malloc(n2 * size);
  for (i = 0; i < n0 * size; ++i) x[i] = (unsigned char)next_u32();
  for (i = 0; i < n2 * size; ++i) y1[i] = y2[i] = (unsigned char)next_u32();
  copies[k](&p, x, y1);
  ref_copy_bytes(&p, size, x, y2);
  if (memcmp(y1, y2, n2 * size) == 0) {
    ++passed;
  } else {
    ++failed;
    printf("FAIL %s iter %d: bytes differ from the reference\n", names[k], iter);
  }
  free(x); free(y1); free(y2);
}

static void test_softmax(int iter) {
  ec_softmax_params p;
  size_t nx, ny;
  float *x, *y1, *y2;
  size_t i;
  p.outer = rand_int(1, 3); p.axis = rand_int(1, 12); p.inner = rand_int(1, 3);
  p.sx_i = 1; p.sx_a = p.inner + rand_int(0, 1); p.sx_o = p.axis * p.sx_a + rand_int(0, 2);
  p.sy_i = 1; p.sy_a = p.inner; p.sy_o = p.axis * p.sy_a;
  nx = (size_t)(p.outer * p.sx_o); ny = (size_t)(p.outer * p.sy_o);
  x = rand_buffer(nx);
  for (i = 0; i < nx; ++i) x[i] *= 20.0f; /* exercise large exponents */
  y1 = rand_buffer(ny);
  y2 = (float *)malloc(ny * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_softmax_f32(&p, x, y1);
  ref_softmax(&p, x, y2);
  check("ec_softmax_f32", iter, y1, y2, ny, 1e-6f);
  free(x); free(y1); free(y2);
}

static int32_t ulp_distance(float got, float want) {
  ec_f32bits a, b;
  if (got == want) return 0;
  if ((got < 0.0f) != (want < 0.0f)) return 1 << 30;
  a.f = got;
  b.f = want;
  return (int32_t)(a.u > b.u ? a.u - b.u : b.u - a.u);
}

#ifndef EC_TEST_SWEEP_STRIDE
#define EC_TEST_SWEEP_STRIDE 1 /* larger: fewer points per sweep */
#endif

/* A libm-free math function against libm in double precision rounded to
 * float, in ulps, over [lo, hi] stepped linearly or geometrically. */
static void sweep(const char *name, float (*f)(float), double (*ref)(double),
                  float lo, float hi, int geometric, int32_t max_ulps) {
  int32_t worst = 0;
  float x, worst_x = lo;
  for (x = lo; x < hi;
       x = geometric ? x * (1.0f + 1e-5f * EC_TEST_SWEEP_STRIDE)
                     : x + (hi - lo) / (400000.0f / EC_TEST_SWEEP_STRIDE)) {
    int32_t u = ulp_distance(f(x), (float)ref((double)x));
    if (u > worst) { worst = u; worst_x = x; }
  }
  if (worst > max_ulps) {
    printf("FAIL %s: %d ulp at %.9g\n", name, (int)worst, worst_x);
    ++failed;
  } else {
    printf("%s: worst error %d ulp over [%g, %g]\n", name, (int)worst, lo, hi);
    ++passed;
  }
}

static double ref_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

static void test_math(void) {
  sweep("ec_expf", ec_expf, exp, -103.0f, 88.7f, 0, 2);
  sweep("ec_expm1f", ec_expm1f, expm1, -10.0f, 10.0f, 0, 4);
  sweep("ec_logf", ec_logf, log, 1e-38f, 3e38f, 1, 2);
  sweep("ec_sqrtf", ec_sqrtf, sqrt, 1e-38f, 3e38f, 1, 1);
  sweep("ec_tanhf", ec_tanhf, tanh, -10.0f, 10.0f, 0, 4);
  sweep("ec_erff", ec_erff, erf, -5.0f, 5.0f, 0, 4);
  sweep("ec_erff (near 0)", ec_erff, erf, 1e-30f, 1.0f, 1, 4);
  sweep("ec_sigmoidf", ec_sigmoidf, ref_sigmoid, -30.0f, 30.0f, 0, 4);
  /* Down into the subnormal results and up to where it rounds to 1. */
  sweep("ec_sigmoidf (tails)", ec_sigmoidf, ref_sigmoid, -110.0f, 90.0f, 0, 4);
  {
    const float inf = 1e30f * 1e30f, nan = inf - inf;
    float s = ec_sigmoidf(nan);
    float e = ec_erff(nan), mz = ec_erff(-0.0f);
    if (s == s || ec_sigmoidf(inf) != 1.0f || ec_sigmoidf(-inf) != 0.0f ||
        ec_sigmoidf(0.0f) != 0.5f || e == e || ec_erff(inf) != 1.0f ||
        ec_erff(-inf) != -1.0f || mz != 0.0f || 1.0f / mz > 0.0f) {
      printf("FAIL ec_sigmoidf or ec_erff at NaN, +-inf or 0\n");
      ++failed;
    } else {
      ++passed;
    }
  }
  sweep("ec_log1pf", ec_log1pf, log1p, -0.999f, 1e6f, 0, 2);
  sweep("ec_sinf", ec_sinf, sin, -100.0f, 100.0f, 0, 2);
  sweep("ec_cosf", ec_cosf, cos, -100.0f, 100.0f, 0, 3);
  /* tan near its poles: the reduction's error in r = x - k pi/2 grows
   * relative to r (11 ulp at 3pi/2 + 1e-8). */
  sweep("ec_tanf", ec_tanf, tan, -10.0f, 10.0f, 0, 12);
  sweep("ec_asinf", ec_asinf, asin, -1.0f, 1.0f, 0, 3);
  sweep("ec_acosf", ec_acosf, acos, -1.0f, 1.0f, 0, 2);
  sweep("ec_atanf", ec_atanf, atan, -100.0f, 100.0f, 0, 4);
  sweep("ec_sinhf", ec_sinhf, sinh, -89.0f, 89.0f, 0, 4);
  sweep("ec_coshf", ec_coshf, cosh, -89.0f, 89.0f, 0, 3);
  sweep("ec_asinhf", ec_asinhf, asinh, -1e4f, 1e4f, 0, 3);
  sweep("ec_acoshf", ec_acoshf, acosh, 1.0f, 1e4f, 0, 3);
  sweep("ec_atanhf", ec_atanhf, atanh, -0.9999f, 0.9999f, 0, 5);
  {
    /* fmod is exact: bit-identical to libm's on pairs of every magnitude. */
    int k, bad = 0;
    for (k = 0; k < 200000 / EC_TEST_SWEEP_STRIDE && !bad; ++k) {
      float x = rand_float() * ec_pow2i(rand_int(-40, 40));
      float y = rand_float() * ec_pow2i(rand_int(-40, 40));
      float got = ec_fmodf(x, y), want = fmodf(x, y);
      if (y != 0.0f && memcmp(&got, &want, sizeof got) != 0) {
        printf("FAIL ec_fmodf(%.9g, %.9g) = %.9g, libm %.9g\n", x, y, got, want);
        bad = 1;
      }
    }
    if (bad) ++failed; else ++passed;
  }
  if (ec_expf(100.0f) <= 3.4e38f || ec_expf(-200.0f) != 0.0f ||
      ec_powf(2.0f, 10.0f) != 1024.0f || ec_powf(-2.0f, 3.0f) != -8.0f ||
      ec_sqrtf(1e-40f) != (float)sqrt((double)1e-40f) || ec_logf(1.0f) != 0.0f) {
    printf("FAIL special values of the math functions\n");
    ++failed;
  } else {
    ++passed;
  }
}

static void test_pad(int iter) {
  ec_pad_params p;
  int32_t d, sx = 1, sy = 1;
  size_t nx, ny;
  float *x, *y1, *y2;
  memset(&p, 0, sizeof p);
  p.rank = rand_int(1, 4);
  p.mode = rand_int(0, 2);
  p.value = rand_float();
  for (d = p.rank - 1; d >= 0; --d) {
    int32_t end;
    p.in[d] = rand_int(1, 5);
    p.begin[d] = p.mode == EC_PAD_REFLECT ? rand_int(0, p.in[d] - 1) : rand_int(0, 3);
    end = p.mode == EC_PAD_REFLECT ? rand_int(0, p.in[d] - 1) : rand_int(0, 3);
    p.out[d] = p.in[d] + p.begin[d] + end;
    p.sx[d] = sx;
    p.sy[d] = sy;
    sx *= p.in[d] + rand_int(0, 1);
    sy *= p.out[d] + rand_int(0, 1);
  }
  nx = (size_t)sx; ny = (size_t)sy;
  x = rand_buffer(nx); y1 = rand_buffer(ny);
  y2 = (float *)malloc(ny * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_pad_f32(&p, x, y1);
  ref_pad(&p, x, y2);
  check("ec_pad_f32", iter, y1, y2, ny, 0.0f);
  free(x); free(y1); free(y2);
}

static void test_norms(int iter) {
  ec_reduce_params r;
  ec_layernorm_params l;
  ec_lrn_params n;
  size_t nx, ny, i;
  float *x, *y1, *y2, *scale, *bias;
  /* reduce */
  r.outer = rand_int(1, 4); r.reduced = rand_int(1, 9); r.inner = rand_int(1, 6);
  r.kind = rand_int(0, 4);
  r.sx_i = rand_int(1, 2); r.sx_r = r.inner * r.sx_i + rand_int(0, 1);
  r.sx_o = r.reduced * r.sx_r + rand_int(0, 2);
  r.sy_i = 1; r.sy_o = r.inner + rand_int(0, 1);
  nx = (size_t)(r.outer * r.sx_o); ny = (size_t)(r.outer * r.sy_o);
  x = rand_buffer(nx); y1 = rand_buffer(ny);
  y2 = (float *)malloc(ny * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_reduce_f32(&r, x, y1);
  ref_reduce(&r, x, y2);
  check("ec_reduce_f32", iter, y1, y2, ny, 1e-6f);
  free(x); free(y1); free(y2);
  /* layer norm */
  l.outer = rand_int(1, 5); l.n = rand_int(2, 24); l.epsilon = 1e-5f;
  l.sx_n = rand_int(1, 2); l.sx_o = l.n * l.sx_n + rand_int(0, 1);
  l.sy_n = 1; l.sy_o = l.n;
  nx = (size_t)(l.outer * l.sx_o); ny = (size_t)(l.outer * l.sy_o);
  x = rand_buffer(nx); y1 = rand_buffer(ny); scale = rand_buffer((size_t)l.n);
  bias = rand_int(0, 1) ? rand_buffer((size_t)l.n) : NULL;
  y2 = (float *)malloc(ny * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_layernorm_f32(&l, x, scale, bias, y1);
  ref_layernorm(&l, x, scale, bias, y2);
  check("ec_layernorm_f32", iter, y1, y2, ny, 2e-5f);
  free(x); free(y1); free(y2); free(scale); free(bias);
  /* LRN */
  n.size = rand_int(1, 5); n.alpha = 1e-2f; n.beta = 0.75f; n.bias = 1.0f + rand_float() * 0.5f;
  nx = rand_view(&n.x, rand_int(1, 2), rand_int(1, 4), rand_int(1, 4), rand_int(1, 9));
  ny = rand_view(&n.y, n.x.n, n.x.h, n.x.w, n.x.c);
  x = rand_buffer(nx);
  for (i = 0; i < nx; ++i) x[i] *= 3.0f;
  y1 = rand_buffer(ny);
  y2 = (float *)malloc(ny * sizeof(float));
  memcpy(y2, y1, ny * sizeof(float));
  ec_lrn_f32(&n, x, y1);
  ref_lrn(&n, x, y2);
  check("ec_lrn_f32", iter, y1, y2, ny, 1e-5f);
  free(x); free(y1); free(y2);
}

/*===------------------------------------------------------------------===*
 * int8 kernels: bit-exact against the reference.
 *===------------------------------------------------------------------===*/

static int8_t *rand_s8(size_t n) {
  int8_t *p = (int8_t *)malloc(n ? n : 1);
  size_t i;
  for (i = 0; i < n; ++i) p[i] = (int8_t)(next_u32() & 0xff);
  return p;
}

static void check_s8(const char *what, int iter, const int8_t *got,
                     const int8_t *want, size_t n) {
  size_t i;
  for (i = 0; i < n; ++i)
    if (got[i] != want[i]) {
      printf("FAIL %s #%d: element %lu = %d, reference %d\n", what, iter,
             (unsigned long)i, got[i], want[i]);
      ++failed;
      return;
    }
  ++passed;
}

/* A real factor in about [2^-14, 4) as multiplier * 2^(shift - 31), the
 * way the compiler computes it. */
static ec_requant rand_requant(void) {
  double real = ldexp(0.5 + (next_u32() % 100000u) / 200000.0, rand_int(-13, 2));
  int e;
  double m = frexp(real, &e);
  int64_t q = (int64_t)llround(m * 2147483648.0);
  ec_requant r;
  if (q == 2147483648ll) { q /= 2; ++e; }
  r.multiplier = (int32_t)q;
  r.shift = e;
  return r;
}

/* The fixed-point helpers against gemmlowp's own spelling, on edge values
 * and random ones. */
/* v bounded to [-65536, 65535]: beyond, every int8 clamp gives the same. */
static int64_t ref_clamp64(int64_t v) {
  return v < -65536 ? -65536 : v > 65535 ? 65535 : v;
}

static void test_fixed_point(void) {
  static const int32_t edges[] = {0, 1, -1, 2, -2, 3, -3, 5, -5, 127, -128,
                                  INT32_MAX, INT32_MIN, INT32_MIN + 1,
                                  1 << 30, -(1 << 30)};
  int bad = 0, i, e;
  for (i = 0; i < 200000; ++i) {
    int32_t x = i < 16 * 32 ? edges[i / 32] : (int32_t)next_u32();
    int32_t m = i % 7 == 0 ? INT32_MIN : (int32_t)next_u32();
    e = i < 16 * 32 ? i % 32 : rand_int(0, 31);
    if (ec_rdiv_pot(x, e) != ref_rdbp(x, e) || ec_rdhm(x, m) != ref_srdhm(x, m)) {
      if (bad++ < 3)
        printf("FAIL fixed point: x %ld e %d m %ld\n", (long)x, e, (long)m);
    }
  }
  for (i = 0; i < 400000; ++i) {
    ec_requant r = rand_requant();
    int32_t x = i < 16 * 32 ? edges[i / 32]
                : i % 2     ? rand_int(-(1 << 24), 1 << 24)
                            : (int32_t)next_u32();
    if (i % 5 == 0) r.shift = rand_int(-31, 8); /* also past the usual range */
    if (ec_requantize(x, r.multiplier, r.shift) != ref_mbqm(x, r.multiplier, r.shift))
      if (bad++ < 6)
        printf("FAIL ec_requantize: x %ld m %ld s %ld\n", (long)x,
               (long)r.multiplier, (long)r.shift);
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
    {
      /* The Helium requantization, lane by lane: one factor for all lanes,
       * then one per lane (lane 1 another factor, including a negative
       * multiplier). */
      const int32_t xs[4] = {x, x == INT32_MIN ? INT32_MAX : -x, x / 3,
                             (int32_t)next_u32()};
      const ec_requant r2 = {i % 3 ? (int32_t)next_u32() : r.multiplier,
                             rand_int(-31, 8)};
      const int32_t ms[4] = {r.multiplier, r2.multiplier, r.multiplier, r.multiplier};
      const int32_t ss[4] = {r.shift, r2.shift, r.shift, r.shift};
      int32_t one[4], per[4];
      int lane;
      vst1q_s32(one, ec_requantize1_mve(vld1q_s32(xs), r.multiplier, r.shift));
      vst1q_s32(per, ec_requantize_mve(vld1q_s32(xs), vld1q_s32(ms), vld1q_s32(ss)));
      for (lane = 0; lane < 4; ++lane)
        if (one[lane] != ref_mbqm(xs[lane], r.multiplier, r.shift) ||
            per[lane] != ref_mbqm(xs[lane], ms[lane], ss[lane]))
          if (bad++ < 6)
            printf("FAIL ec_requantize_mve: x %ld m %ld s %ld\n", (long)xs[lane],
                   (long)ms[lane], (long)ss[lane]);
    }
#endif
  }
  {
    /* One channel's row of sums through the DSP requantization, edge
     * values and values past its fast range among them (the fast loop
     * stops there and the exact one takes over). */
    int32_t row[64], k;
    int8_t out[64];
    ec_conv2d_s8_params q;
    memset(&q, 0, sizeof q);
    for (k = 0; k < 64; ++k) {
      const ec_requant r = rand_requant();
      ec_rq_dsp rq;
      q.output_offset = rand_int(-128, 127);
      q.act_min = rand_int(0, 1) ? -128 : rand_int(-128, 0);
      q.act_max = rand_int(0, 2) ? 127 : rand_int(q.act_min, 127);
      for (i = 0; i < 64; ++i)
        row[i] = i % 9 == 0 ? edges[(i / 9 + k) % 16]
                 : i % 5 == 0 ? (int32_t)next_u32()
                              : rand_int(-(1 << 20), 1 << 20);
      /* the largest multiplier: INT32_MAX * INT32_MAX's high part wraps
       * when rounded in 32 bits */
      rq = ec_rq_dsp_of(k % 5 == 1 ? INT32_MAX : r.multiplier,
                        k % 7 == 0 ? 0 : r.shift - 8);
      ec_rq_row_dsp(&q, row, 64, &rq, out, 1);
      for (i = 0; i < 64; ++i)
        if (out[i] != (int8_t)ref_clamp8(
                          (int32_t)ref_clamp64((int64_t)ref_mbqm(row[i], rq.multiplier,
                                                                 rq.shift) +
                                               q.output_offset),
                          q.act_min, q.act_max))
          if (bad++ < 6)
            printf("FAIL ec_rq_row_dsp: x %ld m %ld s %ld\n", (long)row[i],
                   (long)rq.multiplier, (long)rq.shift);
    }
  }
  if (bad) ++failed; else ++passed;
}

static int32_t *rand_multipliers(int32_t n, int32_t *shifts, int32_t bias_shift) {
  int32_t *m = (int32_t *)malloc((size_t)n * sizeof(int32_t)), i;
  for (i = 0; i < n; ++i) {
    ec_requant r = rand_requant();
    m[i] = r.multiplier;
    shifts[i] = r.shift - bias_shift; /* accumulators are large */
  }
  return m;
}

static void rand_output_range(int32_t *in_off, int32_t *out_off, int32_t *lo,
                              int32_t *hi) {
  *in_off = rand_int(-127, 128);
  *out_off = rand_int(-128, 127);
  *lo = rand_int(0, 1) ? -128 : rand_int(-128, 0);
  *hi = rand_int(0, 1) ? 127 : rand_int(*lo, 127);
}

/* The int8 convolution parameters the tests share: per-channel factors
 * (*mult, *shift, freed by the caller), biases *b, *bias being b or (a
 * quarter of the time) NULL, then the offsets and the output range. */
static void rand_conv_s8(ec_conv2d_s8_params *p, int32_t oc, int32_t **mult,
                         int32_t **shift, int32_t **b, int32_t **bias) {
  int32_t o;
  *shift = (int32_t *)malloc((size_t)oc * sizeof(int32_t));
  *mult = rand_multipliers(oc, *shift, 6);
  *b = (int32_t *)malloc((size_t)oc * sizeof(int32_t));
  for (o = 0; o < oc; ++o) (*b)[o] = rand_int(-20000, 20000);
  *bias = rand_int(0, 3) ? *b : NULL;
  p->multiplier = *mult;
  p->shift = *shift;
  rand_output_range(&p->input_offset, &p->output_offset, &p->act_min, &p->act_max);
}

/* kind 0: grouped, 1: depthwise, 2: through channel tables. */
static void test_conv_s8(int iter, int kind) {
  ec_conv2d_s8_params p;
  ec_conv2d_params *c = &p.c;
  int32_t n = rand_int(1, 2), ih = rand_int(1, 7), iw = rand_int(1, 7);
  int32_t g, ic, oc, oh, ow, o, xc, yc;
  int32_t *mult, *shift, *xmap = NULL, *ymap = NULL, *b, *bias;
  size_t nx, ny, nw, i;
  int8_t *x, *w, *y1, *y2, *y0;
  memset(&p, 0, sizeof p);
  if (kind == 1) {
    g = ic = oc = rand_int(1, 9);
  } else {
    g = rand_int(1, 3);
    ic = g * rand_int(1, 4);
    oc = g * rand_int(1, 4);
  }
  if (!rand_window(c, g, ih, iw, &oh, &ow))
    return;
  xc = kind == 2 ? ic + rand_int(0, 2) : ic;
  yc = kind == 2 ? oc + rand_int(0, 3) : oc;
  nx = rand_view(&c->x, n, ih, iw, xc);
  ny = rand_view(&c->y, n, oh, ow, yc);
  if (kind == 2) {
    xmap = rand_table(ic, xc);
    ymap = rand_table(oc, yc);
    if ((!xmap && xc != ic) || (!ymap && yc != oc)) {
      free(xmap); free(ymap);
      return;
    }
  }
  c->x.c = ic;
  c->y.c = oc;
  nw = (size_t)c->kh * c->kw * (size_t)(ic / g) * (size_t)oc;
  x = rand_s8(nx); w = rand_s8(nw); y1 = rand_s8(ny);
  y2 = (int8_t *)malloc(ny ? ny : 1);
  y0 = (int8_t *)malloc(ny ? ny : 1);
  memcpy(y2, y1, ny);
  memcpy(y0, y1, ny);
  for (i = 0; i < nw; ++i) if (w[i] == -128) w[i] = -127; /* symmetric */
  rand_conv_s8(&p, oc, &mult, &shift, &b, &bias);
  if (kind == 0) ec_conv2d_s8(&p, x, w, bias, y1);
  else if (kind == 1) ec_dwconv2d_s8(&p, x, w, bias, y1);
  else ec_conv2d_mapped_s8(&p, xmap, ymap, x, w, bias, y1);
  ref_conv2d_s8(&p, xmap, ymap, x, w, bias, y2);
  check_s8(kind == 0 ? "ec_conv2d_s8" : kind == 1 ? "ec_dwconv2d_s8"
                                                  : "ec_conv2d_mapped_s8",
           iter, y1, y2, ny);
  if (g == 1 && kind != 1) {
    /* The kernels that read the filter [C_out][kh][kw][C_in], with any
     * channel strides and tables: portable and Helium. */
    const size_t per = nw / (size_t)oc;
    int8_t *wt = (int8_t *)malloc(nw ? nw : 1), *y3 = (int8_t *)malloc(ny ? ny : 1);
    int32_t *folded = NULL;
    for (i = 0; i < nw; ++i) wt[(i % (size_t)oc) * per + i / (size_t)oc] = w[i];
    if (rand_int(0, 1)) { /* the offset in the bias, padding or not */
      folded = (int32_t *)malloc((size_t)oc * sizeof(int32_t));
      for (o = 0; o < oc; ++o) {
        folded[o] = bias ? bias[o] : 0;
        for (i = 0; i < per; ++i) folded[o] += p.input_offset * wt[(size_t)o * per + i];
      }
      p.offset_in_bias = 1;
      bias = folded;
    }
    memcpy(y3, y0, ny);
    ec_conv2d_mapped_ohwi_s8(&p, xmap, ymap, x, wt, bias, y3);
    check_s8("ec_conv2d_mapped_ohwi_s8", iter, y3, y2, ny);
    memcpy(y3, y0, ny);
    ec_conv2d_mapped_ohwi_s8_mve(&p, xmap, ymap, x, wt, bias, y3);
    check_s8("ec_conv2d_mapped_ohwi_s8_mve", iter, y3, y2, ny);
    memcpy(y3, y0, ny);
    ec_conv2d_mapped_ohwi_s8_dsp(&p, xmap, ymap, x, wt, bias, y3);
    check_s8("ec_conv2d_mapped_ohwi_s8_dsp", iter, y3, y2, ny);
    memcpy(y3, y0, ny);
    ec_conv2d_mapped_ohwi_s8_neon(&p, xmap, ymap, x, wt, bias, y3);
    check_s8("ec_conv2d_mapped_ohwi_s8_neon", iter, y3, y2, ny);
    free(wt); free(y3); free(folded);
  }
  free(x); free(w); free(y1); free(y2); free(y0); free(mult); free(shift);
  free(b); free(xmap); free(ymap);
}

/* The one-group int8 convolutions that read the filter [C_out][kh][kw][C_in]
 * with contiguous input channels (kind 0: ec_conv2d_ohwi_s8, 1: its DSP
 * twin, 2: its Helium twin; kind 1 mostly on 1x1 windows without padding,
 * the common case), called as edgec-pack-weights leaves them where it can: the
 * input offset folded into the bias when there is no padding (with the
 * offset left in place too). */
static void test_conv_ohwi_s8(int iter, int kind) {
  static const char *const names[] = {"ec_conv2d_ohwi_s8",
                                      "ec_conv2d_ohwi_s8_dsp",
                                      "ec_conv2d_ohwi_s8_mve",
                                      "ec_conv2d_ohwi_s8_neon"};
  ec_conv2d_s8_params p;
  ec_conv2d_params *c = &p.c;
  int32_t n = rand_int(1, 2), ih = rand_int(1, 7), iw = rand_int(1, 7);
  int32_t ic = rand_int(1, rand_int(0, 3) ? 40 : 80), oc = rand_int(1, 9);
  int32_t oh, ow, o, k, off;
  int32_t *mult, *shift, *b, *bias, *folded;
  size_t nx, ny, nw, i, per;
  int8_t *x, *w, *wt, *y1, *y2;
  memset(&p, 0, sizeof p);
  if (!rand_window(c, 1, ih, iw, &oh, &ow))
    return;
  if (kind == 1 && rand_int(0, 2)) {
    c->kh = c->kw = 1;
    c->pad_t = c->pad_l = 0;
    oh = (ih - 1) / c->stride_h + 1;
    ow = (iw - 1) / c->stride_w + 1;
  } else if (rand_int(0, 3) == 0) {
    c->dil_h = rand_int(1, 2);
    c->dil_w = rand_int(1, 2);
    oh = (ih + 2 * c->pad_t - c->dil_h * (c->kh - 1) - 1) / c->stride_h + 1;
    ow = (iw + 2 * c->pad_l - c->dil_w * (c->kw - 1) - 1) / c->stride_w + 1;
    if (oh <= 0 || ow <= 0) return;
  }
  do nx = rand_view(&c->x, n, ih, iw, ic); while (c->x.sc != 1);
  ny = rand_view(&c->y, n, oh, ow, oc);
  per = (size_t)c->kh * c->kw * (size_t)ic;
  nw = per * (size_t)oc;
  x = rand_s8(nx); w = rand_s8(nw); y1 = rand_s8(ny);
  wt = (int8_t *)malloc(nw);
  y2 = (int8_t *)malloc(ny ? ny : 1);
  memcpy(y2, y1, ny);
  for (i = 0; i < nw; ++i) if (w[i] == -128) w[i] = -127;
  /* w is [kh][kw][ic][oc] for the reference; wt the same as [oc][kh][kw][ic]. */
  for (i = 0; i < nw; ++i) wt[(i % (size_t)oc) * per + i / (size_t)oc] = w[i];
  folded = (int32_t *)malloc((size_t)oc * sizeof(int32_t));
  rand_conv_s8(&p, oc, &mult, &shift, &b, &bias);
  ref_conv2d_s8(&p, NULL, NULL, x, w, bias, y2);
  off = p.input_offset;
  /* The offset folded into the bias: the portable kernel takes it where
   * there is no padding on any side (every window inside the input), the
   * others with padding too. */
  if ((kind != 0 || (c->pad_t == 0 && c->pad_l == 0 &&
                     (oh - 1) * c->stride_h + c->dil_h * (c->kh - 1) < ih &&
                     (ow - 1) * c->stride_w + c->dil_w * (c->kw - 1) < iw)) &&
      rand_int(0, 3)) {
    for (o = 0; o < oc; ++o) {
      folded[o] = bias ? bias[o] : 0;
      for (k = 0; k < (int32_t)per; ++k) folded[o] += off * wt[(size_t)o * per + k];
    }
    p.offset_in_bias = 1;
    bias = folded;
  }
  if (kind == 0) ec_conv2d_ohwi_s8(&p, x, wt, bias, y1);
  else if (kind == 1) ec_conv2d_ohwi_s8_dsp(&p, x, wt, bias, y1);
  else if (kind == 2) ec_conv2d_ohwi_s8_mve(&p, x, wt, bias, y1);
  else ec_conv2d_ohwi_s8_neon(&p, x, wt, bias, y1);
  check_s8(names[kind], iter, y1, y2, ny);
  free(x); free(w); free(wt); free(y1); free(y2); free(mult); free(shift);
  free(b); free(folded);
}

/* ec_dwconv2d_s8_mve and ec_dwconv2d_s8_dsp: depthwise with channels
 * contiguous in input and output, against the reference. */
static void test_dwconv_s8_mve(int iter) {
  ec_conv2d_s8_params p;
  ec_conv2d_params *c = &p.c;
  int32_t n = rand_int(1, 2), ih = rand_int(1, 7), iw = rand_int(1, 7);
  int32_t ch = rand_int(1, 27), oh, ow;
  int32_t *mult, *shift, *b, *bias;
  size_t nx, ny, nw, i;
  int8_t *x, *w, *y1, *y2, *y0;
  memset(&p, 0, sizeof p);
  if (!rand_window(c, ch, ih, iw, &oh, &ow))
    return;
  do nx = rand_view(&c->x, n, ih, iw, ch); while (c->x.sc != 1);
  do ny = rand_view(&c->y, n, oh, ow, ch); while (c->y.sc != 1);
  nw = (size_t)c->kh * c->kw * (size_t)ch;
  x = rand_s8(nx); w = rand_s8(nw); y1 = rand_s8(ny);
  y2 = (int8_t *)malloc(ny ? ny : 1);
  memcpy(y2, y1, ny);
  for (i = 0; i < nw; ++i) if (w[i] == -128) w[i] = -127;
  rand_conv_s8(&p, ch, &mult, &shift, &b, &bias);
  ref_conv2d_s8(&p, NULL, NULL, x, w, bias, y2);
  y0 = (int8_t *)malloc(ny ? ny : 1);
  memcpy(y0, y1, ny);
  ec_dwconv2d_s8_mve(&p, x, w, bias, y1);
  check_s8("ec_dwconv2d_s8_mve", iter, y1, y2, ny);
  memcpy(y1, y0, ny);
  ec_dwconv2d_s8_dsp(&p, x, w, bias, y1);
  check_s8("ec_dwconv2d_s8_dsp", iter, y1, y2, ny);
  ec_dwconv2d_s8_neon(&p, x, w, bias, y0);
  check_s8("ec_dwconv2d_s8_neon", iter, y0, y2, ny);
  free(y0);
  free(x); free(w); free(y1); free(y2); free(mult); free(shift); free(b);
}

static void test_matmul_s8(int iter) {
  ec_matmul_s8_params q;
  ec_matmul_params *p = &q.m;
  int32_t m = rand_int(1, 5), n = rand_int(1, 9), k = rand_int(1, 40);
  int32_t *mult, *shift, *bias = NULL, j;
  size_t na, nb, ny;
  int8_t *a, *b, *y1, *y2;
  memset(&q, 0, sizeof q);
  p->m = m; p->n = n; p->k = k;
  /* a row-major or transposed, b row-major, y with a padded row */
  if (rand_int(0, 1)) { p->sa_m = k; p->sa_k = 1; } else { p->sa_m = 1; p->sa_k = m; }
  p->sb_k = n; p->sb_n = 1;
  p->sy_m = n + rand_int(0, 2); p->sy_n = 1;
  na = (size_t)m * k; nb = (size_t)k * n; ny = (size_t)m * p->sy_m;
  a = rand_s8(na); b = rand_s8(nb); y1 = rand_s8(ny);
  y2 = (int8_t *)malloc(ny);
  memcpy(y2, y1, ny);
  shift = (int32_t *)malloc((size_t)n * sizeof(int32_t));
  mult = rand_multipliers(n, shift, 6);
  if (rand_int(0, 1)) {
    bias = (int32_t *)malloc((size_t)n * sizeof(int32_t));
    for (j = 0; j < n; ++j) bias[j] = rand_int(-20000, 20000);
  }
  q.multiplier = mult;
  q.shift = shift;
  rand_output_range(&q.input_offset, &q.output_offset, &q.act_min, &q.act_max);
  ec_matmul_s8(&q, a, b, bias, y1);
  ref_matmul_s8(&q, a, b, bias, y2);
  check_s8("ec_matmul_s8", iter, y1, y2, ny);
  free(a); free(b); free(y1); free(y2); free(mult); free(shift); free(bias);
}

/* Add, subtract, multiply, requantize, table lookup, quantize and
 * dequantize on random broadcasting walks. */
static void test_eltwise_s8(int iter) {
  ec_nd p;
  size_t n0, n1, n2;
  int8_t *a, *b, *y1, *y2;
  int which = rand_int(0, 5);
  rand_nd(&p, &n0, &n1, &n2, which <= 1);
  a = rand_s8(n0); b = rand_s8(n1); y1 = rand_s8(n2);
  y2 = (int8_t *)malloc(n2);
  memcpy(y2, y1, n2);
  if (which == 0) {
    ec_add_s8_params q;
    q.subtract = rand_int(0, 1);
    q.a_offset = rand_int(-127, 128); q.b_offset = rand_int(-127, 128);
    q.output_offset = rand_int(-128, 127);
    q.left_shift = 20;
    q.a = rand_requant(); q.a.shift = -rand_int(0, 3); /* factors <= 1 */
    q.b = rand_requant(); q.b.shift = -rand_int(0, 3);
    q.out = rand_requant(); q.out.shift -= 16;
    q.act_min = rand_int(-128, 0); q.act_max = rand_int(0, 127);
    int8_t *y3 = (int8_t *)malloc(n2), *y0 = (int8_t *)malloc(n2);
    memcpy(y3, y1, n2);
    memcpy(y0, y1, n2);
    ec_add_s8(&p, &q, a, b, y1);
    ec_add_s8_mve(&p, &q, a, b, y3);
    ref_add_s8(&p, &q, a, b, y2);
    check_s8(q.subtract ? "ec_add_s8 (subtract)" : "ec_add_s8", iter, y1, y2, n2);
    check_s8("ec_add_s8_mve", iter, y3, y2, n2);
    memcpy(y3, y0, n2);
    ec_add_s8_neon(&p, &q, a, b, y3);
    check_s8("ec_add_s8_neon", iter, y3, y2, n2);
    free(y3);
    free(y0);
  } else if (which == 1) {
    ec_mul_s8_params q;
    q.a_offset = rand_int(-127, 128); q.b_offset = rand_int(-127, 128);
    q.output_offset = rand_int(-128, 127);
    q.out = rand_requant(); q.out.shift -= 8;
    q.act_min = rand_int(-128, 0); q.act_max = rand_int(0, 127);
    ec_mul_s8(&p, &q, a, b, y1);
    ref_mul_s8(&p, &q, a, b, y2);
    check_s8("ec_mul_s8", iter, y1, y2, n2);
  } else if (which == 2) {
    ec_requantize_params q;
    int32_t e;
    q.input_zero_point = rand_int(-128, 127);
    q.output_zero_point = rand_int(-128, 127);
    q.m = rand_requant();
    ec_requantize_s8(&p, &q, a, y1);
    for (e = 0; e < ref_nd_total(&p); ++e) {
      ptrdiff_t o0, o1, o2;
      ref_nd_offsets(&p, e, &o0, &o1, &o2);
      y2[o2] = (int8_t)ref_clamp8(ref_mbqm(a[o0] - q.input_zero_point, q.m.multiplier,
                                           q.m.shift) + q.output_zero_point, -128, 127);
    }
    check_s8("ec_requantize_s8", iter, y1, y2, n2);
  } else if (which == 3) {
    int8_t table[256];
    int32_t e, t;
    for (t = 0; t < 256; ++t) table[t] = (int8_t)(next_u32() & 0xff);
    ec_lookup_s8(&p, a, table, y1);
    for (e = 0; e < ref_nd_total(&p); ++e) {
      ptrdiff_t o0, o1, o2;
      ref_nd_offsets(&p, e, &o0, &o1, &o2);
      y2[o2] = table[a[o0] + 128];
    }
    check_s8("ec_lookup_s8", iter, y1, y2, n2);
  } else if (which == 4) {
    float *x = rand_buffer(n0);
    ec_qparams q;
    int32_t e;
    size_t i;
    q.scale = (float)ldexp(0.5 + (next_u32() % 1000u) / 2000.0, rand_int(-9, -1));
    q.zero_point = rand_int(-128, 127);
    /* values on the rounding ties and far out of range too */
    for (i = 0; i < n0; ++i)
      x[i] = rand_int(0, 3) == 0 ? ((float)rand_int(-300, 300) + 0.5f) * q.scale
                                 : x[i] * 300.0f * q.scale;
    ec_quantize_s8(&p, q, x, y1);
    for (e = 0; e < ref_nd_total(&p); ++e) {
      ptrdiff_t o0, o1, o2;
      ref_nd_offsets(&p, e, &o0, &o1, &o2);
      y2[o2] = ref_quantize1(x[o0], q);
    }
    check_s8("ec_quantize_s8", iter, y1, y2, n2);
    free(x);
  } else {
    float *f1 = rand_buffer(n2), *f2 = (float *)malloc(n2 * sizeof(float));
    ec_qparams q;
    int32_t e;
    memcpy(f2, f1, n2 * sizeof(float));
    q.scale = 0.037f;
    q.zero_point = rand_int(-128, 127);
    ec_dequantize_s8(&p, q, a, f1);
    for (e = 0; e < ref_nd_total(&p); ++e) {
      ptrdiff_t o0, o1, o2;
      ref_nd_offsets(&p, e, &o0, &o1, &o2);
      f2[o2] = (float)(a[o0] - q.zero_point) * q.scale;
    }
    check("ec_dequantize_s8", iter, f1, f2, n2, 0.0f);
    free(f1); free(f2);
  }
  free(a); free(b); free(y1); free(y2);
}

static void test_softmax_s8(int iter) {
  ec_softmax_params p;
  int32_t table[256], d, outer = rand_int(1, 3), len = rand_int(1, 40),
          inner = rand_int(1, 3);
  double scale = ldexp(0.5 + (next_u32() % 1000u) / 2000.0, rand_int(-7, 0));
  size_t n = (size_t)outer * len * inner;
  int8_t *x = rand_s8(n), *y1 = rand_s8(n), *y2 = (int8_t *)malloc(n);
  for (d = -255; d <= 0; ++d) table[255 + d] = (int32_t)floor(65536.0 * exp(scale * d) + 0.5);
  p.outer = outer; p.axis = len; p.inner = inner;
  p.sx_o = p.sy_o = len * inner; p.sx_a = p.sy_a = inner; p.sx_i = p.sy_i = 1;
  memcpy(y2, y1, n);
  if (rand_int(0, 1)) { /* in place */
    memcpy(y1, x, n);
    memcpy(y2, x, n);
    ec_softmax_s8(&p, table, y1, y1);
    ref_softmax_s8(&p, table, x, y2);
  } else {
    ec_softmax_s8(&p, table, x, y1);
    ref_softmax_s8(&p, table, x, y2);
  }
  check_s8("ec_softmax_s8", iter, y1, y2, n);
  free(x); free(y1); free(y2);
}

static void test_pool_s8(int iter) {
  ec_pool2d_params p;
  int32_t n = rand_int(1, 2), h = rand_int(1, 7), w = rand_int(1, 7),
          c = rand_int(1, 5), zp = rand_int(-128, 127);
  size_t nx, ny;
  int8_t *x, *y1, *y2;
  memset(&p, 0, sizeof p);
  p.is_avg = rand_int(0, 1);
  p.kh = rand_int(1, 3); p.kw = rand_int(1, 3);
  p.stride_h = rand_int(1, 2); p.stride_w = rand_int(1, 2);
  p.dil_h = p.dil_w = 1;
  p.pad_t = rand_int(0, p.kh - 1); p.pad_l = rand_int(0, p.kw - 1);
  p.pad_b = rand_int(0, p.kh - 1); p.pad_r = rand_int(0, p.kw - 1);
  p.count_include_pad = rand_int(0, 1);
  if (h + p.pad_t + p.pad_b < p.kh || w + p.pad_l + p.pad_r < p.kw) return;
  nx = rand_view(&p.x, n, h, w, c);
  ny = rand_view(&p.y, n, (h + p.pad_t + p.pad_b - p.kh) / p.stride_h + 1,
                 (w + p.pad_l + p.pad_r - p.kw) / p.stride_w + 1, c);
  x = rand_s8(nx); y1 = rand_s8(ny);
  y2 = (int8_t *)malloc(ny);
  memcpy(y2, y1, ny);
  ec_pool2d_s8(&p, zp, x, y1);
  ref_pool2d_s8(&p, zp, x, y2);
  check_s8(p.is_avg ? "ec_pool2d_s8 (avg)" : "ec_pool2d_s8 (max)", iter, y1, y2, ny);
  free(x); free(y1); free(y2);
}

#ifndef EC_TEST_ITERS
#define EC_TEST_ITERS 300
#endif

#ifdef EC_TEST_SEMIHOSTING
void initialise_monitor_handles(void);
#endif

int main(void) {
  int i;
#ifdef EC_TEST_SEMIHOSTING
  initialise_monitor_handles();
#endif
  for (i = 0; i < EC_TEST_ITERS; ++i) {
    test_conv(i, 0);
    test_conv(i, 1);
    test_qdwconv(i);
    test_conv_mapped(i);
    test_conv_gemm(i);
    test_dwconv_simd(i);
    test_dwconv_overlap(i);
    test_pool(i);
    test_matmul(i);
    test_eltwise(i);
    test_copy_bytes(i);
    test_softmax(i);
    test_pad(i);
    test_norms(i);
    test_conv_s8(i, 0);
    test_conv_s8(i, 1);
    test_conv_s8(i, 2);
    test_conv_ohwi_s8(i, 0);
    test_conv_ohwi_s8(i, 1);
    test_conv_ohwi_s8(i, 2);
    test_conv_ohwi_s8(i, 3);
    test_dwconv_s8_mve(i);
    test_matmul_s8(i);
    test_eltwise_s8(i);
    test_pool_s8(i);
    test_softmax_s8(i);
  }
  test_fixed_point();
  test_math();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
