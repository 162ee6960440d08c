#!/usr/bin/env bash
# Sets up and builds edgec, then runs every test suite:
#   lit (IR, passes, import, CLI, emitted C), runtime kernels vs. reference
#   (on the host, and on Cortex-M3/M4/M55 and A53 under QEMU),
#   ONNX backend node tests vs. the committed expected-pass list, model
#   tests vs. torch, warning-free/deterministic C with three compilers, an
#   independent check of every model's memory plan, edgec-opt's
#   --edgec-compile reproducing edgec on every model, LeNet-5 on a
#   Cortex-M4 under QEMU, int8 accuracy on real data, QLinear ops vs.
#   torch's quantized kernels, Resize in every mode vs. ONNX's reference
#   data, int8 outputs identical on the host,
#   Cortex-M4, Cortex-M55 and Cortex-A53, and the MLPerf Tiny reference
#   architectures and the networks beyond classification (U-Net, YOLO neck,
#   ESPCN, LR-ASPP; built by examples/make_models.py) vs. torch and in int8 on every
#   core, and directed hostile inputs (crafted models, names that
#   try to reach the C, output folders with the user's files, signals),
#   and two minutes of libFuzzer over the whole compiler.
# Prints one line per suite and "N passed, N failed" (suites) at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
edgec=build/bin/edgec
node_data=$(dpkg -L libonnx-testdata | grep -m1 '/data/node$')
# The trained int8 accuracy models (examples/train_digits.py), float ones
# (their QDQ versions, *_qdq, are checked by check_digits.py).
digits=()
for d in examples/digits/*/; do [[ $d == *_qdq/ ]] || digits+=("${d%/}"); done

passed=0
failed=0
suite() {
  local name=$1
  shift
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "--- $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    echo "--- $name: FAILED ($((SECONDS - start)) s)"
  fi
}

suite "lit" "$(llvm-config-22 --bindir)/lit" -sv build/test
suite "runtime kernels" build/test/runtime/test_kernels
suite "runtime kernels with AVX2 and AVX-512" test/runtime/run_simd.sh build
suite "runtime kernels on arm (qemu)" test/e2e/run_kernels_arm.sh
suite "onnx node tests" /usr/bin/python3 test/e2e/run_onnx_tests.py --edgec "$edgec" \
  --expected test/e2e/node_expected_pass.txt \
  --check-summary docs/node_tests.md "$node_data"/*
suite "model tests" /usr/bin/python3 test/e2e/run_onnx_tests.py --edgec "$edgec" \
  --model-tolerance 1e-4 examples/models/* "${digits[@]}"
suite "generated C" test/e2e/check_generated_c.sh "$edgec" examples/models/*
suite "weights formats" /usr/bin/python3 test/e2e/check_weights_formats.py --edgec "$edgec" \
  --int8 --arm examples/models/lenet5 examples/models/googlenet examples/models/mobilenet_v3
suite "memory plans" /usr/bin/python3 test/e2e/check_memory_plan.py --edgec "$edgec" --int8 examples/models/*
suite "pipeline in edgec-opt" test/e2e/check_pipeline.sh build/bin examples/models/*
suite "memory and copy goals" /usr/bin/python3 test/e2e/check_goals.py --edgec "$edgec" \
  --zero-copy test/e2e/zero_copy_models.txt examples/models/*
suite "random DAGs" /usr/bin/python3 test/e2e/random_dags.py --edgec "$edgec" --count 40
suite "hostile and careless inputs" /usr/bin/python3 test/e2e/hostile_models.py --edgec "$edgec"
suite "fuzzing (2 minutes)" env FUZZ_TIMEOUT=120 scripts/fuzz.sh 120 40000
suite "cortex-m4 (qemu)" test/e2e/run_cortexm.sh "$edgec" examples/models/lenet5
suite "CMake package" test/e2e/check_cmake_package.sh build
suite "int8 accuracy (digits)" /usr/bin/python3 test/e2e/check_digits.py --edgec "$edgec"
suite "QLinear ops vs torch" /usr/bin/python3 test/e2e/check_qlinear.py --edgec "$edgec"
suite "Resize vs ONNX's reference data and torch" /usr/bin/python3 test/e2e/check_resize.py --edgec "$edgec"
suite "operators beyond classification vs torch" /usr/bin/python3 test/e2e/check_torch_ops.py --edgec "$edgec"
suite "int8 on every core" test/e2e/check_int8_cores.sh "$edgec" examples/models/* "${digits[@]}"
mlperf=$(mktemp -d)
trap 'rm -rf "$mlperf"' EXIT
suite "MLPerf Tiny models vs torch" sh -c '
  /usr/bin/python3 examples/make_models.py --mlperf-tiny -o "$2" > /dev/null 2>&1 &&
  /usr/bin/python3 test/e2e/run_onnx_tests.py --edgec "$1" --model-tolerance 1e-4 "$2"/*' \
  - "$edgec" "$mlperf"
suite "MLPerf Tiny int8 on every core" test/e2e/check_int8_cores.sh "$edgec" "$mlperf"/*
beyond=$(mktemp -d)
trap 'rm -rf "$mlperf" "$beyond"' EXIT
suite "models beyond classification vs torch, memory plans and copies" sh -c '
  /usr/bin/python3 examples/make_models.py --beyond -o "$2" > /dev/null 2>&1 &&
  /usr/bin/python3 test/e2e/run_onnx_tests.py --edgec "$1" --model-tolerance 1e-4 "$2"/* &&
  /usr/bin/python3 test/e2e/check_memory_plan.py --edgec "$1" --int8 "$2"/* &&
  /usr/bin/python3 test/e2e/check_goals.py --edgec "$1" "$2"/* &&
  test/e2e/check_generated_c.sh "$1" "$2"/*' - "$edgec" "$beyond"
suite "models beyond classification int8 on every core" test/e2e/check_int8_cores.sh "$edgec" "$beyond"/*

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
