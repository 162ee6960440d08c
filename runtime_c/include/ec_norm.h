/* ec_norm.h - reductions, layer normalization, local response normalization. */
#ifndef EC_NORM_H
#define EC_NORM_H

#include "ec_common.h"
#include "ec_math.h"

enum { EC_REDUCE_SUM = 0, EC_REDUCE_MEAN = 1, EC_REDUCE_MAX = 2,
       EC_REDUCE_MIN = 3, EC_REDUCE_PROD = 4 };

/* outer x reduced x inner elements; the reduced dimension is collapsed. */
typedef struct {
  int32_t outer, reduced, inner;
  int32_t sx_o, sx_r, sx_i, sy_o, sy_i;
  int32_t kind;
} ec_reduce_params;

/** y[o][i] = reduce over r of x[o][r][i]. The inner loop runs over i so
 * that reductions over H and W of NHWC data stream along channels. */
EC_KERNEL void ec_reduce_f32(const ec_reduce_params *p,
                             const float *EC_RESTRICT x,
                             float *EC_RESTRICT y) {
  int32_t o, r, i;
  for (o = 0; o < p->outer; ++o) {
    const float *xo = x + (ptrdiff_t)o * p->sx_o;
    float *yo = y + (ptrdiff_t)o * p->sy_o;
    for (i = 0; i < p->inner; ++i)
      yo[(ptrdiff_t)i * p->sy_i] = xo[(ptrdiff_t)i * p->sx_i];
    for (r = 1; r < p->reduced; ++r) {
      const float *xr = xo + (ptrdiff_t)r * p->sx_r;
      for (i = 0; i < p->inner; ++i) {
        float v = xr[(ptrdiff_t)i * p->sx_i], *d = &yo[(ptrdiff_t)i * p->sy_i];
        switch (p->kind) {
        case EC_REDUCE_MAX: *d = v > *d ? v : *d; break;
        case EC_REDUCE_MIN: *d = v < *d ? v : *d; break;
        case EC_REDUCE_PROD: *d *= v; break;
        default: *d += v; break;
        }
      }
    }
    if (p->kind == EC_REDUCE_MEAN)
      for (i = 0; i < p->inner; ++i) yo[(ptrdiff_t)i * p->sy_i] /= (float)p->reduced;
  }
}

typedef struct {
  int32_t outer, n;
  int32_t sx_o, sx_n, sy_o, sy_n;
  float epsilon;
} ec_layernorm_params;

/** Normalizes each of `outer` groups of n elements to zero mean and unit
 * variance, then scales and shifts per element (bias may be NULL). */
EC_KERNEL void ec_layernorm_f32(const ec_layernorm_params *p, const float *x,
                                const float *scale, const float *bias,
                                float *y) {
  int32_t o, k;
  for (o = 0; o < p->outer; ++o) {
    const float *xo = x + (ptrdiff_t)o * p->sx_o;
    float *yo = y + (ptrdiff_t)o * p->sy_o;
    float mean = 0.0f, var = 0.0f, inv;
    for (k = 0; k < p->n; ++k) mean += xo[(ptrdiff_t)k * p->sx_n];
    mean /= (float)p->n;
    for (k = 0; k < p->n; ++k) {
      float d = xo[(ptrdiff_t)k * p->sx_n] - mean;
      var += d * d;
    }
    inv = 1.0f / ec_sqrtf(var / (float)p->n + p->epsilon);
    for (k = 0; k < p->n; ++k) {
      float v = (xo[(ptrdiff_t)k * p->sx_n] - mean) * inv * scale[k];
      yo[(ptrdiff_t)k * p->sy_n] = bias ? v + bias[k] : v;
    }
  }
}

typedef struct {
  ec_view4 x, y;
  int32_t size;
  float alpha, beta, bias;
} ec_lrn_params;

/** ONNX LRN across channels: y = x / (bias + alpha/size * sum x^2)^beta
 * over channels [c - (size-1)/2, c + size/2]. */
EC_KERNEL void ec_lrn_f32(const ec_lrn_params *p, const float *x, float *y) {
  const int32_t C = p->x.c, lo = (p->size - 1) / 2, hi = p->size / 2;
  const float k = p->alpha / (float)p->size;
  int32_t n, h, w, c, j;
  for (n = 0; n < p->x.n; ++n)
    for (h = 0; h < p->x.h; ++h)
      for (w = 0; w < p->x.w; ++w) {
        const float *xp = x + (ptrdiff_t)n * p->x.sn + (ptrdiff_t)h * p->x.sh +
                          (ptrdiff_t)w * p->x.sw;
        float *yp = y + (ptrdiff_t)n * p->y.sn + (ptrdiff_t)h * p->y.sh +
                    (ptrdiff_t)w * p->y.sw;
        for (c = 0; c < C; ++c) {
          float sum = 0.0f;
          for (j = c - lo; j <= c + hi; ++j)
            if (j >= 0 && j < C) {
              float v = xp[(ptrdiff_t)j * p->x.sc];
              sum += v * v;
            }
          yp[(ptrdiff_t)c * p->y.sc] =
              xp[(ptrdiff_t)c * p->x.sc] / ec_powf(p->bias + k * sum, p->beta);
        }
      }
}

#endif /* EC_NORM_H */
