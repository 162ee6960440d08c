// RUN: edgec-opt %s --split-input-file --edgec-propagate-layout | FileCheck %s

// Two convolutions with a ReLU between: the NHWC->NCHW->NHWC pair cancels.
// CHECK-LABEL: func @conv_relu_conv
// CHECK: %[[IN:.*]] = nn.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>}
// CHECK: %[[C1:.*]] = nn.conv2d %[[IN]]
// CHECK: %[[R:.*]] = nn.clamp %[[C1]]
// CHECK: %[[C2:.*]] = nn.conv2d %[[R]]
// CHECK: %[[OUT:.*]] = nn.transpose %[[C2]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK: return %[[OUT]]
func.func @conv_relu_conv(%x: tensor<1x3x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x3x4x4xf32> {
  %0 = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x4x4x3xf32>
  %1 = nn.conv2d %0, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x4x4x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x4x4x3xf32>
  %2 = nn.transpose %1 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  %3 = nn.clamp %2 {clamp_min = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  %4 = nn.transpose %3 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x4x4x3xf32>
  %5 = nn.conv2d %4, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x4x4x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x4x4x3xf32>
  %6 = nn.transpose %5 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  return %6 : tensor<1x3x4x4xf32>
}

// -----

// A per-channel constant in NCHW broadcast form is transposed at compile time.
// CHECK-LABEL: func @constant_operand
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK: nn.mul %arg0, %[[C]] : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>)
// CHECK: nn.transpose
func.func @constant_operand(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32> {
  %c = arith.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %0 = nn.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.mul %0, %c : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// Concatenation of NCHW views on channels becomes a concat on NHWC's last axis.
// CHECK-LABEL: func @concat
// CHECK: %[[C:.*]] = nn.concat %arg0, %arg1 {axis = 3 : i64}
// CHECK: nn.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
func.func @concat(%a: tensor<1x4x4x2xf32>, %b: tensor<1x4x4x3xf32>) -> tensor<1x5x4x4xf32> {
  %0 = nn.transpose %a {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.transpose %b {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  %2 = nn.concat %0, %1 {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  return %2 : tensor<1x5x4x4xf32>
}

// -----

// A transpose that only moves size-1 dimensions is a reshape.
// CHECK-LABEL: func @trivial_transpose
// CHECK-NOT: nn.transpose
// CHECK: nn.reshape %arg0 : (tensor<1x1x1x8xf32>) -> tensor<1x8xf32>
func.func @trivial_transpose(%x: tensor<1x1x1x8xf32>) -> tensor<1x8xf32> {
  %0 = nn.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x1x1x8xf32>) -> tensor<1x8x1x1xf32>
  %1 = nn.reshape %0 : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// -----

// Must not fire: the transpose has a second user, and a flatten of a real
// NCHW layout needs the data moved.
// CHECK-LABEL: func @shared_transpose
// CHECK: %[[T:.*]] = nn.transpose %arg0
// CHECK: nn.clamp %[[T]]
// CHECK: nn.reshape %[[T]]
func.func @shared_transpose(%x: tensor<1x2x2x3xf32>) -> (tensor<1x3x2x2xf32>, tensor<1x12xf32>) {
  %0 = nn.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %1 = nn.clamp %0 {clamp_min = 0.0 : f32} : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %2 = nn.reshape %0 : (tensor<1x3x2x2xf32>) -> tensor<1x12xf32>
  return %1, %2 : tensor<1x3x2x2xf32>, tensor<1x12xf32>
}

// -----

// Must not fire: a binary op whose other operand is a runtime NCHW value.
// CHECK-LABEL: func @runtime_operand
// CHECK: %[[T:.*]] = nn.transpose %arg0
// CHECK: nn.add %[[T]], %arg1
func.func @runtime_operand(%x: tensor<1x2x2x3xf32>, %y: tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32> {
  %0 = nn.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  %1 = nn.add %0, %y : (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  return %1 : tensor<1x3x2x2xf32>
}

// -----

// SiLU reads the transposed value twice; both users absorb the transpose,
// so it still moves and cancels with the next convolution's.
// CHECK-LABEL: func @silu
// CHECK-NOT: nn.transpose
// CHECK: %[[S:.*]] = nn.unary sigmoid %arg0
// CHECK: %[[M:.*]] = nn.mul %arg0, %[[S]]
// CHECK: return %[[M]]
func.func @silu(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %0 = nn.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x8x4x4xf32>
  %1 = nn.unary sigmoid %0 : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %2 = nn.mul %0, %1 : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %3 = nn.transpose %2 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x4x8xf32>
  return %3 : tensor<1x4x4x8xf32>
}

// -----

// Reductions, pads and slices take the transpose along, with their axes,
// pads and offsets permuted.
// CHECK-LABEL: func @reduce_pad_slice
// CHECK: nn.reduce mean %arg0 {axes = array<i64: 1, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x1x1x8xf32>
// CHECK: nn.pad constant %arg0 {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>
// CHECK: nn.slice %{{.*}} {offsets = array<i64: 0, 0, 0, 4>, steps = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x8xf32>) -> tensor<1x6x6x4xf32>
func.func @reduce_pad_slice(%x: tensor<1x4x4x8xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x4x6x6xf32>) {
  %0 = nn.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x8x4x4xf32>
  %1 = nn.reduce mean %0 {axes = array<i64: 2, 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %2 = nn.pad constant %0 {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32} : (tensor<1x8x4x4xf32>) -> tensor<1x8x6x6xf32>
  %3 = nn.slice %2 {offsets = array<i64: 0, 4, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<1x8x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %1, %3 : tensor<1x8x1x1xf32>, tensor<1x4x6x6xf32>
}
