#!/usr/bin/env bash
# Fuzzes edgec's loading, import, whole pipeline and C emission with
# libFuzzer (ASan + UBSan), from a seed corpus of small models: the text
# models of the lit tests, LeNet-5, and the directed hostile cases.
#   scripts/fuzz.sh [SECONDS [RUNS]]   (default 120 s, no cap on runs)
# With a fixed seed and corpus the inputs tried are one sequence: RUNS caps
# it so that a run repeats on any machine (the test command uses that, with
# FUZZ_TIMEOUT=120 so a slow machine does not turn a slow input into a
# finding). FUZZ_TIMEOUT (default 30) is the seconds one input may take.
# Builds into build-fuzz/. Exits non-zero when the fuzzer finds a crash, a
# sanitizer report, a hang (> 30 s on one input) or runaway memory; the
# input that did it is left in build-fuzz/findings/ (add it to
# test/e2e/hostile_models.py as a regression case).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
runs=${2:--1}
timeout=${FUZZ_TIMEOUT:-30}
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -G Ninja -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DEDGEC_FUZZER=ON \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DMLIR_DIR="$(llvm-config-22 --prefix)/lib/cmake/mlir" \
    -DPython3_EXECUTABLE=/usr/bin/python3 > build-fuzz-configure.log ||
    { cat build-fuzz-configure.log; exit 1; }
  rm -f build-fuzz-configure.log
fi
ninja -C build-fuzz edgec-fuzz > build-fuzz/ninja.log || { tail -50 build-fuzz/ninja.log; exit 1; }
corpus=build-fuzz/corpus
mkdir -p "$corpus" build-fuzz/findings
/usr/bin/python3 - "$corpus" <<'PY'
import glob, os, sys
import onnx, onnx.parser
sys.path.insert(0, "test/e2e")
import hostile_models
out = sys.argv[1]
def save(name, m):
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(m if isinstance(m, bytes) else m.SerializeToString())
for path in sorted(glob.glob("test/frontend/*.onnxtxt")):
    text = "".join(l for l in open(path) if not l.lstrip().startswith("#"))
    try:
        save(os.path.basename(path), onnx.parser.parse_model(text))
    except Exception:
        pass  # some hold several models or deliberate errors
save("lenet5", open("examples/models/lenet5/model.onnx", "rb").read())
with __import__("tempfile").TemporaryDirectory() as tmp:
    for name, build, *_ in hostile_models.cases(tmp):
        if build is None or "chain" in name or "branches" in name:
            continue
        try:
            save("hostile_" + "".join(c if c.isalnum() else "_" for c in name), build(tmp))
        except Exception:
            pass
PY
echo "seed corpus: $(ls "$corpus" | wc -l) models; fuzzing for $seconds s"
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-22 || true)}
ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:allow_user_poisoning=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  build-fuzz/bin/edgec-fuzz "$corpus" -max_total_time="$seconds" -runs="$runs" -timeout="$timeout" -seed=1 \
    -rss_limit_mb=6144 -max_len=262144 -print_final_stats=1 \
    -artifact_prefix=build-fuzz/findings/ 2> build-fuzz/fuzz.log || {
  grep -E "ERROR|SUMMARY|==[0-9]+==|runtime error|Test unit written" build-fuzz/fuzz.log | head -30
  exit 1
}
grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" build-fuzz/fuzz.log | tail -3
