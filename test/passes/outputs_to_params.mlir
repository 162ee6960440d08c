// RUN: edgec-opt %s --split-input-file --edgec-outputs-to-params | FileCheck %s

// The producer writes the caller's buffer directly, through the reshape.
// CHECK-LABEL: func @direct
// CHECK-SAME: (%[[X:.*]]: memref<2x2xf32> {edgec.name = "x"}, %[[OUT:.*]]: memref<4xf32> {edgec.output = 0 : i64})
// CHECK-NOT: memref.alloc
// CHECK: %[[V:.*]] = memref.reinterpret_cast %[[OUT]] to offset: [0], sizes: [2, 2], strides: [2, 1]
// CHECK: kernel.clamp %[[X]], %[[V]]
// CHECK-NOT: kernel.copy
// CHECK: return{{$}}
func.func @direct(%x: memref<2x2xf32> {edgec.name = "x"}) -> (memref<4xf32> {edgec.name = "y"}) {
  %a = memref.alloc() : memref<2x2xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<2x2xf32>, memref<2x2xf32>
  %r = memref.reinterpret_cast %a to offset: [0], sizes: [4], strides: [1] : memref<2x2xf32> to memref<4xf32>
  return %r : memref<4xf32>
}

// -----

// Must not alias: a graph input returned as an output, and a buffer
// returned twice, are copied.
// CHECK-LABEL: func @copies
// CHECK: kernel.clamp %arg0, %arg2
// CHECK: kernel.copy %arg0, %arg1
// CHECK: kernel.copy %arg2, %arg3
func.func @copies(%x: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  return %x, %a, %a : memref<4xf32>, memref<4xf32>, memref<4xf32>
}
