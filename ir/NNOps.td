//===- NNOps.td - nn dialect ops ---------------------------*- tablegen -*-===//
#ifndef EDGEC_NN_OPS
#define EDGEC_NN_OPS

include "ir/NNBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

/// Output clamp fused into an op: `min`/`max` absent means unbounded.
defvar NN_ClampAttrs = (ins OptionalAttr<F32Attr>:$clamp_min,
                            OptionalAttr<F32Attr>:$clamp_max);
// The output activation of a conv or matmul: a clamp, or with `hard_swish`
// ONNX's HardSwish, x * max(0, min(1, x / 6 + 1 / 2)).
defvar NN_ActAttrs = !con(NN_ClampAttrs, (ins UnitAttr:$hard_swish));

def NN_Conv2DOp : NN_Op<"conv2d", [Pure]> {
  let summary = "2-D convolution on NHWC tensors with HWIO filters";
  let description = [{
    `input` is NHWC, `filter` is HWIO with I = input channels / groups and
    O = output channels (group g produces output channels
    [g*O/groups, (g+1)*O/groups)), `bias` is [O]. `pads` are
    [top, left, bottom, right]. The result is clamped to
    [`clamp_min`, `clamp_max`] when those are present.

    ```mlir
    %y = nn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
         : (tensor<1x8x8x3xf32>, tensor<3x3x3x16xf32>, tensor<16xf32>)
           -> tensor<1x8x8x16xf32>
    ```
  }];
  let arguments = !con((ins NN_Tensor:$input, NN_Tensor:$filter,
                        Optional<NN_Tensor>:$bias,
                        DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                        DenseI64ArrayAttr:$pads, I64Attr:$groups),
                       NN_ActAttrs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_Pool2DOp : NN_Op<"pool2d", [Pure]> {
  let summary = "2-D max or average pooling on NHWC tensors";
  let description = [{
    Windows of `kernel` size, moved by `strides`, over the input padded by
    `pads` ([top, left, bottom, right]). Windows are clipped to the input;
    an average divides by the number of input elements in the window, or,
    with `count_include_pad`, by the window's extent inside the padded input.

    ```mlir
    %y = nn.pool2d max %x {kernel = array<i64: 2, 2>,
           strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
           dilations = array<i64: 1, 1>, count_include_pad = false}
         : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, Edgec_PoolKindAttr:$kind,
                   DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$dilations,
                   BoolAttr:$count_include_pad);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "``$kind $input attr-dict `:` functional-type($input, results)";
  let hasVerifier = 1;
}

def NN_MatMulOp : NN_Op<"matmul", [Pure]> {
  let summary = "batched matrix product with numpy broadcasting, optional bias";
  let description = [{
    `lhs` [..., M, K] times `rhs` [..., K, N], leading dimensions broadcast as
    in numpy; `bias` [N] is added to every row; the result is clamped to
    [`clamp_min`, `clamp_max`] when present. Both operands have rank >= 2.

    ```mlir
    %y = nn.matmul %a, %w, %b : (tensor<1x64xf32>, tensor<64x10xf32>,
                                 tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = !con((ins NN_Tensor:$lhs, NN_Tensor:$rhs,
                        Optional<NN_Tensor>:$bias), NN_ActAttrs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

class NN_BinaryOp<string mnemonic, string what>
    : NN_Op<mnemonic, [Pure]> {
  let summary = "element-wise " # what # " with numpy broadcasting";
  let description = [{
    The result shape is the numpy broadcast of the operand shapes; it is
    clamped to [`clamp_min`, `clamp_max`] when those are present (a fused
    ReLU after a residual add).

    ```mlir
    %y = nn.}] # mnemonic # [{ %a, %b : (tensor<1x4x4x8xf32>, tensor<8xf32>)
                                  -> tensor<1x4x4x8xf32>
    ```
  }];
  let arguments = !con((ins NN_Tensor:$lhs, NN_Tensor:$rhs),
                       NN_ClampAttrs);
  let results = (outs NN_Tensor:$output);
  let builders = [OpBuilder<(ins "::mlir::Type":$type, "::mlir::Value":$lhs,
                                 "::mlir::Value":$rhs), [{
    build($_builder, $_state, type, lhs, rhs, ::mlir::FloatAttr(),
          ::mlir::FloatAttr());
  }]>];
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_AddOp : NN_BinaryOp<"add", "addition">;
def NN_SubOp : NN_BinaryOp<"sub", "subtraction">;
def NN_MulOp : NN_BinaryOp<"mul", "multiplication">;
def NN_DivOp : NN_BinaryOp<"div", "division">;

def NN_MaxOp : NN_BinaryOp<"max", "maximum">;
def NN_MinOp : NN_BinaryOp<"min", "minimum">;
def NN_PowOp : NN_BinaryOp<"pow", "power (lhs ^ rhs)">;

def NN_ElementwiseOp : NN_Op<"elementwise", [Pure]> {
  let summary = "element-wise binary op of any kind, on any element type";
  let description = [{
    The binary ops of integer and bool tensors, and the comparisons and
    remainders, which the float arithmetic ops (`nn.add`, ...) do not
    cover. Operands share one element type and broadcast as numpy does;
    the comparisons (`eq`, `lt`, `le`, `gt`, `ge`) give i1, every other
    kind the operands' type. Integer arithmetic wraps around (two's
    complement); `div` truncates toward zero; a division or remainder by
    zero gives 0; `mod` takes the divisor's sign (Python's %), `fmod` the
    dividend's (C's %); `shl` and `shr` by the element width or more give
    0; the `logical_*` kinds take i1.

    ```mlir
    %y = nn.elementwise lt %a, %b : (tensor<4x3xi64>, tensor<3xi64>) -> tensor<4x3xi1>
    ```
  }];
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs,
                   Edgec_BinaryKindAttr:$kind);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "``$kind $lhs `,` $rhs attr-dict `:` "
                       "functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_CastOp : NN_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "element type conversion (ONNX Cast)";
  let description = [{
    Converts every element: floats to integers truncate toward zero and
    saturate at the type's range (NaN gives 0), integers to narrower or
    unsigned ones wrap around, anything to i1 is `x != 0`, i1 to anything
    is 0 or 1.

    ```mlir
    %y = nn.cast %x : (tensor<2x3xf32>) -> tensor<2x3xi32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, results)";
}

def NN_WhereOp : NN_Op<"where", [Pure]> {
  let summary = "element-wise selection: condition ? lhs : rhs";
  let description = [{
    `condition` is i1; `lhs`, `rhs` and the result share an element type.
    The three operands broadcast to the result as numpy does.

    ```mlir
    %y = nn.where %c, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>)
         -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$condition, NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_GatherElementsOp : NN_Op<"gather_elements", [Pure]> {
  let summary = "elements picked along an axis by run-time indices";
  let description = [{
    `input`, `indices` (i64) and the result have one rank. Each result
    element is the input element at the same position except along `axis`,
    where the index says which (a negative index counts from the end). An
    index dimension of size 1 broadcasts to the result's, and the result
    may be smaller than the input off the axis: ONNX's GatherElements, and
    Gather with run-time indices (the indices reshaped to lie along the
    axis). An index out of range is clamped to it, so no read leaves the
    input.

    ```mlir
    %y = nn.gather_elements %x, %i {axis = 1 : i64}
         : (tensor<2x5x3xf32>, tensor<1x4x1xi64>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$indices, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_TopKOp : NN_Op<"top_k", [Pure]> {
  let summary = "indices of the k largest or smallest elements along an axis";
  let description = [{
    The result is the input's shape with dimension `axis` k (at most the
    input's) and holds i64 indices along `axis`, best first: the largest
    (or with `smallest` the smallest) values, equal values by lower index.
    NaN counts as larger than any number. The values are a gather of the
    input at these indices.

    ```mlir
    %i = nn.top_k %x {axis = 1 : i64} : (tensor<3x4xf32>) -> tensor<3x2xi64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis, UnitAttr:$smallest);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_ArgReduceOp : NN_Op<"arg_reduce", [Pure]> {
  let summary = "index of the largest or smallest element along an axis";
  let description = [{
    The result is the input's shape with dimension `axis` 1 and holds i64
    indices along `axis` of the maximum (`kind` max) or minimum (`kind`
    min); ties give the first index, or the last with `select_last_index`.
    NaN counts as larger than any number, as numpy's argmax has it.

    ```mlir
    %y = nn.arg_reduce max %x {axis = 1 : i64}
         : (tensor<1x21x8x8xf32>) -> tensor<1x1x8x8xi64>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, Edgec_ReduceKindAttr:$kind,
                   I64Attr:$axis, UnitAttr:$select_last_index);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "``$kind $input attr-dict `:` functional-type($input, results)";
  let hasVerifier = 1;
}

def NN_UnaryOp : NN_Op<"unary", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "element-wise unary function";
  let description = [{
    Applies `kind` to every element: exp, log, sqrt, tanh, erf, sigmoid,
    neg, abs, reciprocal, hard_sigmoid (`max(0, min(1, alpha * x + beta))`),
    hard_swish (`x * hard_sigmoid(x)`), floor, ceil, round (to nearest, ties
    to even) or sign on f32; neg, abs and sign also on integers (wrapping
    around), logical_not on i1. `alpha` and `beta` are used by the hard_*
    kinds only.

    ```mlir
    %y = nn.unary tanh %x {alpha = 1.0 : f32, beta = 0.0 : f32}
         : (tensor<1x16xf32>) -> tensor<1x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, Edgec_UnaryKindAttr:$kind,
                   DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.0f">:$beta);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "``$kind $input attr-dict `:` functional-type($input, results)";
  let builders = [
    // The kinds without parameters, on the input's type.
    OpBuilder<(ins "::mlir::Value":$input, "::edgec::UnaryKind":$kind), [{
      build($_builder, $_state, input.getType(), input, kind,
            ::llvm::APFloat(1.0f), ::llvm::APFloat(0.0f));
    }]>
  ];
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_ClampOp : NN_Op<"clamp", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "element-wise clamp (ReLU, ReLU6, Clip)";
  let description = [{
    `min(max(x, clamp_min), clamp_max)`; an absent bound is unbounded.

    ```mlir
    %y = nn.clamp %x {clamp_min = 0.0 : f32} : (tensor<1x16xf32>) -> tensor<1x16xf32>
    ```
  }];
  let arguments = !con((ins NN_Tensor:$input), NN_ClampAttrs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_SoftmaxOp : NN_Op<"softmax", [Pure, AllShapesMatch<["input", "output"]>]> {
  let summary = "softmax along one axis";
  let description = [{
    `exp(x - max) / sum(exp(x - max))` along `axis` (opset-13 semantics).
    f32 in and out, or int8 in and int8 out with scale 1/256 and zero
    point -128 (TFLite's).

    ```mlir
    %y = nn.softmax %x {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_TransposeOp : NN_Op<"transpose", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "permutation of dimensions";
  let description = [{
    ONNX semantics: result dimension i is input dimension `perm[i]`.

    ```mlir
    %y = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>}
         : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_ReshapeOp : NN_Op<"reshape", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "row-major reshape to the result type's shape";
  let description = [{
    Same elements in the same row-major order; only the shape changes.

    ```mlir
    %y = nn.reshape %x : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_ConcatOp : NN_Op<"concat", [Pure, SameOperandsAndResultElementType]> {
  let summary = "concatenation along one axis";
  let description = [{
    ```mlir
    %y = nn.concat %a, %b {axis = 3 : i64}
         : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x16xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_BatchNormOp : NN_Op<"batch_norm", [Pure]> {
  let summary = "inference batch normalization over axis 1";
  let description = [{
    `scale * (x - mean) / sqrt(var + epsilon) + bias`, per channel of
    dimension 1 (ONNX layout). `edgec-decompose` turns it into a per-channel
    multiply and add once its parameters are constants.

    ```mlir
    %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32}
         : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>,
            tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$scale,
                   NN_Tensor:$bias, NN_Tensor:$mean, NN_Tensor:$var,
                   F32Attr:$epsilon);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_SliceOp : NN_Op<"slice", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "strided slice";
  let description = [{
    `output[i] = input[offsets + i * steps]` per dimension, with the result
    type giving the sizes. Steps are positive.

    ```mlir
    %y = nn.slice %x {offsets = array<i64: 0, 2>, steps = array<i64: 1, 1>}
         : (tensor<2x8xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$offsets,
                   DenseI64ArrayAttr:$steps);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_BroadcastToOp : NN_Op<"broadcast_to", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "numpy broadcast to the result type's shape (ONNX Expand)";
  let description = [{
    ```mlir
    %y = nn.broadcast_to %x : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_PadOp : NN_Op<"pad", [Pure, AllElementTypesMatch<["input", "output"]>]> {
  let summary = "constant, reflect or edge padding";
  let description = [{
    `pads` holds the counts before every dimension, then after every
    dimension (ONNX order); `value` fills in constant mode.

    ```mlir
    %y = nn.pad constant %x {pads = array<i64: 0, 1, 0, 1>, value = 0.0 : f32}
         : (tensor<2x3xf32>) -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, Edgec_PadModeAttr:$mode,
                   DenseI64ArrayAttr:$pads, F32Attr:$value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "``$mode $input attr-dict `:` functional-type($input, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_ReduceOp : NN_Op<"reduce", [Pure]> {
  let summary = "sum, mean, max or min over some axes, keeping them as 1";
  let description = [{
    ```mlir
    %y = nn.reduce mean %x {axes = array<i64: 1>}
         : (tensor<1x8x4x4xf32>) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, Edgec_ReduceKindAttr:$kind,
                   DenseI64ArrayAttr:$axes);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat =
      "``$kind $input attr-dict `:` functional-type($input, results)";
  let hasVerifier = 1;
}

def NN_LayerNormOp : NN_Op<"layer_norm", [Pure]> {
  let summary = "layer normalization over the dimensions from `axis` on";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * scale + bias`, mean and variance
    over dimensions `axis`..rank-1; `scale` and `bias` have those
    dimensions' shape.

    ```mlir
    %y = nn.layer_norm %x, %s, %b {axis = 3 : i64, epsilon = 1.0e-06 : f32}
         : (tensor<1x4x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$scale,
                   Optional<NN_Tensor>:$bias, I64Attr:$axis,
                   F32Attr:$epsilon);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_LRNOp : NN_Op<"lrn", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "local response normalization across channels (NHWC)";
  let description = [{
    `y = x / (bias + alpha / size * sum of x^2 over the size channels
    around c) ^ beta`, as ONNX LRN, on an NHWC tensor.

    ```mlir
    %y = nn.lrn %x {size = 5 : i64, alpha = 1.0e-04 : f32, beta = 0.75 : f32, bias = 1.0 : f32}
         : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$size, F32Attr:$alpha,
                   F32Attr:$beta, F32Attr:$bias);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def NN_ChannelShuffleOp : NN_Op<"channel_shuffle",
                                 [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "channel shuffle: interleave `groups` groups along one axis";
  let description = [{
    With C = groups * k along `axis`, output channel i * groups + j is input
    channel j * k + i (ShuffleNet's reshape-transpose-reshape).

    ```mlir
    %y = nn.channel_shuffle %x {axis = 3 : i64, groups = 2 : i64}
         : (tensor<1x8x8x24xf32>) -> tensor<1x8x8x24xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis, I64Attr:$groups);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_QuadraticDWConv2DOp : NN_Op<"quadratic_dwconv2d", [Pure]> {
  let summary = "quadratic depthwise convolution: dwA(x) * dwB(x) + dwC(x)";
  let description = [{
    Three depthwise convolutions of the same NHWC input with the same
    window, combined per output element as A * B + C (QuadraNet). Filters
    are [KH, KW, 1, C], biases [C].

    ```mlir
    %y = nn.quadratic_dwconv2d %x, %wa, %wb, %wc, %ba, %bb, %bc
           {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
            pads = array<i64: 3, 3, 3, 3>}
         : (tensor<1x8x8x16xf32>, tensor<7x7x1x16xf32>, tensor<7x7x1x16xf32>,
            tensor<7x7x1x16xf32>, tensor<16xf32>, tensor<16xf32>,
            tensor<16xf32>) -> tensor<1x8x8x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$filter_a,
                   NN_Tensor:$filter_b, NN_Tensor:$filter_c,
                   NN_Tensor:$bias_a, NN_Tensor:$bias_b,
                   NN_Tensor:$bias_c, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

def NN_QuantizeOp : NN_Op<"quantize", [Pure, SameOperandsAndResultShape]> {
  let summary = "f32 to a quantized type: round(x / scale) + zero_point, saturated";
  let description = [{
    Rounds half away from zero and saturates to the storage range; the
    boundary between a float and a quantized part of a graph.

    ```mlir
    %q = nn.quantize %x : (tensor<1x8xf32>) -> tensor<1x8x!quant.uniform<i8:f32, 0.1:-3>>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_DequantizeOp : NN_Op<"dequantize", [Pure, SameOperandsAndResultShape]> {
  let summary = "a quantized type to f32: scale * (q - zero_point)";
  let description = [{
    ```mlir
    %x = nn.dequantize %q : (tensor<1x8x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_RequantizeOp : NN_Op<"requantize", [Pure, SameOperandsAndResultShape]> {
  let summary = "one quantized type to another (a new scale and zero point)";
  let description = [{
    `zp_out + round(s_in / s_out * (q - zp_in))` with fixed-point
    arithmetic, saturated.

    ```mlir
    %r = nn.requantize %q : (tensor<8x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<8x!quant.uniform<i8:f32, 0.2:5>>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_FakeQuantizeOp : NN_Op<"fake_quantize",
                               [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "f32 rounded to the values of an int8 type (a QDQ pair)";
  let description = [{
    `dequantize(quantize(x, type))`: an imported QuantizeLinear and
    DequantizeLinear pair. It travels through the float graph passes like
    any element-wise op; `edgec-quantize` turns it into the int8 type of
    the tensor it rounds.

    ```mlir
    %y = nn.fake_quantize %x {type = !quant.uniform<i8:f32, 0.1:-3>}
         : (tensor<1x8xf32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, TypeAttr:$type);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_LookupOp : NN_Op<"lookup", [Pure]> {
  let summary = "element-wise function of 8-bit values by a 256-entry table";
  let description = [{
    `output[i] = table[input[i] - storage_min]`: any element-wise function
    of an int8 tensor (sigmoid, tanh, hard swish, ...), computed for every
    input value when the graph is quantized.

    ```mlir
    %y = nn.lookup %x, %table : (tensor<1x8x!quant.uniform<i8:f32, 0.1:-3>>, tensor<256xi8>)
                                -> tensor<1x8x!quant.uniform<i8:f32, 0.0039:-128>>
    ```
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$table);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // EDGEC_NN_OPS
