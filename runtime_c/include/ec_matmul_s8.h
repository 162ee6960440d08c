/* ec_matmul_s8.h - int8 matrix products (fully connected layers) with
 * per-column requantization. */
#ifndef EC_MATMUL_S8_H
#define EC_MATMUL_S8_H

#include "ec_matmul.h"
#include "ec_quant.h"

typedef struct {
  ec_matmul_params m; /* shapes and strides; m.act is unused */
  int32_t input_offset, output_offset, act_min, act_max;
  const int32_t *multiplier, *shift; /* per column of b */
} ec_matmul_s8_params;

/** y[m][n] = requantize(bias[n] + sum_k (a[m][k] + input_offset) * b[k][n])
 * for every batch index; bias may be NULL. */
EC_KERNEL void ec_matmul_s8(const ec_matmul_s8_params *q, const int8_t *a,
                            const int8_t *b, const int32_t *bias, int8_t *y) {
  const ec_matmul_params *p = &q->m;
  int32_t batches = 1, bi, d, i, j, kk;
  for (d = 0; d < p->batch_rank; ++d) batches *= p->batch[d];
  for (bi = 0; bi < batches; ++bi) {
    ptrdiff_t oa = 0, ob = 0, oy = 0;
    int32_t rest = bi;
    for (d = p->batch_rank - 1; d >= 0; --d) {
      const int32_t idx = rest % p->batch[d];
      rest /= p->batch[d];
      oa += (ptrdiff_t)idx * p->sa_b[d];
      ob += (ptrdiff_t)idx * p->sb_b[d];
      oy += (ptrdiff_t)idx * p->sy_b[d];
    }
    for (i = 0; i < p->m; ++i)
      for (j = 0; j < p->n; ++j) {
        int32_t acc = bias ? bias[j] : 0, v;
        for (kk = 0; kk < p->k; ++kk)
          acc += ((int32_t)a[oa + (ptrdiff_t)i * p->sa_m + (ptrdiff_t)kk * p->sa_k] +
                  q->input_offset) *
                 (int32_t)b[ob + (ptrdiff_t)kk * p->sb_k + (ptrdiff_t)j * p->sb_n];
        v = ec_requantize(acc, q->multiplier[j], q->shift[j]) + q->output_offset;
        v = v < q->act_min ? q->act_min : v;
        y[oy + (ptrdiff_t)i * p->sy_m + (ptrdiff_t)j * p->sy_n] =
            (int8_t)(v > q->act_max ? q->act_max : v);
      }
  }
}

#endif /* EC_MATMUL_S8_H */
