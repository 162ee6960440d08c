//===- KernelOps.td - kernel dialect ----------------------*- tablegen -*-===//
#ifndef EDGEC_KERNEL_OPS
#define EDGEC_KERNEL_OPS

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "ir/EdgecAttrs.td"
include "ir/ElementTypes.td"

def Kernel_Dialect : Dialect {
  let name = "kernel";
  let summary = "One op per C kernel call, on memref buffers";
  let description = [{
    Destination-passing ops: every op reads its input memrefs and writes its
    `output` operand (the last one), as its `DestinationStyleOpInterface`
    and memory effects declare. Buffers may have any static strided layout,
    so reshapes, transposes read in place and slices of a concat are views
    (`memref.reinterpret_cast`, `memref.transpose`, `memref.subview`).
    `edgec-select-kernels` records on each op the C function that runs it
    (`edgec.kernel`). The memory planner replaces every `memref.alloc` by a
    `memref.view` into one arena.
  }];
  let cppNamespace = "::edgec::kernel";
  let dependentDialects = ["::edgec::EdgecDialect"];
}

/// Every kernel op writes its `output` operand: the destination.
defvar Kernel_DpsDecl = [{
  ::mlir::MutableOperandRange getDpsInitsMutable() { return getOutputMutable(); }
}];

class Kernel_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kernel_Dialect, mnemonic,
         !listconcat(traits, [DestinationStyleOpInterface])> {
  let extraClassDeclaration = Kernel_DpsDecl;
}

def Kernel_AnyBuffer : MemRefRankOf<[Edgec_ElementType], [1, 2, 3, 4, 5, 6]>;
def Kernel_AnyBuffer4D : MemRefRankOf<[Edgec_ElementType], [4]>;
def Kernel_AnyBuffer1D : MemRefRankOf<[Edgec_ElementType], [1]>;
def Kernel_AnyFilter : MemRefRankOf<[Edgec_ElementType], [4, 5]>;

// Operands with their memory effects: kernels read inputs, write outputs.
def Kernel_Buffer : Arg<Kernel_AnyBuffer, "read", [MemRead]>;
def Kernel_Buffer4D : Arg<Kernel_AnyBuffer4D, "read", [MemRead]>;
def Kernel_Buffer1D : Arg<Kernel_AnyBuffer1D, "read", [MemRead]>;
def Kernel_Filter : Arg<Kernel_AnyFilter, "read", [MemRead]>;
def Kernel_OptBuffer : Arg<Optional<Kernel_AnyBuffer>, "read", [MemRead]>;
def Kernel_OptBuffer1D : Arg<Optional<Kernel_AnyBuffer1D>, "read", [MemRead]>;
def Kernel_Output : Arg<Kernel_AnyBuffer, "written", [MemWrite]>;
def Kernel_Output4D : Arg<Kernel_AnyBuffer4D, "written", [MemWrite]>;

defvar Kernel_ClampAttrs = (ins OptionalAttr<F32Attr>:$clamp_min,
                                OptionalAttr<F32Attr>:$clamp_max);

def Kernel_Conv2DOp : Kernel_Op<"conv2d"> {
  let summary = "NHWC convolution";
  let description = [{
    Same semantics as `nn.conv2d`, writing into `output`. Which C function
    runs it (generic, register-blocked, depthwise, with channel tables) is
    `edgec-select-kernels`'s choice.

    `input_channels` / `output_channels`, when present, route channels
    through a table (`ec_conv2d_mapped_f32`): the operand is then a buffer
    whose channel dimension holds other channels too, and logical channel
    `i` of the convolution is its channel `input_channels[i]`. Copy elision
    uses them where a chain of concatenations and shuffles keeps channels in
    place but no strided view can name them (ShuffleNet V2's pass-through
    halves).

    `ohwi_filter`: the filter is stored [C_out][kh][kw][C_in/groups] (each
    output channel's weights contiguous, as kernels that take dot products
    along the input channels read them) instead of [kh][kw][C_in/groups]
    [C_out]; per-channel weight scales are then along dimension 0.
    `edgec-pack-weights` sets it where the chosen kernel asks for it.

    `input_offset_in_bias` (int8): the int32 bias already holds
    `-zero_point(input) * sum(w)` per output channel, so the kernel
    multiplies the stored int8 inputs as they are: the same integers as
    `sum((x - zero_point) * w)`, with one add fewer per input. Taps in the
    padding then count as the zero point (they add nothing with the
    offset). `edgec-pack-weights` folds it where the chosen kernel asks.

    `filter_block` = B (f32): the filter is stored
    [groups * ceil(C_out/groups/B)][kh][kw][C_in/groups][B], a rank-5
    buffer: each group's output channels in blocks of B, innermost, its
    last block padded with zero filters, so a register-blocked kernel loads
    B weights of one input channel with one contiguous read. `edgec-pack-weights` packs it where
    the chosen kernel asks.

    ```mlir
    kernel.conv2d %x, %w, %b, %y {groups = 1 : i64,
        strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
        pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x3xf32>, memref<1x1x3x4xf32>, memref<4xf32>, memref<1x8x8x4xf32>
    ```
  }];
  let arguments = !con((ins Kernel_Buffer4D:$input, Kernel_Filter:$filter,
                        Kernel_OptBuffer1D:$bias, Kernel_Output4D:$output,
                        DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                        DenseI64ArrayAttr:$pads, I64Attr:$groups),
                       Kernel_ClampAttrs,
                       (ins OptionalAttr<DenseI64ArrayAttr>:$input_channels,
                        OptionalAttr<DenseI64ArrayAttr>:$output_channels,
                        UnitAttr:$hard_swish, UnitAttr:$ohwi_filter,
                        UnitAttr:$input_offset_in_bias,
                        OptionalAttr<I64Attr>:$filter_block));
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
  let extraClassDeclaration = Kernel_DpsDecl # [{
    /// One input and one output channel per group.
    bool isDepthwise();
    /// The input and output shapes the convolution computes on: the
    /// operands' shapes with the channel count of a channel table.
    llvm::SmallVector<int64_t> getLogicalInputShape();
    llvm::SmallVector<int64_t> getLogicalOutputShape();
    bool isMapped() { return getInputChannels() || getOutputChannels(); }
    /// The filter's shape as [kh, kw, C_in/groups, C_out], whatever its
    /// storage order.
    llvm::SmallVector<int64_t> getFilterShapeHWIO();
    /// The dimension of the stored filter that indexes output channels.
    int64_t getFilterOutputAxis() { return getOhwiFilter() ? 0 : 3; }
  }];
}

def Kernel_Pool2DOp : Kernel_Op<"pool2d"> {
  let summary = "NHWC max or average pooling";
  let description = [{
    Same semantics as `nn.pool2d`, writing into `output`.

    ```mlir
    kernel.pool2d max %x, %y {kernel = array<i64: 2, 2>,
        strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
        dilations = array<i64: 1, 1>, count_include_pad = false}
      : memref<1x8x8x4xf32>, memref<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer4D:$input, Kernel_Output4D:$output,
                   Edgec_PoolKindAttr:$kind, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, BoolAttr:$count_include_pad);
  let assemblyFormat = "``$kind $input `,` $output attr-dict `:` type($input) "
                       "`,` type($output)";
  let hasVerifier = 1;
}

def Kernel_MatMulOp : Kernel_Op<"matmul"> {
  let summary = "batched matrix product with bias and clamp";
  let description = [{
    `output[b, m, n] = sum_k lhs[b, m, k] * rhs[b, k, n] + bias[n]`, all three
    buffers of the same rank; a batch dimension of size 1 in `lhs` or `rhs`
    broadcasts.

    ```mlir
    kernel.matmul %a, %w, %b, %y : memref<1x64xf32>, memref<64x10xf32>,
                                   memref<10xf32>, memref<1x10xf32>
    ```
  }];
  let arguments = !con((ins Kernel_Buffer:$lhs, Kernel_Buffer:$rhs,
                        Kernel_OptBuffer1D:$bias, Kernel_Output:$output),
                       Kernel_ClampAttrs, (ins UnitAttr:$hard_swish));
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_BinaryOp : Kernel_Op<"binary"> {
  let summary = "element-wise binary op with broadcasting";
  let description = [{
    All three buffers have the output's rank; an operand dimension of size 1
    broadcasts.

    ```mlir
    kernel.binary add %a, %b, %y
      : memref<1x4x4x8xf32>, memref<1x1x1x8xf32>, memref<1x4x4x8xf32>
    ```
  }];
  let arguments = !con((ins Kernel_Buffer:$lhs, Kernel_Buffer:$rhs,
                        Kernel_Output:$output, Edgec_BinaryKindAttr:$kind),
                       Kernel_ClampAttrs);
  let assemblyFormat = "``$kind $lhs `,` $rhs `,` $output attr-dict `:` "
                       "type($lhs) `,` type($rhs) `,` type($output)";
  let hasVerifier = 1;
}

def Kernel_CastOp : Kernel_Op<"cast"> {
  let summary = "element type conversion";
  let description = [{
    Same semantics as `nn.cast`, writing into `output`.

    ```mlir
    kernel.cast %x, %y : memref<2x3xf32>, memref<2x3xi32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_WhereOp : Kernel_Op<"where"> {
  let summary = "element-wise selection with broadcasting";
  let description = [{
    Same semantics as `nn.where`; all four buffers have the output's rank
    and an operand dimension of size 1 broadcasts.

    ```mlir
    kernel.where %c, %a, %b, %y
      : memref<2x3xi1>, memref<2x3xf32>, memref<1x3xf32>, memref<2x3xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$condition, Kernel_Buffer:$lhs,
                   Kernel_Buffer:$rhs, Kernel_Output:$output);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_GatherElementsOp : Kernel_Op<"gather_elements"> {
  let summary = "elements picked along an axis by run-time indices";
  let description = [{
    Same semantics as `nn.gather_elements`, writing into `output`.

    ```mlir
    kernel.gather_elements %x, %i, %y {axis = 1 : i64}
      : memref<2x5x3xf32>, memref<1x4x1xi64>, memref<2x4x3xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Buffer:$indices,
                   Kernel_Output:$output, I64Attr:$axis);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_TopKOp : Kernel_Op<"top_k"> {
  let summary = "indices of the k largest or smallest elements along an axis";
  let description = [{
    Same semantics as `nn.top_k`, writing into `output`.

    ```mlir
    kernel.top_k %x, %i {axis = 1 : i64} : memref<3x4xf32>, memref<3x2xi64>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output,
                   I64Attr:$axis, UnitAttr:$smallest);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_ArgReduceOp : Kernel_Op<"arg_reduce"> {
  let summary = "index of the largest or smallest element along an axis";
  let description = [{
    Same semantics as `nn.arg_reduce`, writing into `output`.

    ```mlir
    kernel.arg_reduce max %x, %y {axis = 3 : i64}
      : memref<1x8x8x21xf32>, memref<1x8x8x1xi64>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output,
                   Edgec_ReduceKindAttr:$kind, I64Attr:$axis,
                   UnitAttr:$select_last_index);
  let assemblyFormat = "``$kind $input `,` $output attr-dict `:` type($input) "
                       "`,` type($output)";
  let hasVerifier = 1;
}

def Kernel_UnaryOp : Kernel_Op<"unary"> {
  let summary = "element-wise unary function";
  let description = [{
    Same semantics as `nn.unary`, writing into `output`.

    ```mlir
    kernel.unary tanh %x, %y {alpha = 1.0 : f32, beta = 0.0 : f32}
      : memref<1x16xf32>, memref<1x16xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output,
                   Edgec_UnaryKindAttr:$kind, F32Attr:$alpha, F32Attr:$beta);
  let assemblyFormat = "``$kind $input `,` $output attr-dict `:` type($input) "
                       "`,` type($output)";
  let hasVerifier = 1;
}

def Kernel_ClampOp : Kernel_Op<"clamp"> {
  let summary = "element-wise clamp";
  let description = [{
    ```mlir
    kernel.clamp %x, %y {clamp_min = 0.0 : f32} : memref<1x16xf32>, memref<1x16xf32>
    ```
  }];
  let arguments = !con((ins Kernel_Buffer:$input, Kernel_Output:$output),
                       Kernel_ClampAttrs);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_SoftmaxOp : Kernel_Op<"softmax"> {
  let summary = "softmax along one axis";
  let description = [{
    ```mlir
    kernel.softmax %x, %y {axis = 1 : i64} : memref<1x10xf32>, memref<1x10xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output,
                   I64Attr:$axis);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_CopyOp : Kernel_Op<"copy"> {
  let summary = "strided copy (transpose, concat, output)";
  let description = [{
    Copies a buffer into another of the same shape and element type; either
    may be any strided view, which is how transposes and concatenations are
    expressed. Every byte it writes counts in the report's `copy_bytes`.

    ```mlir
    kernel.copy %x, %y : memref<1x8x8x3xf32, strided<[192, 1, 24, 3]>>,
                         memref<1x8x8x3xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_PadOp : Kernel_Op<"pad"> {
  let summary = "constant, reflect or edge padding";
  let description = [{
    Same semantics as `nn.pad`, writing into `output`.

    ```mlir
    kernel.pad reflect %x, %y {pads = array<i64: 0, 1, 0, 1>, value = 0.0 : f32}
      : memref<2x3xf32>, memref<2x5xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output,
                   Edgec_PadModeAttr:$mode, DenseI64ArrayAttr:$pads,
                   F32Attr:$value);
  let assemblyFormat = "``$mode $input `,` $output attr-dict `:` type($input) "
                       "`,` type($output)";
}

def Kernel_ReduceOp : Kernel_Op<"reduce"> {
  let summary = "reduction over some adjacent axes";
  let description = [{
    Same semantics as `nn.reduce`, writing into `output`.

    ```mlir
    kernel.reduce mean %x, %y {axes = array<i64: 1>}
      : memref<1x8x4x4xf32>, memref<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output,
                   Edgec_ReduceKindAttr:$kind, DenseI64ArrayAttr:$axes);
  let assemblyFormat = "``$kind $input `,` $output attr-dict `:` type($input) "
                       "`,` type($output)";
}

def Kernel_LayerNormOp : Kernel_Op<"layer_norm"> {
  let summary = "layer normalization";
  let description = [{
    Same semantics as `nn.layer_norm`, writing into `output`.

    ```mlir
    kernel.layer_norm %x, %s, %b, %y {axis = 3 : i64, epsilon = 1.0e-06 : f32}
      : memref<1x4x4x8xf32>, memref<8xf32>, memref<8xf32>, memref<1x4x4x8xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Buffer:$scale,
                   Kernel_OptBuffer:$bias, Kernel_Output:$output,
                   I64Attr:$axis, F32Attr:$epsilon);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
}

def Kernel_LRNOp : Kernel_Op<"lrn"> {
  let summary = "local response normalization across channels";
  let description = [{
    Same semantics as `nn.lrn`, writing into `output`.

    ```mlir
    kernel.lrn %x, %y {size = 5 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32}
      : memref<1x8x8x16xf32>, memref<1x8x8x16xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer4D:$input, Kernel_Output4D:$output,
                   I64Attr:$size, F32Attr:$alpha, F32Attr:$beta, F32Attr:$bias);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
}

def Kernel_QuadraticDWConv2DOp : Kernel_Op<"quadratic_dwconv2d"> {
  let summary = "fused dwA(x) * dwB(x) + dwC(x)";
  let description = [{
    Same semantics as `nn.quadratic_dwconv2d`, writing into `output`.

    ```mlir
    kernel.quadratic_dwconv2d %x, %wa, %wb, %wc, %ba, %bb, %bc, %y
        {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
      : memref<1x8x8x4xf32>, memref<3x3x1x4xf32>, memref<3x3x1x4xf32>, memref<3x3x1x4xf32>,
        memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<1x8x8x4xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer4D:$input, Kernel_Buffer4D:$filter_a,
                   Kernel_Buffer4D:$filter_b, Kernel_Buffer4D:$filter_c,
                   Kernel_Buffer1D:$bias_a, Kernel_Buffer1D:$bias_b,
                   Kernel_Buffer1D:$bias_c, Kernel_Output4D:$output,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
}

def Kernel_QuantizeOp : Kernel_Op<"quantize"> {
  let summary = "f32 to a quantized type (the float boundary of a quantized graph)";
  let description = [{
    Same semantics as `nn.quantize`, writing into `output`.

    ```mlir
    kernel.quantize %x, %q : memref<1x8xf32>, memref<1x8x!quant.uniform<i8:f32, 0.1:-3>>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_DequantizeOp : Kernel_Op<"dequantize"> {
  let summary = "a quantized type to f32";
  let description = [{
    Same semantics as `nn.dequantize`, writing into `output`.

    ```mlir
    kernel.dequantize %q, %x : memref<1x8x!quant.uniform<i8:f32, 0.1:-3>>, memref<1x8xf32>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_RequantizeOp : Kernel_Op<"requantize"> {
  let summary = "one quantized type to another";
  let description = [{
    Same semantics as `nn.requantize`, writing into `output`.

    ```mlir
    kernel.requantize %a, %b : memref<8x!quant.uniform<i8:f32, 0.1:-3>>, memref<8x!quant.uniform<i8:f32, 0.2:5>>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Output:$output);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

def Kernel_LookupOp : Kernel_Op<"lookup"> {
  let summary = "element-wise 256-entry table lookup of 8-bit values";
  let description = [{
    Same semantics as `nn.lookup`, writing into `output`.

    ```mlir
    kernel.lookup %x, %t, %y : memref<1x8x!quant.uniform<i8:f32, 0.1:-3>>, memref<256xi8>,
                               memref<1x8x!quant.uniform<i8:f32, 0.0039:-128>>
    ```
  }];
  let arguments = (ins Kernel_Buffer:$input, Kernel_Buffer1D:$table,
                   Kernel_Output:$output);
  let assemblyFormat = "operands attr-dict `:` type(operands)";
  let hasVerifier = 1;
}

#endif // EDGEC_KERNEL_OPS
