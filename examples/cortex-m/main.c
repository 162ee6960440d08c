/* main.c - runs a model compiled by edgec (--name model) on the input in
 * data.h and compares every output with the reference values there: within
 * 1e-5 of the largest, or with -DEDGEC_EXACT bit for bit (int8 models).
 * Exit status (through semihosting): 0 match, 1 mismatch. */
#include <stdint.h>
#include <string.h>

#include "data.h"
#include "model.h"
#include "semihost.h"

static uint8_t arena[MODEL_ARENA_SIZE] __attribute__((aligned(16)));
static float output[MODEL_OUTPUT0_SIZE];

static void write_uint(const char *label, uint32_t v) {
  char buf[48];
  char digits[12];
  int n = 0, i = 0;
  while (label[i]) {
    buf[i] = label[i];
    ++i;
  }
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) buf[i++] = digits[--n];
  buf[i++] = '\n';
  buf[i] = '\0';
  semihost_write(buf);
}

int main(void) {
  const float *inputs[1] = {model_input};
  float *outputs[1] = {output};
  float worst = 0.0f, scale = 0.0f;
  int i;
  if (model_run(inputs, outputs, arena) != 0) return 2;
  for (i = 0; i < MODEL_OUTPUT0_SIZE; ++i) {
    float d = output[i] - model_expected[i];
    float m = model_expected[i] < 0 ? -model_expected[i] : model_expected[i];
    if (d < 0) d = -d;
    if (d > worst) worst = d;
    if (m > scale) scale = m;
  }
  write_uint("arena bytes: ", MODEL_ARENA_SIZE);
#ifdef EDGEC_EXACT
  write_uint("differing bytes: ",
             (uint32_t)(memcmp(output, model_expected, sizeof output) != 0));
  return memcmp(output, model_expected, sizeof output) == 0 ? 0 : 1;
#endif
  write_uint("max abs error (1e-9 units): ", (uint32_t)(worst * 1e9f));
  return worst <= 1e-5f * (scale > 1.0f ? scale : 1.0f) ? 0 : 1;
}
