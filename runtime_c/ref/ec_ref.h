/* ec_ref.h - plain reference implementations of the edgec kernels.
 *
 * Each function computes its kernel's result in the most direct way, one
 * output element at a time, with the same parameter structs. Tests compare
 * the optimized kernels against these; they are not shipped with models. */
#ifndef EC_REF_H
#define EC_REF_H

#include "ec_common.h"
#include "ec_conv.h"
#include "ec_copy.h"
#include "ec_eltwise.h"
#include "ec_matmul.h"
#include "ec_norm.h"
#include "ec_pad.h"
#include "ec_pool.h"
#include "ec_softmax.h"

#include <math.h>
#include <string.h>

static ptrdiff_t ref_at(const ec_view4 *v, int32_t n, int32_t h, int32_t w,
                        int32_t c) {
  return (ptrdiff_t)n * v->sn + (ptrdiff_t)h * v->sh + (ptrdiff_t)w * v->sw +
         (ptrdiff_t)c * v->sc;
}

static float ref_clamp(float v, ec_clamp c) {
  if (!c.on) return v;
  if (c.on == 2) {
    double g = (double)c.lo * v + c.hi;
    return (float)(v * (g < 0.0 ? 0.0 : g > 1.0 ? 1.0 : g));
  }
  return v < c.lo ? c.lo : v > c.hi ? c.hi : v;
}

/* A convolution with channel tables (NULL: identity): logical input
 * channel i is channel xmap[i] of x, output channel o is channel ymap[o]. */
static void ref_conv2d_mapped(const ec_conv2d_params *p, const int32_t *xmap,
                              const int32_t *ymap, const float *x,
                              const float *w, const float *b, float *y) {
  int32_t G = p->groups, OC = p->y.c, ICG = p->x.c / G, OCG = OC / G;
  int32_t n, oy, ox, o, ky, kx, ic;
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy)
      for (ox = 0; ox < p->y.w; ++ox)
        for (o = 0; o < OC; ++o) {
          int32_t g = o / OCG;
          double acc = b ? b[o] : 0.0;
          for (ky = 0; ky < p->kh; ++ky)
            for (kx = 0; kx < p->kw; ++kx)
              for (ic = 0; ic < ICG; ++ic) {
                int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
                int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
                int32_t c = g * ICG + ic;
                if (iy < 0 || iy >= p->x.h || ix < 0 || ix >= p->x.w) continue;
                acc += (double)x[ref_at(&p->x, n, iy, ix, xmap ? xmap[c] : c)] *
                       w[((ky * p->kw + kx) * ICG + ic) * OC + o];
              }
          y[ref_at(&p->y, n, oy, ox, ymap ? ymap[o] : o)] =
              ref_clamp((float)acc, p->act);
        }
}

static void ref_conv2d(const ec_conv2d_params *p, const float *x,
                       const float *w, const float *b, float *y) {
  ref_conv2d_mapped(p, NULL, NULL, x, w, b, y);
}

static void ref_pool2d(const ec_pool2d_params *p, const float *x, float *y) {
  int32_t n, oy, ox, c, ky, kx;
  for (n = 0; n < p->y.n; ++n)
    for (oy = 0; oy < p->y.h; ++oy)
      for (ox = 0; ox < p->y.w; ++ox)
        for (c = 0; c < p->y.c; ++c) {
          double acc = 0.0;
          float mx = 0.0f;
          int32_t valid = 0, padded = 0;
          for (ky = 0; ky < p->kh; ++ky)
            for (kx = 0; kx < p->kw; ++kx) {
              int32_t iy = oy * p->stride_h - p->pad_t + ky * p->dil_h;
              int32_t ix = ox * p->stride_w - p->pad_l + kx * p->dil_w;
              float v;
              if (iy < -p->pad_t || iy >= p->x.h + p->pad_b ||
                  ix < -p->pad_l || ix >= p->x.w + p->pad_r)
                continue;
              ++padded;
              if (iy < 0 || iy >= p->x.h || ix < 0 || ix >= p->x.w) continue;
              v = x[ref_at(&p->x, n, iy, ix, c)];
              mx = valid == 0 || v > mx ? v : mx;
              acc += v;
              ++valid;
            }
          y[ref_at(&p->y, n, oy, ox, c)] =
              valid == 0 ? 0.0f
              : p->is_avg ? (float)(acc / (p->count_include_pad ? padded : valid))
                          : mx;
        }
}

static void ref_matmul(const ec_matmul_params *p, const float *a,
                       const float *b, const float *bias, float *y) {
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
        double acc = bias ? bias[j] : 0.0;
        for (k = 0; k < p->k; ++k)
          acc += (double)a[oa + (ptrdiff_t)i * p->sa_m + (ptrdiff_t)k * p->sa_k] *
                 b[ob + (ptrdiff_t)k * p->sb_k + (ptrdiff_t)j * p->sb_n];
        y[oy + (ptrdiff_t)i * p->sy_m + (ptrdiff_t)j * p->sy_n] =
            ref_clamp((float)acc, p->act);
      }
    for (d = p->batch_rank - 1; d >= 0; --d) {
      if (++idx[d] < p->batch[d]) break;
      idx[d] = 0;
    }
  }
}

/* Number of elements p walks, and the operand offsets of element e. */
static int32_t ref_nd_total(const ec_nd *p) {
  int32_t d, total = 1;
  for (d = 0; d < p->rank; ++d) total *= p->shape[d];
  return total;
}

static void ref_nd_offsets(const ec_nd *p, int32_t e, ptrdiff_t *o0,
                           ptrdiff_t *o1, ptrdiff_t *o2) {
  int32_t d;
  *o0 = *o1 = *o2 = 0;
  for (d = p->rank - 1; d >= 0; --d) {
    int32_t i = e % p->shape[d];
    e /= p->shape[d];
    *o0 += (ptrdiff_t)i * p->s0[d];
    *o1 += (ptrdiff_t)i * p->s1[d];
    *o2 += (ptrdiff_t)i * p->s2[d];
  }
}

static void ref_binary(const ec_nd *p, int32_t kind, ec_clamp act,
                       const float *a, const float *b, float *y) {
  int32_t e;
  for (e = 0; e < ref_nd_total(p); ++e) {
    ptrdiff_t oa, ob, oy;
    float u, v;
    ref_nd_offsets(p, e, &oa, &ob, &oy);
    u = a[oa];
    v = b[ob];
    y[oy] = ref_clamp(kind == EC_ADD   ? u + v
                      : kind == EC_SUB ? u - v
                      : kind == EC_MUL ? u * v
                      : kind == EC_DIV ? u / v
                      : kind == EC_MAX ? (float)fmax(u, v)
                      : kind == EC_MIN ? (float)fmin(u, v)
                                       : (float)pow(u, v),
                      act);
  }
}

static void ref_clamp_nd(const ec_nd *p, ec_clamp act, const float *x,
                         float *y) {
  int32_t e;
  for (e = 0; e < ref_nd_total(p); ++e) {
    ptrdiff_t ox, unused, oy;
    ref_nd_offsets(p, e, &ox, &unused, &oy);
    y[oy] = ref_clamp(x[ox], act);
  }
}

/* libm in double precision, rounded once. */
static float ref_unary1(int32_t kind, float alpha, float beta, float u) {
  double h = fmax(0.0, fmin(1.0, (double)alpha * u + beta));
  switch (kind) {
  case EC_EXP: return (float)exp(u);
  case EC_LOG: return (float)log(u);
  case EC_SQRT: return (float)sqrt(u);
  case EC_TANH: return (float)tanh(u);
  case EC_ERF: return (float)erf(u);
  case EC_SIGMOID: return (float)(1.0 / (1.0 + exp(-(double)u)));
  case EC_NEG: return -u;
  case EC_ABS: return (float)fabs(u);
  case EC_RECIPROCAL: return (float)(1.0 / u);
  case EC_HARD_SIGMOID: return (float)h;
  case EC_FLOOR: return floorf(u);
  case EC_CEIL: return ceilf(u);
  case EC_ROUND: return rintf(u); /* the default mode: ties to even */
  case EC_SIGN: return u > 0.0f ? 1.0f : u < 0.0f ? -1.0f : u;
  default: return (float)(u * h);
  }
}

static void ref_unary(const ec_nd *p, int32_t kind, float alpha, float beta,
                      const float *x, float *y) {
  int32_t e;
  for (e = 0; e < ref_nd_total(p); ++e) {
    ptrdiff_t ox, unused, oy;
    ref_nd_offsets(p, e, &ox, &unused, &oy);
    y[oy] = ref_unary1(kind, alpha, beta, x[ox]);
  }
}

/* Copies of any element size: element by element through the walk. */
static void ref_copy_bytes(const ec_nd *p, size_t size, const void *x,
                           void *y) {
  int32_t e;
  for (e = 0; e < ref_nd_total(p); ++e) {
    ptrdiff_t ox, unused, oy;
    ref_nd_offsets(p, e, &ox, &unused, &oy);
    memcpy((unsigned char *)y + oy * (ptrdiff_t)size,
           (const unsigned char *)x + ox * (ptrdiff_t)size, size);
  }
}

static void ref_copy(const ec_nd *p, const float *x, float *y) {
  ref_copy_bytes(p, sizeof(float), x, y);
}

static void ref_softmax(const ec_softmax_params *p, const float *x, float *y) {
  int32_t o, i, a;
  for (o = 0; o < p->outer; ++o)
    for (i = 0; i < p->inner; ++i) {
      double mx = -HUGE_VAL, sum = 0.0;
      const float *xp = x + (ptrdiff_t)o * p->sx_o + (ptrdiff_t)i * p->sx_i;
      float *yp = y + (ptrdiff_t)o * p->sy_o + (ptrdiff_t)i * p->sy_i;
      for (a = 0; a < p->axis; ++a)
        mx = fmax(mx, xp[(ptrdiff_t)a * p->sx_a]);
      for (a = 0; a < p->axis; ++a) sum += exp(xp[(ptrdiff_t)a * p->sx_a] - mx);
      for (a = 0; a < p->axis; ++a)
        yp[(ptrdiff_t)a * p->sy_a] = (float)(exp(xp[(ptrdiff_t)a * p->sx_a] - mx) / sum);
    }
}

static void ref_pad(const ec_pad_params *p, const float *x, float *y) {
  int32_t idx[EC_MAX_RANK] = {0}, total = 1, d, e;
  for (d = 0; d < p->rank; ++d) total *= p->out[d];
  for (e = 0; e < total; ++e) {
    ptrdiff_t ox = 0, oy = 0;
    int fill = 0;
    for (d = 0; d < p->rank; ++d) {
      int32_t i = idx[d] - p->begin[d];
      if (i < 0 || i >= p->in[d]) {
        if (p->mode == EC_PAD_CONSTANT) fill = 1;
        else if (p->mode == EC_PAD_EDGE) i = i < 0 ? 0 : p->in[d] - 1;
        else i = i < 0 ? -i : 2 * p->in[d] - 2 - i;
      }
      ox += (ptrdiff_t)i * p->sx[d];
      oy += (ptrdiff_t)idx[d] * p->sy[d];
    }
    y[oy] = fill ? p->value : x[ox];
    for (d = p->rank - 1; d >= 0; --d) {
      if (++idx[d] < p->out[d]) break;
      idx[d] = 0;
    }
  }
}

static void ref_reduce(const ec_reduce_params *p, const float *x, float *y) {
  int32_t o, r, i;
  for (o = 0; o < p->outer; ++o)
    for (i = 0; i < p->inner; ++i) {
      double acc = p->kind == EC_REDUCE_MAX ? -HUGE_VAL
                   : p->kind == EC_REDUCE_MIN ? HUGE_VAL
                   : p->kind == EC_REDUCE_PROD ? 1.0 : 0.0;
      for (r = 0; r < p->reduced; ++r) {
        double v = x[(ptrdiff_t)o * p->sx_o + (ptrdiff_t)r * p->sx_r +
                     (ptrdiff_t)i * p->sx_i];
        acc = p->kind == EC_REDUCE_MAX ? fmax(acc, v)
              : p->kind == EC_REDUCE_MIN ? fmin(acc, v)
              : p->kind == EC_REDUCE_PROD ? acc * v : acc + v;
      }
      if (p->kind == EC_REDUCE_MEAN) acc /= p->reduced;
      y[(ptrdiff_t)o * p->sy_o + (ptrdiff_t)i * p->sy_i] = (float)acc;
    }
}

static void ref_layernorm(const ec_layernorm_params *p, const float *x,
                          const float *scale, const float *bias, float *y) {
  int32_t o, k;
  for (o = 0; o < p->outer; ++o) {
    double mean = 0.0, var = 0.0;
    for (k = 0; k < p->n; ++k) mean += x[(ptrdiff_t)o * p->sx_o + (ptrdiff_t)k * p->sx_n];
    mean /= p->n;
    for (k = 0; k < p->n; ++k) {
      double d = x[(ptrdiff_t)o * p->sx_o + (ptrdiff_t)k * p->sx_n] - mean;
      var += d * d;
    }
    var /= p->n;
    for (k = 0; k < p->n; ++k) {
      double v = (x[(ptrdiff_t)o * p->sx_o + (ptrdiff_t)k * p->sx_n] - mean) /
                 sqrt(var + p->epsilon) * scale[k];
      y[(ptrdiff_t)o * p->sy_o + (ptrdiff_t)k * p->sy_n] =
          (float)(bias ? v + bias[k] : v);
    }
  }
}

static void ref_lrn(const ec_lrn_params *p, const float *x, float *y) {
  int32_t n, h, w, c, j;
  for (n = 0; n < p->x.n; ++n)
    for (h = 0; h < p->x.h; ++h)
      for (w = 0; w < p->x.w; ++w)
        for (c = 0; c < p->x.c; ++c) {
          double sum = 0.0;
          for (j = c - (p->size - 1) / 2; j <= c + p->size / 2; ++j)
            if (j >= 0 && j < p->x.c) {
              double v = x[ref_at(&p->x, n, h, w, j)];
              sum += v * v;
            }
          y[ref_at(&p->y, n, h, w, c)] =
              (float)(x[ref_at(&p->x, n, h, w, c)] /
                      pow(p->bias + p->alpha / p->size * sum, p->beta));
        }
}

#endif /* EC_REF_H */
