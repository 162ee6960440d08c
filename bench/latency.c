/* latency.c - times a model compiled with `edgec --name model`: runs it on a
 * fixed input N times and prints the median time of one run in microseconds.
 *   latency N */
#define _POSIX_C_SOURCE 199309L
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20, i;
  float *in = (float *)malloc(MODEL_INPUT0_SIZE * sizeof(float));
  float *out = (float *)malloc(MODEL_OUTPUT0_SIZE * sizeof(float));
  void *arena = malloc(MODEL_ARENA_SIZE);
  double *t = (double *)malloc((size_t)n * sizeof(double));
  const float *ins[1];
  float *outs[1];
  if (n < 1 || !in || !out || !arena || !t) return 2;
  for (i = 0; i < MODEL_INPUT0_SIZE; ++i) in[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
  ins[0] = in;
  outs[0] = out;
  model_run(ins, outs, arena); /* warm up */
  for (i = 0; i < n; ++i) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    model_run(ins, outs, arena);
    clock_gettime(CLOCK_MONOTONIC, &b);
    t[i] = (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
  }
  qsort(t, (size_t)n, sizeof(double), cmp);
  printf("%.1f\n", t[n / 2]);
  free(in); free(out); free(arena); free(t);
  return 0;
}
