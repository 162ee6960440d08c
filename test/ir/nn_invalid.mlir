// RUN: edgec-opt %s -split-input-file -verify-diagnostics

func.func @conv_groups(%x: tensor<1x8x8x6xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{group count 4 does not divide the input channels}}
  %y = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, groups = 4 : i64}
       : (tensor<1x8x8x6xf32>, tensor<3x3x2x4xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

func.func @conv_size(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{spatial dimension 0 of the result is 8, expected 6}}
  %y = nn.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x8x8x3xf32>, %w: tensor<1x1x3x4xf32>, %b: tensor<3xf32>) -> tensor<1x8x8x4xf32> {
  // expected-error @+1 {{bias must have shape [4]}}
  %y = nn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, groups = 1 : i64}
       : (tensor<1x8x8x3xf32>, tensor<1x1x3x4xf32>, tensor<3xf32>) -> tensor<1x8x8x4xf32>
  return %y : tensor<1x8x8x4xf32>
}

// -----

func.func @broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{operand shapes 2x3 and 4 do not broadcast}}
  %y = nn.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @transpose(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{result shape must be 3x2}}
  %y = nn.transpose %a {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @perm(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{perm is not a permutation}}
  %y = nn.transpose %a {perm = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @reshape(%a: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{reshape changes the element count from 6 to 7}}
  %y = nn.reshape %a : (tensor<2x3xf32>) -> tensor<7xf32>
  return %y : tensor<7xf32>
}

// -----

func.func @concat(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{does not match 2x6 off the axis}}
  %y = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %y : tensor<2x6xf32>
}

// -----

func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{contraction sizes differ: 3 vs 4}}
  %y = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @softmax(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %y = nn.softmax %a {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @pool(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{pooling changes the channel count}}
  %y = nn.pool2d max %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false}
       : (tensor<1x8x8x3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
