/* ec_matmul.h - batched matrix product with bias and clamp. */
#ifndef EC_MATMUL_H
#define EC_MATMUL_H

#include "ec_common.h"

typedef struct {
  int32_t batch_rank; /* 0..4 */
  int32_t batch[4];
  int32_t sa_b[4], sb_b[4], sy_b[4]; /* batch strides; 0 broadcasts */
  int32_t m, n, k;
  int32_t sa_m, sa_k, sb_k, sb_n, sy_m, sy_n;
  ec_clamp act;
} ec_matmul_params;

/** y[m][n] = sum_k a[m][k] * b[k][n] + bias[n] for every batch index; bias
 * may be NULL. The n loop is innermost so rows of b stream contiguously. */
EC_KERNEL void ec_matmul_f32(const ec_matmul_params *p,
                             const float *EC_RESTRICT a,
                             const float *EC_RESTRICT b,
                             const float *EC_RESTRICT bias,
                             float *EC_RESTRICT y) {
  int32_t batches = 1, bi, d, i, j, kk;
  for (d = 0; d < p->batch_rank; ++d) batches *= p->batch[d];
  for (bi = 0; bi < batches; ++bi) {
    ptrdiff_t oa = 0, ob = 0, oy = 0;
    int32_t rest = bi;
    for (d = p->batch_rank - 1; d >= 0; --d) {
      int32_t idx = rest % p->batch[d];
      rest /= p->batch[d];
      oa += (ptrdiff_t)idx * p->sa_b[d];
      ob += (ptrdiff_t)idx * p->sb_b[d];
      oy += (ptrdiff_t)idx * p->sy_b[d];
    }
    for (i = 0; i < p->m; ++i) {
      float *EC_RESTRICT yr = y + oy + (ptrdiff_t)i * p->sy_m;
      const float *EC_RESTRICT ar = a + oa + (ptrdiff_t)i * p->sa_m;
      for (j = 0; j < p->n; ++j) yr[(ptrdiff_t)j * p->sy_n] = bias ? bias[j] : 0.0f;
      for (kk = 0; kk < p->k; ++kk) {
        const float av = ar[(ptrdiff_t)kk * p->sa_k];
        const float *EC_RESTRICT br = b + ob + (ptrdiff_t)kk * p->sb_k;
        if (p->sy_n == 1 && p->sb_n == 1) {
          for (j = 0; j < p->n; ++j) yr[j] += av * br[j];
        } else {
          for (j = 0; j < p->n; ++j)
            yr[(ptrdiff_t)j * p->sy_n] += av * br[(ptrdiff_t)j * p->sb_n];
        }
      }
      if (p->act.on)
        for (j = 0; j < p->n; ++j)
          yr[(ptrdiff_t)j * p->sy_n] = ec_actf(yr[(ptrdiff_t)j * p->sy_n], p->act);
    }
  }
}

#endif /* EC_MATMUL_H */
