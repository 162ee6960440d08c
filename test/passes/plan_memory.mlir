// RUN: edgec-opt %s --split-input-file --edgec-plan-memory | FileCheck %s

// A chain: each buffer dies when the next is written, so two slots suffice.
// CHECK-LABEL: func @chain
// CHECK-SAME: %{{.*}}: memref<32xi8> {edgec.arena}
// CHECK-SAME: edgec.arena_lower_bound = 32 : i64, edgec.arena_size = 32 : i64
// CHECK: %[[O0:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %{{.*}}[%[[O0]]][] {edgec.live = array<i64: 0, 1>} : memref<32xi8> to memref<4xf32>
// CHECK: %[[O1:.*]] = arith.constant 16 : index
// CHECK: %[[B:.*]] = memref.view %{{.*}}[%[[O1]]][] {{.*}}: memref<32xi8> to memref<4xf32>
// CHECK: %[[O2:.*]] = arith.constant 0 : index
// CHECK: %[[C:.*]] = memref.view %{{.*}}[%[[O2]]][] {{.*}}: memref<32xi8> to memref<4xf32>
func.func @chain(%x: memref<4xf32>, %y: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  kernel.clamp %a, %b {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  %c = memref.alloc() : memref<4xf32>
  kernel.clamp %b, %c {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  kernel.clamp %c, %y {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  return
}

// -----

// Must not share: %a stays live through a view until the last op, so %b
// and %c cannot take its place.
// CHECK-LABEL: func @live_through_view
// CHECK-SAME: edgec.arena_lower_bound = 48 : i64, edgec.arena_size = 48 : i64
// CHECK: arith.constant 0 : index
// CHECK: arith.constant 16 : index
// CHECK: arith.constant 32 : index
func.func @live_through_view(%x: memref<4xf32>, %y: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  %v = memref.reinterpret_cast %a to offset: [0], sizes: [2, 2], strides: [2, 1] : memref<4xf32> to memref<2x2xf32>
  %b = memref.alloc() : memref<4xf32>
  kernel.clamp %x, %b {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  %c = memref.alloc() : memref<4xf32>
  kernel.binary add %b, %x, %c : memref<4xf32>, memref<4xf32>, memref<4xf32>
  %w = memref.reinterpret_cast %v to offset: [0], sizes: [4], strides: [1] : memref<2x2xf32> to memref<4xf32>
  kernel.binary add %w, %c, %y : memref<4xf32>, memref<4xf32>, memref<4xf32>
  return
}

// -----

// Best of several placements: first fit by size would stack the two small
// buffers above the big one; the smallest arena wins and is recorded.
// CHECK-LABEL: func @records
// CHECK-SAME: edgec.no_reuse_bytes = 96 : i64
// CHECK-SAME: edgec.placement =
// CHECK: kernel.clamp {{.*}}edgec.live_bytes = 16 : i64
func.func @records(%x: memref<4xf32>, %y: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  %b = memref.alloc() : memref<16xf32>
  %bv = memref.reinterpret_cast %b to offset: [0], sizes: [4], strides: [1] : memref<16xf32> to memref<4xf32>
  kernel.clamp %a, %bv {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  %c = memref.alloc() : memref<4xf32>
  kernel.clamp %bv, %c {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  kernel.clamp %c, %y {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  return
}

// -----

// Bytes come from the element type: 10 bytes of i8 and 12 of i32 are live
// together (a lower bound of 22), each buffer padded to 16 in the arena.
// CHECK-LABEL: func @element_bytes
// CHECK-SAME: edgec.arena_lower_bound = 22 : i64, edgec.arena_size = 32 : i64
// CHECK-DAG: memref.view {{.*}} : memref<32xi8> to memref<10xi8>
// CHECK-DAG: memref.view {{.*}} : memref<32xi8> to memref<3xi32>
func.func @element_bytes(%x: memref<10xi8>, %n: memref<3xi32>, %y: memref<10xi8>, %m: memref<3xi32>) {
  %a = memref.alloc() : memref<10xi8>
  kernel.copy %x, %a : memref<10xi8>, memref<10xi8>
  %b = memref.alloc() : memref<3xi32>
  kernel.copy %n, %b : memref<3xi32>, memref<3xi32>
  kernel.copy %a, %y : memref<10xi8>, memref<10xi8>
  kernel.copy %b, %m : memref<3xi32>, memref<3xi32>
  return
}
