// RUN: edgec-opt %s | edgec-opt | FileCheck %s

// CHECK-LABEL: func @kernels
func.func @kernels(%x: memref<1x8x8x3xf32>, %w: memref<1x1x3x4xf32>, %b: memref<4xf32>,
                   %y: memref<1x8x8x4xf32>, %p: memref<1x4x4x4xf32>,
                   %m: memref<1x64xf32>, %fc: memref<64x10xf32>, %o: memref<1x10xf32>,
                   %wb: memref<1x1x1x3x16xf32>) {
  // CHECK: kernel.conv2d
  kernel.conv2d %x, %w, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
    : memref<1x8x8x3xf32>, memref<1x1x3x4xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  // A filter in blocks of 16 output channels: 4 channels, one block.
  // CHECK: kernel.conv2d {{.*}}filter_block = 16 : i64{{.*}}memref<1x1x1x3x16xf32>
  kernel.conv2d %x, %wb, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, filter_block = 16 : i64}
    : memref<1x8x8x3xf32>, memref<1x1x1x3x16xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  // CHECK: kernel.conv2d {{.*}}input_channels = array<i64: 2, 0, 1>
  kernel.conv2d %y, %w, %b, %y {groups = 1 : i64, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, input_channels = array<i64: 2, 0, 1>}
    : memref<1x8x8x4xf32>, memref<1x1x3x4xf32>, memref<4xf32>, memref<1x8x8x4xf32>
  // CHECK: kernel.pool2d
  kernel.pool2d max %y, %p {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false}
    : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>
  // CHECK: kernel.matmul
  %b2 = memref.alloc() : memref<10xf32>
  kernel.matmul %m, %fc, %b2, %o : memref<1x64xf32>, memref<64x10xf32>, memref<10xf32>, memref<1x10xf32>
  // CHECK: kernel.softmax
  kernel.softmax %o, %o {axis = 1 : i64} : memref<1x10xf32>, memref<1x10xf32>
  %t = memref.reinterpret_cast %y to offset: [0], sizes: [1, 4, 8, 8], strides: [256, 1, 32, 4]
       : memref<1x8x8x4xf32> to memref<1x4x8x8xf32, strided<[256, 1, 32, 4]>>
  %c = memref.alloc() : memref<1x4x8x8xf32>
  // CHECK: kernel.copy %{{.*}}, %{{.*}} : memref<1x4x8x8xf32, strided<[256, 1, 32, 4]>>, memref<1x4x8x8xf32>
  kernel.copy %t, %c : memref<1x4x8x8xf32, strided<[256, 1, 32, 4]>>, memref<1x4x8x8xf32>
  // CHECK: kernel.binary
  kernel.binary mul %o, %o, %o : memref<1x10xf32>, memref<1x10xf32>, memref<1x10xf32>
  // CHECK: kernel.clamp
  kernel.clamp %o, %o {clamp_min = 0.0 : f32} : memref<1x10xf32>, memref<1x10xf32>
  return
}
