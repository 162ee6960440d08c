// RUN: edgec-opt %s -split-input-file -verify-diagnostics

func.func @copy_types(%x: memref<2x3xi8>, %y: memref<2x3xf32>) {
  // expected-error @+1 {{copies between element types 'i8' and 'f32'}}
  kernel.copy %x, %y : memref<2x3xi8>, memref<2x3xf32>
  return
}

// -----

func.func @channel_table_repeats(%x: memref<1x8x8x4xf32>, %w: memref<1x1x2x4xf32>, %y: memref<1x8x8x4xf32>) {
  // expected-error @+1 {{input_channels must name distinct channels in [0, 4)}}
  kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, input_channels = array<i64: 3, 3>}
    : memref<1x8x8x4xf32>, memref<1x1x2x4xf32>, memref<1x8x8x4xf32>
  return
}

// -----

func.func @channel_table_size(%x: memref<1x8x8x4xf32>, %w: memref<1x1x2x4xf32>, %y: memref<1x8x8x6xf32>) {
  // expected-error @+1 {{output_channels must name distinct channels in [0, 6)}}
  kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, input_channels = array<i64: 0, 2>,
      output_channels = array<i64: 0, 1, 2, 6>}
    : memref<1x8x8x4xf32>, memref<1x1x2x4xf32>, memref<1x8x8x6xf32>
  return
}

// -----

func.func @element_type(%x: memref<4xf16>, %y: memref<4xf16>) {
  // expected-error @+1 {{operand #0 must be}}
  kernel.clamp %x, %y : memref<4xf16>, memref<4xf16>
  return
}

// -----

func.func @binary(%a: memref<2x3xf32>, %b: memref<2x2xf32>, %y: memref<2x3xf32>) {
  // expected-error @+1 {{operand shape 2x2 does not broadcast to 2x3}}
  kernel.binary add %a, %b, %y : memref<2x3xf32>, memref<2x2xf32>, memref<2x3xf32>
  return
}

// -----

func.func @copy(%a: memref<2x3xf32>, %y: memref<3x2xf32>) {
  // expected-error @+1 {{input shape 2x3 differs from output shape 3x2}}
  kernel.copy %a, %y : memref<2x3xf32>, memref<3x2xf32>
  return
}

// -----

func.func @matmul_rank(%a: memref<2x3xf32>, %b: memref<1x3x4xf32>, %y: memref<1x2x4xf32>) {
  // expected-error @+1 {{operands must have the output's rank}}
  kernel.matmul %a, %b, %y : memref<2x3xf32>, memref<1x3x4xf32>, memref<1x2x4xf32>
  return
}

// -----

func.func @hard_swish_and_clamp(%x: memref<1x8x8x4xf32>, %w: memref<1x1x4x4xf32>, %y: memref<1x8x8x4xf32>) {
  // expected-error @+1 {{takes an output clamp or hard_swish, not both}}
  kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, clamp_min = 0.0 : f32, hard_swish}
    : memref<1x8x8x4xf32>, memref<1x1x4x4xf32>, memref<1x8x8x4xf32>
  return
}

// -----

func.func @filter_block_shape(%x: memref<1x8x8x4xf32>, %w: memref<1x1x1x4x16xf32>, %y: memref<1x8x8x20xf32>) {
  // expected-error @+1 {{filter_block 16 needs an f32 filter of shape [1 * ceil(20/16), kh, kw, C_in/groups, 16]}}
  kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, filter_block = 16 : i64}
    : memref<1x8x8x4xf32>, memref<1x1x1x4x16xf32>, memref<1x8x8x20xf32>
  return
}

// -----

func.func @rank5_filter_without_block(%x: memref<1x8x8x4xf32>, %w: memref<1x1x1x4x16xf32>, %y: memref<1x8x8x16xf32>) {
  // expected-error @+1 {{a rank-5 filter needs filter_block}}
  kernel.conv2d %x, %w, %y {groups = 1 : i64, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
    : memref<1x8x8x4xf32>, memref<1x1x1x4x16xf32>, memref<1x8x8x16xf32>
  return
}
