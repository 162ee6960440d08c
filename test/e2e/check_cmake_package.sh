#!/usr/bin/env bash
# The CMake package as users take it: examples/cmake-project (a project outside
# the tree) finds edgec in the build tree and, after `cmake --install`, in
# the installed prefix; edgec_add_model builds LeNet-5 for the host and for
# Cortex-A53 (run under qemu-aarch64), whose outputs must match the model's
# saved reference, and for Cortex-M4 and Cortex-M55 with arm-none-eabi-gcc,
# linked into firmware that QEMU's mps2-an386 and mps3-an547 run and that
# checks its outputs against the host's. Usage: check_cmake_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../..
project=$root/examples/cmake-project
case_dir=$root/examples/models/lenet5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$case_dir" "$work" <<'PY'
import sys, onnx
from onnx import numpy_helper
case, work = sys.argv[1:]
for kind in ("input", "output"):
    t = onnx.TensorProto()
    t.ParseFromString(open(f"{case}/test_data_set_0/{kind}_0.pb", "rb").read())
    numpy_helper.to_array(t).astype("<f4").tofile(f"{work}/{kind}.bin")
PY
n_out=$(( $(stat -c %s "$work/output.bin") / 4 ))

program_build() { # PACKAGE_DIR BUILD_DIR [CPU CMAKE_FLAGS... -- RUNNER...]
  local pkg=$1 dir=$2 cpu=host
  shift 2
  local cmake_flags=() runner=()
  if [ $# -gt 0 ]; then
    cpu=$1
    shift
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmake_flags+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    runner=("$@")
  fi
  cmake -S "$project" -B "$dir" -G Ninja -Dedgec_DIR="$pkg" -DMODEL="$case_dir/model.onnx" \
    -DCPU="$cpu" -DEXTRA_DIR="$here" "${cmake_flags[@]}" > "$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
  cmake --build "$dir" >> "$dir.log" 2>&1 || { cat "$dir.log"; exit 1; }
  "${runner[@]}" "$dir/run" "$work/input.bin" -- "$dir/out.bin:$n_out"
  /usr/bin/python3 - "$dir/out.bin" "$work/output.bin" "$cpu" <<'PY'
import sys, numpy as np
got, want = (np.fromfile(p, dtype="<f4") for p in sys.argv[1:3])
err = np.abs(got - want).max() / max(1.0, np.abs(want).max())
print(f"{sys.argv[3]}: max error {err:.2e} of the largest output")
sys.exit(0 if err <= 1e-4 else 1)
PY
}

firmware_build() { # CPU BOARD LINKER_SCRIPT CFLAGS
  cmake -S "$project" -B "$work/$1" -G Ninja -Dedgec_DIR="$build" -DMODEL="$case_dir/model.onnx" \
    -DCPU="$1" -DEXTRA_DIR="$root/examples/cortex-m" -DDATA_DIR="$work" -DLINKER_SCRIPT="$3" \
    -DCMAKE_SYSTEM_NAME=Generic -DCMAKE_C_COMPILER=arm-none-eabi-gcc \
    -DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY "-DCMAKE_C_FLAGS=$4" \
    > "$work/$1.log" 2>&1 || { cat "$work/$1.log"; exit 1; }
  cmake --build "$work/$1" >> "$work/$1.log" 2>&1 || { cat "$work/$1.log"; exit 1; }
  arm-none-eabi-size "$work/$1/firmware.elf"
  timeout 120 qemu-system-arm -M "$2" -nographic -monitor none \
    -semihosting-config enable=on,target=native -kernel "$work/$1/firmware.elf"
}

echo "== build tree"
program_build "$build" "$work/host"
echo "== installed"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
test -x "$work/prefix/bin/edgec"
program_build "$work/prefix/lib/cmake/edgec" "$work/host_installed"

echo "== cortex-a53 (qemu-aarch64)"
program_build "$build" "$work/a53" cortex-a53 -DCMAKE_SYSTEM_NAME=Linux \
  -DCMAKE_SYSTEM_PROCESSOR=aarch64 -DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc \
  -DCMAKE_C_FLAGS=-mcpu=cortex-a53 -- qemu-aarch64 -L /usr/aarch64-linux-gnu

/usr/bin/python3 - "$work" "$n_out" <<'PY'
import sys, numpy as np
work, n = sys.argv[1], int(sys.argv[2])
x = np.fromfile(f"{work}/input.bin", dtype="<f4")
y = np.fromfile(f"{work}/host/out.bin", dtype="<f4")
def arr(name, a):
    body = ",\n".join(", ".join(f"{float(v)!r}f" for v in a[i:i + 8]) for i in range(0, len(a), 8))
    return f"static const float {name}[{len(a)}] = {{\n{body}\n}};\n"
open(f"{work}/data.h", "w").write(arr("model_input", x) + arr("model_expected", y))
PY
echo "== cortex-m4 firmware (mps2-an386)"
firmware_build cortex-m4 mps2-an386 mps2.ld "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"
echo "== cortex-m55 firmware (mps3-an547)"
firmware_build cortex-m55 mps3-an547 mps3.ld "-mcpu=cortex-m55 -mthumb -mfloat-abi=hard"
echo "1 passed, 0 failed"
