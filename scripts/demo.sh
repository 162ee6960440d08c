#!/usr/bin/env bash
# Quick start: sets up and builds edgec, compiles the bundled LeNet-5 for the
# host, builds the generated C with the system compiler, runs it on the saved
# input and prints the result next to the reference, then the memory report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh > /dev/null
model=examples/models/lenet5
out=build/demo
rm -rf "$out"
echo "== edgec $model/model.onnx -o $out/lenet --name lenet"
build/bin/edgec "$model/model.onnx" -o "$out/lenet" --name lenet
ls "$out/lenet"
/usr/bin/python3 - "$model" "$out" <<'PY'
import sys, onnx, numpy as np
from onnx import numpy_helper
model, out = sys.argv[1:]
for kind in ("input", "output"):
    t = onnx.TensorProto()
    t.ParseFromString(open(f"{model}/test_data_set_0/{kind}_0.pb", "rb").read())
    numpy_helper.to_array(t).astype("<f4").tofile(f"{out}/{kind}.bin")
PY
cat > "$out/main.c" <<'C'
/* Runs the generated lenet_run() on input.bin and prints its 10 outputs. */
#include <stdio.h>
#include "lenet.h"

static float input[LENET_INPUT0_SIZE], output[LENET_OUTPUT0_SIZE];
static unsigned char arena[LENET_ARENA_SIZE] __attribute__((aligned(16)));

int main(int argc, char **argv) {
  const float *in[1] = {input};
  float *out[1] = {output};
  FILE *f = fopen(argc > 1 ? argv[1] : "input.bin", "rb");
  int i;
  if (!f || fread(input, sizeof input, 1, f) != 1) return 2;
  fclose(f);
  if (lenet_run(in, out, arena) != 0) return 1;
  for (i = 0; i < LENET_OUTPUT0_SIZE; ++i) printf("%.7g\n", output[i]);
  return 0;
}
C
echo "== cc -std=c99 -O2 $out/main.c $out/lenet/*.c"
cc -std=c99 -O2 -Wall -Wextra -Wpedantic -I "$out/lenet" "$out/main.c" "$out"/lenet/*.c -o "$out/lenet_demo"
"$out/lenet_demo" "$out/input.bin" > "$out/result.txt"
/usr/bin/python3 - "$out" <<'PY'
import json, sys, numpy as np
out = sys.argv[1]
got = np.loadtxt(f"{out}/result.txt", dtype=np.float32)
ref = np.fromfile(f"{out}/output.bin", dtype="<f4")
print("== result (edgec C vs. the torch reference saved with the model)")
for i, (g, r) in enumerate(zip(got, ref)):
    print(f"  class {i}: {g:.7f}  reference {r:.7f}")
print(f"  predicted class {int(np.argmax(got))}, reference {int(np.argmax(ref))}; "
      f"max |error| {float(np.max(np.abs(got - ref))):.2e}")
r = json.load(open(f"{out}/lenet/report.json"))
print("== memory report (report.json)")
print(f"  arena (RAM) {r['arena_bytes']} bytes, lower bound {r['arena_lower_bound_bytes']}; "
      f"weights (flash) {r['weights_bytes']} bytes; copied per run {r['copy_bytes']} bytes")
print(f"  {'layer':42s} {'kernel':16s} {'MACs':>9s} {'out bytes':>9s} {'offset':>7s}")
for l in r["layers"]:
    off = "output" if l["arena_offset"] is None else l["arena_offset"]
    print(f"  {l['name'][:42]:42s} {l['kernel']:16s} {l['macs']:9d} {l['output_bytes']:9d} {off!s:>7s}")
PY
