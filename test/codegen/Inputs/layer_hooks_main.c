/* Runs the tiny model once with layer hooks that print each call. */
#include "tiny.h"

#include <stdio.h>

void tiny_layer_begin(int index, const char *name) {
  printf("begin %d %s\n", index, name);
}

void tiny_layer_end(int index, const char *name) {
  printf("end %d %s\n", index, name);
}

int main(void) {
  static float x[TINY_INPUT0_SIZE], y[TINY_OUTPUT0_SIZE];
  static double arena[TINY_ARENA_SIZE / sizeof(double) + 1];
  const float *inputs[1] = {x};
  float *outputs[1] = {y};
  return tiny_run(inputs, outputs, arena);
}
