// RUN: edgec-opt %s --split-input-file --edgec-fold-pad | FileCheck %s

// CHECK-LABEL: func @pad_conv_pool
// CHECK: nn.conv2d %arg0, %{{.*}} {{.*}}pads = array<i64: 2, 1, 2, 1>
// CHECK: nn.pool2d avg %arg0 {count_include_pad = true, {{.*}}pads = array<i64: 1, 1, 1, 1>
func.func @pad_conv_pool(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x2x2xf32>) -> (tensor<1x6x4x2xf32>, tensor<1x2x2x2xf32>) {
  %p = nn.pad constant %x {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x6x6x2xf32>
  %0 = nn.conv2d %p, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 0, 1, 0>, groups = 1 : i64}
       : (tensor<1x6x6x2xf32>, tensor<3x3x2x2xf32>) -> tensor<1x6x4x2xf32>
  %1 = nn.pool2d avg %p {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false}
       : (tensor<1x6x6x2xf32>) -> tensor<1x2x2x2xf32>
  return %0, %1 : tensor<1x6x4x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Must not fold: a non-zero or reflect pad, a channel pad, a max pool.
// CHECK-LABEL: func @no_fold
// CHECK-COUNT-4: nn.pad
func.func @no_fold(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>, %w3: tensor<1x1x3x2xf32>) -> (tensor<1x6x6x2xf32>, tensor<1x6x6x2xf32>, tensor<1x4x4x2xf32>, tensor<1x6x6x2xf32>) {
  %p1 = nn.pad constant %x {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 1.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x6x6x2xf32>
  %0 = nn.conv2d %p1, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x6x6x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x6x6x2xf32>
  %p2 = nn.pad reflect %x {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x6x6x2xf32>
  %1 = nn.conv2d %p2, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x6x6x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x6x6x2xf32>
  %p3 = nn.pad constant %x {pads = array<i64: 0, 0, 0, 1, 0, 0, 0, 0>, value = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32>
  %2 = nn.conv2d %p3, %w3 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x4x4x3xf32>, tensor<1x1x3x2xf32>) -> tensor<1x4x4x2xf32>
  %p4 = nn.pad constant %x {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x6x6x2xf32>
  %3 = nn.pool2d max %p4 {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false}
       : (tensor<1x6x6x2xf32>) -> tensor<1x6x6x2xf32>
  return %0, %1, %2, %3 : tensor<1x6x6x2xf32>, tensor<1x6x6x2xf32>, tensor<1x4x4x2xf32>, tensor<1x6x6x2xf32>
}
