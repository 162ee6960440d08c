// RUN: edgec-opt %s --split-input-file --edgec-in-place | FileCheck %s

// A residual add whose first input dies there writes into it.
// CHECK-LABEL: func @residual
// CHECK: %[[A:.*]] = memref.alloc() : memref<8xf32>
// CHECK: kernel.clamp %arg0, %[[A]]
// CHECK-NOT: memref.alloc
// CHECK: kernel.binary add %[[A]], %arg0, %[[A]]
// CHECK: kernel.clamp %[[A]], %arg1
func.func @residual(%x: memref<8xf32>, %y: memref<8xf32>) {
  %a = memref.alloc() : memref<8xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<8xf32>, memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  kernel.binary add %a, %x, %b : memref<8xf32>, memref<8xf32>, memref<8xf32>
  kernel.clamp %b, %y {clamp_min = 1.0 : f32} : memref<8xf32>, memref<8xf32>
  return
}

// -----

// SiLU: the sigmoid must not overwrite x, which the multiply still reads;
// the multiply, where x dies, may. A graph input is never overwritten.
// CHECK-LABEL: func @keep
// CHECK: %[[X:.*]] = memref.alloc() : memref<8xf32>
// CHECK: %[[S:.*]] = memref.alloc() : memref<8xf32>
// CHECK: kernel.unary sigmoid %[[X]], %[[S]]
// CHECK-NOT: memref.alloc
// CHECK: kernel.binary mul %[[X]], %[[S]], %[[X]]
// CHECK: kernel.unary sigmoid %arg0, %arg1
func.func @keep(%x: memref<8xf32>, %y: memref<8xf32>) {
  %a = memref.alloc() : memref<8xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<8xf32>, memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  kernel.unary sigmoid %a, %b {alpha = 1.0 : f32, beta = 0.0 : f32} : memref<8xf32>, memref<8xf32>
  %c = memref.alloc() : memref<8xf32>
  kernel.binary mul %a, %b, %c : memref<8xf32>, memref<8xf32>, memref<8xf32>
  kernel.unary sigmoid %x, %y {alpha = 1.0 : f32, beta = 0.0 : f32} : memref<8xf32>, memref<8xf32>
  kernel.clamp %c, %y {clamp_min = 1.0 : f32} : memref<8xf32>, memref<8xf32>
  return
}

// -----

// A 3x3 depthwise conv at the peak, its input dying there: output and input
// share one buffer, the output starting W+2 = 6 pixels (48 floats) before
// the input, so the two need 176 floats instead of 256.
// CHECK-LABEL: func @depthwise_overlap
// CHECK: %[[S:.*]] = memref.alloc() : memref<176xf32>
// CHECK: %[[A:.*]] = memref.reinterpret_cast %[[S]] to offset: [48], sizes: [1, 4, 4, 8], strides: [128, 32, 8, 1]
// CHECK: kernel.clamp %arg0, %[[A]]
// CHECK: %[[IN:.*]] = memref.reinterpret_cast %[[S]] to offset: [48], sizes: [1, 4, 4, 8]
// CHECK: %[[OUT:.*]] = memref.reinterpret_cast %[[S]] to offset: [0], sizes: [1, 4, 4, 8], strides: [128, 32, 8, 1]
// CHECK: kernel.conv2d %[[IN]], %arg1, %[[OUT]]
// CHECK: %[[B:.*]] = memref.reinterpret_cast %[[S]] to offset: [0]
// CHECK: kernel.clamp %[[B]], %arg2
func.func @depthwise_overlap(%x: memref<1x4x4x8xf32>, %w: memref<3x3x1x8xf32>, %y: memref<1x4x4x8xf32>) {
  %a = memref.alloc() : memref<1x4x4x8xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
  %b = memref.alloc() : memref<1x4x4x8xf32>
  kernel.conv2d %a, %w, %b {edgec.kernel = #edgec.kernel<"ec_dwconv2d_f32" in ["ec_conv.h"]>, groups = 8 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x8xf32>, memref<3x3x1x8xf32>, memref<1x4x4x8xf32>
  kernel.clamp %b, %y {clamp_min = 0.0 : f32} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
  return
}

// -----

// Must not share: the kernel chosen for this conv (the generic one) does
// not compute each output pixel before writing it, in raster order.
// CHECK-LABEL: func @depthwise_other_kernel
// CHECK-NOT: memref<176xf32>
// CHECK: return
func.func @depthwise_other_kernel(%x: memref<1x4x4x8xf32>, %w: memref<3x3x1x8xf32>, %y: memref<1x4x4x8xf32>) {
  %a = memref.alloc() : memref<1x4x4x8xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
  %b = memref.alloc() : memref<1x4x4x8xf32>
  kernel.conv2d %a, %w, %b {edgec.kernel = #edgec.kernel<"ec_conv2d_f32" in ["ec_conv.h"]>, groups = 8 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x8xf32>, memref<3x3x1x8xf32>, memref<1x4x4x8xf32>
  kernel.clamp %b, %y {clamp_min = 0.0 : f32} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
  return
}

// -----

// Must not share: the conv's input is read again after it.
// CHECK-LABEL: func @depthwise_input_live
// CHECK-NOT: memref<176xf32>
// CHECK: return
func.func @depthwise_input_live(%x: memref<1x4x4x8xf32>, %w: memref<3x3x1x8xf32>, %y: memref<1x4x4x8xf32>) {
  %a = memref.alloc() : memref<1x4x4x8xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
  %b = memref.alloc() : memref<1x4x4x8xf32>
  kernel.conv2d %a, %w, %b {edgec.kernel = #edgec.kernel<"ec_dwconv2d_f32" in ["ec_conv.h"]>, groups = 8 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x8xf32>, memref<3x3x1x8xf32>, memref<1x4x4x8xf32>
  kernel.binary add %b, %a, %y : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
  return
}

// -----

// Must not share: the peak is earlier (the conv's input next to a larger
// buffer), and the shared buffer, live there too, is larger than the input.
// CHECK-LABEL: func @depthwise_not_at_peak
// CHECK-NOT: memref<176xf32>
// CHECK: return
func.func @depthwise_not_at_peak(%x: memref<1x4x4x8xf32>, %x2: memref<1x4x4x16xf32>, %w: memref<3x3x1x8xf32>, %y: memref<1x4x4x8xf32>, %y2: memref<1x4x4x16xf32>) {
  %a = memref.alloc() : memref<1x4x4x8xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
  %big = memref.alloc() : memref<1x4x4x16xf32>
  kernel.clamp %x2, %big {clamp_min = 0.0 : f32} : memref<1x4x4x16xf32>, memref<1x4x4x16xf32>
  kernel.clamp %big, %y2 {clamp_min = 1.0 : f32} : memref<1x4x4x16xf32>, memref<1x4x4x16xf32>
  %b = memref.alloc() : memref<1x4x4x8xf32>
  kernel.conv2d %a, %w, %b {edgec.kernel = #edgec.kernel<"ec_dwconv2d_f32" in ["ec_conv.h"]>, groups = 8 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x8xf32>, memref<3x3x1x8xf32>, memref<1x4x4x8xf32>
  kernel.clamp %b, %y {clamp_min = 0.0 : f32} : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>
  return
}

// -----

// Must not share: an int8 output of another scale than its input would be
// read back with the input's type.
// CHECK-LABEL: func @depthwise_int8_types
// CHECK-NOT: memref<176x
// CHECK: return
!qa = !quant.uniform<i8:f32, 0.05:-3>
!qb = !quant.uniform<i8:f32, 0.1:-128>
!qw = !quant.uniform<i8<-127:127>:f32:3, {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01}>
func.func @depthwise_int8_types(%x: memref<1x4x4x8x!qa>, %w: memref<3x3x1x8x!qw>, %y: memref<1x4x4x8x!qb>) {
  %a = memref.alloc() : memref<1x4x4x8x!qa>
  kernel.copy %x, %a : memref<1x4x4x8x!qa>, memref<1x4x4x8x!qa>
  %b = memref.alloc() : memref<1x4x4x8x!qb>
  kernel.conv2d %a, %w, %b {edgec.kernel = #edgec.kernel<"ec_dwconv2d_s8" in ["ec_conv_s8.h"]>, groups = 8 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x4x4x8x!qa>, memref<3x3x1x8x!qw>, memref<1x4x4x8x!qb>
  kernel.copy %b, %y : memref<1x4x4x8x!qb>, memref<1x4x4x8x!qb>
  return
}
