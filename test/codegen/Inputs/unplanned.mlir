func.func @good(%arg0: memref<4xf32>, %arg1: memref<4xf32> {edgec.output = 0 : i64}) {
  %a = memref.alloc() : memref<4xf32>
  kernel.clamp %arg0, %a {clamp_min = 0.0 : f32} : memref<4xf32>, memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  kernel.clamp %arg0, %b {clamp_min = 1.0 : f32} : memref<4xf32>, memref<4xf32>
  kernel.binary add %a, %b, %arg1 : memref<4xf32>, memref<4xf32>, memref<4xf32>
  return
}
