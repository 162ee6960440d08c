/* harness.c - runs a model compiled with `edgec --name model` on inputs read
 * from raw files and writes its outputs to raw files, each in the element
 * type of the model's interface (float32 unless the header says otherwise).
 *
 *   harness in_0.bin ... -- out_0.bin:ELEMS[:BYTES_PER_ELEMENT] ...
 *
 * The arena is a heap block of exactly MODEL_ARENA_SIZE bytes, so that a
 * sanitizer build catches any access past it. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *read_bytes(const char *path) {
  FILE *f = fopen(path, "rb");
  void *data;
  long bytes;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  data = malloc(bytes > 0 ? (size_t)bytes : 1);
  if (data && fread(data, 1, (size_t)bytes, f) != (size_t)bytes) {
    free(data);
    data = NULL;
  }
  fclose(f);
  return data;
}

/* Marks where model_run starts and ends, for an instruction counter
 * (qemu-insncount's start=/stop=; bench/arm_table.py). */
#if defined(__GNUC__) && !defined(__clang__)
#define EC_NOIPA __attribute__((noipa))
#else
#define EC_NOIPA __attribute__((noinline))
#endif
EC_NOIPA void edgec_region_start(void) { __asm__ volatile(""); }
EC_NOIPA void edgec_region_stop(void) { __asm__ volatile(""); }

int main(int argc, char **argv) {
  const void *inputs[MODEL_NUM_INPUTS + 1];
  void *outputs[MODEL_NUM_OUTPUTS + 1];
  const char *out_paths[MODEL_NUM_OUTPUTS + 1];
  long out_sizes[MODEL_NUM_OUTPUTS + 1], out_elem[MODEL_NUM_OUTPUTS + 1];
  int i, n_in = 0, n_out = 0, rc;
  void *arena;
  for (i = 1; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    if (n_in == MODEL_NUM_INPUTS) {
      fprintf(stderr, "too many inputs\n");
      return 2;
    }
    inputs[n_in] = read_bytes(argv[i]);
    if (!inputs[n_in]) {
      fprintf(stderr, "cannot read %s\n", argv[i]);
      return 2;
    }
    ++n_in;
  }
  for (++i; i < argc; ++i) {
    char *colon = strchr(argv[i], ':'), *elem;
    if (!colon || n_out == MODEL_NUM_OUTPUTS) {
      fprintf(stderr, "bad output argument %s\n", argv[i]);
      return 2;
    }
    *colon = '\0';
    elem = strchr(colon + 1, ':');
    out_paths[n_out] = argv[i];
    out_sizes[n_out] = atol(colon + 1);
    out_elem[n_out] = elem ? atol(elem + 1) : (long)sizeof(float);
    outputs[n_out] =
        malloc((size_t)out_sizes[n_out] * (size_t)out_elem[n_out] + 1);
    ++n_out;
  }
  if (n_in != MODEL_NUM_INPUTS || n_out != MODEL_NUM_OUTPUTS) {
    fprintf(stderr, "expected %d inputs and %d outputs\n", MODEL_NUM_INPUTS,
            MODEL_NUM_OUTPUTS);
    return 2;
  }
  arena = malloc(MODEL_ARENA_SIZE);
  edgec_region_start();
#ifdef MODEL_TYPED_INTERFACE
  rc = model_run(inputs, outputs, arena);
#else
  rc = model_run((const float *const *)inputs, (float *const *)outputs, arena);
#endif
  edgec_region_stop();
  if (rc != 0) {
    fprintf(stderr, "model_run returned %d\n", rc);
    return 1;
  }
  for (i = 0; i < n_out; ++i) {
    FILE *f = fopen(out_paths[i], "wb");
    if (!f || fwrite(outputs[i], (size_t)out_elem[i], (size_t)out_sizes[i], f) !=
                  (size_t)out_sizes[i]) {
      fprintf(stderr, "cannot write %s\n", out_paths[i]);
      return 2;
    }
    fclose(f);
  }
  for (i = 0; i < n_in; ++i) free((void *)inputs[i]);
  for (i = 0; i < n_out; ++i) free(outputs[i]);
  free(arena);
  return 0;
}
