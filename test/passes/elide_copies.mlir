// RUN: edgec-opt %s --split-input-file --edgec-elide-copies | FileCheck %s
// RUN: edgec-opt %s --split-input-file --edgec-elide-copies=merge-copies=false | FileCheck %s --check-prefix=NOMERGE
// RUN: edgec-opt %s --split-input-file --edgec-elide-copies=keep-peak=false | FileCheck %s --check-prefix=ALL

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
// CHECK: kernel.copy {{.*}}edgec.copy_reason = "writing in place: the source is only a part of its buffer; reading in place: the source is overwritten while the copy is still read; sharing channels: the buffers differ in shape or are not both the model's own; reading channels: the buffers are not channels of the same pixels"
// CHECK: kernel.copy {{.*}}edgec.copy_reason = "writing in place: the source is a graph input, a weight or a part of the destination; reading in place: a kernel using the copy needs a plain layout; sharing channels: the buffers differ in shape or are not both the model's own; reading channels: the buffers are not channels of the same pixels"
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

// -----

// ShuffleNet V2's stride-1 units: each copies the first half of the previous
// shuffled buffer into the even channels of the next, and a 1x1 conv writes
// its odd ones. With two units on four channels every buffer shares the
// first one's channels: the pass-through halves never move, the branches
// write into the channels their input freed, and after two shuffles the
// channels are back in order, so the last reader needs no table.
// CHECK-LABEL: func @shuffle_units
// CHECK-NOT: kernel.copy
// CHECK: %[[P:.*]] = memref.alloc() : memref<1x2x2x4xf32>
// CHECK-NOT: memref.alloc() : memref<1x2x2x4xf32>
// CHECK: kernel.conv2d %arg0, %arg1, %[[P]]
// CHECK: %[[X2:.*]] = memref.reinterpret_cast %[[P]] to offset: [2], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1]
// CHECK: kernel.conv2d %[[X2]]
// CHECK: %[[Y1:.*]] = memref.reinterpret_cast %[[P]] to offset: [2], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1]
// CHECK: kernel.conv2d {{.*}}, %[[Y1]] {
// CHECK: %[[X3:.*]] = memref.reinterpret_cast %[[P]] to offset: [1], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2]
// CHECK: kernel.conv2d %[[X3]]
// CHECK: %[[Y2:.*]] = memref.reinterpret_cast %[[P]] to offset: [1], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2]
// CHECK: kernel.conv2d {{.*}}, %[[Y2]] {
// CHECK: kernel.conv2d %[[P]], %arg1, %arg3 {
// CHECK-NOT: input_channels
// CHECK: return
func.func @shuffle_units(%x: memref<1x2x2x4xf32>, %w0: memref<1x1x4x4xf32>, %w: memref<1x1x2x2xf32>, %out: memref<1x2x2x4xf32>) {
  %b0 = memref.alloc() : memref<1x2x2x4xf32>
  kernel.conv2d %x, %w0, %b0 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  %b1 = memref.alloc() : memref<1x2x2x4xf32>
  %b0lo = memref.reinterpret_cast %b0 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>
  %b0hi = memref.reinterpret_cast %b0 to offset: [2], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>
  %b1ev = memref.reinterpret_cast %b1 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %b1od = memref.reinterpret_cast %b1 to offset: [1], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.copy %b0lo, %b1ev : memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %t1 = memref.alloc() : memref<1x2x2x2xf32>
  kernel.conv2d %b0hi, %w, %t1 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32>
  kernel.conv2d %t1, %w, %b1od {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  %b2 = memref.alloc() : memref<1x2x2x4xf32>
  %b1lo = memref.reinterpret_cast %b1 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>
  %b1hi = memref.reinterpret_cast %b1 to offset: [2], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>
  %b2ev = memref.reinterpret_cast %b2 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %b2od = memref.reinterpret_cast %b2 to offset: [1], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.copy %b1lo, %b2ev : memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %t2 = memref.alloc() : memref<1x2x2x2xf32>
  kernel.conv2d %b1hi, %w, %t2 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32>
  kernel.conv2d %t2, %w, %b2od {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.conv2d %b2, %w0, %out {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  return
}

// -----

// One unit: the reader of the shuffled buffer sees channels 0, 2, 1, 3 of
// the shared one, which no strided view names; a convolution reads them
// through a table.
// CHECK-LABEL: func @shuffle_table
// CHECK-NOT: kernel.copy
// CHECK: kernel.conv2d %[[P:.*]], %arg1, %arg3 {{{.*}}input_channels = array<i64: 0, 2, 1, 3>
func.func @shuffle_table(%x: memref<1x2x2x4xf32>, %w0: memref<1x1x4x4xf32>, %w: memref<1x1x2x2xf32>, %out: memref<1x2x2x4xf32>) {
  %b0 = memref.alloc() : memref<1x2x2x4xf32>
  kernel.conv2d %x, %w0, %b0 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  %b1 = memref.alloc() : memref<1x2x2x4xf32>
  %b0lo = memref.reinterpret_cast %b0 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>
  %b0hi = memref.reinterpret_cast %b0 to offset: [2], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>
  %b1ev = memref.reinterpret_cast %b1 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %b1od = memref.reinterpret_cast %b1 to offset: [1], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.copy %b0lo, %b1ev : memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %t1 = memref.alloc() : memref<1x2x2x2xf32>
  kernel.conv2d %b0hi, %w, %t1 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32>
  kernel.conv2d %t1, %w, %b1od {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.conv2d %b1, %w0, %out {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  return
}

// -----

// Must not share: a pooling kernel (no channel tables) reads the shuffled
// buffer, whose channels would need one.
// CHECK-LABEL: func @shuffle_pool_reader
// CHECK: kernel.copy {{.*}}sharing channels: a kernel other than a convolution would need a channel table
func.func @shuffle_pool_reader(%x: memref<1x2x2x4xf32>, %w0: memref<1x1x4x4xf32>, %w: memref<1x1x2x2xf32>, %out: memref<1x2x2x4xf32>) {
  %b0 = memref.alloc() : memref<1x2x2x4xf32>
  kernel.conv2d %x, %w0, %b0 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  %b1 = memref.alloc() : memref<1x2x2x4xf32>
  %b0lo = memref.reinterpret_cast %b0 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>
  %b0hi = memref.reinterpret_cast %b0 to offset: [2], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>
  %b1ev = memref.reinterpret_cast %b1 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %b1od = memref.reinterpret_cast %b1 to offset: [1], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.copy %b0lo, %b1ev : memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %t1 = memref.alloc() : memref<1x2x2x2xf32>
  kernel.conv2d %b0hi, %w, %t1 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32>
  kernel.conv2d %t1, %w, %b1od {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.pool2d max %b1, %out {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false} : memref<1x2x2x4xf32>, memref<1x2x2x4xf32>
  return
}

// -----

// Must not share: the branch reads the pass-through half again after its
// result is written (the copied channels stay live), so no channel of the
// source is free when the destination's are written.
// CHECK-LABEL: func @shuffle_no_free_channel
// CHECK: kernel.copy {{.*}}sharing channels: no channel of the source is free when the destination's are written
func.func @shuffle_no_free_channel(%x: memref<1x2x2x4xf32>, %w0: memref<1x1x4x4xf32>, %w: memref<1x1x2x2xf32>, %out: memref<1x2x2x4xf32>) {
  %b0 = memref.alloc() : memref<1x2x2x4xf32>
  kernel.conv2d %x, %w0, %b0 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  %b1 = memref.alloc() : memref<1x2x2x4xf32>
  %b0lo = memref.reinterpret_cast %b0 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>
  %b0hi = memref.reinterpret_cast %b0 to offset: [2], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>
  %b1ev = memref.reinterpret_cast %b1 to offset: [0], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %b1od = memref.reinterpret_cast %b1 to offset: [1], sizes: [1, 2, 2, 2], strides: [16, 8, 4, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.copy %b0lo, %b1ev : memref<1x2x2x2xf32, strided<[16, 8, 4, 1]>>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2]>>
  %t1 = memref.alloc() : memref<1x2x2x2xf32>
  kernel.conv2d %b0hi, %w, %t1 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32>
  kernel.conv2d %t1, %w, %b1od {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32, strided<[16, 8, 4, 2], offset: 1>>
  kernel.conv2d %b0hi, %w, %t1 {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x2xf32, strided<[16, 8, 4, 1], offset: 2>>, memref<1x1x2x2xf32>, memref<1x2x2x2xf32>
  kernel.conv2d %b1, %w0, %out {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  return
}

// -----

// ShuffleNet V1: the channel shuffle between the group conv and the
// depthwise conv is a copy out of a transposed 5-D view; the depthwise conv
// reads the group conv's buffer through a channel table instead.
// CHECK-LABEL: func @shuffle_read
// CHECK-NOT: kernel.copy
// CHECK: %[[D:.*]] = memref.alloc() : memref<1x2x2x4xf32>
// CHECK-NOT: memref.alloc
// CHECK: kernel.conv2d %[[D]], %arg2, %arg3 {{{.*}}input_channels = array<i64: 0, 2, 1, 3>
func.func @shuffle_read(%x: memref<1x2x2x4xf32>, %w0: memref<1x1x4x4xf32>, %wd: memref<3x3x1x4xf32>, %out: memref<1x2x2x4xf32>) {
  %d = memref.alloc() : memref<1x2x2x4xf32>
  kernel.conv2d %x, %w0, %d {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  %dv = memref.reinterpret_cast %d to offset: [0], sizes: [1, 2, 2, 2, 2], strides: [16, 8, 4, 1, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2x2xf32, strided<[16, 8, 4, 1, 2]>>
  %a = memref.alloc() : memref<1x2x2x4xf32>
  %av = memref.reinterpret_cast %a to offset: [0], sizes: [1, 2, 2, 2, 2], strides: [16, 8, 4, 2, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2x2xf32, strided<[16, 8, 4, 2, 1]>>
  kernel.copy %dv, %av : memref<1x2x2x2x2xf32, strided<[16, 8, 4, 1, 2]>>, memref<1x2x2x2x2xf32, strided<[16, 8, 4, 2, 1]>>
  kernel.conv2d %a, %wd, %out {groups = 4 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : memref<1x2x2x4xf32>, memref<3x3x1x4xf32>, memref<1x2x2x4xf32>
  return
}

// -----

// Must not read through a table: a pooling kernel reads the shuffled copy.
// CHECK-LABEL: func @shuffle_read_pool
// CHECK: kernel.copy {{.*}}reading channels: a kernel other than a convolution would need a channel table
func.func @shuffle_read_pool(%x: memref<1x2x2x4xf32>, %w0: memref<1x1x4x4xf32>, %out: memref<1x2x2x4xf32>) {
  %d = memref.alloc() : memref<1x2x2x4xf32>
  kernel.conv2d %x, %w0, %d {groups = 1 : i64, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x4xf32>, memref<1x1x4x4xf32>, memref<1x2x2x4xf32>
  %dv = memref.reinterpret_cast %d to offset: [0], sizes: [1, 2, 2, 2, 2], strides: [16, 8, 4, 1, 2] : memref<1x2x2x4xf32> to memref<1x2x2x2x2xf32, strided<[16, 8, 4, 1, 2]>>
  %a = memref.alloc() : memref<1x2x2x4xf32>
  %av = memref.reinterpret_cast %a to offset: [0], sizes: [1, 2, 2, 2, 2], strides: [16, 8, 4, 2, 1] : memref<1x2x2x4xf32> to memref<1x2x2x2x2xf32, strided<[16, 8, 4, 2, 1]>>
  kernel.copy %dv, %av : memref<1x2x2x2x2xf32, strided<[16, 8, 4, 1, 2]>>, memref<1x2x2x2x2xf32, strided<[16, 8, 4, 2, 1]>>
  kernel.pool2d max %a, %out {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false} : memref<1x2x2x4xf32>, memref<1x2x2x4xf32>
  return
}

// -----

// DenseNet: a concatenation copies the two parts of an earlier one (a
// 3-channel buffer) into its first channels. The two copies become one
// covering the source whole, which then disappears: the earlier
// concatenation's producers write into the later one.
// CHECK-LABEL: func @adjacent_copies
// CHECK-NOT: kernel.copy
// CHECK: %[[D:.*]] = memref.alloc() : memref<1x2x2x5xf32>
// CHECK: %[[P:.*]] = memref.reinterpret_cast %[[D]] to offset: [0], sizes: [1, 2, 2, 2], strides: [{{[0-9]+}}, 10, 5, 1]
// CHECK: kernel.clamp %arg0, %[[P]]
// CHECK: %[[Q:.*]] = memref.reinterpret_cast %[[D]] to offset: [2], sizes: [1, 2, 2, 1], strides: [{{[0-9]+}}, 10, 5, {{[0-9]+}}]
// CHECK: kernel.clamp %{{.*}}, %[[Q]]
// NOMERGE-LABEL: func @adjacent_copies
// NOMERGE-COUNT-2: kernel.copy
func.func @adjacent_copies(%x: memref<1x2x2x2xf32>, %y: memref<1x2x2x1xf32>, %out: memref<1x2x2x5xf32>, %out2: memref<1x2x2x3xf32>) {
  %a = memref.alloc() : memref<1x2x2x3xf32>
  %a0 = memref.reinterpret_cast %a to offset: [0], sizes: [1, 2, 2, 2], strides: [12, 6, 3, 1] : memref<1x2x2x3xf32> to memref<1x2x2x2xf32, strided<[12, 6, 3, 1]>>
  kernel.clamp %x, %a0 {clamp_min = 0.0 : f32} : memref<1x2x2x2xf32>, memref<1x2x2x2xf32, strided<[12, 6, 3, 1]>>
  %a1 = memref.reinterpret_cast %a to offset: [2], sizes: [1, 2, 2, 1], strides: [12, 6, 3, 1] : memref<1x2x2x3xf32> to memref<1x2x2x1xf32, strided<[12, 6, 3, 1], offset: 2>>
  kernel.clamp %y, %a1 {clamp_min = 0.0 : f32} : memref<1x2x2x1xf32>, memref<1x2x2x1xf32, strided<[12, 6, 3, 1], offset: 2>>
  %d = memref.alloc() : memref<1x2x2x5xf32>
  %d2 = memref.reinterpret_cast %d to offset: [3], sizes: [1, 2, 2, 2], strides: [20, 10, 5, 1] : memref<1x2x2x5xf32> to memref<1x2x2x2xf32, strided<[20, 10, 5, 1], offset: 3>>
  kernel.clamp %x, %d2 {clamp_min = 1.0 : f32} : memref<1x2x2x2xf32>, memref<1x2x2x2xf32, strided<[20, 10, 5, 1], offset: 3>>
  %s0 = memref.reinterpret_cast %a to offset: [0], sizes: [1, 2, 2, 2], strides: [12, 6, 3, 1] : memref<1x2x2x3xf32> to memref<1x2x2x2xf32, strided<[12, 6, 3, 1]>>
  %d0 = memref.reinterpret_cast %d to offset: [0], sizes: [1, 2, 2, 2], strides: [20, 10, 5, 1] : memref<1x2x2x5xf32> to memref<1x2x2x2xf32, strided<[20, 10, 5, 1]>>
  kernel.copy %s0, %d0 : memref<1x2x2x2xf32, strided<[12, 6, 3, 1]>>, memref<1x2x2x2xf32, strided<[20, 10, 5, 1]>>
  %s1 = memref.reinterpret_cast %a to offset: [2], sizes: [1, 2, 2, 1], strides: [12, 6, 3, 1] : memref<1x2x2x3xf32> to memref<1x2x2x1xf32, strided<[12, 6, 3, 1], offset: 2>>
  %d1 = memref.reinterpret_cast %d to offset: [2], sizes: [1, 2, 2, 1], strides: [20, 10, 5, 1] : memref<1x2x2x5xf32> to memref<1x2x2x1xf32, strided<[20, 10, 5, 1], offset: 2>>
  kernel.copy %s1, %d1 : memref<1x2x2x1xf32, strided<[12, 6, 3, 1], offset: 2>>, memref<1x2x2x1xf32, strided<[20, 10, 5, 1], offset: 2>>
  kernel.clamp %a, %out2 {clamp_max = 5.0 : f32} : memref<1x2x2x3xf32>, memref<1x2x2x3xf32>
  kernel.clamp %d, %out {clamp_max = 5.0 : f32} : memref<1x2x2x5xf32>, memref<1x2x2x5xf32>
  return
}

// -----

// Removing a copy makes the destination live over the source's range. The
// copy of %a would put the 512-byte concatenation next to the 1 KB %big
// (peak 1280 -> 1536 bytes): it stays. The copy of %b costs nothing and goes.
// CHECK-LABEL: func @raises_peak
// CHECK: kernel.copy {{.*}}edgec.copy_reason = "writing in place: removing it would raise the peak of live bytes from 1280 to 1536
// CHECK-NOT: kernel.copy
// CHECK: return
// ALL-LABEL: func @raises_peak
// ALL-NOT: kernel.copy
// ALL: return
func.func @raises_peak(%x: memref<1x64xf32>, %x2: memref<1x256xf32>, %y2: memref<1x256xf32>, %out: memref<2x64xf32>) {
  %a = memref.alloc() : memref<1x64xf32>
  kernel.clamp %x, %a {clamp_min = 0.0 : f32} : memref<1x64xf32>, memref<1x64xf32>
  %big = memref.alloc() : memref<1x256xf32>
  kernel.clamp %x2, %big {clamp_min = 0.0 : f32} : memref<1x256xf32>, memref<1x256xf32>
  kernel.clamp %big, %y2 {clamp_min = 1.0 : f32} : memref<1x256xf32>, memref<1x256xf32>
  %b = memref.alloc() : memref<1x64xf32>
  kernel.clamp %x, %b {clamp_min = 2.0 : f32} : memref<1x64xf32>, memref<1x64xf32>
  %d = memref.alloc() : memref<2x64xf32>
  %d0 = memref.reinterpret_cast %d to offset: [0], sizes: [1, 64], strides: [64, 1] : memref<2x64xf32> to memref<1x64xf32, strided<[64, 1]>>
  kernel.copy %a, %d0 : memref<1x64xf32>, memref<1x64xf32, strided<[64, 1]>>
  %d1 = memref.reinterpret_cast %d to offset: [64], sizes: [1, 64], strides: [64, 1] : memref<2x64xf32> to memref<1x64xf32, strided<[64, 1], offset: 64>>
  kernel.copy %b, %d1 : memref<1x64xf32>, memref<1x64xf32, strided<[64, 1], offset: 64>>
  kernel.clamp %d, %out {clamp_max = 5.0 : f32} : memref<2x64xf32>, memref<2x64xf32>
  return
}
