/* ec_ref_s8.h - plain reference implementations of the int8 kernels.
 *
 * The fixed-point helpers are gemmlowp's formulations verbatim (they shift
 * negative numbers, which the host's compilers define as arithmetic), so
 * the runtime's shift-free versions are checked against an independent
 * spelling of the same arithmetic. */
#ifndef EC_REF_S8_H
#define EC_REF_S8_H

#include "ec_ref.h"
#include "ec_conv_s8.h"
#include "ec_eltwise_s8.h"
#include "ec_matmul_s8.h"
#include "ec_pool_s8.h"
#include "ec_quant.h"
#include "ec_softmax_s8.h"

static int32_t ref_srdhm(int32_t a, int32_t b) {
  int64_t ab, nudge;
  if (a == b && a == INT32_MIN) return INT32_MAX;
  ab = (int64_t)a * (int64_t)b;
  nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / (1ll << 31));
}

static int32_t ref_rdbp(int32_t x, int32_t e) {
  const int32_t mask = (int32_t)((1ll << e) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> e) + (remainder > threshold ? 1 : 0);
}

static int32_t ref_mbqm(int32_t x, int32_t m, int32_t shift) {
  int64_t v = (int64_t)x * (shift > 0 ? (1ll << shift) : 1);
  if (v > INT32_MAX) v = INT32_MAX;
  if (v < INT32_MIN) v = INT32_MIN;
  return ref_rdbp(ref_srdhm((int32_t)v, m), shift > 0 ? 0 : -shift);
}

static int32_t ref_clamp8(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

static int8_t ref_quantize1(float x, ec_qparams q) {
  float v = x / q.scale;
  float r;
  if (v != v) return (int8_t)ref_clamp8(q.zero_point, -128, 127);
  r = rintf(v); /* the default rounding: to nearest, ties to even */
  if (r > 1000.0f) r = 1000.0f;
  if (r < -1000.0f) r = -1000.0f;
  return (int8_t)ref_clamp8((int32_t)r + q.zero_point, -128, 127);
}

static void ref_conv2d_s8(const ec_conv2d_s8_params *p, const int32_t *xmap,
                          const int32_t *ymap, const int8_t *x,
                          const int8_t *w, const int32_t *b, int8_t *y) {
  const ec_conv2d_params *c = &p->c;
  int32_t n, oy, ox, o, ky, kx, ic;
  const int32_t icg = c->x.c / c->groups, ocg = c->y.c / c->groups;
  for (n = 0; n < c->y.n; ++n)
    for (o = 0; o < c->y.c; ++o)
      for (oy = 0; oy < c->y.h; ++oy)
        for (ox = 0; ox < c->y.w; ++ox) {
          int64_t acc = b ? b[o] : 0;
          for (ky = 0; ky < c->kh; ++ky)
            for (kx = 0; kx < c->kw; ++kx)
              for (ic = 0; ic < icg; ++ic) {
                const int32_t iy = oy * c->stride_h - c->pad_t + ky * c->dil_h;
                const int32_t ix = ox * c->stride_w - c->pad_l + kx * c->dil_w;
                const int32_t ch = (o / ocg) * icg + ic;
                if (iy < 0 || iy >= c->x.h || ix < 0 || ix >= c->x.w) continue;
                acc += (int64_t)(x[ref_at(&c->x, n, iy, ix, xmap ? xmap[ch] : ch)] +
                                 p->input_offset) *
                       w[((ky * c->kw + kx) * icg + ic) * c->y.c + o];
              }
          y[ref_at(&c->y, n, oy, ox, ymap ? ymap[o] : o)] = (int8_t)ref_clamp8(
              ref_mbqm((int32_t)acc, p->multiplier[o], p->shift[o]) + p->output_offset,
              p->act_min, p->act_max);
        }
}

static void ref_matmul_s8(const ec_matmul_s8_params *q, const int8_t *a,
                          const int8_t *b, const int32_t *bias, int8_t *y) {
  const ec_matmul_params *p = &q->m;
  int32_t idx[4] = {0, 0, 0, 0}, batches = 1, bi, d, i, j, k;
  for (d = 0; d < p->batch_rank; ++d) batches *= p->batch[d];
  for (bi = 0; bi < batches; ++bi) {
    ptrdiff_t oa = 0, ob = 0, oy = 0;
    for (d = 0; d < p->batch_rank; ++d) {
      oa += (ptrdiff_t)idx[d] * p->sa_b[d];
      ob += (ptrdiff_t)idx[d] * p->sb_b[d];
      oy += (ptrdiff_t)idx[d] * p->sy_b[d];
    }
    for (i = 0; i < p->m; ++i)
      for (j = 0; j < p->n; ++j) {
        int64_t acc = bias ? bias[j] : 0;
        for (k = 0; k < p->k; ++k)
          acc += (int64_t)(a[oa + i * p->sa_m + k * p->sa_k] + q->input_offset) *
                 b[ob + k * p->sb_k + j * p->sb_n];
        y[oy + i * p->sy_m + j * p->sy_n] = (int8_t)ref_clamp8(
            ref_mbqm((int32_t)acc, q->multiplier[j], q->shift[j]) + q->output_offset,
            q->act_min, q->act_max);
      }
    for (d = p->batch_rank - 1; d >= 0; --d) {
      if (++idx[d] < p->batch[d]) break;
      idx[d] = 0;
    }
  }
}

static void ref_add_s8(const ec_nd *p, const ec_add_s8_params *q,
                       const int8_t *x0, const int8_t *x1, int8_t *y) {
  int32_t e;
  for (e = 0; e < ref_nd_total(p); ++e) {
    ptrdiff_t o0, o1, o2;
    int32_t a, b, sa, sb;
    ref_nd_offsets(p, e, &o0, &o1, &o2);
    a = (x0[o0] + q->a_offset) * (1 << q->left_shift);
    b = (x1[o1] + q->b_offset) * (1 << q->left_shift);
    sa = ref_mbqm(a, q->a.multiplier, q->a.shift);
    sb = ref_mbqm(b, q->b.multiplier, q->b.shift);
    y[o2] = (int8_t)ref_clamp8(
        ref_mbqm(q->subtract ? sa - sb : sa + sb, q->out.multiplier, q->out.shift) +
            q->output_offset,
        q->act_min, q->act_max);
  }
}

static void ref_mul_s8(const ec_nd *p, const ec_mul_s8_params *q,
                       const int8_t *x0, const int8_t *x1, int8_t *y) {
  int32_t e;
  for (e = 0; e < ref_nd_total(p); ++e) {
    ptrdiff_t o0, o1, o2;
    ref_nd_offsets(p, e, &o0, &o1, &o2);
    y[o2] = (int8_t)ref_clamp8(
        ref_mbqm((x0[o0] + q->a_offset) * (x1[o1] + q->b_offset), q->out.multiplier,
                 q->out.shift) +
            q->output_offset,
        q->act_min, q->act_max);
  }
}

static void ref_pool2d_s8(const ec_pool2d_params *p, int32_t zp,
                          const int8_t *x, int8_t *y) {
  int32_t n, oy, ox, c, ky, kx;
  for (n = 0; n < p->y.n; ++n)
    for (c = 0; c < p->y.c; ++c)
      for (oy = 0; oy < p->y.h; ++oy)
        for (ox = 0; ox < p->y.w; ++ox) {
          int32_t sum = 0, mx = -128, valid = 0, padded = 0, v;
          for (ky = 0; ky < p->kh; ++ky)
            for (kx = 0; kx < p->kw; ++kx) {
              int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
              int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
              if (iy < -p->pad_t || iy >= p->x.h + p->pad_b ||
                  ix < -p->pad_l || ix >= p->x.w + p->pad_r)
                continue;
              ++padded;
              if (iy < 0 || iy >= p->x.h || ix < 0 || ix >= p->x.w) {
                sum += p->count_include_pad ? zp : 0;
                continue;
              }
              v = x[ref_at(&p->x, n, iy, ix, c)];
              mx = v > mx ? v : mx;
              sum += v;
              ++valid;
            }
          if (valid == 0) {
            v = zp;
          } else if (!p->is_avg) {
            v = mx;
          } else {
            /* round half away from zero, in double */
            double avg = (double)sum / (p->count_include_pad ? padded : valid);
            v = (int32_t)(avg >= 0 ? floor(avg + 0.5) : ceil(avg - 0.5));
          }
          y[ref_at(&p->y, n, oy, ox, c)] = (int8_t)ref_clamp8(v, -128, 127);
        }
}

/* Softmax from the definition, in double: the probabilities of the table's
 * exponentials, rounded to the nearest multiple of 1/256. */
static void ref_softmax_s8(const ec_softmax_params *p, const int32_t *table,
                           const int8_t *x, int8_t *y) {
  int32_t o, i, a;
  for (o = 0; o < p->outer; ++o)
    for (i = 0; i < p->inner; ++i) {
      int32_t mx = -128;
      double sum = 0.0;
      int32_t out[512];
      for (a = 0; a < p->axis; ++a) {
        int32_t v = x[o * p->sx_o + a * p->sx_a + i * p->sx_i];
        mx = v > mx ? v : mx;
      }
      for (a = 0; a < p->axis; ++a)
        sum += table[255 + x[o * p->sx_o + a * p->sx_a + i * p->sx_i] - mx];
      for (a = 0; a < p->axis; ++a) {
        double e = table[255 + x[o * p->sx_o + a * p->sx_a + i * p->sx_i] - mx];
        int32_t q = (int32_t)floor(256.0 * e / sum + 0.5) - 128;
        out[a] = q > 127 ? 127 : q;
      }
      for (a = 0; a < p->axis; ++a)
        y[o * p->sy_o + a * p->sy_a + i * p->sy_i] = (int8_t)out[a];
    }
}

#endif /* EC_REF_S8_H */
