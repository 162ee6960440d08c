/* main.c - runs a model compiled by edgec (--name model) on the input in
 * data.h and compares every output with the reference values there (the
 * outputs one after another, up to four): within 1e-5 of the largest, or
 * with -DEDGEC_EXACT bit for bit (int8 models).
 * Exit status (through semihosting): 0 match, 1 mismatch. */
#include <stdint.h>
#include <string.h>

#include "data.h"
#include "model.h"
#include "semihost.h"

static uint8_t arena[MODEL_ARENA_SIZE] __attribute__((aligned(16)));
#ifndef MODEL_OUTPUT1_SIZE
#define MODEL_OUTPUT1_SIZE 0
#endif
#ifndef MODEL_OUTPUT2_SIZE
#define MODEL_OUTPUT2_SIZE 0
#endif
#ifndef MODEL_OUTPUT3_SIZE
#define MODEL_OUTPUT3_SIZE 0
#endif
#define OUTPUT_ELEMS \
  (MODEL_OUTPUT0_SIZE + MODEL_OUTPUT1_SIZE + MODEL_OUTPUT2_SIZE + MODEL_OUTPUT3_SIZE)
static float output[OUTPUT_ELEMS];

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

/* Marks where model_run starts and ends, for an instruction counter
 * (shared tools' qemu-insncount start=/stop= take their addresses). */
__attribute__((noipa)) void edgec_region_start(void) { __asm volatile(""); }
__attribute__((noipa)) void edgec_region_stop(void) { __asm volatile(""); }

#ifdef EDGEC_BENCH
/* The stack model_run uses: the 64 KB below the caller's stack pointer are
 * painted before the run (all but the painter's own frame) and the deepest
 * word the run changed is found after. */
#define STACK_PROBE_BYTES (64 * 1024)
static uintptr_t stack_pointer(void) {
  uintptr_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  return sp;
}
__attribute__((noipa)) static void paint_stack(uintptr_t top) {
  uint32_t *p = (uint32_t *)(top - STACK_PROBE_BYTES);
  uint32_t *end = (uint32_t *)(stack_pointer() - 64);
  while (p < end) *p++ = 0xA5A5A5A5u;
}
static uint32_t stack_used(uintptr_t top) {
  const uint32_t *p = (const uint32_t *)(top - STACK_PROBE_BYTES);
  while ((uintptr_t)p < top && *p == 0xA5A5A5A5u) ++p;
  return (uint32_t)(top - (uintptr_t)p);
}
#endif

int main(void) {
  const float *inputs[1] = {model_input};
  float *outputs[4] = {
      output, output + MODEL_OUTPUT0_SIZE,
      output + MODEL_OUTPUT0_SIZE + MODEL_OUTPUT1_SIZE,
      output + MODEL_OUTPUT0_SIZE + MODEL_OUTPUT1_SIZE + MODEL_OUTPUT2_SIZE};
  float worst = 0.0f, scale = 0.0f;
  int i;
#ifdef EDGEC_BENCH
  uintptr_t top = stack_pointer();
  paint_stack(top);
#endif
  edgec_region_start();
  if (model_run(inputs, outputs, arena) != 0) return 2;
  edgec_region_stop();
#ifdef EDGEC_BENCH
  write_uint("stack bytes: ", stack_used(top));
#endif
  for (i = 0; i < OUTPUT_ELEMS; ++i) {
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
