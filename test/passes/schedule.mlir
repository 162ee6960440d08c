// RUN: edgec-opt %s --split-input-file --edgec-schedule | FileCheck %s

// Two branches from %x: ONNX's order computes both big intermediates
// before either small result; the schedule finishes one branch first, so
// at most one big tensor is live.
// CHECK-LABEL: func @branches
// CHECK: %[[A:.*]] = nn.unary exp %arg0 {{.*}}tensor<1x64xf32>
// CHECK-NEXT: %[[RA:.*]] = nn.reduce %[[A]]
// CHECK-NEXT: %[[B:.*]] = nn.unary tanh %arg0 {{.*}}tensor<1x64xf32>
// CHECK-NEXT: %[[RB:.*]] = nn.reduce %[[B]]
func.func @branches(%x: tensor<1x64xf32>) -> tensor<1x1xf32> {
  %a = nn.unary exp %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %b = nn.unary tanh %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %ra = nn.reduce %a {kind = 0 : i32, axes = array<i64: 1>} : (tensor<1x64xf32>) -> tensor<1x1xf32>
  %rb = nn.reduce %b {kind = 0 : i32, axes = array<i64: 1>} : (tensor<1x64xf32>) -> tensor<1x1xf32>
  %s = nn.add %ra, %rb : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %s : tensor<1x1xf32>
}

// -----

// Must not reorder: a chain has one order.
// CHECK-LABEL: func @chain
// CHECK: nn.unary exp
// CHECK-NEXT: nn.unary tanh
// CHECK-NEXT: nn.unary sigmoid
func.func @chain(%x: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %a = nn.unary exp %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %b = nn.unary tanh %a : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %c = nn.unary sigmoid %b : (tensor<1x64xf32>) -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}
