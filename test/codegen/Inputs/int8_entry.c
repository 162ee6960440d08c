/* Runs a quantized model (edgec --name tiny) both ways on one input:
 * tiny_run on floats, and tiny_run_int8 on the input quantized here with
 * the header's scale and zero point (libm's roundf, independent of the
 * runtime's rounding). The int8 output, dequantized with the header's
 * macros, must equal tiny_run's float output exactly. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tiny.h"

static unsigned char arena[TINY_ARENA_SIZE] __attribute__((aligned(16)));

int main(void) {
  float x[TINY_INPUT0_SIZE], y[TINY_OUTPUT0_SIZE];
  int8_t xq[TINY_INPUT0_SIZE], yq[TINY_OUTPUT0_SIZE];
  const float *in[1] = {x};
  float *out[1] = {y};
  const int8_t *inq[1] = {xq};
  int8_t *outq[1] = {yq};
  int i, bad = 0;
  for (i = 0; i < TINY_INPUT0_SIZE; ++i) {
    float q;
    x[i] = (float)((i * 37) % 41 - 20) / 23.0f;
    q = roundf(x[i] / TINY_INPUT0_SCALE) + TINY_INPUT0_ZERO_POINT;
    xq[i] = (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
  }
  if (tiny_run(in, out, arena) || tiny_run_int8(inq, outq, arena)) return 2;
  for (i = 0; i < TINY_OUTPUT0_SIZE; ++i) {
    float d = (float)(yq[i] - TINY_OUTPUT0_ZERO_POINT) * TINY_OUTPUT0_SCALE;
    if (memcmp(&d, &y[i], sizeof d) != 0) ++bad;
  }
  printf("%d of %d outputs differ\n", bad, TINY_OUTPUT0_SIZE);
  return bad != 0;
}
