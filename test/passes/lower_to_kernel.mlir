// RUN: edgec-opt %s --split-input-file --edgec-lower-to-kernel | FileCheck %s

// CHECK: memref.global "private" constant @w_conv : memref<1x1x1x1xf32> = dense<2.000000e+00> {alignment = 16 : i64}
// CHECK-LABEL: func @conv_softmax
// CHECK-SAME: (%[[X:.*]]: memref<1x2x2x1xf32>) -> memref<1x4xf32>
// CHECK: %[[W:.*]] = memref.get_global @w_conv
// CHECK: %[[Y:.*]] = memref.alloc() : memref<1x2x2x1xf32>
// CHECK: kernel.conv2d %[[X]], %[[W]], %[[Y]]
// A reshape is a view of its input.
// CHECK: %[[R:.*]] = memref.reinterpret_cast %[[Y]] to offset: [0], sizes: [1, 4], strides: [4, 1]
// CHECK: %[[S:.*]] = memref.alloc() : memref<1x4xf32>
// CHECK: kernel.softmax %[[R]], %[[S]] {axis = 1 : i64}
// CHECK: return %[[S]]
func.func @conv_softmax(%x: tensor<1x2x2x1xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32> loc("conv")
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
  %1 = nn.reshape %0 : (tensor<1x2x2x1xf32>) -> tensor<1x4xf32>
  %2 = nn.softmax %1 {axis = 1 : i64} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Lowering chooses no C function (edgec-select-kernels does); weights are
// aligned as the module's target says.
// CHECK: memref.global "private" constant @w_dw : memref<3x3x1x4xf32> = {{.*}} {alignment = 32 : i64}
// CHECK-LABEL: func @no_choice
// CHECK-NOT: edgec.kernel
// CHECK: kernel.conv2d
// CHECK-NOT: edgec.kernel
// CHECK: return
module attributes {edgec.target = #edgec.target<name = "wide", features = [], fpu = sp, sram = 0, flash = 0, alignment = 32, cc = "cc", ar = "ar", cflags = [], cost = {}>} {
  func.func @no_choice(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
    %dw = arith.constant dense<1.0> : tensor<3x3x1x4xf32> loc("dw")
    %0 = nn.conv2d %x, %dw {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, groups = 4 : i64}
         : (tensor<1x4x4x4xf32>, tensor<3x3x1x4xf32>) -> tensor<1x4x4x4xf32>
    return %0 : tensor<1x4x4x4xf32>
  }
}

// -----

// A transpose copies from a permuted view; a concat copies into slices; a
// broadcast operand is expanded to the output's rank.
// CHECK-LABEL: func @data_movement
// CHECK: %[[V:.*]] = memref.reinterpret_cast %arg0 to offset: [0], sizes: [3, 2], strides: [1, 3]
// CHECK: kernel.copy %[[V]], %{{.*}} : memref<3x2xf32, strided<[1, 3]>>, memref<3x2xf32>
// CHECK: %[[OUT:.*]] = memref.alloc() : memref<3x4xf32>
// CHECK: %[[S0:.*]] = memref.reinterpret_cast %[[OUT]] to offset: [0], sizes: [3, 2], strides: [4, 1]
// CHECK: kernel.copy %{{.*}}, %[[S0]]
// CHECK: %[[S1:.*]] = memref.reinterpret_cast %[[OUT]] to offset: [2], sizes: [3, 2], strides: [4, 1]
// CHECK: kernel.copy %{{.*}}, %[[S1]]
// CHECK: %[[B:.*]] = memref.reinterpret_cast %arg1 to offset: [0], sizes: [1, 4], strides: [4, 1]
// CHECK: kernel.binary add %[[OUT]], %[[B]], %{{.*}} : memref<3x4xf32>, memref<1x4xf32>, memref<3x4xf32>
func.func @data_movement(%x: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<3x4xf32> {
  %0 = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = nn.concat %0, %0 {axis = 1 : i64} : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x4xf32>
  %2 = nn.add %1, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %2 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func @issue3_ops
// CHECK: kernel.unary tanh %arg0, %{{.*}} {alpha = 1.000000e+00 : f32, beta = 0.000000e+00 : f32}
// CHECK: kernel.pad reflect %{{.*}}, %{{.*}} {pads = array<i64: 0, 1, 0, 1>
// Axes 0 and 2 are not adjacent: two reductions.
// CHECK: kernel.reduce sum %{{.*}}, %{{.*}} {axes = array<i64: 0>} : memref<2x5xf32>, memref<1x5xf32>
// CHECK: kernel.layer_norm
// A slice copies from a strided view with offset.
// CHECK: %[[SV:.*]] = memref.reinterpret_cast %{{.*}} to offset: [1], sizes: [2, 2], strides: [5, 2]
// CHECK: kernel.copy %[[SV]]
// Expand reads with a zero stride.
// CHECK: %[[BV:.*]] = memref.reinterpret_cast %{{.*}} to offset: [0], sizes: [3, 2, 3], strides: [0, 3, 1]
// CHECK: kernel.copy %[[BV]]
func.func @issue3_ops(%x: tensor<2x3xf32>, %s: tensor<5xf32>) -> (tensor<1x5xf32>, tensor<2x5xf32>, tensor<2x2xf32>, tensor<3x2x3xf32>) {
  %0 = nn.unary tanh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = nn.pad reflect %0 {pads = array<i64: 0, 1, 0, 1>, value = 0.0 : f32} : (tensor<2x3xf32>) -> tensor<2x5xf32>
  %2 = nn.reduce sum %1 {axes = array<i64: 0>} : (tensor<2x5xf32>) -> tensor<1x5xf32>
  %3 = nn.layer_norm %1, %s {axis = 1 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %4 = nn.slice %3 {offsets = array<i64: 0, 1>, steps = array<i64: 1, 2>} : (tensor<2x5xf32>) -> tensor<2x2xf32>
  %5 = nn.broadcast_to %0 : (tensor<2x3xf32>) -> tensor<3x2x3xf32>
  return %2, %3, %4, %5 : tensor<1x5xf32>, tensor<2x5xf32>, tensor<2x2xf32>, tensor<3x2x3xf32>
}

// -----

// CHECK-LABEL: func @reduce_split_axes
// CHECK: kernel.reduce max %arg0, %[[A:.*]] {axes = array<i64: 0>} : memref<2x3x4xf32>, memref<1x3x4xf32>
// CHECK: kernel.reduce max %[[A]], %{{.*}} {axes = array<i64: 2>} : memref<1x3x4xf32>, memref<1x3x1xf32>
func.func @reduce_split_axes(%x: tensor<2x3x4xf32>) -> tensor<1x3x1xf32> {
  %0 = nn.reduce max %x {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
  return %0 : tensor<1x3x1xf32>
}

// -----

// [..., M, K] x [K, N] with contiguous leading dimensions: one 2-D product
// over views, the weight keeps its rank (and a per-channel axis with it).
// CHECK-LABEL: func @matmul_rows
// CHECK-SAME: (%[[X:.*]]: memref<2x3x4xf32>)
// CHECK: %[[W:.*]] = memref.get_global
// CHECK: %[[Y:.*]] = memref.alloc() : memref<2x3x5xf32>
// CHECK: %[[A:.*]] = memref.reinterpret_cast %[[X]] to offset: [0], sizes: [6, 4], strides: [4, 1]
// CHECK: %[[R:.*]] = memref.reinterpret_cast %[[Y]] to offset: [0], sizes: [6, 5], strides: [5, 1]
// CHECK: kernel.matmul %[[A]], %[[W]], %[[R]] : memref<6x4xf32>, memref<4x5xf32>, memref<6x5xf32>
// CHECK: return %[[Y]]
func.func @matmul_rows(%x: tensor<2x3x4xf32>) -> tensor<2x3x5xf32> {
  %w = arith.constant dense<1.0> : tensor<4x5xf32> loc("fc")
  %0 = nn.matmul %x, %w : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
