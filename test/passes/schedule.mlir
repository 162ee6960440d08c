// RUN: edgec-opt %s --split-input-file --edgec-schedule | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edgec-schedule=search-width=1 | FileCheck %s --check-prefix=BEAM

// Two branches from %x: ONNX's order computes both big intermediates
// before either small result; the schedule finishes one branch first, so
// at most one big tensor is live.
// CHECK-LABEL: func @branches
// CHECK: %[[A:.*]] = nn.unary exp %arg0 {{.*}}tensor<1x64xf32>
// CHECK-NEXT: %[[RA:.*]] = nn.reduce sum %[[A]]
// CHECK-NEXT: %[[B:.*]] = nn.unary tanh %arg0 {{.*}}tensor<1x64xf32>
// CHECK-NEXT: %[[RB:.*]] = nn.reduce sum %[[B]]
func.func @branches(%x: tensor<1x64xf32>) -> tensor<1x1xf32> {
  %a = nn.unary exp %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %b = nn.unary tanh %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %ra = nn.reduce sum %a {axes = array<i64: 1>} : (tensor<1x64xf32>) -> tensor<1x1xf32>
  %rb = nn.reduce sum %b {axes = array<i64: 1>} : (tensor<1x64xf32>) -> tensor<1x1xf32>
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

// -----

// Greedy scheduling starts with the branch whose first tensor is smaller
// (r) and ends with a peak of 10 units of 64 bytes (q while p is live next
// to t); the search over sets of ops finds the order that runs the big
// branch first, peaking at 9 (p and q).
// CHECK-LABEL: func @greedy_trap
// CHECK: edgec.schedule_search = "exact,
// CHECK: %[[P:.*]] = nn.broadcast_to %arg0 {{.*}}tensor<8x16xf32>
// CHECK-NEXT: nn.reduce sum %[[P]]
// CHECK-NEXT: %[[R:.*]] = nn.broadcast_to %arg0 {{.*}}tensor<4x16xf32>
// CHECK-NEXT: %[[S:.*]] = nn.unary exp %[[R]]
// CHECK-NEXT: nn.reduce sum %[[S]]
// With one set of ops kept per step the search is a beam (and says so): it
// cannot see past the cheaper first step, and the order stays.
// BEAM-LABEL: func @greedy_trap
// BEAM: edgec.schedule_search = "beam,
// BEAM-NEXT: nn.broadcast_to %arg0 {{.*}}tensor<4x16xf32>
func.func @greedy_trap(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  %r = nn.broadcast_to %x : (tensor<1x16xf32>) -> tensor<4x16xf32>
  %s = nn.unary exp %r : (tensor<4x16xf32>) -> tensor<4x16xf32>
  %t = nn.reduce sum %s {axes = array<i64: 0>} : (tensor<4x16xf32>) -> tensor<1x16xf32>
  %p = nn.broadcast_to %x : (tensor<1x16xf32>) -> tensor<8x16xf32>
  %q = nn.reduce sum %p {axes = array<i64: 0>} : (tensor<8x16xf32>) -> tensor<1x16xf32>
  %y = nn.add %q, %t : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}


// -----

// Live bytes come from the element type. Run first, the int8 branch leaves
// its 128-byte %ra live while the f32 branch needs 388 bytes (peak 516);
// the f32 branch first leaves 1 byte live (peak 388). Counting 4 bytes per
// int8 element would keep the int8 branch first.
// CHECK-LABEL: func @element_bytes
// CHECK: nn.broadcast_to %arg1
// CHECK: nn.reduce sum
// CHECK: nn.broadcast_to %arg0
// CHECK: nn.slice
// CHECK: nn.add
func.func @element_bytes(%x: tensor<1x!quant.uniform<i8:f32, 0.1>>, %y: tensor<1xf32>) -> tensor<128x!quant.uniform<i8:f32, 0.1>> {
  %a = nn.broadcast_to %x : (tensor<1x!quant.uniform<i8:f32, 0.1>>) -> tensor<256x!quant.uniform<i8:f32, 0.1>>
  %ra = nn.slice %a {offsets = array<i64: 0>, steps = array<i64: 2>} : (tensor<256x!quant.uniform<i8:f32, 0.1>>) -> tensor<128x!quant.uniform<i8:f32, 0.1>>
  %b = nn.broadcast_to %y : (tensor<1xf32>) -> tensor<96xf32>
  %rb = nn.reduce sum %b {axes = array<i64: 0>} : (tensor<96xf32>) -> tensor<1xf32>
  %rq = nn.quantize %rb : (tensor<1xf32>) -> tensor<1x!quant.uniform<i8:f32, 0.1>>
  %s = nn.add %ra, %rq : (tensor<128x!quant.uniform<i8:f32, 0.1>>, tensor<1x!quant.uniform<i8:f32, 0.1>>) -> tensor<128x!quant.uniform<i8:f32, 0.1>>
  return %s : tensor<128x!quant.uniform<i8:f32, 0.1>>
}
