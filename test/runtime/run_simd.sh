#!/usr/bin/env bash
# Runs the kernel tests built for AVX2/FMA and AVX-512 (test/runtime/
# CMakeLists.txt) on the vector units this CPU has; says which it skips.
#   test/runtime/run_simd.sh BUILD_DIR
set -uo pipefail
build=${1:-build}
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
status=0
ran=0
for isa in avx2 avx512; do
  bin=$build/test/runtime/test_kernels_$isa
  case $isa in
    avx2) need="avx2 fma" ;;
    avx512) need="avx512f fma" ;;
  esac
  missing=""
  for f in $need; do [[ " $flags " == *" $f "* ]] || missing="$missing $f"; done
  if [ ! -x "$bin" ]; then
    echo "skipped $isa: not built for this host"
  elif [ -n "$missing" ]; then
    echo "skipped $isa: the CPU lacks$missing"
  else
    echo "== $isa"
    "$bin" | tail -1
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    ran=$((ran + 1))
  fi
done
echo "$ran vector unit(s) tested"
exit $status
