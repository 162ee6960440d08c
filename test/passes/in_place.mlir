// RUN: edgec-opt %s --split-input-file --edgec-in-place | FileCheck %s

// A residual add whose first input dies there writes into it.
// CHECK-LABEL: func @residual
// CHECK: %[[A:.*]] = memref.alloc() : memref<8xf32>
// CHECK: kernel.clamp %arg0, %[[A]]
// CHECK-NOT: memref.alloc
// CHECK: kernel.binary %[[A]], %arg0, %[[A]]
// CHECK: kernel.clamp %[[A]], %arg1
func.func @residual(%x: memref<8xf32>, %y: memref<8xf32>) {
  %a = memref.alloc() : memref<8xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<8xf32>, memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  kernel.binary %a, %x, %b {kind = 0 : i32} : memref<8xf32>, memref<8xf32>, memref<8xf32>
  kernel.clamp %b, %y {clamp_min = 1.0 : f32} : memref<8xf32>, memref<8xf32>
  return
}

// -----

// SiLU: the sigmoid must not overwrite x, which the multiply still reads;
// the multiply, where x dies, may. A graph input is never overwritten.
// CHECK-LABEL: func @keep
// CHECK: %[[X:.*]] = memref.alloc() : memref<8xf32>
// CHECK: %[[S:.*]] = memref.alloc() : memref<8xf32>
// CHECK: kernel.unary %[[X]], %[[S]]
// CHECK-NOT: memref.alloc
// CHECK: kernel.binary %[[X]], %[[S]], %[[X]]
// CHECK: kernel.unary %arg0, %arg1
func.func @keep(%x: memref<8xf32>, %y: memref<8xf32>) {
  %a = memref.alloc() : memref<8xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<8xf32>, memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  kernel.unary %a, %b {kind = 5 : i32, alpha = 1.0 : f32, beta = 0.0 : f32} : memref<8xf32>, memref<8xf32>
  %c = memref.alloc() : memref<8xf32>
  kernel.binary %a, %b, %c {kind = 2 : i32} : memref<8xf32>, memref<8xf32>, memref<8xf32>
  kernel.unary %x, %y {kind = 5 : i32, alpha = 1.0 : f32, beta = 0.0 : f32} : memref<8xf32>, memref<8xf32>
  kernel.clamp %c, %y {clamp_min = 1.0 : f32} : memref<8xf32>, memref<8xf32>
  return
}
