#!/usr/bin/env bash
# The compile policy lives in the pass pipeline: for every model and target,
# edgec-opt --edgec-compile=target=T on the imported IR (edgec --emit=mlir
# --stop-after=import) prints exactly what edgec --target T --emit=mlir
# prints: the same kernel ops in the same order, the same kernel choices,
# the same memory plan. And a MobileNetV2 compiles to different kernels for
# the host and a Cortex-M4.
#   check_pipeline.sh BUILD_BIN MODEL_DIR...
set -uo pipefail
bin=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
for dir in "$@"; do
  name=$(basename "$dir")
  "$bin/edgec" "$dir/model.onnx" --emit=mlir --stop-after=import --print-weights > "$tmp/import.mlir" || {
    echo "FAIL $name: import"; failed=$((failed + 1)); continue; }
  for target in host cortex-m4; do
    "$bin/edgec-opt" "$tmp/import.mlir" --edgec-compile=target=$target \
      --mlir-print-debuginfo --mlir-elide-resource-strings-if-larger=64 > "$tmp/opt.mlir" &&
      "$bin/edgec" "$dir/model.onnx" --target $target --emit=mlir > "$tmp/edgec.mlir"
    if [ $? -ne 0 ] || ! cmp -s "$tmp/opt.mlir" "$tmp/edgec.mlir"; then
      echo "FAIL $name $target: edgec-opt --edgec-compile differs from edgec"
      diff "$tmp/opt.mlir" "$tmp/edgec.mlir" | head -5
      failed=$((failed + 1))
      continue
    fi
    grep -c '^ *kernel\.' "$tmp/edgec.mlir" > "$tmp/count"
    echo "ok   $name $target: $(cat "$tmp/count") kernel ops, arena $(grep -o 'edgec.arena_size = [0-9]*' "$tmp/edgec.mlir" | grep -o '[0-9]*$') bytes"
    cp "$tmp/edgec.mlir" "$tmp/$name.$target.mlir"
    passed=$((passed + 1))
  done
done
for dir in "$@"; do
  name=$(basename "$dir")
  [ "$name" = mobilenet_v2 ] || continue
  if cmp -s "$tmp/$name.host.mlir" "$tmp/$name.cortex-m4.mlir"; then
    echo "FAIL $name: the same kernel IR for host and cortex-m4"
    failed=$((failed + 1))
  else
    echo "ok   $name: kernels differ between host and cortex-m4:"
    diff <(grep -o 'edgec.kernel = #edgec.kernel<"[a-z0-9_]*"' "$tmp/$name.host.mlir" | sort | uniq -c) \
      <(grep -o 'edgec.kernel = #edgec.kernel<"[a-z0-9_]*"' "$tmp/$name.cortex-m4.mlir" | sort | uniq -c) |
      sed -n 's/^\([<>]\) */     \1 /p'
    passed=$((passed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
