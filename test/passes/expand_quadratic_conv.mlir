// RUN: edgec-opt %s --split-input-file --edgec-expand-quadratic-conv | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edgec-expand-quadratic-conv --edgec-fuse-quadratic-conv | FileCheck %s --check-prefix=ROUND

// The inverse of edgec-fuse-quadratic-conv: three depthwise convolutions
// of the same input and window, their product and sum; fusing again gives
// the op back.
// CHECK-LABEL: func @quadratic
// CHECK: %[[A:.*]] = nn.conv2d %arg0, %arg1, %arg4 {dilations = array<i64: 1, 1>, groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
// CHECK: %[[B:.*]] = nn.conv2d %arg0, %arg2, %arg5
// CHECK: %[[C:.*]] = nn.conv2d %arg0, %arg3, %arg6
// CHECK: %[[P:.*]] = nn.mul %[[A]], %[[B]]
// CHECK: %[[S:.*]] = nn.add %[[P]], %[[C]]
// CHECK: return %[[S]]
// ROUND-LABEL: func @quadratic
// ROUND: nn.quadratic_dwconv2d %arg0, %arg1, %arg2, %arg3, %arg4, %arg5, %arg6
// ROUND-NOT: nn.conv2d
func.func @quadratic(%x: tensor<1x4x4x4xf32>, %wa: tensor<3x3x1x4xf32>, %wb: tensor<3x3x1x4xf32>, %wc: tensor<3x3x1x4xf32>,
                     %ba: tensor<4xf32>, %bb: tensor<4xf32>, %bc: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = nn.quadratic_dwconv2d %x, %wa, %wb, %wc, %ba, %bb, %bc {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
       : (tensor<1x4x4x4xf32>, tensor<3x3x1x4xf32>, tensor<3x3x1x4xf32>, tensor<3x3x1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Nothing else changes.
// CHECK-LABEL: func @plain
// ROUND-LABEL: func @plain
// CHECK-NEXT: nn.conv2d
// CHECK-NEXT: return
func.func @plain(%x: tensor<1x4x4x4xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x4x4x4xf32> {
  %y = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, groups = 4 : i64}
       : (tensor<1x4x4x4xf32>, tensor<3x3x1x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
