// RUN: edgec-opt %s --split-input-file --edgec-compile-variants -verify-diagnostics | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edgec-compile-variants=disable-passes=edgec-schedule -verify-diagnostics | FileCheck %s --check-prefix=ONNX
// RUN: not edgec-opt %s --split-input-file --edgec-compile-variants=memory-budget=200 -o /dev/null 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: edgec-opt %s --split-input-file --edgec-compile-variants --mlir-print-ir-after-all -verify-diagnostics -o /dev/null 2>&1 | FileCheck %s --check-prefix=NESTED

// ONNX's order computes both 256-byte intermediates before either sum
// (516 bytes live); the searched order finishes one branch first. The
// searched variant wins and replaces the module's body, planned, its
// kernels chosen, both lower bounds recorded.
// CHECK-LABEL: func @branches
// CHECK-SAME: edgec.arena_lower_bound = 264 : i64
// CHECK-SAME: edgec.onnx_order_lower_bound = 516 : i64
// CHECK-SAME: edgec.schedule = "searched order (exact, 10 sets of ops)"
// CHECK: kernel.unary exp {{.*}}edgec.kernel = #edgec.kernel<"ec_unary_f32"
// CHECK: kernel.reduce sum
// CHECK: kernel.unary tanh
// CHECK-NOT: module @
// Without the schedule, ONNX's order is the only variant.
// ONNX-LABEL: func @branches
// ONNX-SAME: edgec.arena_lower_bound = 516 : i64
// ONNX-NOT: edgec.schedule =
// ONNX: kernel.unary exp
// ONNX-NOT: kernel.reduce
// ONNX: kernel.unary tanh
// Each variant is a module nested in the one compiled, on which the
// kernel pipeline runs (printed, timed and dumped like any pass).
// NESTED: IR Dump After Schedule (edgec-schedule)
// NESTED: IR Dump After LowerToKernel (edgec-lower-to-kernel)
// NESTED-NEXT: module @scheduled
// NESTED: IR Dump After PlanMemory (edgec-plan-memory)
// NESTED: module @onnx_order
// NESTED: IR Dump After CompileVariants (edgec-compile-variants)
// The winner's arena is checked against the budget, at the layer where the
// most bytes are live.
// BUDGET: :[[# @LINE + 5]]:9: error: the arena needs 288 bytes, over the budget of 200 bytes; 264 bytes are live at this layer
func.func @branches(%x: tensor<1x64xf32>) -> tensor<1x1xf32> {
  %a = nn.unary exp %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %b = nn.unary tanh %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %ra = nn.reduce sum %a {axes = array<i64: 1>} : (tensor<1x64xf32>) -> tensor<1x1xf32>
  %rb = nn.reduce sum %b {axes = array<i64: 1>} : (tensor<1x64xf32>) -> tensor<1x1xf32>
  %s = nn.add %ra, %rb : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %s : tensor<1x1xf32>
}

// -----

// A chain has one order: ties go to ONNX's.
// CHECK-LABEL: func @chain
// CHECK-SAME: edgec.schedule = "ONNX node order (the searched order's arena is not smaller;
func.func @chain(%x: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %a = nn.unary exp %x : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %b = nn.unary tanh %a : (tensor<1x64xf32>) -> tensor<1x64xf32>
  %c = nn.unary sigmoid %b : (tensor<1x64xf32>) -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}

// -----

// A fused quadratic convolution: the same compile with it expanded again
// measures what the fusion saves.
// CHECK-LABEL: func @quadratic
// CHECK-SAME: edgec.quadratic_fusion_arena_saved = 512 : i64
// CHECK: kernel.quadratic_dwconv2d
func.func @quadratic(%x: tensor<1x4x4x4xf32>, %w: tensor<3x3x1x4xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = nn.quadratic_dwconv2d %x, %w, %w, %w, %b, %b, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
       : (tensor<1x4x4x4xf32>, tensor<3x3x1x4xf32>, tensor<3x3x1x4xf32>, tensor<3x3x1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %r = nn.unary tanh %y : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}
