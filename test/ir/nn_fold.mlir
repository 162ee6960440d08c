// RUN: edgec-opt %s --split-input-file --canonicalize | FileCheck %s
// Data movement of constants folds to the moved constant.

// CHECK-LABEL: func @slice_pad_concat_broadcast
// CHECK-DAG: arith.constant dense<[2.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK-DAG: arith.constant dense<[7.000000e+00, 1.000000e+00, 2.000000e+00, 7.000000e+00]> : tensor<4xf32>
// CHECK-DAG: arith.constant dense<{{\[}}[3.000000e+00, 4.000000e+00], [1.000000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [1.000000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT: nn.
func.func @slice_pad_concat_broadcast() -> (tensor<2xf32>, tensor<4xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %a = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %s = nn.slice %a {offsets = array<i64: 1>, steps = array<i64: 2>} : (tensor<4xf32>) -> tensor<2xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %p = nn.pad constant %b {pads = array<i64: 1, 1>, value = 7.0 : f32} : (tensor<2xf32>) -> tensor<4xf32>
  %c1 = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %c2 = arith.constant dense<[[3.0, 4.0]]> : tensor<1x2xf32>
  %c = nn.concat %c2, %c1 {axis = 0 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<2x2xf32>
  %d = nn.broadcast_to %b : (tensor<2xf32>) -> tensor<2x2xf32>
  return %s, %p, %c, %d : tensor<2xf32>, tensor<4xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Padding folds only in constant mode.
// CHECK-LABEL: func @pad_edge
// CHECK: nn.pad edge
func.func @pad_edge() -> tensor<4xf32> {
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %p = nn.pad edge %b {pads = array<i64: 1, 1>, value = 0.0 : f32} : (tensor<2xf32>) -> tensor<4xf32>
  return %p : tensor<4xf32>
}
