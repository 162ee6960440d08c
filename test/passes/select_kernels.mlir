// RUN: edgec-opt %s --split-input-file --edgec-select-kernels -verify-diagnostics | FileCheck %s

// One kernel op, two targets, two C functions: a convolution accumulates
// blocks of output channels in vector registers where the target has a
// 128-bit vector unit, and in its output on a Cortex-M4.
// CHECK-LABEL: func @conv_m4
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_f32" in ["ec_conv.h"]>
// Depthwise convolutions take the depthwise kernel on every target.
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_dwconv2d_f32" in ["ec_conv.h"]>
// Grouped but not depthwise: the generic one.
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_f32" in ["ec_conv.h"]>
// Channel tables need the mapped kernel.
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_mapped_f32" in ["ec_conv.h"]>
module attributes {edgec.target = #edgec.target<name = "cortex-m4", features = ["dsp"], fpu = sp, sram = 262144, flash = 1048576, alignment = 16, cc = "arm-none-eabi-gcc", ar = "arm-none-eabi-ar", cflags = [], cost = {}>} {
  func.func @conv_m4(%x: memref<1x4x4x4xf32>, %w: memref<1x1x4x4xf32>, %dw: memref<3x3x1x4xf32>, %g: memref<3x3x2x4xf32>, %y: memref<1x4x4x4xf32>) {
    kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x4xf32>, memref<1x1x4x4xf32>, memref<1x4x4x4xf32>
    kernel.conv2d %x, %dw, %y {groups = 4 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x4xf32>, memref<3x3x1x4xf32>, memref<1x4x4x4xf32>
    kernel.conv2d %x, %g, %y {groups = 2 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x4xf32>, memref<3x3x2x4xf32>, memref<1x4x4x4xf32>
    kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, input_channels = array<i64: 3, 2, 1, 0>} : memref<1x4x4x4xf32>, memref<1x1x4x4xf32>, memref<1x4x4x4xf32>
    return
  }
}

// -----

// Four output channels would leave most of a GEMM block of 16 padding:
// the blocked kernel; eight take the GEMM kernel.
// CHECK-LABEL: func @conv_a53
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_blocked_f32" in ["ec_conv.h"]>
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_gemm_f32" in ["ec_conv_simd.h"]>
// A depthwise one with contiguous channels: the channels in vector lanes.
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_dwconv2d_simd_f32" in ["ec_conv_simd.h"]>
// Channel tables and eight outputs: the GEMM kernel through the tables.
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_mapped_gemm_f32" in ["ec_conv_simd.h"]>
module attributes {edgec.target = #edgec.target<name = "cortex-a53", features = ["neon"], fpu = dp, sram = 0, flash = 0, alignment = 16, cc = "aarch64-linux-gnu-gcc", ar = "aarch64-linux-gnu-ar", cflags = [], cost = {}>} {
  func.func @conv_a53(%x: memref<1x4x4x4xf32>, %w: memref<1x1x4x4xf32>, %dw: memref<3x3x1x4xf32>, %y: memref<1x4x4x4xf32>, %w8: memref<3x3x4x8xf32>, %y8: memref<1x4x4x8xf32>) {
    kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x4xf32>, memref<1x1x4x4xf32>, memref<1x4x4x4xf32>
    kernel.conv2d %x, %w8, %y8 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x4xf32>, memref<3x3x4x8xf32>, memref<1x4x4x8xf32>
    kernel.conv2d %x, %dw, %y {groups = 4 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x4xf32>, memref<3x3x1x4xf32>, memref<1x4x4x4xf32>
    kernel.conv2d %x, %w8, %y8 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, input_channels = array<i64: 3, 2, 1, 0>} : memref<1x4x4x4xf32>, memref<3x3x4x8xf32>, memref<1x4x4x8xf32>
    return
  }
}

// -----

// Element types choose too: copies move 1, 4 or 8 bytes per element; pow
// needs the math header besides the element-wise one.
// CHECK-LABEL: func @types
// CHECK: kernel.copy {{.*}}edgec.kernel = #edgec.kernel<"ec_copy_b8" in ["ec_copy.h"]>
// CHECK: kernel.copy {{.*}}edgec.kernel = #edgec.kernel<"ec_copy_b8" in ["ec_copy.h"]>
// CHECK: kernel.copy {{.*}}edgec.kernel = #edgec.kernel<"ec_copy_b32" in ["ec_copy.h"]>
// CHECK: kernel.copy {{.*}}edgec.kernel = #edgec.kernel<"ec_copy_b64" in ["ec_copy.h"]>
// CHECK: kernel.copy {{.*}}edgec.kernel = #edgec.kernel<"ec_copy_f32" in ["ec_eltwise.h"]>
// CHECK: kernel.binary add {{.*}}edgec.kernel = #edgec.kernel<"ec_binary_f32" in ["ec_eltwise.h"]>
// CHECK: kernel.binary pow {{.*}}edgec.kernel = #edgec.kernel<"ec_binary_f32" in ["ec_eltwise.h", "ec_math.h"]>
func.func @types(%a: memref<4xi8>, %q: memref<4x!quant.uniform<i8:f32, 0.5:1>>, %b: memref<4xi32>, %c: memref<4xi64>, %f: memref<4xf32>) {
  kernel.copy %a, %a : memref<4xi8>, memref<4xi8>
  kernel.copy %q, %q : memref<4x!quant.uniform<i8:f32, 0.5:1>>, memref<4x!quant.uniform<i8:f32, 0.5:1>>
  kernel.copy %b, %b : memref<4xi32>, memref<4xi32>
  kernel.copy %c, %c : memref<4xi64>, memref<4xi64>
  kernel.copy %f, %f : memref<4xf32>, memref<4xf32>
  kernel.binary add %f, %f, %f : memref<4xf32>, memref<4xf32>, memref<4xf32>
  kernel.binary pow %f, %f, %f : memref<4xf32>, memref<4xf32>, memref<4xf32>
  return
}

// -----

// No C kernel clamps int8 yet: an error that names the op, its element
// types and the target (none set here: the host).
func.func @unsupported(%a: memref<4xi8>, %b: memref<4xi8>) {
  // expected-error @+1 {{no C kernel runs 'kernel.clamp' on element types (i8, i8) for target 'host'}}
  kernel.clamp %a, %b {clamp_min = 0.0 : f32} : memref<4xi8>, memref<4xi8>
  return
}

// -----

// int8: the kernels of per-tensor int8 activations with per-channel int8
// weights and int32 biases; the boundary and table ops.
!a = !quant.uniform<i8:f32, 0.05:-3>
!y = !quant.uniform<i8:f32, 0.1:-128>
!w = !quant.uniform<i8<-127:127>:f32:3, {0.01, 0.02, 0.03, 0.04}>
!fc = !quant.uniform<i8<-127:127>:f32:1, {0.01, 0.02}>
// CHECK-LABEL: func @int8
// An unpadded convolution over contiguous channels takes the kernel that
// reads its filter as OHWI with the input offset folded into the bias
// (edgec-pack-weights makes both true).
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_ohwi_s8" in ["ec_conv_s8.h"]>
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_dwconv2d_s8" in ["ec_conv_s8.h"]>
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_mapped_s8" in ["ec_conv_s8.h"]>
// CHECK: kernel.matmul {{.*}}edgec.kernel = #edgec.kernel<"ec_matmul_s8" in ["ec_matmul_s8.h"]>
// CHECK: kernel.binary add {{.*}}edgec.kernel = #edgec.kernel<"ec_add_s8" in ["ec_eltwise_s8.h"]>
// CHECK: kernel.binary sub {{.*}}edgec.kernel = #edgec.kernel<"ec_add_s8" in ["ec_eltwise_s8.h"]>
// CHECK: kernel.binary mul {{.*}}edgec.kernel = #edgec.kernel<"ec_mul_s8" in ["ec_eltwise_s8.h"]>
// CHECK: kernel.pool2d max {{.*}}edgec.kernel = #edgec.kernel<"ec_pool2d_s8" in ["ec_pool_s8.h"]>
// CHECK: kernel.quantize {{.*}}edgec.kernel = #edgec.kernel<"ec_quantize_s8" in ["ec_quant.h"]>
// CHECK: kernel.dequantize {{.*}}edgec.kernel = #edgec.kernel<"ec_dequantize_s8" in ["ec_quant.h"]>
// CHECK: kernel.requantize {{.*}}edgec.kernel = #edgec.kernel<"ec_requantize_s8" in ["ec_quant.h"]>
// CHECK: kernel.lookup {{.*}}edgec.kernel = #edgec.kernel<"ec_lookup_s8" in ["ec_quant.h"]>
func.func @int8(%x: memref<1x4x4x4x!a>, %w: memref<1x1x4x4x!w>, %dw: memref<3x3x1x4x!w>, %b: memref<4xi32>,
                %y: memref<1x4x4x4x!y>, %fx: memref<1x3x!a>, %fw: memref<3x2x!fc>, %fy: memref<1x2x!y>,
                %f: memref<1x4x4x4xf32>, %t: memref<256xi8>) {
  kernel.conv2d %x, %w, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x4x!a>, memref<1x1x4x4x!w>, memref<4xi32>, memref<1x4x4x4x!y>
  kernel.conv2d %x, %dw, %b, %y {groups = 4 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x4x!a>, memref<3x3x1x4x!w>, memref<4xi32>, memref<1x4x4x4x!y>
  kernel.conv2d %x, %w, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_channels = array<i64: 3, 2, 1, 0>} : memref<1x4x4x4x!a>, memref<1x1x4x4x!w>, memref<4xi32>, memref<1x4x4x4x!y>
  kernel.matmul %fx, %fw, %fy : memref<1x3x!a>, memref<3x2x!fc>, memref<1x2x!y>
  kernel.binary add %x, %y, %y : memref<1x4x4x4x!a>, memref<1x4x4x4x!y>, memref<1x4x4x4x!y>
  kernel.binary sub %x, %y, %y : memref<1x4x4x4x!a>, memref<1x4x4x4x!y>, memref<1x4x4x4x!y>
  kernel.binary mul %x, %y, %y : memref<1x4x4x4x!a>, memref<1x4x4x4x!y>, memref<1x4x4x4x!y>
  kernel.pool2d max %y, %y {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false} : memref<1x4x4x4x!y>, memref<1x4x4x4x!y>
  kernel.quantize %f, %x : memref<1x4x4x4xf32>, memref<1x4x4x4x!a>
  kernel.dequantize %x, %f : memref<1x4x4x4x!a>, memref<1x4x4x4xf32>
  kernel.requantize %x, %y : memref<1x4x4x4x!a>, memref<1x4x4x4x!y>
  kernel.lookup %x, %t, %y : memref<1x4x4x4x!a>, memref<256xi8>, memref<1x4x4x4x!y>
  return
}

// -----

// A Cortex-M with the DSP extension: one-group int8 convolutions, 1x1 or
// padded kxk, use the SMLAD kernel; a depthwise one the SMLABB/SMLATT one.
!a = !quant.uniform<i8:f32, 0.05:-3>
!y = !quant.uniform<i8:f32, 0.1:-128>
!w = !quant.uniform<i8<-127:127>:f32:3, {0.01, 0.02, 0.03, 0.04}>
// CHECK-LABEL: func @int8_m4
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_ohwi_s8_dsp" in ["ec_conv_s8_dsp.h"]>
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_conv2d_ohwi_s8_dsp" in ["ec_conv_s8_dsp.h"]>
// CHECK: kernel.conv2d {{.*}}edgec.kernel = #edgec.kernel<"ec_dwconv2d_s8_dsp" in ["ec_conv_s8_dsp.h"]>
module attributes {edgec.target = #edgec.target<name = "cortex-m4", features = ["dsp"], fpu = sp, sram = 262144, flash = 1048576, alignment = 16, cc = "arm-none-eabi-gcc", ar = "arm-none-eabi-ar", cflags = [], cost = {}>} {
  func.func @int8_m4(%x: memref<1x4x4x4x!a>, %w: memref<1x1x4x4x!w>, %k: memref<3x3x4x4x!w>, %dw: memref<3x3x1x4x!w>, %b: memref<4xi32>, %y: memref<1x4x4x4x!y>) {
    kernel.conv2d %x, %w, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x4x!a>, memref<1x1x4x4x!w>, memref<4xi32>, memref<1x4x4x4x!y>
    kernel.conv2d %x, %k, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x4x!a>, memref<3x3x4x4x!w>, memref<4xi32>, memref<1x4x4x4x!y>
    kernel.conv2d %x, %dw, %b, %y {groups = 4 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x4x!a>, memref<3x3x1x4x!w>, memref<4xi32>, memref<1x4x4x4x!y>
    return
  }
}
