// RUN: edgec-opt %s --split-input-file --edgec-recognize-channel-shuffle | FileCheck %s

// CHECK-LABEL: func @shuffle
// CHECK: %[[S:.*]] = nn.channel_shuffle %arg0 {axis = 1 : i64, groups = 2 : i64} : (tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32>
// CHECK-NOT: nn.transpose
// CHECK: return %[[S]]
func.func @shuffle(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = nn.reshape %x : (tensor<1x6x2x2xf32>) -> tensor<1x2x3x2x2xf32>
  %1 = nn.transpose %0 {perm = array<i64: 0, 2, 1, 3, 4>} : (tensor<1x2x3x2x2xf32>) -> tensor<1x3x2x2x2xf32>
  %2 = nn.reshape %1 : (tensor<1x3x2x2x2xf32>) -> tensor<1x6x2x2xf32>
  return %2 : tensor<1x6x2x2xf32>
}

// -----

// Must not fire: the transpose is not the swap of the split dimensions, or
// the result is not reshaped back to the input's shape.
// CHECK-LABEL: func @not_shuffle
// CHECK-NOT: nn.channel_shuffle
func.func @not_shuffle(%x: tensor<1x6x2x2xf32>) -> (tensor<1x6x2x2xf32>, tensor<1x6x4xf32>) {
  %0 = nn.reshape %x : (tensor<1x6x2x2xf32>) -> tensor<1x2x3x2x2xf32>
  %1 = nn.transpose %0 {perm = array<i64: 0, 1, 2, 4, 3>} : (tensor<1x2x3x2x2xf32>) -> tensor<1x2x3x2x2xf32>
  %2 = nn.reshape %1 : (tensor<1x2x3x2x2xf32>) -> tensor<1x6x2x2xf32>
  %3 = nn.transpose %0 {perm = array<i64: 0, 2, 1, 3, 4>} : (tensor<1x2x3x2x2xf32>) -> tensor<1x3x2x2x2xf32>
  %4 = nn.reshape %3 : (tensor<1x3x2x2x2xf32>) -> tensor<1x6x4xf32>
  return %2, %4 : tensor<1x6x2x2xf32>, tensor<1x6x4xf32>
}
