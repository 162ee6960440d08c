#!/usr/bin/env bash
# Builds a model for Cortex-M4 with `edgec --emit=lib`, links it into a bare
# firmware image with the project's startup code, runs it on QEMU's
# mps2-an386 board and requires the outputs to match the host build of the
# same C within 1e-5. Usage: run_cortexm.sh EDGEC MODEL_DIR
set -euo pipefail
edgec=$1
case_dir=$2
here=$(cd "$(dirname "$0")" && pwd)
fw=$here/../../examples/cortex-m
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Host build of the same model: the reference output.
"$edgec" "$case_dir/model.onnx" -o "$work/host" --name model
/usr/bin/python3 - "$case_dir" "$work" <<'PY'
import sys, onnx, numpy as np
from onnx import numpy_helper
case, work = sys.argv[1:]
t = onnx.TensorProto()
t.ParseFromString(open(f"{case}/test_data_set_0/input_0.pb", "rb").read())
numpy_helper.to_array(t).astype("<f4").tofile(f"{work}/in0.bin")
PY
out_elems=$(/usr/bin/python3 -c "
import json,sys,math; r=json.load(open('$work/host/report.json'))
print(math.prod(r['outputs'][0]['shape']))")
gcc -std=c99 -O2 -I "$work/host" "$work"/host/*.c "$here/harness.c" -o "$work/host_run"
"$work/host_run" "$work/in0.bin" -- "$work/out0.bin:$out_elems"
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np
work = sys.argv[1]
x = np.fromfile(f"{work}/in0.bin", dtype="<f4")
y = np.fromfile(f"{work}/out0.bin", dtype="<f4")
def arr(name, a):
    body = ",\n".join(", ".join(f"{float(v)!r}f" for v in a[i:i + 8])
                      for i in range(0, len(a), 8))
    return f"static const float {name}[{len(a)}] = {{\n{body}\n}};\n"
open(f"{work}/data.h", "w").write(arr("model_input", x) + arr("model_expected", y))
PY

# Cortex-M4 build through --emit=lib.
"$edgec" "$case_dir/model.onnx" -o "$work/m4" --name model --target cortex-m4 --emit=lib
flags=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -O2 -std=c99
       -Wall -Wextra -Wpedantic -Werror)
arm-none-eabi-gcc "${flags[@]}" -I "$work/m4" -I "$work" -I "$fw" -c "$fw/main.c" -o "$work/main.o"
# The vector table stores function pointers as data: not ISO C, so no -Wpedantic.
arm-none-eabi-gcc "${flags[@]/-Wpedantic/-Wno-pedantic}" -I "$fw" -c "$fw/startup.c" -o "$work/startup.o"
arm-none-eabi-gcc "${flags[@]}" -nostartfiles --specs=nano.specs -T "$fw/mps2.ld" \
  "$work/startup.o" "$work/main.o" "$work/m4/libmodel.a" -o "$work/model.elf"
arm-none-eabi-size "$work/model.elf"
# With INSNCOUNT=path/to/libinsncount.so (shared/tools/qemu-insncount) the
# run also prints the guest instructions executed.
plugin=()
[ -n "${INSNCOUNT:-}" ] && plugin=(-plugin "$INSNCOUNT" -d plugin)
timeout 120 qemu-system-arm -M mps2-an386 -nographic -monitor none \
  -semihosting-config enable=on,target=native -kernel "$work/model.elf" "${plugin[@]}"
echo "cortex-m4 $(basename "$case_dir"): matches the host within 1e-5"
