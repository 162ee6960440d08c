/* sgemm_peak.c - the single-thread sgemm peak of this machine, the yardstick
 * bench/host_vs_ort.py divides a model's GFLOP/s by: OpenBLAS (Debian's
 * libopenblas-dev) on square matrices, best of five runs, in GFLOP/s.
 *   sgemm_peak [N]   (default 1536) */
#define _POSIX_C_SOURCE 199309L
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  const int n = argc > 1 ? atoi(argv[1]) : 1536;
  float *a, *b, *c;
  double best = 1e30;
  int i, r;
  if (n < 16) return 2;
  a = malloc(sizeof(float) * (size_t)n * n);
  b = malloc(sizeof(float) * (size_t)n * n);
  c = malloc(sizeof(float) * (size_t)n * n);
  if (!a || !b || !c) return 2;
  for (i = 0; i < n * n; ++i) {
    a[i] = (float)(i % 7) * 0.1f;
    b[i] = (float)(i % 5) * 0.1f;
  }
  openblas_set_num_threads(1);
  for (r = 0; r < 5; ++r) {
    struct timespec t0, t1;
    double s;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n,
                b, n, 0.0f, c, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    if (s < best) best = s;
  }
  printf("%.1f\n", 2.0 * n * (double)n * n / best / 1e9);
  free(a); free(b); free(c);
  return 0;
}
