// RUN: edgec-opt %s --split-input-file --edgec-elide-copies | FileCheck %s

// Concatenation: both producers write their slice of the result directly.
// CHECK-LABEL: func @concat
// CHECK-NOT: kernel.copy
// CHECK: %[[A:.*]] = memref.reinterpret_cast %arg1 to offset: [0], sizes: [1, 2, 2, 2], strides: [{{[0-9]+}}, 10, 5, 1]
// CHECK: kernel.clamp %arg0, %[[A]]
// CHECK: %[[B:.*]] = memref.reinterpret_cast %arg1 to offset: [2], sizes: [1, 2, 2, 3], strides: [{{[0-9]+}}, 10, 5, 1]
// CHECK: kernel.clamp %{{.*}}, %[[B]]
func.func @concat(%x: memref<1x2x2x2xf32>, %out: memref<1x2x2x5xf32>) {
  %a = memref.alloc() : memref<1x2x2x2xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<1x2x2x2xf32>, memref<1x2x2x2xf32>
  %b = memref.alloc() : memref<1x2x2x3xf32>
  %xv = memref.reinterpret_cast %x to offset: [0], sizes: [1, 2, 2, 3], strides: [8, 4, 2, 0] : memref<1x2x2x2xf32> to memref<1x2x2x3xf32, strided<[8, 4, 2, 0]>>
  kernel.clamp %xv, %b {clamp_min = 1.0 : f32} : memref<1x2x2x3xf32, strided<[8, 4, 2, 0]>>, memref<1x2x2x3xf32>
  %s0 = memref.reinterpret_cast %out to offset: [0], sizes: [1, 2, 2, 2], strides: [20, 10, 5, 1] : memref<1x2x2x5xf32> to memref<1x2x2x2xf32, strided<[20, 10, 5, 1]>>
  kernel.copy %a, %s0 : memref<1x2x2x2xf32>, memref<1x2x2x2xf32, strided<[20, 10, 5, 1]>>
  %s1 = memref.reinterpret_cast %out to offset: [2], sizes: [1, 2, 2, 3], strides: [20, 10, 5, 1] : memref<1x2x2x5xf32> to memref<1x2x2x3xf32, strided<[20, 10, 5, 1], offset: 2>>
  kernel.copy %b, %s1 : memref<1x2x2x3xf32>, memref<1x2x2x3xf32, strided<[20, 10, 5, 1], offset: 2>>
  return
}

// -----

// A slice copied out and only read afterwards becomes a view of its source.
// CHECK-LABEL: func @split
// CHECK-NOT: kernel.copy
// CHECK: %[[V:.*]] = memref.reinterpret_cast %arg0 to offset: [2], sizes: [2, 2], strides: [4, 1]
// CHECK: kernel.clamp %[[V]], %arg1
func.func @split(%x: memref<2x4xf32>, %out: memref<2x2xf32>) {
  %v = memref.reinterpret_cast %x to offset: [2], sizes: [2, 2], strides: [4, 1] : memref<2x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 2>>
  %a = memref.alloc() : memref<2x2xf32>
  kernel.copy %v, %a : memref<2x2xf32, strided<[4, 1], offset: 2>>, memref<2x2xf32>
  kernel.clamp %a, %out {clamp_min = 0.0 : f32} : memref<2x2xf32>, memref<2x2xf32>
  return
}

// -----

// Must not elide: the source is written again after the copy (its old
// values are still needed), and a softmax, whose kernel needs collapsible
// dimensions, reads the copied buffer.
// CHECK-LABEL: func @keep
// CHECK: kernel.copy {{.*}}edgec.copy_reason = "writing in place: the source is only a part of its buffer; reading in place: the source is overwritten while the copy is still read"
// CHECK: kernel.copy {{.*}}edgec.copy_reason = "writing in place: the source is a graph input, a weight or a part of the destination; reading in place: a kernel using the copy needs a plain layout"
func.func @keep(%x: memref<2x4xf32>, %out: memref<2x2xf32>, %out2: memref<2x2xf32>) {
  %v = memref.reinterpret_cast %x to offset: [2], sizes: [2, 2], strides: [4, 1] : memref<2x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 2>>
  %d = memref.alloc() : memref<2x4xf32>
  kernel.clamp %x, %d {clamp_min = 0.0 : f32} : memref<2x4xf32>, memref<2x4xf32>
  %dv = memref.reinterpret_cast %d to offset: [2], sizes: [2, 2], strides: [4, 1] : memref<2x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 2>>
  %a = memref.alloc() : memref<2x2xf32>
  kernel.copy %dv, %a : memref<2x2xf32, strided<[4, 1], offset: 2>>, memref<2x2xf32>
  kernel.clamp %x, %d {clamp_min = 1.0 : f32} : memref<2x4xf32>, memref<2x4xf32>
  kernel.clamp %a, %out {clamp_min = 0.0 : f32} : memref<2x2xf32>, memref<2x2xf32>
  %b = memref.alloc() : memref<2x2xf32>
  kernel.copy %v, %b : memref<2x2xf32, strided<[4, 1], offset: 2>>, memref<2x2xf32>
  kernel.softmax %b, %out2 {axis = 1 : i64} : memref<2x2xf32>, memref<2x2xf32>
  return
}
