#!/usr/bin/env bash
# For each model folder given, as float and quantized to int8: the generated
# C is byte-identical across two runs, and compiles warning-free (-std=c99
# -Wall -Wextra -Wpedantic -Werror) with gcc, clang and arm-none-eabi-gcc,
# with nothing but its own folder.
# Usage: check_generated_c.sh EDGEC MODEL_DIR...
set -uo pipefail
edgec=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
# -O3: the strictest flow analysis (constant-propagated clones of the
# kernels) finds the most to warn about.
warn=(-std=c99 -O3 -Wall -Wextra -Wpedantic -Werror)
compilers=("gcc" "clang-19" "arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
for dir in "$@"; do
 /usr/bin/python3 - "$dir" "$work/calib.npy" <<'PY'
import sys, onnx, numpy as np
g = onnx.load(f"{sys.argv[1]}/model.onnx", load_external_data=False).graph
shape = [d.dim_value for d in g.input[0].type.tensor_type.shape.dim]
np.save(sys.argv[2], np.random.default_rng(5).standard_normal([4] + shape[1:]).astype(np.float32))
PY
 for kind in f32 int8; do
  name=$(basename "$dir")
  flags=()
  [ $kind = int8 ] && flags=(--quantize=int8 "--calib=$work/calib.npy") && name=${name}_int8
  rm -rf "$work/$name.a" "$work/$name.b"
  "$edgec" "$dir/model.onnx" -o "$work/$name.a" --name "$name" --target cortex-m4 "${flags[@]}" &&
    "$edgec" "$dir/model.onnx" -o "$work/$name.b" --name "$name" --target cortex-m4 "${flags[@]}"
  if diff -r "$work/$name.a" "$work/$name.b" > /dev/null; then
    pass=$((pass + 1))
  else
    echo "FAIL $name: two runs differ"
    fail=$((fail + 1))
  fi
  for cc in "${compilers[@]}"; do
    ok=1
    for src in "$work/$name.a"/*.c; do
      # shellcheck disable=SC2086
      if ! $cc "${warn[@]}" -c "$src" -o "$work/out.o" 2> "$work/err"; then
        ok=0
        echo "FAIL $name: ${cc%% *} on $(basename "$src"):"
        head -5 "$work/err"
      fi
    done
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
  done
 done
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
