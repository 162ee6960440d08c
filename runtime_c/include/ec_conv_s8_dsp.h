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

/** Two windows' first `vec` bytes (vec % 4 == 0) widened once to 16-bit
 * lanes, interleaved as the SMLAD loop reads them: per four bytes, pixel
 * a's bytes 0 and 2, its bytes 1 and 3, then pixel b's. */
static inline void ec_widen_pair_dsp(const int8_t *xa, const int8_t *xb,
                                     int32_t vec, uint32_t *d) {
  int32_t k;
  for (k = 0; k < vec; k += 4, d += 4) {
    const uint32_t a = ec_read4(xa + k), b = ec_read4(xb + k);
    d[0] = ec_sxtb16(a);
    d[1] = ec_sxtb16_ror8(a);
    d[2] = ec_sxtb16(b);
    d[3] = ec_sxtb16_ror8(b);
  }
}

/** The four products of a widened pair of windows (ec_widen_pair_dsp)
 * with two filter rows over `groups` groups of four bytes, added to
 * acc[0] (a, w0), acc[1] (b, w0), acc[2] (a, w1), acc[3] (b, w1). Each
 * filter word is widened once for both pixels: per group two loads and
 * four SXTB16 for the filter, four loads and eight SMLAD for the pixels.
 * Assembly on Arm: gcc spills in this loop, which needs 14 registers. */
static inline void ec_dot_2x2_q15_dsp(const uint32_t *x, const int8_t *w0,
                                      const int8_t *w1, int32_t groups,
                                      int32_t acc[4]) {
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
  int32_t a00 = acc[0], a10 = acc[1], a01 = acc[2], a11 = acc[3];
  uint32_t t0, t1, t2, t3, t4;
  if (groups <= 0) return;
  __asm__ volatile(
      "1:\n\t"
      "ldr %[t4], [%[w0]], #4\n\t"
      "sxtb16 %[t0], %[t4]\n\t"
      "sxtb16 %[t1], %[t4], ror #8\n\t"
      "ldr %[t4], [%[w1]], #4\n\t"
      "sxtb16 %[t2], %[t4]\n\t"
      "sxtb16 %[t3], %[t4], ror #8\n\t"
      "ldr %[t4], [%[x]], #4\n\t"
      "smlad %[a00], %[t4], %[t0], %[a00]\n\t"
      "smlad %[a01], %[t4], %[t2], %[a01]\n\t"
      "ldr %[t4], [%[x]], #4\n\t"
      "smlad %[a00], %[t4], %[t1], %[a00]\n\t"
      "smlad %[a01], %[t4], %[t3], %[a01]\n\t"
      "ldr %[t4], [%[x]], #4\n\t"
      "smlad %[a10], %[t4], %[t0], %[a10]\n\t"
      "smlad %[a11], %[t4], %[t2], %[a11]\n\t"
      "ldr %[t4], [%[x]], #4\n\t"
      "smlad %[a10], %[t4], %[t1], %[a10]\n\t"
      "smlad %[a11], %[t4], %[t3], %[a11]\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n"
      : [a00] "+r"(a00), [a10] "+r"(a10), [a01] "+r"(a01), [a11] "+r"(a11),
        [x] "+r"(x), [w0] "+r"(w0), [w1] "+r"(w1), [n] "+r"(groups),
        [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
        [t4] "=&r"(t4)
      :
      : "cc", "memory");
  acc[0] = a00; acc[1] = a10; acc[2] = a01; acc[3] = a11;
#else
  int32_t g;
  for (g = 0; g < groups; ++g, x += 4, w0 += 4, w1 += 4) {
    const uint32_t u = ec_read4(w0), v = ec_read4(w1);
    const uint32_t u0 = ec_sxtb16(u), u1 = ec_sxtb16_ror8(u);
    const uint32_t v0 = ec_sxtb16(v), v1 = ec_sxtb16_ror8(v);
    acc[0] = ec_smlad(x[1], u1, ec_smlad(x[0], u0, acc[0]));
    acc[2] = ec_smlad(x[1], v1, ec_smlad(x[0], v0, acc[2]));
    acc[1] = ec_smlad(x[3], u1, ec_smlad(x[2], u0, acc[1]));
    acc[3] = ec_smlad(x[3], v1, ec_smlad(x[2], v0, acc[3]));
  }
#endif
}

/** ec_requantize split for one output channel: where the factor is below
 * one (shift <= 0) and the multiplier positive, the rounding doubling high
 * multiply is one SMULL and the rounding shift an add and an arithmetic
 * shift (ACLE: signed right shifts are arithmetic on Arm), exact while
 * |high part| < 2^30; anything else takes ec_requantize. */
typedef struct {
  int32_t multiplier, shift, fast, e, nudge, fix;
} ec_rq_dsp;

static inline ec_rq_dsp ec_rq_dsp_of(int32_t multiplier, int32_t shift) {
  ec_rq_dsp r;
  r.multiplier = multiplier;
  r.shift = shift;
  r.fast = multiplier > 0 && shift <= 0 && shift >= -31;
  r.e = r.fast ? -shift : 0;
  r.nudge = r.e ? (int32_t)1 << (r.e - 1) : 0;
  r.fix = r.e ? 1 : 0;
  return r;
}

static inline int32_t ec_rq_dsp_apply(int32_t x, const ec_rq_dsp *r) {
  if (r->fast) {
    const int64_t ab = (int64_t)x * r->multiplier;
    const int32_t h = (int32_t)((ab + ((int64_t)1 << 30)) >> 31);
    if ((uint32_t)h + 0x40000000u < 0x80000000u)
      return (h + r->nudge - (int32_t)(((uint32_t)h >> 31) & (uint32_t)r->fix)) >>
             r->e;
  }
  return ec_requantize(x, r->multiplier, r->shift);
}


/** Pixels ec_conv_rows2_dsp takes at a time (its sums are on the stack). */
#ifndef EC_DSP_ROW_PIXELS
#define EC_DSP_ROW_PIXELS 64
#endif

/** One output channel's sums at `count` pixels requantized to y[i * ystep].
 * Not inlined: alone, the loop keeps the channel's constants in registers. */
EC_NOINLINE static void ec_rq_row_dsp(const ec_conv2d_s8_params *p,
                                      const int32_t *s, int32_t count,
                                      const ec_rq_dsp *r, int8_t *y,
                                      ptrdiff_t ystep) {
  const int32_t lo = p->act_min, hi = p->act_max, out = p->output_offset;
  const int32_t m = r->multiplier, e = r->e, nudge = r->nudge;
  const uint32_t fix = (uint32_t)r->fix;
  const int32_t *end = s + count;
  if (!r->fast) {
    for (; s != end; ++s, y += ystep) {
      int32_t v = ec_requantize(*s, r->multiplier, r->shift);
      v = (v < -65536 ? -65536 : v > 65535 ? 65535 : v) + out;
      v = v < lo ? lo : v;
      *y = (int8_t)(v > hi ? hi : v);
    }
    return;
  }
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
  if (e >= 1 && hi == 127) {
    /* Assembly (gcc spills here): the same steps, saturation to int8 by
     * SSAT, then the lower clamp. It stops before an element whose high
     * part is out of the fast range; the C loop below takes it on. */
    int32_t n = (int32_t)(end - s);
    uint32_t a, l32, h32;
    __asm__ volatile(
        "cbz %[n], 2f\n"
        "1:\n\t"
        "ldr %[a], [%[s]]\n\t"
        "mov %[l32], #0x40000000\n\t"
        "mov %[h32], #0\n\t"
        "smlal %[l32], %[h32], %[a], %[m]\n\t"
        "lsrs %[l32], %[l32], #31\n\t"
        "orr %[l32], %[l32], %[h32], lsl #1\n\t"
        "adds %[h32], %[l32], #0x40000000\n\t"
        "bmi 2f\n\t"
        "add %[a], %[l32], %[nudge]\n\t"
        "sub %[a], %[a], %[l32], lsr #31\n\t"
        "asr %[a], %[a], %[e]\n\t"
        "add %[a], %[a], %[out]\n\t"
        "ssat %[a], #8, %[a]\n\t"
        "cmp %[a], %[lo]\n\t"
        "it lt\n\t"
        "movlt %[a], %[lo]\n\t"
        "strb %[a], [%[y]]\n\t"
        "add %[y], %[y], %[ystep]\n\t"
        "add %[s], %[s], #4\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n"
        "2:\n"
        : [s] "+r"(s), [y] "+r"(y), [n] "+l"(n), [a] "=&r"(a), [l32] "=&r"(l32),
          [h32] "=&r"(h32)
        : [m] "r"(m), [nudge] "r"(nudge), [e] "r"(e), [out] "r"(out), [lo] "r"(lo),
          [ystep] "r"(ystep)
        : "cc", "memory");
  }
#endif
  for (; s != end; ++s, y += ystep) {
    const int32_t h = (int32_t)(((int64_t)*s * m + ((int64_t)1 << 30)) >> 31);
    int32_t v;
    if ((uint32_t)h + 0x40000000u < 0x80000000u) {
      v = ((h + nudge - (int32_t)(((uint32_t)h >> 31) & fix)) >> e) + out;
    } else {
      /* far out of the int8 range either way: bounded before the offset
       * so the add cannot overflow */
      v = ec_requantize(*s, r->multiplier, r->shift);
      v = (v < -65536 ? -65536 : v > 65535 ? 65535 : v) + out;
    }
    v = v < lo ? lo : v;
    *y = (int8_t)(v > hi ? hi : v);
  }
}

/** Two output channels (o0, o1; the same when one is left) at `count`
 * pixels: pixel i's window is the len bytes at x + i * xstep (the filter
 * rows' layout), its output pixel at y + i * ystep, channel o at
 * ymap[o] (NULL: o) times y's channel stride. Pixels go in pairs: through
 * their widened windows (xw: (len & ~3) words a pair, from
 * ec_widen_pair_dsp) where given, else ec_dot_2x2_s8_dsp; the last len % 4
 * bytes one at a time. The channels' bias (with the input offset times
 * their weight sums) and requantization are prepared once. */
EC_NOINLINE static void ec_conv_rows2_dsp(const ec_conv2d_s8_params *p,
                                          const int8_t *x, ptrdiff_t xstep,
                                          const uint32_t *xw, int32_t count,
                                          const int8_t *w, int32_t len,
                                          int32_t o0, int32_t o1,
                                          const int32_t *b, const int32_t *ymap,
                                          int8_t *y, ptrdiff_t ystep) {
  const int8_t *w0 = w + (ptrdiff_t)o0 * len, *w1 = w + (ptrdiff_t)o1 * len;
  const ptrdiff_t c0 = (ptrdiff_t)(ymap ? ymap[o0] : o0) * p->c.y.sc;
  const ptrdiff_t c1 = (ptrdiff_t)(ymap ? ymap[o1] : o1) * p->c.y.sc;
  const ec_rq_dsp r0 = ec_rq_dsp_of(p->multiplier[o0], p->shift[o0]);
  const ec_rq_dsp r1 = ec_rq_dsp_of(p->multiplier[o1], p->shift[o1]);
  const int32_t vec = len & ~3;
  int32_t b0 = b ? b[o0] : 0, b1 = b ? b[o1] : 0, i, k;
  if (p->input_offset != 0 && !p->offset_in_bias) {
    /* the offset times each channel's weight sum */
    int32_t s0 = 0, s1 = 0;
    for (k = 0; k < len; ++k) {
      s0 += w0[k];
      s1 += w1[k];
    }
    b0 += p->input_offset * s0;
    b1 += p->input_offset * s1;
  }
  int32_t s0[EC_DSP_ROW_PIXELS], s1[EC_DSP_ROW_PIXELS];
  /* Sums first (the loop keeps its registers for them), requantization
   * after, channel by channel with its parameters in registers. */
  for (i = 0; i < count; i += 2) {
    /* With an odd count the last pair computes its pixel twice. */
    const int32_t j = i + 1 < count ? i + 1 : i;
    const int8_t *xa = x + (ptrdiff_t)i * xstep, *xb = x + (ptrdiff_t)j * xstep;
    int32_t acc[4];
    acc[0] = acc[1] = b0;
    acc[2] = acc[3] = b1;
    if (xw)
      ec_dot_2x2_q15_dsp(xw + (ptrdiff_t)(i / 2) * vec, w0, w1, vec / 4, acc);
    else
      ec_dot_2x2_s8_dsp(xa, xb, w0, w1, vec, acc);
    for (k = vec; k < len; ++k) {
      acc[0] += (int32_t)xa[k] * w0[k];
      acc[1] += (int32_t)xb[k] * w0[k];
      acc[2] += (int32_t)xa[k] * w1[k];
      acc[3] += (int32_t)xb[k] * w1[k];
    }
    s0[i] = acc[0];
    s0[j] = acc[1];
    s1[i] = acc[2];
    s1[j] = acc[3];
  }
  ec_rq_row_dsp(p, s0, count, &r0, y + c0, ystep);
  if (o1 != o0) ec_rq_row_dsp(p, s1, count, &r1, y + c1, ystep);
}

/** Stack bytes of ec_conv2d_mapped_ohwi_s8_dsp: windows gathered for a
 * kxk convolution (int8), and pairs of windows widened to 16-bit lanes. A
 * window over EC_DSP_WINDOW_BYTES runs the portable kernel; one over a
 * quarter of EC_DSP_WIDE_BYTES is not widened. */
#ifndef EC_DSP_WINDOW_BYTES
#define EC_DSP_WINDOW_BYTES 512
#endif
#ifndef EC_DSP_WIDE_BYTES
#define EC_DSP_WIDE_BYTES 1024
#endif

/** ec_conv_pixels_s8 for the DSP kernel: the pixels' windows widened in
 * pairs into scratch where they fit, then output channels two at a time
 * (ec_conv_rows2_dsp). */
static void ec_conv_pixels_dsp(const ec_conv2d_s8_params *p, const int8_t *xs,
                               ptrdiff_t xstep, int32_t count, const int8_t *w,
                               const int32_t *b, const int32_t *ymap, int8_t *y,
                               ptrdiff_t ystep, void *scratch) {
  const int32_t OC = p->c.y.c, len = p->c.kh * p->c.kw * p->c.x.c;
  const int32_t vec = len & ~3;
  const int wide = vec && 2 * (EC_DSP_WIDE_BYTES / (4 * vec)) >= count;
  uint32_t *xw = (uint32_t *)scratch;
  int32_t q, o;
  if (wide)
    for (q = 0; q < count; q += 2)
      ec_widen_pair_dsp(xs + (ptrdiff_t)q * xstep,
                        xs + (ptrdiff_t)(q + 1 < count ? q + 1 : q) * xstep, vec,
                        xw + (ptrdiff_t)(q / 2) * vec);
  for (o = 0; o < OC; o += 2)
    ec_conv_rows2_dsp(p, xs, xstep, wide ? xw : NULL, count, w, len, o,
                      o + 1 < OC ? o + 1 : o, b, ymap, y, ystep);
}

/** Convolution with one group, the filter [C_out][kh][kw][C_in]
 * (ohwi_filter), through optional channel tables, any strides and padding,
 * on cores with the DSP extension: ec_conv_windows_s8 with
 * ec_conv_pixels_dsp, as many pixels at a time as the widened buffer
 * (EC_DSP_WIDE_BYTES) and the sums (EC_DSP_ROW_PIXELS) hold. */
EC_KERNEL void ec_conv2d_mapped_ohwi_s8_dsp(const ec_conv2d_s8_params *p,
                                            const int32_t *xmap,
                                            const int32_t *ymap, const int8_t *x,
                                            const int8_t *w, const int32_t *b,
                                            int8_t *y) {
  const int32_t vec = (p->c.kh * p->c.kw * p->c.x.c) & ~3;
  const int32_t wide = vec ? 2 * (EC_DSP_WIDE_BYTES / (4 * vec)) : 0;
  int32_t most = EC_DSP_ROW_PIXELS;
  int8_t col[EC_DSP_WINDOW_BYTES];
  uint32_t xw[EC_DSP_WIDE_BYTES / 4];
  if (wide >= 2 && most > wide) most = wide;
  if (!ec_conv_windows_s8(p, xmap, ymap, x, w, b, y, col, EC_DSP_WINDOW_BYTES, most,
                          ec_gather_window_s8, ec_conv_pixels_dsp, xw))
    ec_conv2d_mapped_ohwi_s8(p, xmap, ymap, x, w, b, y);
}

/** ec_conv2d_mapped_ohwi_s8_dsp without channel tables. */
EC_KERNEL void ec_conv2d_ohwi_s8_dsp(const ec_conv2d_s8_params *p,
                                     const int8_t *x, const int8_t *w,
                                     const int32_t *b, int8_t *y) {
  ec_conv2d_mapped_ohwi_s8_dsp(p, NULL, NULL, x, w, b, y);
}

/** Four channels of one depthwise window: rows x cols taps, the input
 * stepping xtap per tap and xskip more per row, the weights wtap and
 * wskip; sums added to a[0..3]. Not inlined: alone, its loop keeps its
 * sums and pointers in registers. */
EC_NOINLINE static void ec_dw_window4_dsp(const int8_t *x, const int8_t *w,
                                          int32_t rows, int32_t cols,
                                          ptrdiff_t xskip, ptrdiff_t xtap,
                                          ptrdiff_t wskip, ptrdiff_t wtap,
                                          uint32_t off2, int32_t a[4]) {
  int32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], r;
  if (cols <= 0) return;
  for (r = 0; r < rows; ++r, x += xskip, w += wskip) {
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
    /* Assembly: the loop needs 13 registers (the weight word is read
     * twice to spare a fourteenth). */
    int32_t n = cols;
    uint32_t xv, t1, t2;
    __asm__ volatile(
        "1:\n\t"
        "ldr %[xv], [%[x]]\n\t"
        "add %[x], %[x], %[xtap]\n\t"
        "ldr %[t2], [%[w]]\n\t"
        "sxtb16 %[t1], %[xv]\n\t"
        "sadd16 %[t1], %[t1], %[off2]\n\t"
        "sxtb16 %[t2], %[t2]\n\t"
        "smlabb %[a0], %[t1], %[t2], %[a0]\n\t"
        "smlatt %[a2], %[t1], %[t2], %[a2]\n\t"
        "ldr %[t2], [%[w]]\n\t"
        "add %[w], %[w], %[wtap]\n\t"
        "sxtb16 %[t1], %[xv], ror #8\n\t"
        "sadd16 %[t1], %[t1], %[off2]\n\t"
        "sxtb16 %[t2], %[t2], ror #8\n\t"
        "smlabb %[a1], %[t1], %[t2], %[a1]\n\t"
        "smlatt %[a3], %[t1], %[t2], %[a3]\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n"
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),
          [x] "+r"(x), [w] "+r"(w), [n] "+r"(n), [xv] "=&r"(xv), [t1] "=&r"(t1),
          [t2] "=&r"(t2)
        : [xtap] "r"(xtap), [wtap] "r"(wtap), [off2] "r"(off2)
        : "cc", "memory");
#else
    int32_t k;
    for (k = 0; k < cols; ++k, x += xtap, w += wtap) {
      const uint32_t xv = ec_read4(x), wv = ec_read4(w);
      const uint32_t xe = ec_sadd16(ec_sxtb16(xv), off2);
      const uint32_t xd = ec_sadd16(ec_sxtb16_ror8(xv), off2);
      const uint32_t we = ec_sxtb16(wv), wd = ec_sxtb16_ror8(wv);
      a0 = ec_smlabb(xe, we, a0);
      a2 = ec_smlatt(xe, we, a2);
      a1 = ec_smlabb(xd, wd, a1);
      a3 = ec_smlatt(xd, wd, a3);
    }
#endif
  }
  a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3;
}

/** Depthwise convolution with channels contiguous in input and output
 * (others run ec_dwconv2d_s8). One pixel at a time in raster order, as
 * ec_dwconv2d_s8 (so it runs in place the same way); four channels per
 * step: a word of input and one of weights split into 16-bit lanes
 * (SXTB16), the input offset added to both lanes at once (SADD16), and
 * one 16x16 multiply-accumulate per channel (SMLABB/SMLATT). */
EC_KERNEL void ec_dwconv2d_s8_dsp(const ec_conv2d_s8_params *p, const int8_t *x,
                                  const int8_t *w, const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  const int32_t C = c->y.c, C4 = C & ~3, off = p->input_offset;
  const uint32_t off2 = ((uint32_t)off & 0xFFFFu) * 0x10001u;
  const ptrdiff_t xrow = (ptrdiff_t)c->dil_h * c->x.sh, xtap = (ptrdiff_t)c->dil_w * c->x.sw;
  const ptrdiff_t wrow = (ptrdiff_t)c->kw * C;
  int32_t n, oy, ox, o, ky0, ky1, kx0, kx1, k;
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
        for (o = 0; o < C4; o += 4) {
          int32_t a[4];
          /* the first tap inside the input (none: not read) */
          const int taps = ky0 < ky1 && kx0 < kx1;
          const int8_t *xr = taps ? x + xo + (ptrdiff_t)(ky0 * c->dil_h) * c->x.sh +
                                        (ptrdiff_t)(kx0 * c->dil_w) * c->x.sw + o
                                  : x;
          const int8_t *wr = taps ? w + (ptrdiff_t)(ky0 * c->kw + kx0) * C + o : w;
          a[0] = b ? b[o] : 0;
          a[1] = b ? b[o + 1] : 0;
          a[2] = b ? b[o + 2] : 0;
          a[3] = b ? b[o + 3] : 0;
          ec_dw_window4_dsp(xr, wr, ky1 - ky0, kx1 - kx0, xrow - (kx1 - kx0) * xtap,
                            xtap, wrow - (ptrdiff_t)(kx1 - kx0) * C, C, off2, a);
          for (k = 0; k < 4; ++k) {
            const ec_rq_dsp r = ec_rq_dsp_of(p->multiplier[o + k], p->shift[o + k]);
            int32_t v = ec_rq_dsp_apply(a[k], &r) + p->output_offset;
            v = v < p->act_min ? p->act_min : v;
            yp[o + k] = (int8_t)(v > p->act_max ? p->act_max : v);
          }
        }
        for (o = C4; o < C; ++o)
          yp[o] = ec_dw_channel_s8(p, x, xo, w, b, o, ky0, ky1, kx0, kx1);
      }
    }
}

#endif /* EC_CONV_S8_DSP_H */
