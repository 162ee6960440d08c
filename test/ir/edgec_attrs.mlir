// RUN: edgec-opt %s -split-input-file | edgec-opt | FileCheck %s

// The target, the chosen kernel and enums round-trip, and memrefs hold
// integer, boolean and quantized elements.
// CHECK: module attributes {edgec.target = #edgec.target<name = "cortex-m4", features = ["dsp", "fpu"], fpu = sp, sram = 262144, flash = 1048576, alignment = 16, cc = "arm-none-eabi-gcc", ar = "arm-none-eabi-ar", cflags = ["-O2"], cost = {clock_mhz = 168 : i64}>}
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_dwconv2d_f32" in ["ec_conv.h"]>
// CHECK: kernel.pool2d avg
// CHECK: kernel.copy {{.*}} : memref<4xi8>, memref<4xi8>
// CHECK: kernel.copy {{.*}} : memref<4x!quant.uniform<i8:f32, 1.000000e-01:-3>>, memref<4x!quant.uniform<i8:f32, 1.000000e-01:-3>>
// CHECK: kernel.copy {{.*}} : memref<2xi1>, memref<2xi1>
module attributes {edgec.target = #edgec.target<name = "cortex-m4", features = ["dsp", "fpu"], fpu = sp, sram = 262144, flash = 1048576, alignment = 16, cc = "arm-none-eabi-gcc", ar = "arm-none-eabi-ar", cflags = ["-O2"], cost = {clock_mhz = 168}>} {
  func.func @f(%x: memref<1x4x4x4xf32>, %w: memref<3x3x1x4xf32>, %y: memref<1x4x4x4xf32>, %p: memref<1x2x2x4xf32>,
               %a: memref<4xi8>, %b: memref<4xi8>,
               %q: memref<4x!quant.uniform<i8:f32, 0.1:-3>>, %r: memref<4x!quant.uniform<i8:f32, 0.1:-3>>,
               %t: memref<2xi1>, %u: memref<2xi1>) {
    kernel.conv2d %x, %w, %y {edgec.kernel = #edgec.kernel<"ec_dwconv2d_f32" in ["ec_conv.h"]>, groups = 4 : i64,
        strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
      : memref<1x4x4x4xf32>, memref<3x3x1x4xf32>, memref<1x4x4x4xf32>
    kernel.pool2d avg %y, %p {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
        pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false}
      : memref<1x4x4x4xf32>, memref<1x2x2x4xf32>
    kernel.copy %a, %b : memref<4xi8>, memref<4xi8>
    kernel.copy %q, %r : memref<4x!quant.uniform<i8:f32, 0.1:-3>>, memref<4x!quant.uniform<i8:f32, 0.1:-3>>
    kernel.copy %t, %u : memref<2xi1>, memref<2xi1>
    return
  }
}
