// RUN: edgec-opt %s --split-input-file --edgec-decompose | FileCheck %s

// scale' = 2 / sqrt(3 + 1) = 1, shift' = 0.5 - 1 * 1 = -0.5
// CHECK-LABEL: func @constant_params
// CHECK-DAG: %[[S:.*]] = arith.constant dense<1.000000e+00> : tensor<2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<-5.000000e-01> : tensor<2x1x1xf32>
// CHECK: %[[M:.*]] = nn.mul %arg0, %[[S]]
// CHECK: nn.add %[[M]], %[[B]]
// CHECK-NOT: nn.batch_norm
func.func @constant_params(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %s = arith.constant dense<2.0> : tensor<2xf32>
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %m = arith.constant dense<1.0> : tensor<2xf32>
  %v = arith.constant dense<3.0> : tensor<2xf32>
  %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Runtime parameters: s' and b' are computed by nn ops.
// CHECK-LABEL: func @runtime_params
// CHECK: %[[V:.*]] = nn.add %arg4, %{{.*}} : (tensor<2xf32>, tensor<f32>)
// CHECK: %[[R:.*]] = nn.unary sqrt %[[V]]
// CHECK: %[[S:.*]] = nn.div %arg1, %[[R]]
// CHECK: %[[MS:.*]] = nn.mul %arg3, %[[S]]
// CHECK: %[[B:.*]] = nn.sub %arg2, %[[MS]]
// CHECK: %[[S3:.*]] = nn.reshape %[[S]] : (tensor<2xf32>) -> tensor<2x1x1xf32>
// CHECK: %[[B3:.*]] = nn.reshape %[[B]] : (tensor<2xf32>) -> tensor<2x1x1xf32>
// CHECK: %[[Y:.*]] = nn.mul %arg0, %[[S3]]
// CHECK: nn.add %[[Y]], %[[B3]]
func.func @runtime_params(%x: tensor<1x2x3x3xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>,
                          %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
