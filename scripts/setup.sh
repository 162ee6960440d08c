#!/usr/bin/env bash
# Installs what edgec needs from Debian 12's packages (only what is
# missing), then configures and builds it in build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build gcc g++ clang-19 libclang-rt-19-dev
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools libzstd-dev
  libonnx-dev libprotobuf-dev protobuf-compiler libfmt-dev
  libonnx-testdata python3-onnx python3-numpy python3-torch python3-torchvision
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" > /dev/null
fi

if [ ! -f build/build.ninja ]; then
  cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DMLIR_DIR="$(llvm-config-22 --prefix)/lib/cmake/mlir" \
    -DPython3_EXECUTABLE=/usr/bin/python3 > build-configure.log ||
    { cat build-configure.log; exit 1; }
  rm -f build-configure.log
fi
ninja -C build
