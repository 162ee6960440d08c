// Kernel IR on int8 and int32 buffers with two intermediates in the arena
// (10 bytes of int8, 24 bytes of int32), before kernel selection and
// memory planning.
func.func @intk(%x: memref<2x5xi8> {edgec.name = "x"}, %n: memref<2x3xi32> {edgec.name = "n"},
                %y: memref<5x2xi8> {edgec.output = 0 : i64}, %m: memref<3x2xi32> {edgec.output = 1 : i64})
    attributes {edgec.output_names = ["y", "m"]} {
  %a = memref.alloc() : memref<2x5xi8>
  kernel.copy %x, %a : memref<2x5xi8>, memref<2x5xi8> loc("copy_x")
  %b = memref.alloc() : memref<2x3xi32>
  kernel.copy %n, %b : memref<2x3xi32>, memref<2x3xi32> loc("copy_n")
  %at = memref.reinterpret_cast %a to offset: [0], sizes: [5, 2], strides: [1, 5] : memref<2x5xi8> to memref<5x2xi8, strided<[1, 5]>>
  kernel.copy %at, %y : memref<5x2xi8, strided<[1, 5]>>, memref<5x2xi8> loc("transpose_x")
  %bt = memref.reinterpret_cast %b to offset: [0], sizes: [3, 2], strides: [1, 3] : memref<2x3xi32> to memref<3x2xi32, strided<[1, 3]>>
  kernel.copy %bt, %m : memref<3x2xi32, strided<[1, 3]>>, memref<3x2xi32> loc("transpose_n")
  return
}
