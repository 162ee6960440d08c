// RUN: edgec-opt %s --split-input-file --edgec-fold-batchnorm | FileCheck %s

// A conv followed by a per-channel multiply and add: both fold.
// CHECK-LABEL: func @conv_bn
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00, 3.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[3.000000e+00, 7.000000e+00]> : tensor<2xf32>
// CHECK: %[[C:.*]] = nn.conv2d %arg0, %[[W]], %[[B]]
// CHECK-NOT: nn.mul
// CHECK-NOT: nn.add
// CHECK: return %[[C]]
func.func @conv_bn(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x2xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %s = arith.constant dense<[[[[2.0, 3.0]]]]> : tensor<1x1x1x2xf32>
  %t = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %0 = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x4x4x1xf32>, tensor<1x1x1x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = nn.mul %0, %s : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %2 = nn.add %1, %t : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %2 : tensor<1x4x4x2xf32>
}

// -----

// A matmul without bias gets one; the add folds.
// CHECK-LABEL: func @gemm_shift
// CHECK: %[[B:.*]] = arith.constant dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK: %[[M:.*]] = nn.matmul %arg0, %{{.*}}, %[[B]]
// CHECK: return %[[M]]
func.func @gemm_shift(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<1.0> : tensor<3x2xf32>
  %c = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = nn.matmul %x, %w : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
  %1 = nn.add %0, %c : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Must not fold: the conv output has a second user, the scale varies over
// space, or it comes from a runtime value.
// CHECK-LABEL: func @no_fold
// CHECK: nn.mul
// CHECK: nn.mul
// CHECK: nn.mul
func.func @no_fold(%x: tensor<1x2x2x1xf32>, %r: tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x2xf32>
  %s = arith.constant dense<2.0> : tensor<2xf32>
  %sp = arith.constant dense<2.0> : tensor<1x2x2x2xf32>
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.mul %0, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %2 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = nn.mul %2, %sp : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %5 = nn.mul %4, %r : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0, %1, %3, %5 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
