// nn IR on integer tensors: int8 and int32 inputs, an int32 weight, data
// movement only (concatenations, transposes, slices). Each concatenation is
// read twice in different orders, so it needs a buffer of its own in the
// arena: 32 bytes of int8 and 96 bytes of int32.
func.func @ints(%x: tensor<2x8xi8> {edgec.name = "x"}, %n: tensor<4x3xi32> {edgec.name = "n"})
    -> (tensor<8x4xi8> {edgec.name = "t"}, tensor<2x8xi8> {edgec.name = "s"},
        tensor<6x4xi32> {edgec.name = "c"}, tensor<2x6xi32> {edgec.name = "r"}) {
  %d = nn.concat %x, %x {axis = 0 : i64} : (tensor<2x8xi8>, tensor<2x8xi8>) -> tensor<4x8xi8> loc("concat_x")
  %t = nn.transpose %d {perm = array<i64: 1, 0>} : (tensor<4x8xi8>) -> tensor<8x4xi8> loc("transpose_x")
  %s = nn.slice %d {offsets = array<i64: 1, 0>, steps = array<i64: 2, 1>} : (tensor<4x8xi8>) -> tensor<2x8xi8> loc("slice_x")
  %w = arith.constant dense<[[7, -8, 9], [10, -11, 12], [13, 14, -15], [2147483647, -2147483648, 0]]> : tensor<4x3xi32> loc("w")
  %c = nn.concat %n, %w {axis = 1 : i64} : (tensor<4x3xi32>, tensor<4x3xi32>) -> tensor<4x6xi32> loc("concat_n")
  %r = nn.transpose %c {perm = array<i64: 1, 0>} : (tensor<4x6xi32>) -> tensor<6x4xi32> loc("transpose_n")
  %q = nn.slice %c {offsets = array<i64: 2, 0>, steps = array<i64: 1, 1>} : (tensor<4x6xi32>) -> tensor<2x6xi32> loc("slice_n")
  return %t, %s, %r, %q : tensor<8x4xi8>, tensor<2x8xi8>, tensor<6x4xi32>, tensor<2x6xi32>
}
