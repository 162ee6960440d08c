// RUN: edgec-opt %s | edgec-opt | FileCheck %s

// CHECK-LABEL: func @ops
func.func @ops(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x16xf32>,
               %b: tensor<16xf32>) -> tensor<1x16xf32> {
  // CHECK: nn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32
  %c = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, groups = 1 : i64, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
       : (tensor<1x8x8x3xf32>, tensor<3x3x3x16xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  // CHECK: nn.pool2d
  %p = nn.pool2d avg %c {kernel = array<i64: 8, 8>, strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false}
       : (tensor<1x8x8x16xf32>) -> tensor<1x1x1x16xf32>
  // CHECK: nn.reshape
  %r = nn.reshape %p : (tensor<1x1x1x16xf32>) -> tensor<1x16xf32>
  // CHECK: nn.add
  %a = nn.add %r, %b : (tensor<1x16xf32>, tensor<16xf32>) -> tensor<1x16xf32>
  // CHECK: nn.clamp
  %k = nn.clamp %a {clamp_min = 0.0 : f32} : (tensor<1x16xf32>) -> tensor<1x16xf32>
  // CHECK: nn.softmax
  %s = nn.softmax %k {axis = 1 : i64} : (tensor<1x16xf32>) -> tensor<1x16xf32>
  return %s : tensor<1x16xf32>
}

// CHECK-LABEL: func @data
func.func @data(%x: tensor<2x3xf32>, %y: tensor<2x5xf32>, %w: tensor<8x4xf32>,
                %s: tensor<3xf32>) -> (tensor<8x2xf32>, tensor<2x4xf32>) {
  // CHECK: nn.concat %{{.*}}, %{{.*}} {axis = 1 : i64}
  %c = nn.concat %x, %y {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  // CHECK: nn.transpose %{{.*}} {perm = array<i64: 1, 0>}
  %t = nn.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x8xf32>) -> tensor<8x2xf32>
  // CHECK: nn.matmul
  %m = nn.matmul %c, %w : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return %t, %m : tensor<8x2xf32>, tensor<2x4xf32>
}

// CHECK-LABEL: func @batch_norm
func.func @batch_norm(%x: tensor<1x3x4x4xf32>, %p: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  // CHECK: nn.batch_norm {{.*}} {epsilon = 9.99999974E-6 : f32}
  %y = nn.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f32}
       : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}
