/* batch_harness.c - runs a model compiled with `edgec --name model` (one
 * float input, one float output) on every sample of a raw float32 file.
 *
 *   batch_harness inputs.bin N outputs.bin
 *
 * The arena is a heap block of exactly MODEL_ARENA_SIZE bytes, reused for
 * every sample. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  FILE *in, *out;
  long n, i;
  float x[MODEL_INPUT0_SIZE], y[MODEL_OUTPUT0_SIZE];
  const float *inputs[1] = {x};
  float *outputs[1] = {y};
  void *arena;
  if (argc != 4) return 2;
  n = atol(argv[2]);
  in = fopen(argv[1], "rb");
  out = fopen(argv[3], "wb");
  arena = malloc(MODEL_ARENA_SIZE);
  if (!in || !out || !arena) return 2;
  for (i = 0; i < n; ++i) {
    if (fread(x, sizeof x, 1, in) != 1) return 3;
    if (model_run(inputs, outputs, arena) != 0) return 4;
    if (fwrite(y, sizeof y, 1, out) != 1) return 5;
  }
  fclose(in);
  fclose(out);
  free(arena);
  return 0;
}
