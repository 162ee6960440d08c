// RUN: edgec-opt %s --edgec-decompose -verify-diagnostics

// Runtime parameters: the pass must not fire, and the op has no kernel.
func.func @runtime_params(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{BatchNormalization needs constant scale, bias, mean and variance}}
  %y = nn.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
