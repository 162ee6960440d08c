#!/usr/bin/env bash
# int8 results are the same bits on every core: each model is quantized
# (calibrated on seeded samples drawn like its test input), built for the
# host, for Cortex-M4 (qemu-system-arm mps2-an386), Cortex-M55 (mps3-an547)
# and Cortex-A53 (qemu-aarch64), run on the stored test input, and every
# output must equal the host's byte for byte (the float interface: inputs
# quantized and outputs dequantized inside the model, on each core's FPU).
#   check_int8_cores.sh EDGEC MODEL_DIR...
set -uo pipefail
edgec=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
fw=$here/../../examples/cortex-m
passed=0
failed=0
for case_dir in "$@"; do
  name=$(basename "$case_dir")
  work=$(mktemp -d)
  ok=1
  /usr/bin/python3 - "$case_dir" "$work" <<'PY'
import sys, onnx, numpy as np
from onnx import numpy_helper
case, work = sys.argv[1:]
t = onnx.TensorProto()
t.ParseFromString(open(f"{case}/test_data_set_0/input_0.pb", "rb").read())
x = numpy_helper.to_array(t).astype(np.float32)
x.astype("<f4").tofile(f"{work}/in0.bin")
rng = np.random.default_rng(3)
calib = rng.standard_normal((16,) + x.shape[1:]) * x.std() + x.mean()
np.save(f"{work}/calib.npy", calib.astype(np.float32))
PY
  q=(--quantize=int8 --calib="$work/calib.npy")
  "$edgec" "$case_dir/model.onnx" -o "$work/host" --name model "${q[@]}" || ok=0
  # One file per output (PREFIX.K.bin:ELEMS), concatenated into PREFIX.bin.
  out_elems=$(/usr/bin/python3 -c "
import json,math; r=json.load(open('$work/host/report.json'))
print(' '.join(str(math.prod(o['shape'])) for o in r['outputs']))" 2> /dev/null)
  run_outputs() { # PREFIX: harness output arguments
    local k=0
    for e in $out_elems; do echo "$1.$k.bin:$e"; k=$((k + 1)); done
  }
  join_outputs() { # PREFIX
    local k=0
    : > "$1.bin"
    for _ in $out_elems; do cat "$1.$k.bin" >> "$1.bin"; k=$((k + 1)); done
  }
  if [ $ok = 1 ]; then
    gcc -std=c99 -O2 -I "$work/host" "$work"/host/*.c "$here/harness.c" -o "$work/host_run" &&
      "$work/host_run" "$work/in0.bin" -- $(run_outputs "$work/host") &&
      join_outputs "$work/host" || ok=0
  fi
  if [ $ok = 1 ]; then
    /usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np
work = sys.argv[1]
x = np.fromfile(f"{work}/in0.bin", dtype="<f4")
y = np.fromfile(f"{work}/host.bin", dtype="<f4")
def arr(name, a):
    # hex float literals: the exact bits
    body = ",\n".join(", ".join(float(v).hex() + "f" for v in a[i:i + 8])
                      for i in range(0, len(a), 8))
    return f"static const float {name}[{len(a)}] = {{\n{body}\n}};\n"
open(f"{work}/data.h", "w").write(arr("model_input", x) + arr("model_expected", y))
PY
    for core in cortex-m4 cortex-m55; do
      if [ $core = cortex-m4 ]; then
        board=mps2-an386 ld=mps2.ld flags=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
      else
        board=mps3-an547 ld=mps3.ld flags=(-mcpu=cortex-m55 -mthumb -mfloat-abi=hard)
      fi
      flags+=(-O2 -std=c99 -Wall -Wextra -Werror -DEDGEC_EXACT)
      "$edgec" "$case_dir/model.onnx" -o "$work/$core" --name model --target $core --emit=lib "${q[@]}" &&
        arm-none-eabi-gcc "${flags[@]}" -Wpedantic -I "$work/$core" -I "$work" -I "$fw" -c "$fw/main.c" -o "$work/main.o" &&
        arm-none-eabi-gcc "${flags[@]}" -I "$fw" -c "$fw/startup.c" -o "$work/startup.o" &&
        arm-none-eabi-gcc "${flags[@]}" -nostartfiles --specs=nano.specs -T "$fw/$ld" \
          "$work/startup.o" "$work/main.o" "$work/$core/libmodel.a" -o "$work/$core.elf" &&
        timeout 300 qemu-system-arm -M $board -nographic -monitor none \
          -semihosting-config enable=on,target=native -kernel "$work/$core.elf" > "$work/$core.log" 2>&1
      if [ $? -ne 0 ]; then
        echo "FAIL $name $core: output differs from the host's, or the build or run failed"
        tail -3 "$work/$core.log" 2> /dev/null
        ok=0
      fi
    done
    "$edgec" "$case_dir/model.onnx" -o "$work/a53" --name model --target cortex-a53 "${q[@]}" &&
      aarch64-linux-gnu-gcc -std=c99 -O3 -mcpu=cortex-a53 -I "$work/a53" "$work"/a53/*.c "$here/harness.c" \
        -o "$work/a53_run" &&
      timeout 300 qemu-aarch64 -L /usr/aarch64-linux-gnu "$work/a53_run" "$work/in0.bin" -- \
        $(run_outputs "$work/a53") && join_outputs "$work/a53" &&
      cmp -s "$work/host.bin" "$work/a53.bin"
    if [ $? -ne 0 ]; then
      echo "FAIL $name cortex-a53: output differs from the host's, or the build or run failed"
      ok=0
    fi
  fi
  if [ $ok = 1 ]; then
    echo "ok   $name: int8 outputs identical on host, cortex-m4, cortex-m55, cortex-a53"
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
  rm -rf "$work"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
