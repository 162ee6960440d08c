//===- NNBase.td - nn dialect definition ------------------*- tablegen -*-===//
#ifndef EDGEC_NN_BASE
#define EDGEC_NN_BASE

include "mlir/IR/OpBase.td"
include "ir/EdgecAttrs.td"
include "ir/ElementTypes.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let summary = "Value-semantics neural network ops on static tensors";
  let description = [{
    The graph-level IR of edgec. Ops take and return statically shaped
    `RankedTensorType` values; element types are f32. Ops are normalized, not
    one per ONNX op: every ONNX convolution is an `nn.conv2d`, every pooling
    an `nn.pool2d`. Spatial ops (`nn.conv2d`, `nn.pool2d`) are NHWC; the
    importer wraps them in `nn.transpose` ops to keep the graph's edges in
    ONNX's NCHW order, and `edgec-propagate-layout` removes those transposes.
  }];
  let cppNamespace = "::edgec::nn";
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::edgec::EdgecDialect"];
}


class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

/// A statically shaped tensor of any element type edgec handles.
def NN_Tensor : RankedTensorOf<[Edgec_ElementType]>;

#endif // EDGEC_NN_BASE
