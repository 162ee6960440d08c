// RUN: edgec-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{'edgec.target' belongs on a module}}
func.func @target_on_function() attributes {edgec.target = #edgec.target<name = "host", features = [], fpu = dp, sram = 0, flash = 0, alignment = 16, cc = "cc", ar = "ar", cflags = [], cost = {}>} {
  return
}

// -----

// expected-error @+1 {{alignment must be a power of 2, not 12}}
module attributes {edgec.target = #edgec.target<name = "odd", features = [], fpu = none, sram = 0, flash = 0, alignment = 12, cc = "cc", ar = "ar", cflags = [], cost = {}>} {
}

// -----

func.func @kernel_on_a_view(%x: memref<4xf32>) {
  // expected-error @+1 {{'edgec.kernel' belongs on a kernel op}}
  %v = memref.reinterpret_cast %x to offset: [0], sizes: [2, 2], strides: [2, 1] {edgec.kernel = #edgec.kernel<"ec_copy_f32" in ["ec_eltwise.h"]>} : memref<4xf32> to memref<2x2xf32>
  return
}

// -----

// expected-error @+1 {{'edgec.arena_size' has the wrong kind of value}}
func.func @arena_size_string() attributes {edgec.arena_size = "big"} {
  return
}

// -----

// expected-error @+1 {{unknown edgec attribute 'edgec.colour'}}
func.func @unknown() attributes {edgec.colour = 1} {
  return
}
