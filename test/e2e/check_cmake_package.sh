#!/usr/bin/env bash
# The CMake package as users take it: test/cmake_package (a project outside
# the tree) finds edgec in the build tree and, after `cmake --install`, in
# the installed prefix; edgec_add_model builds LeNet-5 for the host, whose
# outputs must match the model's saved reference, and for Cortex-M4 with
# arm-none-eabi-gcc, linked into firmware that QEMU's mps2-an386 runs and
# that checks its outputs against the host's. Usage: check_cmake_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../..
project=$root/test/cmake_package
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

host_build() { # PACKAGE_DIR BUILD_DIR
  cmake -S "$project" -B "$2" -G Ninja -Dedgec_DIR="$1" -DMODEL="$case_dir/model.onnx" \
    -DEXTRA_DIR="$here" > "$2.log" 2>&1 || { cat "$2.log"; exit 1; }
  cmake --build "$2" >> "$2.log" 2>&1 || { cat "$2.log"; exit 1; }
  "$2/run" "$work/input.bin" -- "$2/out.bin:$n_out"
  /usr/bin/python3 - "$2/out.bin" "$work/output.bin" <<'PY'
import sys, numpy as np
got, want = (np.fromfile(p, dtype="<f4") for p in sys.argv[1:])
err = np.abs(got - want).max() / max(1.0, np.abs(want).max())
print(f"host: max error {err:.2e} of the largest output")
sys.exit(0 if err <= 1e-4 else 1)
PY
}

echo "== build tree"
host_build "$build" "$work/host"
echo "== installed"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
test -x "$work/prefix/bin/edgec"
host_build "$work/prefix/lib/cmake/edgec" "$work/host_installed"

echo "== cortex-m4 firmware"
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
cmake -S "$project" -B "$work/m4" -G Ninja -Dedgec_DIR="$build" -DMODEL="$case_dir/model.onnx" \
  -DCPU=cortex-m4 -DEXTRA_DIR="$root/examples/cortex-m" -DDATA_DIR="$work" \
  -DCMAKE_SYSTEM_NAME=Generic -DCMAKE_C_COMPILER=arm-none-eabi-gcc \
  -DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY \
  "-DCMAKE_C_FLAGS=-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16" \
  > "$work/m4.log" 2>&1 || { cat "$work/m4.log"; exit 1; }
cmake --build "$work/m4" >> "$work/m4.log" 2>&1 || { cat "$work/m4.log"; exit 1; }
arm-none-eabi-size "$work/m4/firmware.elf"
timeout 120 qemu-system-arm -M mps2-an386 -nographic -monitor none \
  -semihosting-config enable=on,target=native -kernel "$work/m4/firmware.elf"
echo "1 passed, 0 failed"
