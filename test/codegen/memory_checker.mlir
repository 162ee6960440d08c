// The independent memory-plan checker finds buffers that overlap while both
// are live, and views that leave their buffer; and accepts this file once
// the planner has placed it.
// RUN: not %python %S/../e2e/check_memory_plan.py --ir %s | FileCheck %s
// CHECK-DAG: reaches elements 2..5 of 4
// CHECK-DAG: overlaps
// CHECK: 0 passed, 1 failed
// RUN: edgec-opt %S/Inputs/unplanned.mlir --edgec-plan-memory > %t.mlir
// RUN: %python %S/../e2e/check_memory_plan.py --ir %t.mlir | FileCheck %s --check-prefix=GOOD
// GOOD: 1 passed, 0 failed
func.func @bad(%arg0: memref<4xf32>, %arg1: memref<4xf32> {edgec.output = 0 : i64}, %arg2: memref<32xi8> {edgec.arena}) attributes {edgec.arena_size = 32 : i64} {
  %c0 = arith.constant 0 : index
  %a = memref.view %arg2[%c0][] : memref<32xi8> to memref<4xf32>
  %c8 = arith.constant 8 : index
  %b = memref.view %arg2[%c8][] : memref<32xi8> to memref<4xf32>
  kernel.clamp %arg0, %a {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  kernel.clamp %arg0, %b {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  %v = memref.reinterpret_cast %a to offset: [2], sizes: [4], strides: [1] : memref<4xf32> to memref<4xf32, strided<[1], offset: 2>>
  kernel.binary add %v, %b, %arg1 : memref<4xf32, strided<[1], offset: 2>>, memref<4xf32>, memref<4xf32>
  return
}
