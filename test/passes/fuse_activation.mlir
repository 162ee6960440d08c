// RUN: edgec-opt %s --split-input-file --edgec-fuse-activation | FileCheck %s

// ReLU then ReLU6 after a conv: both become its clamp, intersected.
// CHECK-LABEL: func @conv_relu6
// CHECK: %[[C:.*]] = nn.conv2d {{.*}}clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32
// CHECK-NOT: nn.clamp
// CHECK: return %[[C]]
func.func @conv_relu6(%x: tensor<1x2x2x1xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
  %1 = nn.clamp %0 {clamp_min = 0.0 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %2 = nn.clamp %1 {clamp_min = -1.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %2 : tensor<1x2x2x1xf32>
}

// -----

// Must not fuse: the conv's unclamped output is used too, or the producer
// is not a conv or matmul.
// CHECK-LABEL: func @no_fuse
// CHECK: nn.clamp
// CHECK: nn.clamp
func.func @no_fuse(%x: tensor<1x2x2x1xf32>, %w: tensor<1x1x1x1xf32>) -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) {
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
  %1 = nn.clamp %0 {clamp_min = 0.0 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %2 = nn.clamp %x {clamp_min = 0.0 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %0, %1, %2 : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>
}

// -----

// A residual add followed by ReLU is one kernel.
// CHECK-LABEL: func @add_relu
// CHECK: %[[A:.*]] = nn.add %arg0, %arg1 {clamp_min = 0.000000e+00 : f32}
// CHECK-NOT: nn.clamp
// CHECK: return %[[A]]
func.func @add_relu(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = nn.add %x, %y : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = nn.clamp %0 {clamp_min = 0.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// ONNX's HardSwish after a conv becomes its output activation; a clamp
// after that stays (it would apply before the hard swish).
// CHECK-LABEL: func @conv_hard_swish
// CHECK: %[[C:.*]] = nn.conv2d {{.*}}hard_swish
// CHECK-NOT: nn.unary
// CHECK: nn.clamp %[[C]]
func.func @conv_hard_swish(%x: tensor<1x2x2x1xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
  %1 = nn.unary hard_swish %0 {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %2 = nn.clamp %1 {clamp_max = 1.0 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %2 : tensor<1x2x2x1xf32>
}

// -----

// Must not fuse a hard swish: the conv already has a clamp, or the
// coefficients are not ONNX's HardSwish.
// CHECK-LABEL: func @no_hard_swish
// CHECK-NOT: hard_swish,
// CHECK: nn.unary hard_swish
// CHECK: nn.unary hard_swish
func.func @no_hard_swish(%x: tensor<1x2x2x1xf32>, %w: tensor<1x1x1x1xf32>) -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) {
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64, clamp_min = 0.0 : f32}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
  %1 = nn.unary hard_swish %0 {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %2 = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x1xf32>
  %3 = nn.unary hard_swish %2 {alpha = 0.2 : f32, beta = 5.000000e-01 : f32} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %1, %3 : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>
}
