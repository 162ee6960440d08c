// RUN: edgec-opt %s --edgec-set-target=target=cortex-m4 | FileCheck %s --check-prefix=M4
// RUN: edgec-opt %s --edgec-set-target | FileCheck %s --check-prefix=HOST
// RUN: edgec-opt %s --edgec-set-target=target=cortex-m4 --edgec-set-target | FileCheck %s --check-prefix=M4
// RUN: not edgec-opt %s --edgec-set-target=target=cortex-m4f 2>&1 | FileCheck %s --check-prefix=TYPO

// The target becomes an attribute of the module, with its features, FPU,
// memories, alignment, compiler and flags.
// M4: module attributes {edgec.target = #edgec.target<name = "cortex-m4", features = ["dsp", "fpu"], fpu = sp, sram = 262144, flash = 1048576, alignment = 16, cc = "arm-none-eabi-gcc", ar = "arm-none-eabi-ar", cflags = ["-O2", "-mthumb", "-ffunction-sections", "-fdata-sections", "-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"], cost = {clock_mhz = 168 : i64}>}
// Without a name, a module keeps its target (above) or gets the host's.
// HOST: module attributes {edgec.target = #edgec.target<name = "host"
// TYPO: error: unknown target 'cortex-m4f'; did you mean 'cortex-m4'?
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
