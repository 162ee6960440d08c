#!/usr/bin/env bash
# The runtime kernels against their reference twins on Arm cores: the
# kernel test (test/runtime/test_kernels.c, fewer random cases) built for
# Cortex-M3 (mps2-an385, no FPU, no DSP), Cortex-M4 (mps2-an386, DSP),
# Cortex-M55 (mps3-an547, DSP and Helium) under qemu-system-arm, and for
# Cortex-A53 under qemu-aarch64, so every core-specific kernel the
# compiler's flags enable runs on its core. Usage: run_kernels_arm.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../..
fw=$root/examples/cortex-m
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$root/test/runtime/test_kernels.c
inc=(-I "$root/runtime_c/include" -I "$root/runtime_c/ref")
test_flags=(-std=c99 -O2 -Wall -Wextra -Werror -DEC_TEST_ITERS=60 -DEC_TEST_SWEEP_STRIDE=20)
status=0
for core in cortex-m3 cortex-m4 cortex-m55; do
  case $core in
    cortex-m3) board=mps2-an385 ld=mps2.ld flags=(-mcpu=cortex-m3 -mthumb -mfloat-abi=soft) ;;
    cortex-m4) board=mps2-an386 ld=mps2.ld flags=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16) ;;
    cortex-m55) board=mps3-an547 ld=mps3.ld flags=(-mcpu=cortex-m55 -mthumb -mfloat-abi=hard) ;;
  esac
  if arm-none-eabi-gcc "${flags[@]}" "${test_flags[@]}" -Wpedantic -DEC_TEST_SEMIHOSTING "${inc[@]}" \
       -c "$src" -o "$work/tk.o" &&
     arm-none-eabi-gcc "${flags[@]}" -O2 -I "$fw" -c "$fw/startup.c" -o "$work/startup.o" &&
     arm-none-eabi-gcc "${flags[@]}" -nostartfiles --specs=rdimon.specs -T "$fw/$ld" \
       "$work/startup.o" "$work/tk.o" -lm -o "$work/$core.elf" &&
     timeout 300 qemu-system-arm -M $board -nographic -monitor none \
       -semihosting-config enable=on,target=native -kernel "$work/$core.elf" > "$work/$core.log" 2>&1; then
    echo "ok   $core: $(tail -1 "$work/$core.log")"
  else
    echo "FAIL $core"
    grep -E "FAIL|fault" "$work/$core.log" 2> /dev/null | head -5
    status=1
  fi
done
if aarch64-linux-gnu-gcc -mcpu=cortex-a53 "${test_flags[@]}" -O3 -Wpedantic "${inc[@]}" "$src" -lm \
     -o "$work/a53" &&
   timeout 300 qemu-aarch64 -L /usr/aarch64-linux-gnu "$work/a53" > "$work/a53.log" 2>&1; then
  echo "ok   cortex-a53: $(tail -1 "$work/a53.log")"
else
  echo "FAIL cortex-a53"
  grep FAIL "$work/a53.log" 2> /dev/null | head -5
  status=1
fi
exit $status
