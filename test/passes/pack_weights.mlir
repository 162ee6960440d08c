// RUN: edgec-opt %s --split-input-file --edgec-select-kernels --edgec-pack-weights | FileCheck %s

// The SMLAD kernel reads its filter output channel first: the HWIO weights
// [ci0: 1 2 3][ci1: -4 5 -6] become [co0: 1 -4][co1: 2 5][co2: 3 -6], the
// quantized axis moves to 0, and the input zero point (-3) moves into the
// bias: bias[o] + 3 * (sum of channel o) = 100 - 9, 300 + 21, -300 - 9.
// The old globals go.
!a = !quant.uniform<i8:f32, 0.05:-3>
!y = !quant.uniform<i8:f32, 0.1:-128>
!w = !quant.uniform<i8<-127:127>:f32:3, {0.01, 0.02, 0.03}>
// CHECK-NOT: memref.global "private" constant @w :
// CHECK: memref.global "private" constant @w_ohwi : memref<3x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {{.*}}>> = dense_resource<[[W:.*]]>
// CHECK: memref.global "private" constant @b_folded : memref<3xi32> = dense_resource<[[B:.*]]>
// CHECK-NOT: memref.global
// CHECK-LABEL: func @pointwise
// CHECK: kernel.conv2d {{.*}}"ec_conv2d_ohwi_s8_dsp"{{.*}}input_offset_in_bias, ohwi_filter
// CHECK: [[W]]: "0x0800000001FC020503FA"
// CHECK: [[B]]: "0x080000005B00000041010000CBFEFFFF"
module attributes {edgec.target = #edgec.target<name = "cortex-m4", features = ["dsp", "fpu"], fpu = sp, sram = 262144, flash = 1048576, alignment = 16, cc = "arm-none-eabi-gcc", ar = "arm-none-eabi-ar", cflags = [], cost = {}>} {
  memref.global "private" constant @w : memref<1x1x2x3x!w> = dense_resource<w>
  memref.global "private" constant @b : memref<3xi32> = dense_resource<b>
  func.func @pointwise(%x: memref<1x4x4x2x!a>, %y: memref<1x4x4x3x!y>) {
    %w = memref.get_global @w : memref<1x1x2x3x!w>
    %b = memref.get_global @b : memref<3xi32>
    kernel.conv2d %x, %w, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x2x!a>, memref<1x1x2x3x!w>, memref<3xi32>, memref<1x4x4x3x!y>
    return
  }
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x08000000010203FC05FA",
      b: "0x08000000640000002C010000D4FEFFFF"
    }
  }
#-}

// -----

// Two convolutions share one filter: it is packed once. The padded one
// keeps its bias and its input offset (padding reads the zero point); the
// unpadded one has no bias and gets one holding the folded offset
// (3 * sums -2, 9, -6 of [co0: 1 -4 1][co1: 2 5 2][co2: 3 -6 -3]). A
// depthwise convolution keeps HWIO.
!a = !quant.uniform<i8:f32, 0.05:-3>
!y = !quant.uniform<i8:f32, 0.1:-128>
!w = !quant.uniform<i8<-127:127>:f32:3, {0.01, 0.02, 0.03}>
// CHECK-NOT: memref.global "private" constant @w :
// CHECK-DAG: memref.global "private" constant @b : memref<3xi32>
// CHECK-DAG: memref.global "private" constant @dw : memref<1x1x1x3x
// CHECK-DAG: memref.global "private" constant @w_ohwi : memref<3x1x1x3x
// CHECK-DAG: memref.global "private" constant @w_ohwi_bias : memref<3xi32> = dense_resource<[[B:.*]]>
// CHECK-LABEL: func @shared
// CHECK-DAG: %[[B0:.*]] = memref.get_global @b :
// CHECK-DAG: %[[W:.*]] = memref.get_global @w_ohwi :
// CHECK: kernel.conv2d %{{.*}}, %[[W]], %[[B0]], {{.*}}"ec_conv2d_ohwi_s8"
// CHECK-NOT: input_offset_in_bias
// CHECK-SAME: ohwi_filter, pads = array<i64: 1, 1, 1, 1>
// CHECK: %[[W1:.*]] = memref.get_global @w_ohwi :
// CHECK: %[[B1:.*]] = memref.get_global @w_ohwi_bias
// CHECK: kernel.conv2d %{{.*}}, %[[W1]], %[[B1]], {{.*}}"ec_conv2d_ohwi_s8"{{.*}}input_offset_in_bias, ohwi_filter
// CHECK: kernel.conv2d {{.*}}"ec_dwconv2d_s8"
// CHECK-NOT: ohwi_filter
// CHECK: [[B]]: "0x08000000FAFFFFFF1B000000EEFFFFFF"
module {
  memref.global "private" constant @w : memref<1x1x3x3x!w> = dense_resource<w>
  memref.global "private" constant @b : memref<3xi32> = dense_resource<b>
  memref.global "private" constant @dw : memref<1x1x1x3x!w> = dense_resource<dw>
  func.func @shared(%x: memref<1x4x4x3x!a>, %y: memref<1x6x6x3x!y>, %z: memref<1x4x4x3x!y>) {
    %w = memref.get_global @w : memref<1x1x3x3x!w>
    %b = memref.get_global @b : memref<3xi32>
    kernel.conv2d %x, %w, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x3x!a>, memref<1x1x3x3x!w>, memref<3xi32>, memref<1x6x6x3x!y>
    kernel.conv2d %x, %w, %z {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x3x!a>, memref<1x1x3x3x!w>, memref<1x4x4x3x!y>
    %dw = memref.get_global @dw : memref<1x1x1x3x!w>
    kernel.conv2d %x, %dw, %b, %z {groups = 3 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x3x!a>, memref<1x1x1x3x!w>, memref<3xi32>, memref<1x4x4x3x!y>
    return
  }
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x08000000010203FC05FA0102FD",
      dw: "0x08000000010203",
      b: "0x08000000640000002C010000D4FEFFFF"
    }
  }
#-}

// -----

// A kernel that reads padding as the zero point (here the DSP one) takes
// the folded bias with padding too: 100 + 3 * (1 - 4), 300 + 3 * (2 + 5),
// -300 + 3 * (3 - 6).
!a = !quant.uniform<i8:f32, 0.05:-3>
!y = !quant.uniform<i8:f32, 0.1:-128>
!w = !quant.uniform<i8<-127:127>:f32:3, {0.01, 0.02, 0.03}>
// CHECK-LABEL: func @padded_dsp
// CHECK: kernel.conv2d {{.*}}"ec_conv2d_ohwi_s8_dsp"{{.*}}input_offset_in_bias, ohwi_filter, pads = array<i64: 1, 1, 1, 1>
// CHECK: [[B:.*]]: "0x080000005B00000041010000CBFEFFFF"
module attributes {edgec.target = #edgec.target<name = "cortex-m4", features = ["dsp", "fpu"], fpu = sp, sram = 262144, flash = 1048576, alignment = 16, cc = "arm-none-eabi-gcc", ar = "arm-none-eabi-ar", cflags = [], cost = {}>} {
  memref.global "private" constant @w : memref<1x1x2x3x!w> = dense_resource<w>
  memref.global "private" constant @b : memref<3xi32> = dense_resource<b>
  func.func @padded_dsp(%x: memref<1x4x4x2x!a>, %y: memref<1x6x6x3x!y>) {
    %w = memref.get_global @w : memref<1x1x2x3x!w>
    %b = memref.get_global @b : memref<3xi32>
    kernel.conv2d %x, %w, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x2x!a>, memref<1x1x2x3x!w>, memref<3xi32>, memref<1x6x6x3x!y>
    return
  }
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x08000000010203FC05FA",
      b: "0x08000000640000002C010000D4FEFFFF"
    }
  }
#-}

// -----

// An f32 convolution on a target with a vector unit takes the GEMM kernel,
// which reads the filter in blocks of 16 output channels: 17 channels
// become two blocks, the second holding channel 16 and 15 zero filters. The
// HWIO global nothing reads any more is gone.
// CHECK-NOT: memref.global "private" constant @wf :
// CHECK: memref.global "private" constant @wf_blocked : memref<2x1x1x1x16xf32> = dense_resource<[[W:.*]]>
// CHECK-LABEL: func @blocked_f32
// CHECK: %[[WB:.*]] = memref.get_global @wf_blocked
// CHECK: kernel.conv2d %{{.*}}, %[[WB]], %{{.*}} {{.*}}"ec_conv2d_gemm_f32"{{.*}}filter_block = 16
// CHECK: [[W]]: "0x040000000000803F0000004000004040000080400000A0400000C0400000E04000000041000010410000204100003041000040410000504100006041000070410000804100008841000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
module attributes {edgec.target = #edgec.target<name = "host", features = ["sse2"], fpu = dp, sram = 0, flash = 0, alignment = 16, cc = "cc", ar = "ar", cflags = [], cost = {}>} {
  memref.global "private" constant @wf : memref<1x1x1x17xf32> = dense_resource<wf>
  func.func @blocked_f32(%x: memref<1x4x4x1xf32>, %y: memref<1x4x4x17xf32>) {
    %w = memref.get_global @wf : memref<1x1x1x17xf32>
    kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x1xf32>, memref<1x1x1x17xf32>, memref<1x4x4x17xf32>
    return
  }
}
{-#
  dialect_resources: {
    builtin: {
      wf: "0x040000000000803F0000004000004040000080400000A0400000C0400000E04000000041000010410000204100003041000040410000504100006041000070410000804100008841"
    }
  }
#-}

// -----

// Two groups of nine output channels: each group's channels fill one block
// of 16 (channels 0-8, then 9-17, each followed by seven zero filters).
// CHECK-LABEL: func @blocked_groups
// CHECK: kernel.conv2d {{.*}}"ec_conv2d_gemm_f32"{{.*}}filter_block = 16 : i64, groups = 2
// CHECK: "0x040000000000803F0000004000004040000080400000A0400000C0400000E04000000041000010410000000000000000000000000000000000000000000000000000000000002041000030410000404100005041000060410000704100008041000088410000904100000000000000000000000000000000000000000000000000000000"
module attributes {edgec.target = #edgec.target<name = "host", features = ["sse2"], fpu = dp, sram = 0, flash = 0, alignment = 16, cc = "cc", ar = "ar", cflags = [], cost = {}>} {
  memref.global "private" constant @wg : memref<1x1x1x18xf32> = dense_resource<wg>
  func.func @blocked_groups(%x: memref<1x4x4x2xf32>, %y: memref<1x4x4x18xf32>) {
    %w = memref.get_global @wg : memref<1x1x1x18xf32>
    kernel.conv2d %x, %w, %y {groups = 2 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x4x4x2xf32>, memref<1x1x1x18xf32>, memref<1x4x4x18xf32>
    return
  }
}
{-#
  dialect_resources: {
    builtin: {
      wg: "0x040000000000803F0000004000004040000080400000A0400000C0400000E0400000004100001041000020410000304100004041000050410000604100007041000080410000884100009041"
    }
  }
#-}
